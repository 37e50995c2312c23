/**
 * Identities and roles. A ledger identity is (mspId, enrollmentId), the enrollment ID being the certificate's
 * subject CN (docs/interfaces.md). Authorisation comes from the identity's binding to an account, never from
 * the MSP alone: several developer companies share DeveloperMSP.
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

/** Roles allowed to perform an account's domain actions; only ADMIN manages identities. */
export const ACTING_ROLES: readonly Role[] = ['ADMIN', 'MANAGER'];

export interface X509Subject {
  readonly commonName: string | undefined;
  readonly organizationalUnits: readonly string[];
}

/**
 * Parses the subject of a fabric-shim client ID, `x509::/C=US/OU=admin/CN=gov-admin::/C=US/CN=ca.gov`.
 * fabric-shim escapes a slash inside a value as `\/`.
 */
export function parseX509Subject(clientId: string): X509Subject {
  const parts = clientId.split('::');
  const subject = parts[0] === 'x509' ? (parts[1] ?? '') : '';
  const attributes = subject
    .split(/(?<!\\)\//)
    .filter((attribute) => attribute.length > 0)
    .map((attribute) => {
      const eq = attribute.indexOf('=');
      return { name: attribute.slice(0, eq), value: attribute.slice(eq + 1).replace(/\\\//g, '/') };
    });
  const commonNames = attributes.filter((a) => a.name === 'CN').map((a) => a.value);
  return {
    commonName: commonNames[commonNames.length - 1],
    organizationalUnits: attributes.filter((a) => a.name === 'OU').map((a) => a.value),
  };
}
