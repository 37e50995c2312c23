import { AuthorisationIdSchema, LEAN_PROFILE } from '@ncr/chaincode/domain';
import { z } from 'zod';
import { defineRoute, ok } from '../http/route';
import { committedOf, decimalInt, looseObject, pageOf, pageQuery } from '../http/schemas';
import { identityOf } from '../identity/users';
import { Details, Profile, Settings } from './components';
import { routeTable, transactionRows } from './transaction-route';

/** The authorisation in the path, by the input's own field name. */
const ofAuthorisation = {
  params: z.object({ authorisationId: AuthorisationIdSchema }),
  fromPath: { authorisationId: 'authorisationId' },
} as const;

/** Registry settings (Party, NDC period, cooperative approaches, authorised entities), Article 6 details. */
export const registryRoutes = routeTable([
  (deps) =>
    defineRoute({
      method: 'get',
      path: '/v1/settings',
      tag: 'registry',
      summary: 'Registry settings: Party, registry ID, NDC period, cooperative approaches, authorised entities',
      responses: { 200: { description: 'the settings', schema: Settings } },
      handler: async ({ user }) => ok(await deps.registry.query(identityOf(user), 'registry:GetSettings')),
    }),
  ...transactionRows('registry', [
    {
      method: 'post',
      path: '/v1/settings',
      tx: 'registry:UpdateSettings',
      summary:
        'Update name, NDC period, cooperative approaches, authorised entities (add/edit only) or the member organisations admitted per account type (government ADMIN)',
      answer: 'committed',
      schema: committedOf(looseObject),
    },
    {
      method: 'get',
      path: '/v1/authorisations',
      query: pageQuery,
      tx: 'registry:ListAuthorisationDetails',
      summary: 'Article 6 details of every authorisation, one page at a time',
      answer: 'a page of authorisation details',
      schema: pageOf(Details),
    },
    {
      method: 'put',
      path: '/v1/workflow-profile',
      tx: 'registry:UpdateWorkflowProfile',
      summary:
        'Install a new version of the workflow profile (government ADMIN); projects registered from now follow it',
      example: LEAN_PROFILE,
      answer: 'the new version',
      schema: committedOf(Profile),
    },
    {
      method: 'get',
      path: '/v1/workflow-profile',
      query: z.object({ version: decimalInt({ min: 1 }).optional() }),
      tx: 'registry:GetWorkflowProfile',
      summary: 'The workflow profile new projects follow, or the version `?version=` (every version stays readable)',
      answer: 'the profile version',
      schema: Profile,
    },
  ]),
  ...transactionRows('registry', ofAuthorisation, [
    {
      method: 'get',
      path: '/v1/authorisations/:authorisationId/details',
      tx: 'registry:GetAuthorisationDetails',
      summary: 'Article 6 details of an authorisation (version, metric, GWP, authorised Parties and entities, terms)',
      answer: 'the details',
      schema: Details,
    },
    {
      method: 'post',
      path: '/v1/authorisations/:authorisationId/details',
      tx: 'registry:SetAuthorisationDetails',
      summary: 'Record the Article 6 details of an authorisation (government ADMIN or MANAGER)',
      answer: 'committed',
      schema: committedOf(Details),
    },
  ]),
]);
