import { ForbiddenError } from '../errors';
import { type CallerAccount, callerAccount } from '../identity/caller-account';
import { type GatewayUser, identityOf } from '../identity/users';
import type { RouteDeps } from './deps';

/** Route guards: who may see what is asked of the ledger ({@link callerAccount}), not of the gateway's user record. */

/**
 * Views that show every account at once (raw ledger, full event stream, AEF report) are for users of the government
 * account: its administrators and its auditors (VIEWER role). 403 FORBIDDEN for anyone else.
 */
export async function requireGovernmentUser(deps: RouteDeps, user: GatewayUser, what: string): Promise<CallerAccount> {
  const account = await callerAccount(deps.registry, identityOf(user));
  if (account?.type !== 'GOVERNMENT') throw new ForbiddenError(`${what} is for government and auditor users`);
  return account;
}

/** The caller's account, or 403 FORBIDDEN when their identity is not bound to one. */
export async function requireBoundUser(deps: RouteDeps, user: GatewayUser): Promise<CallerAccount> {
  const account = await callerAccount(deps.registry, identityOf(user));
  if (account === undefined) throw new ForbiddenError(`${user.name} is not bound to an active account`);
  return account;
}
