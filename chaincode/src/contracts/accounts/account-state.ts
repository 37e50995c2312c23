import {
  AccountSchema,
  conflict,
  IdentityBindingSchema,
  OBJECT,
  type Account,
  type ActorRef,
  type IdentityBinding,
} from '../../domain';
import { recordType } from '../common/records';
import type { WorldState } from '../common/state';
import { assertNotBefore, type TxInfo } from '../common/tx';

export const ACCOUNTS = recordType(OBJECT.account, AccountSchema, (id) => `account ${id} does not exist`);

const bindingKey = (ws: WorldState, mspId: string, enrollmentId: string): string =>
  ws.key(OBJECT.binding, [mspId, enrollmentId]);

/** Writes an account; the type index is written once because an account's type never changes. */
export async function saveAccount(ws: WorldState, account: Account, isNew: boolean): Promise<void> {
  await ws.write(ACCOUNTS.key(ws, account.id), account);
  if (isNew) {
    await ws.writeIndex(ws.key(OBJECT.accountByType, [account.type, account.id]));
  }
}

export function getBinding(ws: WorldState, mspId: string, enrollmentId: string): Promise<IdentityBinding | undefined> {
  return ws.read(bindingKey(ws, mspId, enrollmentId), IdentityBindingSchema);
}

/** A new ACTIVE account, stamped with the transaction that creates it. */
export function newAccount(fields: Pick<Account, 'id' | 'name' | 'type' | 'country'>, tx: TxInfo): Account {
  return {
    ...fields,
    status: 'ACTIVE',
    createdAt: tx.at,
    createdTxId: tx.txId,
    updatedAt: tx.at,
    updatedTxId: tx.txId,
  };
}

/** Who changed a binding, and when: the stamp every binding change carries. */
export function changed(
  actor: { readonly ref: ActorRef },
  tx: TxInfo,
): { changedBy: ActorRef; changedAt: string; changedTxId: string } {
  return { changedBy: actor.ref, changedAt: tx.at, changedTxId: tx.txId };
}

/**
 * An identity may be bound to `accountId`: it has no ACTIVE binding to another account (CONFLICT), and the
 * transaction is not dated before its last binding change. Returns its current binding, if any.
 */
export async function bindableTo(
  ws: WorldState,
  identity: { readonly mspId: string; readonly enrollmentId: string },
  accountId: string,
  tx: TxInfo,
): Promise<IdentityBinding | undefined> {
  const existing = await getBinding(ws, identity.mspId, identity.enrollmentId);
  if (existing?.status === 'ACTIVE' && existing.accountId !== accountId) {
    throw conflict(`identity ${identity.enrollmentId} is already bound to account ${existing.accountId}`);
  }
  assertNotBefore(tx, `binding of ${identity.enrollmentId}`, existing?.changedAt);
  return existing;
}

/**
 * Opens an ACTIVE account with its first ADMIN binding (CreateAccount, ApproveAccountApplication): CONFLICT when the
 * account exists or the identity is bound to another account. The caller checked that the admin's MSP matches the
 * account type.
 */
export async function openAccount(
  ws: WorldState,
  fields: Pick<Account, 'id' | 'name' | 'type' | 'country'>,
  admin: { readonly mspId: string; readonly enrollmentId: string },
  actor: { readonly ref: ActorRef },
  tx: TxInfo,
): Promise<Account> {
  if ((await ACCOUNTS.get(ws, fields.id)) !== undefined) {
    throw conflict(`account ${fields.id} already exists`);
  }
  await bindableTo(ws, admin, fields.id, tx);
  const account = newAccount(fields, tx);
  await saveAccount(ws, account, true);
  const { mspId, enrollmentId } = admin;
  await saveBinding(ws, {
    mspId,
    enrollmentId,
    accountId: fields.id,
    role: 'ADMIN',
    status: 'ACTIVE',
    ...changed(actor, tx),
  });
  return account;
}

/** Writes a binding and its per-account index entry (revoked bindings stay, so grants remain auditable). */
export async function saveBinding(ws: WorldState, binding: IdentityBinding): Promise<void> {
  await ws.write(bindingKey(ws, binding.mspId, binding.enrollmentId), binding);
  await ws.writeIndex(ws.key(OBJECT.bindingByAccount, [binding.accountId, binding.mspId, binding.enrollmentId]));
}
