import {
  AccountIdSchema,
  AccountSchema,
  AccountTypeSchema,
  CreateAccountInputSchema,
  EnrollmentIdSchema,
  GetAccountInputSchema,
  GetBalanceInputSchema,
  IdentityBindingSchema,
  ListAccountsInputSchema,
  ListIdentitiesInputSchema,
  MspIdSchema,
  ReactivateAccountInputSchema,
  RoleSchema,
  SuspendAccountInputSchema,
} from '@ncr/chaincode/domain';
import { z } from 'zod';
import { type Route, committedBody, defineRoute } from '../http/route';
import { committedFields, committedOf, looseObject, pageOf, pageQuery } from '../http/schemas';
import { identityOf } from '../identity/users';
import type { RouteDeps } from './deps';
import { transactionRoute } from './transaction-route';

/** A user name; the certificate CN of a custodial user is `<name>@<8 hex>` (identity/onboarding.ts). */
const UserNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{1,62}$/, 'lower-case letters, digits, dot, dash, underscore; 2 to 63 characters');

const Account = AccountSchema.meta({ id: 'Account' });
const Binding = IdentityBindingSchema.meta({ id: 'IdentityBinding' });
/** The account in the path: `:id` is the input's `accountId`. */
const ofAccount = { params: z.object({ id: AccountIdSchema }), fromPath: { id: 'accountId' } } as const;

const newUserSchema = z.object({
  name: z.string(),
  mspId: z.string(),
  enrollmentId: z.string(),
  accountId: z.string(),
  role: RoleSchema,
  apiKey: z.string().describe('shown once: only its SHA-256 is stored'),
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

/** Accounts: create, list and read. */
function accountDirectoryRoutes(deps: RouteDeps): Route[] {
  return [
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
    }),
    transactionRoute(deps, {
      method: 'get',
      path: '/v1/accounts',
      tag: 'accounts',
      summary: 'List accounts (the directory of participants is public)',
      tx: 'accounts:ListAccounts',
      input: ListAccountsInputSchema,
      query: pageQuery.extend({ type: AccountTypeSchema.optional() }),
      responses: { 200: { description: 'a page of accounts', schema: pageOf(Account) } },
    }),
    transactionRoute(deps, {
      method: 'get',
      path: '/v1/accounts/:id',
      tag: 'accounts',
      summary: 'Get an account',
      tx: 'accounts:GetAccount',
      input: GetAccountInputSchema,
      ...ofAccount,
      responses: { 200: { description: 'the account', schema: Account } },
    }),
  ];
}

/** Suspending and reactivating an account (government). */
function accountStatusRoutes(deps: RouteDeps): Route[] {
  return [
    transactionRoute(deps, {
      method: 'post',
      path: '/v1/accounts/:id/suspend',
      tag: 'accounts',
      summary: 'Suspend an account (government ADMIN): it can then only read',
      tx: 'accounts:SuspendAccount',
      input: SuspendAccountInputSchema,
      ...ofAccount,
      responses: { 201: { description: 'suspended', schema: committedOf(Account) } },
    }),
    transactionRoute(deps, {
      method: 'post',
      path: '/v1/accounts/:id/reactivate',
      tag: 'accounts',
      summary: 'Reactivate a suspended account (government ADMIN)',
      tx: 'accounts:ReactivateAccount',
      input: ReactivateAccountInputSchema,
      ...ofAccount,
      responses: { 201: { description: 'reactivated', schema: committedOf(Account) } },
    }),
  ];
}

/** An account's holdings, its identity bindings, and its users. */
function accountMemberRoutes(deps: RouteDeps): Route[] {
  return [
    transactionRoute(deps, {
      method: 'get',
      path: '/v1/accounts/:id/balance',
      tag: 'accounts',
      summary: 'Held credits of an account by project and vintage',
      tx: 'accounts:GetBalance',
      input: GetBalanceInputSchema,
      ...ofAccount,
      query: z.object({ bookmark: z.string().max(1024).optional() }),
      responses: { 200: { description: 'the balance', schema: looseObject } },
    }),
    transactionRoute(deps, {
      method: 'get',
      path: '/v1/accounts/:id/identities',
      tag: 'accounts',
      summary: "An account's identity bindings, active and revoked (its own identities, or government)",
      tx: 'accounts:ListIdentities',
      input: ListIdentitiesInputSchema,
      ...ofAccount,
      query: pageQuery,
      responses: { 200: { description: 'a page of bindings', schema: pageOf(Binding) } },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/users',
      tag: 'accounts',
      summary: 'Create a user of your own account (account ADMIN); returns the API key once',
      description:
        'Registers and enrolls a new client identity with the account organisation CA (CN = `<name>@<8 hex>`), ' +
        'binds the identity on the ' +
        "ledger (accounts:BindIdentity, signed by the calling admin's own identity), and issues an API key. " +
        'A replay through Idempotency-Key returns the response with the key redacted.',
      write: true,
      resumable: () => true,
      body: z.strictObject({ name: UserNameSchema, role: RoleSchema }),
      responses: {
        201: {
          description: 'created',
          schema: committedOf(Binding).extend({ user: newUserSchema }).extend(committedFields),
        },
      },
      handler: async ({ body, user }) => {
        const { committed, created: made } = await deps.onboarding.createUser(user, body);
        return { status: 201, body: { ...committedBody(committed), user: { ...made.user, apiKey: made.apiKey } } };
      },
    }),
  ];
}

/** Every account route. */
export function accountRoutes(deps: RouteDeps): Route[] {
  return [...accountDirectoryRoutes(deps), ...accountStatusRoutes(deps), ...accountMemberRoutes(deps)];
}
