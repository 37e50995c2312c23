import { AccountSchema, IdentityBindingSchema, notFound, type Account, type IdentityBinding } from '../../domain';
import { OBJECT } from '../../domain';
import type { WorldState } from '../common/state';

export const accountKey = (ws: WorldState, id: string): string => ws.key(OBJECT.account, [id]);
export const bindingKey = (ws: WorldState, mspId: string, enrollmentId: string): string =>
  ws.key(OBJECT.binding, [mspId, enrollmentId]);

export function getAccount(ws: WorldState, id: string): Promise<Account | undefined> {
  return ws.read(accountKey(ws, id), AccountSchema);
}

export async function requireAccount(ws: WorldState, id: string): Promise<Account> {
  const account = await getAccount(ws, id);
  if (account === undefined) {
    throw notFound(`account ${id} does not exist`);
  }
  return account;
}

/** Writes an account; the type index is written once because an account's type never changes. */
export async function saveAccount(ws: WorldState, account: Account, isNew: boolean): Promise<void> {
  await ws.write(accountKey(ws, account.id), account);
  if (isNew) {
    await ws.writeIndex(ws.key(OBJECT.accountByType, [account.type, account.id]));
  }
}

export function getBinding(ws: WorldState, mspId: string, enrollmentId: string): Promise<IdentityBinding | undefined> {
  return ws.read(bindingKey(ws, mspId, enrollmentId), IdentityBindingSchema);
}

/** Writes a binding and its per-account index entry (revoked bindings stay, so grants remain auditable). */
export async function saveBinding(ws: WorldState, binding: IdentityBinding): Promise<void> {
  await ws.write(bindingKey(ws, binding.mspId, binding.enrollmentId), binding);
  await ws.writeIndex(ws.key(OBJECT.bindingByAccount, [binding.accountId, binding.mspId, binding.enrollmentId]));
}
