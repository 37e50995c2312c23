import type { AccountType } from './identity';

/**
 * Deterministic, human-readable identifiers derived from the transaction ID (a SHA-256 hex string): no global
 * counter is touched, and every endorsing peer derives the same ID. Callers check existence and fail with
 * CONFLICT on the (astronomically unlikely) collision, so a retry with a new transaction resolves it.
 */

const ACCOUNT_PREFIX: Readonly<Record<AccountType, string>> = { GOVERNMENT: 'GOV', CERTIFIER: 'CER', DEVELOPER: 'DEV' };

export function deriveAccountId(type: AccountType, txId: string): string {
  return `${ACCOUNT_PREFIX[type]}-${txId.slice(0, 10).toUpperCase()}`;
}

/** `GHA-P-0A1B2C3D4E`: host Party, then ten hex digits of the registering transaction. */
export function deriveProjectId(party: string, txId: string): string {
  return `${party}-P-${txId.slice(0, 10).toUpperCase()}`;
}

/** `GHA-P-0A1B2C3D4E-M-5F6A7B8C`: the project, then eight hex digits of the submitting transaction. */
export function deriveReportId(projectId: string, txId: string): string {
  return `${projectId}-M-${txId.slice(0, 8).toUpperCase()}`;
}

/** `B-0A1B2C3D4E5F6A7B-0`: sixteen hex digits of the creating transaction and the block's index within it. */
export function deriveBlockId(txId: string, index: number): string {
  return `B-${txId.slice(0, 16).toUpperCase()}-${index}`;
}
