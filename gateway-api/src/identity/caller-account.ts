import { type AccountType, AccountTypeSchema, type Role, RoleSchema } from '@ncr/chaincode/domain';
import { z } from 'zod';
import type { RegistryClient } from '../fabric/registry';
import type { IdentityRef } from './credentials';

/** The account an identity is bound to on the ledger (an ACTIVE binding), whatever the account's status. */
export interface CallerAccount {
  readonly id: string;
  readonly type: AccountType;
  /** The identity's role in that account, as its binding says. */
  readonly role: Role;
}

const whoAmISchema = z.looseObject({
  binding: z.looseObject({ status: z.string(), role: RoleSchema }).nullable(),
  account: z.looseObject({ id: z.string(), type: AccountTypeSchema }).nullable(),
});

/**
 * Asks the ledger (accounts:WhoAmI, as the caller) which account the caller acts for and in which role: the
 * gateway's own user record is not the authority, the binding on the ledger is (it may have been revoked or
 * changed since the key was issued).
 */
export async function callerAccount(registry: RegistryClient, actor: IdentityRef): Promise<CallerAccount | undefined> {
  const parsed = whoAmISchema.safeParse(await registry.query(actor, 'accounts:WhoAmI'));
  if (!parsed.success) return undefined;
  const { binding, account } = parsed.data;
  if (binding?.status !== 'ACTIVE' || account === null) return undefined;
  return { id: account.id, type: account.type, role: binding.role };
}
