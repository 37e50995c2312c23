import { type AccountType, AccountTypeSchema } from '@ncr/chaincode/domain';
import { z } from 'zod';
import { ForbiddenError } from '../errors';
import { type GatewayUser, identityOf } from '../identity/users';
import type { RouteDeps } from './deps';

/** The account the caller's identity is bound to on the ledger (an ACTIVE binding), whatever the account's status. */
export interface CallerAccount {
  readonly id: string;
  readonly type: AccountType;
}

const whoAmISchema = z.looseObject({
  binding: z.looseObject({ status: z.string() }).nullable(),
  account: z.looseObject({ id: z.string(), type: AccountTypeSchema }).nullable(),
});

/**
 * Asks the ledger (accounts:WhoAmI, as the caller) which account the caller acts for: the gateway's own user record
 * is not the authority, the binding on the ledger is (it may have been revoked since the key was issued).
 */
export async function callerAccount(deps: RouteDeps, user: GatewayUser): Promise<CallerAccount | undefined> {
  const parsed = whoAmISchema.safeParse(await deps.registry.query(identityOf(user), 'accounts:WhoAmI'));
  if (!parsed.success) return undefined;
  const { binding, account } = parsed.data;
  return binding?.status === 'ACTIVE' && account !== null ? { id: account.id, type: account.type } : undefined;
}

/**
 * Views that show every account at once (raw ledger, full event stream, AEF report) are for users of the government
 * account: its administrators and its auditors (VIEWER role). 403 FORBIDDEN for anyone else.
 */
export async function requireGovernmentUser(deps: RouteDeps, user: GatewayUser, what: string): Promise<CallerAccount> {
  const account = await callerAccount(deps, user);
  if (account?.type !== 'GOVERNMENT') throw new ForbiddenError(`${what} is for government and auditor users`);
  return account;
}

/** The caller's account, or 403 FORBIDDEN when their identity is not bound to one. */
export async function requireBoundUser(deps: RouteDeps, user: GatewayUser): Promise<CallerAccount> {
  const account = await callerAccount(deps, user);
  if (account === undefined) throw new ForbiddenError(`${user.name} is not bound to an active account`);
  return account;
}
