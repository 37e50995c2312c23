import { validation } from './errors';

/**
 * Identities and roles. A ledger identity is (mspId, enrollmentId), the enrollment ID being the certificate's
 * subject CN as `readCertificateIdentity` (certificate.ts) reads it (docs/interfaces.md). Authorisation comes
 * from the identity's binding to an account, never from the MSP alone: several developer companies share
 * DeveloperMSP.
 */

export const ACCOUNT_TYPES = ['GOVERNMENT', 'CERTIFIER', 'DEVELOPER'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

export const ACCOUNT_STATUSES = ['ACTIVE', 'SUSPENDED'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export const ROLES = ['ADMIN', 'MANAGER', 'VIEWER'] as const;
export type Role = (typeof ROLES)[number];

export const BINDING_STATUSES = ['ACTIVE', 'REVOKED'] as const;
export type BindingStatus = (typeof BINDING_STATUSES)[number];

/** The MSP an account type's identities must come from. */
export const MSP_BY_ACCOUNT_TYPE: Readonly<Record<AccountType, string>> = {
  GOVERNMENT: 'GovernmentMSP',
  CERTIFIER: 'CertifierMSP',
  DEVELOPER: 'DeveloperMSP',
};

/**
 * The MSP of an account type's founding organisation in a registry whose government organisation is
 * `governmentMspId` (the registry settings' own: another Party's registry running this chaincode has its own
 * government MSP, docs/international.md).
 */
export function foundingMsp(type: AccountType, governmentMspId: string = MSP_BY_ACCOUNT_TYPE.GOVERNMENT): string {
  return type === 'GOVERNMENT' ? governmentMspId : MSP_BY_ACCOUNT_TYPE[type];
}

/** The MSPs an account type's identities may come from: its founding organisation's, and members admitted for it. */
export function mspsOfAccountType(
  type: AccountType,
  members: readonly { readonly mspId: string; readonly accountType: AccountType }[] = [],
  governmentMspId?: string,
): string[] {
  return [foundingMsp(type, governmentMspId), ...members.filter((m) => m.accountType === type).map((m) => m.mspId)];
}

/**
 * An account's identities come from an MSP of its type ({@link mspsOfAccountType}; `members` from the registry
 * settings): VALIDATION otherwise.
 */
export function assertMspOfAccountType(
  mspId: string,
  type: AccountType,
  members: readonly { readonly mspId: string; readonly accountType: AccountType }[] = [],
  governmentMspId?: string,
): void {
  const allowed = mspsOfAccountType(type, members, governmentMspId);
  if (!allowed.includes(mspId)) {
    throw validation(`identities of a ${type} account come from ${allowed.join(' or ')}, not ${mspId}`);
  }
}

/** Roles allowed to perform an account's domain actions; only ADMIN manages identities. */
export const ACTING_ROLES: readonly Role[] = ['ADMIN', 'MANAGER'];
