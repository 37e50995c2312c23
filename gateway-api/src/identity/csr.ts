import { type KeyObject, createPublicKey, sign, verify } from 'node:crypto';
import { ValidationError } from '../errors';
import { DER, childrenOf, der, readDer } from './der';

/** OID 2.5.4.3 (commonName) and 1.2.840.10045.4.3.2 (ecdsa-with-SHA256), DER content. */
const COMMON_NAME = Buffer.from([0x55, 0x04, 0x03]);
const ECDSA_WITH_SHA256 = Buffer.from([0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02]);
const PEM_LABEL = 'CERTIFICATE REQUEST';

/**
 * A PKCS#10 certificate request for `commonName`, signed with `privateKey` (EC P-256, ECDSA with SHA-256), PEM:
 * what an offline signer sends to be enrolled. The CA signs the certificate with its own attributes (type, OU);
 * the subject is the CN alone.
 */
export function createCsr(privateKey: KeyObject, commonName: string): string {
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const cn = der(DER.SEQUENCE, der(DER.OID, COMMON_NAME), der(DER.UTF8_STRING, Buffer.from(commonName, 'utf8')));
  const subject = der(DER.SEQUENCE, der(DER.SET, cn));
  const info = der(DER.SEQUENCE, der(DER.INTEGER, Buffer.from([0])), subject, spki, der(DER.CONTEXT_0));
  const signature = sign('sha256', info, privateKey);
  const algorithm = der(DER.SEQUENCE, der(DER.OID, ECDSA_WITH_SHA256));
  const request = der(DER.SEQUENCE, info, algorithm, der(DER.BIT_STRING, Buffer.from([0]), signature));
  const base64 = request.toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${PEM_LABEL}-----\n${base64}-----END ${PEM_LABEL}-----\n`;
}

/** What the gateway checks of a certificate request before it asks the CA: who it names, with which key. */
export interface CertificateRequest {
  readonly commonName: string;
  readonly publicKey: KeyObject;
}

function derOfPem(pem: string): Buffer {
  const match = new RegExp(
    `^-----BEGIN ${PEM_LABEL}-----\\s+([A-Za-z0-9+/=\\s]+?)-----END ${PEM_LABEL}-----\\s*$`,
  ).exec(pem.trim());
  if (match?.[1] === undefined) throw new Error(`not a PEM ${PEM_LABEL}`);
  return Buffer.from(match[1].replace(/\s+/g, ''), 'base64');
}

/** The subject's one common name (a subject with none or several is refused, as in a certificate). */
function commonNameOf(subject: Buffer): string {
  const names = childrenOf(readDer(subject))
    .flatMap((rdn) => childrenOf(rdn))
    .map((pair) => childrenOf(pair))
    .filter(([oid]) => oid?.tag === DER.OID && oid.content.equals(COMMON_NAME));
  const [value] = names.length === 1 ? (names[0] ?? []).slice(1) : [];
  if (value === undefined || (value.tag !== DER.UTF8_STRING && value.tag !== DER.PRINTABLE_STRING)) {
    throw new Error('the subject must hold exactly one common name');
  }
  return value.content.toString('utf8');
}

/**
 * Reads a PEM certificate request and checks it: self-signed (proof that the sender holds the private key), by an
 * EC P-256 key, with ECDSA-SHA256, naming one common name. 400 VALIDATION otherwise.
 */
export function readCsr(pem: string): CertificateRequest {
  try {
    const [info, algorithm, signature] = childrenOf(readDer(derOfPem(pem)));
    const [, subject, spki] = info === undefined ? [] : childrenOf(info);
    if (info === undefined || subject === undefined || spki === undefined || signature === undefined) {
      throw new Error('not a certificate request');
    }
    const [oid] = algorithm === undefined ? [] : childrenOf(algorithm);
    if (oid?.content.equals(ECDSA_WITH_SHA256) !== true)
      throw new Error('the request must be signed with ECDSA-SHA256');
    const publicKey = createPublicKey({ key: spki.raw, format: 'der', type: 'spki' });
    if (publicKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') throw new Error('the key must be EC P-256');
    if (!verify('sha256', info.raw, publicKey, signature.content.subarray(1))) {
      throw new Error('the request is not signed by its own key');
    }
    return { commonName: commonNameOf(subject.raw), publicKey };
  } catch (err) {
    throw new ValidationError(`body.csr: ${err instanceof Error ? err.message : 'unreadable'}`);
  }
}

/**
 * The enrollment ID a user's certificate request asks for, checked ({@link readCsr}): its CN must be
 * `<name>@<8 lower-case hex digits>`, the form of every user's enrollment ID. 400 VALIDATION otherwise.
 */
export function userEnrollmentIdOf(pem: string, name: string): string {
  const { commonName } = readCsr(pem);
  const [prefix, suffix = ''] = commonName.split('@');
  if (prefix !== name || !/^[0-9a-f]{8}$/.test(suffix) || commonName.split('@').length !== 2) {
    throw new ValidationError(`body.csr: its subject CN must be ${name}@<8 lower-case hex digits>, not ${commonName}`);
  }
  return commonName;
}
