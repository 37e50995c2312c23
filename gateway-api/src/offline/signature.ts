import { X509Certificate, verify } from 'node:crypto';
import { SignatureInvalidError } from '../errors';
import { ECDSASigValue } from '@peculiar/asn1-ecc';
import { AsnConvert } from '@peculiar/asn1-schema';

/** Half the order of P-256: Fabric accepts an ECDSA signature only with S at most this (low S). */
const P256_HALF_ORDER = BigInt('0x7fffffff800000007fffffffffffffffde737d56d38bcf4279dce5617e3192a8');

/** S of a DER ECDSA signature `SEQUENCE { r INTEGER, s INTEGER }`, or undefined when it is not one. */
function sOf(signature: Buffer): bigint | undefined {
  try {
    const value = AsnConvert.parse(signature, ECDSASigValue);
    if (!Buffer.from(AsnConvert.serialize(value)).equals(signature)) return undefined;
    const s = Buffer.from(value.s);
    return s.length === 0 ? undefined : BigInt(`0x${s.toString('hex')}`);
  } catch {
    return undefined;
  }
}

/**
 * Checks that `signature` (ECDSA P-256 over the SHA-256 digest of `message`, DER, low S: what fabric-gateway's
 * signers produce and Fabric accepts) was made by the key of `certificate` (PEM). 422 `SIGNATURE_INVALID` naming
 * `what` otherwise, before anything reaches the ledger.
 */
export function assertSignedBy(certificate: string, message: Uint8Array, signature: Uint8Array, what: string): void {
  const bytes = Buffer.from(signature);
  const s = sOf(bytes);
  if (s === undefined) throw new SignatureInvalidError(`the ${what} signature is not a DER ECDSA signature`);
  if (s > P256_HALF_ORDER) {
    throw new SignatureInvalidError(`the ${what} signature has a high S value, which Fabric refuses: normalise it`);
  }
  const publicKey = new X509Certificate(certificate).publicKey;
  if (!verify('sha256', message, publicKey, bytes)) {
    throw new SignatureInvalidError(`the ${what} signature does not verify with the enrolled certificate's key`);
  }
}
