import {
  AuthorisationDetailsSchema,
  AuthorisationIdSchema,
  GetAuthorisationDetailsInputSchema,
  ListAuthorisationDetailsInputSchema,
  SetAuthorisationDetailsInputSchema,
  SettingsSchema,
  UpdateSettingsInputSchema,
} from '@ncr/chaincode/domain';
import { z } from 'zod';
import { type Route, defineRoute, ok } from '../http/route';
import { committedOf, looseObject, pageOf, pageQuery } from '../http/schemas';
import { identityOf } from '../identity/users';
import type { RouteDeps } from './deps';
import { transactionRoute } from './transaction-route';

const Settings = SettingsSchema.meta({ id: 'Settings' });
const Details = AuthorisationDetailsSchema.meta({ id: 'AuthorisationDetails' });
/** The authorisation in the path, by the input's own field name. */
const ofAuthorisation = {
  params: z.object({ authorisationId: AuthorisationIdSchema }),
  fromPath: { authorisationId: 'authorisationId' },
} as const;

/** Registry settings (Party, NDC period, cooperative approaches, authorised entities). */
function settingsRoutes(deps: RouteDeps): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/settings',
      tag: 'registry',
      summary: 'Registry settings: Party, registry ID, NDC period, cooperative approaches, authorised entities',
      responses: { 200: { description: 'the settings', schema: Settings } },
      handler: async ({ user }) => ok(await deps.registry.query(identityOf(user), 'registry:GetSettings')),
    }),
    transactionRoute(deps, {
      method: 'post',
      path: '/v1/settings',
      tag: 'registry',
      summary:
        'Update name, NDC period, cooperative approaches or authorised entities (government ADMIN; add/edit only)',
      tx: 'registry:UpdateSettings',
      input: UpdateSettingsInputSchema,
      responses: { 201: { description: 'committed', schema: committedOf(looseObject) } },
    }),
  ];
}

/** Article 6 authorisation details. */
function authorisationRoutes(deps: RouteDeps): Route[] {
  return [
    transactionRoute(deps, {
      method: 'get',
      path: '/v1/authorisations',
      tag: 'registry',
      summary: 'Article 6 details of every authorisation, one page at a time',
      tx: 'registry:ListAuthorisationDetails',
      input: ListAuthorisationDetailsInputSchema,
      query: pageQuery,
      responses: { 200: { description: 'a page of authorisation details', schema: pageOf(Details) } },
    }),
    transactionRoute(deps, {
      method: 'get',
      path: '/v1/authorisations/:authorisationId/details',
      tag: 'registry',
      summary: 'Article 6 details of an authorisation (version, metric, GWP, authorised Parties and entities, terms)',
      tx: 'registry:GetAuthorisationDetails',
      input: GetAuthorisationDetailsInputSchema,
      ...ofAuthorisation,
      responses: { 200: { description: 'the details', schema: Details } },
    }),
    transactionRoute(deps, {
      method: 'post',
      path: '/v1/authorisations/:authorisationId/details',
      tag: 'registry',
      summary: 'Record the Article 6 details of an authorisation (government ADMIN or MANAGER)',
      tx: 'registry:SetAuthorisationDetails',
      input: SetAuthorisationDetailsInputSchema,
      ...ofAuthorisation,
      responses: { 201: { description: 'committed', schema: committedOf(Details) } },
    }),
  ];
}

/** Registry settings and Article 6 authorisation details. */
export function registryRoutes(deps: RouteDeps): Route[] {
  return [...settingsRoutes(deps), ...authorisationRoutes(deps)];
}
