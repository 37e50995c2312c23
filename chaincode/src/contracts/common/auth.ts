import type { Context } from 'fabric-contract-api';
import {
  ACTING_ROLES,
  canReadHoldings,
  forbidden,
  holdingsForbidden,
  readScopeOf,
  type ReadScope,
  readCertificateIdentity,
  type CertificateIdentity,
  type Account,
  type AccountType,
  type ActorRef,
  type IdentityBinding,
  type Role,
} from '../../domain';
import { ACCOUNTS, getBinding } from '../accounts/account-state';
import type { WorldState } from './state';

export interface Identity {
  readonly mspId: string;
  readonly enrollmentId: string;
}

/** A caller allowed to act for an account: an ACTIVE binding to an ACTIVE account. */
export interface Actor {
  readonly identity: Identity;
  readonly account: Account;
  readonly binding: IdentityBinding;
  readonly ref: ActorRef;
}

export interface ActorRule {
  /** What the caller is trying to do, for the error message. */
  readonly action: string;
  readonly types?: readonly AccountType[];
  /** The roles that may do it: ADMIN and MANAGER (`ACTING_ROLES`) unless given. */
  readonly roles?: readonly Role[];
  /** The account the caller must act for (the owner of the project or block, the assigned certifier...). */
  readonly accountId?: string;
}

/** The parties of a project or monitoring report: its developer and its assigned certifier. */
interface Parties {
  readonly developerAccountId: string;
  readonly certifierAccountId: string;
}

/** ADMIN or MANAGER of the developer (or of the assigned certifier) of a project or monitoring report. */
export function partyRule(action: string, parties: Parties, party: 'DEVELOPER' | 'CERTIFIER'): ActorRule {
  const accountId = party === 'DEVELOPER' ? parties.developerAccountId : parties.certifierAccountId;
  return { action, types: [party], accountId };
}

/** The caller's certificate, read from its DER structure (subject attributes by OID, CA-signed attributes). */
function callerCertificate(ctx: Context): CertificateIdentity {
  return readCertificateIdentity(ctx.clientIdentity.getIDBytes());
}

/** The caller's (mspId, enrollmentId): the enrollment ID is the certificate's one subject CN. */
export function callerIdentity(ctx: Context): Identity {
  return { mspId: ctx.clientIdentity.getMSPID(), enrollmentId: callerCertificate(ctx).commonName };
}

/**
 * True when the caller's certificate marks an organisation admin: a subject OU exactly `admin` (the NodeOU Fabric
 * CA signs for identities registered with type admin), or the CA-signed attribute hf.Type=admin.
 */
export function isOrgAdmin(ctx: Context): boolean {
  return callerCertificate(ctx).orgAdmin;
}

/** The caller's binding and account, whatever their status (for reads and WhoAmI). */
export async function callerBinding(
  ctx: Context,
  ws: WorldState,
): Promise<{ identity: Identity; binding?: IdentityBinding; account?: Account }> {
  const identity = callerIdentity(ctx);
  const binding = await getBinding(ws, identity.mspId, identity.enrollmentId);
  if (binding?.status !== 'ACTIVE') {
    return { identity };
  }
  return { identity, binding, account: await ACCOUNTS.get(ws, binding.accountId) };
}

/**
 * Authorises a mutation: the caller must hold an ACTIVE binding to an ACTIVE account of one of `types`, with one
 * of `roles`, and act for `accountId` when given. Fails with FORBIDDEN otherwise. The MSP alone never suffices.
 */
export async function requireActor(ctx: Context, ws: WorldState, rule: ActorRule): Promise<Actor> {
  const { identity, binding, account } = await callerBinding(ctx, ws);
  const who = `${identity.mspId}/${identity.enrollmentId}`;
  if (binding === undefined || account === undefined) {
    throw forbidden(`${who} is not bound to an account and may not ${rule.action}`);
  }
  if (account.status !== 'ACTIVE') {
    throw forbidden(`account ${account.id} is ${account.status} and may not ${rule.action}`);
  }
  if (rule.types !== undefined && !rule.types.includes(account.type)) {
    throw forbidden(`a ${account.type} account may not ${rule.action}`);
  }
  if (!(rule.roles ?? ACTING_ROLES).includes(binding.role)) {
    throw forbidden(`role ${binding.role} may not ${rule.action}`);
  }
  if (rule.accountId !== undefined && rule.accountId !== account.id) {
    throw forbidden(`account ${account.id} may not ${rule.action} for account ${rule.accountId}`);
  }
  return {
    identity,
    account,
    binding,
    ref: { accountId: account.id, mspId: identity.mspId, enrollmentId: identity.enrollmentId },
  };
}

/** The caller's read scope of holdings, from its binding on the ledger (`readScopeOf`, domain/holdings.ts). */
export async function readScope(ctx: Context, ws: WorldState): Promise<ReadScope> {
  const { account } = await callerBinding(ctx, ws);
  return readScopeOf(account);
}

/** Fails with FORBIDDEN unless the scope covers holdings of `ownerAccountId`. */
export function assertCanReadHoldings(scope: ReadScope, ownerAccountId: string): void {
  if (!canReadHoldings(scope, ownerAccountId)) throw forbidden(holdingsForbidden(ownerAccountId));
}
