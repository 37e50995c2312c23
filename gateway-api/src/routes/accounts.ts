import {
  AccountIdSchema,
  AccountTypeSchema,
  CreateAccountInputSchema,
  EnrollmentIdSchema,
  MspIdSchema,
  RoleSchema,
} from '@ncr/chaincode/domain';
import { z } from 'zod';
import { committedBody, defineRoute } from '../http/route';
import { committedFields, committedOf, pageOf, pageQuery } from '../http/schemas';
import { CustodySchema, identityOf } from '../identity/users';
import { balanceRoute } from './balance';
import { Account, Binding } from './components';
import { type RouteRow, byId, routeTable, transactionRows } from './transaction-route';

/** A user name; the certificate CN of a custodial user is `<name>@<8 hex>` (identity/onboarding.ts). */
export const UserNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{1,62}$/, 'lower-case letters, digits, dot, dash, underscore; 2 to 63 characters');

const newUserSchema = z.object({
  name: z.string(),
  mspId: z.string(),
  enrollmentId: z.string(),
  accountId: z.string(),
  role: RoleSchema,
  custody: CustodySchema.optional().describe('`external`: the user keeps its private key and signs offline'),
  certificate: z.string().optional().describe('custody external: the certificate the CA signed (PEM)'),
  apiKey: z.string().describe('shown once: only its SHA-256 is stored'),
});

/** A new user of the caller's account: custodial by default; `external` with the certificate request of its key. */
const createUserBody = z
  .strictObject({
    name: UserNameSchema,
    role: RoleSchema,
    custody: CustodySchema.optional().describe('who keeps the private key: the gateway (default) or the user'),
    csr: z
      .string()
      .max(8192)
      .optional()
      .describe('custody external: PKCS#10 request (PEM) of an EC P-256 key, subject CN `<name>@<8 hex digits>`'),
  })
  .refine((body) => (body.custody === 'external') === (body.csr !== undefined), {
    message: 'custody "external" takes a csr, and a csr needs custody "external"',
    path: ['csr'],
  });

const createAccountBody = CreateAccountInputSchema.omit({ admin: true }).extend({
  admin: z
    .union([
      z.strictObject({ name: UserNameSchema }).describe('custodial: the gateway enrolls this new user'),
      z
        .strictObject({ mspId: MspIdSchema, enrollmentId: EnrollmentIdSchema })
        .describe('an identity enrolled elsewhere'),
    ])
    .describe("the account's first ADMIN"),
});

/** Creating an account with its first ADMIN, whom the gateway may enroll (custodial). */
const createAccount: RouteRow = (deps) =>
  defineRoute({
    method: 'post',
    path: '/v1/accounts',
    tag: 'accounts',
    summary: 'Create an account (government ADMIN) with its first ADMIN',
    description:
      'With `admin: {name}` the gateway registers and enrolls that person with the CA of the MSP matching the ' +
      'account type and returns their API key once (`admin.apiKey`).',
    write: true,
    resumable: (body) => 'name' in body.admin,
    body: createAccountBody,
    responses: {
      201: { description: 'created', schema: committedOf(Account).extend({ admin: newUserSchema.optional() }) },
    },
    handler: async ({ body, user }) => {
      const { committed, admin } = await deps.onboarding.createAccount(identityOf(user), body);
      const body201 = committedBody(committed);
      return {
        status: 201,
        body: admin === undefined ? body201 : { ...body201, admin: { ...admin.user, apiKey: admin.apiKey } },
      };
    },
  });

/** Creating a user of the caller's own account, enrolled by the gateway and bound on the ledger. */
const createUser: RouteRow = (deps) =>
  defineRoute({
    method: 'post',
    path: '/v1/users',
    tag: 'accounts',
    summary: 'Create a user of your own account (account ADMIN); returns the API key once',
    description:
      'Registers and enrolls a new client identity with the account organisation CA (CN = `<name>@<8 hex>`), ' +
      'with a key the gateway keeps, or (`custody: "external"`) with the certificate request of a key the user ' +
      'keeps (the wallet then holds the certificate only, and the user signs its transactions offline), ' +
      'binds the identity on the ' +
      "ledger (accounts:BindIdentity, signed by the calling admin's own identity), and issues an API key. " +
      'A replay through Idempotency-Key returns the response with the key redacted.',
    write: true,
    resumable: () => true,
    body: createUserBody,
    responses: {
      201: {
        description: 'created',
        schema: committedOf(Binding).extend({ user: newUserSchema }).extend(committedFields),
      },
    },
    handler: async ({ body, user }) => {
      const { committed, created: made } = await deps.onboarding.createUser(user, body);
      const { certificate, apiKey } = made;
      const created = { ...made.user, ...(certificate === undefined ? {} : { certificate }), apiKey };
      return { status: 201, body: { ...committedBody(committed), user: created } };
    },
  });

/** Accounts: create, list, read, suspend and reactivate; an account's holdings, identity bindings and users. */
/** The account in the path: `:id` is the input's `accountId`. */
const ofAccount = byId(AccountIdSchema, 'accountId');

export const accountRoutes = routeTable([
  createAccount,
  ...transactionRows('accounts', [
    {
      method: 'get',
      path: '/v1/accounts',
      query: pageQuery.extend({ type: AccountTypeSchema.optional() }),
      tx: 'accounts:ListAccounts',
      summary: 'List accounts (the directory of participants is public)',
      answer: 'a page of accounts',
      schema: pageOf(Account),
    },
  ]),
  ...transactionRows('accounts', ofAccount, [
    {
      method: 'get',
      path: '/v1/accounts/:id',
      tx: 'accounts:GetAccount',
      summary: 'Get an account',
      answer: 'the account',
      schema: Account,
    },
    {
      method: 'post',
      path: '/v1/accounts/:id/suspend',
      tx: 'accounts:SuspendAccount',
      summary: 'Suspend an account (government ADMIN): it can then only read',
      answer: 'suspended',
      schema: committedOf(Account),
    },
    {
      method: 'post',
      path: '/v1/accounts/:id/reactivate',
      tx: 'accounts:ReactivateAccount',
      summary: 'Reactivate a suspended account (government ADMIN)',
      answer: 'reactivated',
      schema: committedOf(Account),
    },
  ]),
  balanceRoute,
  ...transactionRows('accounts', ofAccount, [
    {
      method: 'get',
      path: '/v1/accounts/:id/identities',
      query: pageQuery,
      tx: 'accounts:ListIdentities',
      summary: "An account's identity bindings, active and revoked (its own identities, or government)",
      answer: 'a page of bindings',
      schema: pageOf(Binding),
    },
  ]),
  createUser,
]);
