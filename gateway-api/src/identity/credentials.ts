import { z } from 'zod';
import { InternalError, OfflineSigningRequiredError } from '../errors';

/** Who a ledger identity is: `(mspId, enrollmentId)`; the enrollment ID is the certificate's subject CN. */
export interface IdentityRef {
  readonly mspId: string;
  readonly enrollmentId: string;
}

/** The fields of an {@link IdentityRef} in the gateway's own files (users, reservations, wallet entries). */
export const identityRefFields = { mspId: z.string().min(1), enrollmentId: z.string().min(1) };

/** An enrolled identity as the gateway knows it: its X.509 certificate, PEM. */
export interface Enrolled extends IdentityRef {
  readonly certificate: string;
}

/** An enrolled identity held in custody by the gateway: X.509 certificate and private key, both PEM. */
export interface Credentials extends Enrolled {
  readonly privateKey: string;
}

/**
 * A wallet entry: credentials in the gateway's custody, or the certificate alone of an identity whose owner keeps
 * its private key and signs offline (custody `external`, docs/api.md).
 */
export type WalletEntry = Credentials | Enrolled;

/** Whether the gateway holds the entry's private key. */
export function inCustody(entry: WalletEntry): entry is Credentials {
  return 'privateKey' in entry && typeof entry.privateKey === 'string';
}

/**
 * The credentials the gateway signs with as `ref`: 403 `OFFLINE_SIGNING_REQUIRED` when the identity's owner keeps
 * its key (the gateway cannot sign for it), 500 when the wallet has no entry.
 */
export function signingCredentials(entry: WalletEntry | undefined, ref: IdentityRef): Credentials {
  if (entry === undefined) throw new InternalError({ cause: new Error(`no wallet entry for ${identityKey(ref)}`) });
  if (!inCustody(entry)) throw new OfflineSigningRequiredError();
  return entry;
}

/** A stable string for maps and file names' sake. */
export function identityKey(ref: IdentityRef): string {
  return `${ref.mspId}/${ref.enrollmentId}`;
}

/** Where the gateway keeps the identities it acts as: credentials it signs with, certificates of offline signers. */
export interface CredentialStore {
  get(ref: IdentityRef): Promise<WalletEntry | undefined>;
  put(entry: WalletEntry): Promise<void>;
}
