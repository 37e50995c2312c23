import { z } from 'zod';

/** Who a ledger identity is: `(mspId, enrollmentId)`; the enrollment ID is the certificate's subject CN. */
export interface IdentityRef {
  readonly mspId: string;
  readonly enrollmentId: string;
}

/** The fields of an {@link IdentityRef} in the gateway's own files (users, reservations, wallet entries). */
export const identityRefFields = { mspId: z.string().min(1), enrollmentId: z.string().min(1) };

/**
 * An enrolled identity held in custody by the gateway: X.509 certificate and private key, both PEM.
 * (Offline signing would store the certificate only; see docs/api.md.)
 */
export interface Credentials extends IdentityRef {
  readonly certificate: string;
  readonly privateKey: string;
}

/** A stable string for maps and file names' sake. */
export function identityKey(ref: IdentityRef): string {
  return `${ref.mspId}/${ref.enrollmentId}`;
}

/** Where the gateway finds the credentials it signs with on a user's behalf. */
export interface CredentialStore {
  get(ref: IdentityRef): Promise<Credentials | undefined>;
  put(credentials: Credentials): Promise<void>;
}
