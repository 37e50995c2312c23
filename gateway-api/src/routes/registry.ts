import {
  AuthorisationDetailsSchema,
  AuthorisationIdSchema,
  SetAuthorisationDetailsInputSchema,
  SettingsSchema,
  UpdateSettingsInputSchema,
} from '@ncr/chaincode/domain';
import { z } from 'zod';
import { type Route, created, defineRoute, ok } from '../http/route';
import { bodyWithout, committedOf, looseObject, pageOf, pageQuery } from '../http/schemas';
import { identityOf } from '../identity/users';
import type { RouteDeps } from './deps';

const Settings = SettingsSchema.meta({ id: 'Settings' });
const Details = AuthorisationDetailsSchema.meta({ id: 'AuthorisationDetails' });
const detailsParams = z.object({ authorisationId: AuthorisationIdSchema });

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
    defineRoute({
      method: 'post',
      path: '/v1/settings',
      tag: 'registry',
      write: true,
      summary:
        'Update name, NDC period, cooperative approaches or authorised entities (government ADMIN; add/edit only)',
      body: UpdateSettingsInputSchema,
      responses: { 201: { description: 'committed', schema: committedOf(looseObject) } },
      handler: async ({ body, user }) =>
        created(await deps.registry.submit(identityOf(user), 'registry:UpdateSettings', body)),
    }),
  ];
}

/** Article 6 authorisation details. */
function authorisationRoutes(deps: RouteDeps): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/authorisations',
      tag: 'registry',
      summary: 'Article 6 details of every authorisation, one page at a time',
      query: pageQuery,
      responses: { 200: { description: 'a page of authorisation details', schema: pageOf(Details) } },
      handler: async ({ query, user }) =>
        ok(await deps.registry.evaluate(identityOf(user), 'registry:ListAuthorisationDetails', query)),
    }),
    defineRoute({
      method: 'get',
      path: '/v1/authorisations/:authorisationId/details',
      tag: 'registry',
      summary: 'Article 6 details of an authorisation (version, metric, GWP, authorised Parties and entities, terms)',
      params: detailsParams,
      responses: { 200: { description: 'the details', schema: Details } },
      handler: async ({ params, user }) =>
        ok(await deps.registry.evaluate(identityOf(user), 'registry:GetAuthorisationDetails', params)),
    }),
    defineRoute({
      method: 'post',
      path: '/v1/authorisations/:authorisationId/details',
      tag: 'registry',
      write: true,
      summary: 'Record the Article 6 details of an authorisation (government ADMIN or MANAGER)',
      params: detailsParams,
      body: bodyWithout(SetAuthorisationDetailsInputSchema, 'authorisationId'),
      responses: { 201: { description: 'committed', schema: committedOf(Details) } },
      handler: async ({ params, body, user }) =>
        created(
          await deps.registry.submit(identityOf(user), 'registry:SetAuthorisationDetails', {
            ...(body as Omit<z.input<typeof SetAuthorisationDetailsInputSchema>, 'authorisationId'>),
            authorisationId: params.authorisationId,
          }),
        ),
    }),
  ];
}

/** Registry settings and Article 6 authorisation details. */
export function registryRoutes(deps: RouteDeps): Route[] {
  return [...settingsRoutes(deps), ...authorisationRoutes(deps)];
}
