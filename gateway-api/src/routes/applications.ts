import {
  ApplicationIdSchema,
  ApplicationStatusSchema,
  SubmitAccountApplicationInputSchema,
  TextSchema,
} from '@ncr/chaincode/domain';
import { z } from 'zod';
import type { AccountApplications } from '../applications/service';
import { NotFoundError, UnauthenticatedError } from '../errors';
import { committedBody, defineRoute, ok } from '../http/route';
import { committedOf, errorBodySchema, pageOf, pageQuery } from '../http/schemas';
import { UserNameSchema } from './accounts';
import { Account, Application } from './components';
import type { RouteDeps } from './deps';
import { type RouteRow, byId, routeTable, transactionRows } from './transaction-route';

/** The header that carries the claim token of `POST /v1/account-applications` to the applicant's reads. */
const CLAIM_HEADER = 'X-Claim-Token';

/**
 * What a company sends: the ledger's fields but the two the site fills in (the application ID it chooses, the admin
 * identity it enrolls), the contact kept off the ledger, and the user name of its first ADMIN.
 */
const applyBody = SubmitAccountApplicationInputSchema.omit({ applicationId: true, admin: true }).extend({
  contact: z
    .strictObject({ name: TextSchema, email: z.email().max(254) })
    .describe('whom to contact: kept by this site only, never on the ledger'),
  admin: z
    .strictObject({ name: UserNameSchema })
    .describe("the account's first ADMIN: a gateway user of this site, enrolled with its CA"),
});

const adminSchema = z.object({ name: z.string(), mspId: z.string(), enrollmentId: z.string() });

const appliedSchema = committedOf(Application).extend({
  admin: adminSchema,
  claimToken: z
    .string()
    .describe(`shown once (only its SHA-256 is kept): send it as ${CLAIM_HEADER} to read the application here`),
});

const claimedSchema = z.object({
  application: Application,
  admin: adminSchema.extend({
    apiKey: z
      .string()
      .optional()
      .describe('once approved: the API key of the first ADMIN at the first read; "[redacted: shown once]" after'),
  }),
});

/** This gateway's applications, or 404 on a gateway built without them. */
function applicationsOf(deps: RouteDeps): AccountApplications {
  if (deps.applications === undefined) throw new NotFoundError('this gateway takes no account applications');
  return deps.applications;
}

const apply: RouteRow = (deps) =>
  defineRoute({
    method: 'post',
    path: '/v1/account-applications',
    tag: 'applications',
    auth: false,
    summary: 'Apply for an account (no key): at the gateway of the organisation whose identities the account holds',
    description:
      'A project developer applies at the developers’ gateway, a verification body at the certifiers’. The site ' +
      'reserves the admin user name, enrolls its identity with its own CA, keeps the contact off the ledger and ' +
      "records the application (accounts:SubmitAccountApplication, signed by the site's organisation admin). " +
      '202: recorded, waiting for a government ADMIN. Rate limited per client address.',
    body: applyBody,
    responses: { 202: { description: 'recorded; the decision is pending', schema: appliedSchema } },
    handler: async ({ body: { admin, ...rest } }) => {
      const applied = await applicationsOf(deps).apply({ ...rest, adminName: admin.name });
      const { claimToken } = applied;
      const answer = { ...committedBody(applied.committed), admin: { name: admin.name, ...applied.admin }, claimToken };
      return { status: 202, body: answer };
    },
  });

const claim: RouteRow = (deps) =>
  defineRoute({
    method: 'get',
    path: '/v1/account-applications/:id',
    tag: 'applications',
    auth: false,
    summary: 'The applicant reads its application with its claim token, at the gateway where it applied',
    description:
      `No API key: the claim token in ${CLAIM_HEADER}. Once approved, the first read answers the first ADMIN's ` +
      'API key (later reads the placeholder). 404 for an unknown application and a wrong token alike.',
    params: z.object({ id: ApplicationIdSchema }),
    headers: z.object({ [CLAIM_HEADER]: z.string().max(200).optional().describe('the claim token, shown once') }),
    responses: {
      200: { description: 'the application, and its first ADMIN', schema: claimedSchema },
      401: { description: `no ${CLAIM_HEADER} header`, schema: errorBodySchema },
    },
    handler: async ({ params, req }) => {
      const token = req.get(CLAIM_HEADER);
      if (token === undefined || token === '') throw new UnauthenticatedError(`missing ${CLAIM_HEADER} header`);
      return ok(await applicationsOf(deps).claim(params.id, token));
    },
  });

const ofApplication = byId(ApplicationIdSchema, 'applicationId');

/** Applications for accounts: applying and the applicant's read (no key), the government's list and decisions. */
export const applicationRoutes = routeTable([
  apply,
  ...transactionRows('applications', [
    {
      method: 'get',
      path: '/v1/account-applications',
      query: pageQuery.extend({ status: ApplicationStatusSchema.optional() }),
      tx: 'accounts:ListAccountApplications',
      summary: 'List account applications, optionally by status (government users)',
      answer: 'a page of applications (contact data is kept by the site where each was made)',
      schema: pageOf(Application),
    },
  ]),
  claim,
  ...transactionRows('applications', ofApplication, [
    {
      method: 'post',
      path: '/v1/account-applications/:id/approve',
      tx: 'accounts:ApproveAccountApplication',
      summary: "Approve an application (government ADMIN): opens the account with the applicant's admin as ADMIN",
      answer: 'approved; the account opened in the same transaction',
      schema: committedOf(z.object({ application: Application, account: Account })),
    },
    {
      method: 'post',
      path: '/v1/account-applications/:id/reject',
      tx: 'accounts:RejectAccountApplication',
      summary: 'Reject an application with a reason (government ADMIN)',
      answer: 'rejected',
      schema: committedOf(z.object({ application: Application })),
    },
  ]),
]);
