import { type KeyObject, createPublicKey, sign, verify } from 'node:crypto';
import { Attributes, CertificationRequest, CertificationRequestInfo } from '@peculiar/asn1-csr';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  Name,
  RelativeDistinguishedName,
  SubjectPublicKeyInfo,
} from '@peculiar/asn1-x509';
import { ValidationError } from '../errors';

const COMMON_NAME = '2.5.4.3';
const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const PEM_LABEL = 'CERTIFICATE REQUEST';

/**
 * A PKCS#10 certificate request for `commonName`, signed with `privateKey` (EC P-256, ECDSA with SHA-256), PEM:
 * what an offline signer sends to be enrolled. The CA signs the certificate with its own attributes (type, OU);
 * the subject is the CN alone.
 */
export function createCsr(privateKey: KeyObject, commonName: string): string {
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const info = new CertificationRequestInfo({
    version: 0,
    subject: new Name([
      new RelativeDistinguishedName([
        new AttributeTypeAndValue({ type: COMMON_NAME, value: new AttributeValue({ utf8String: commonName }) }),
      ]),
    ]),
    subjectPKInfo: AsnConvert.parse(spki, SubjectPublicKeyInfo),
    attributes: new Attributes(),
  });
  const infoDer = Buffer.from(AsnConvert.serialize(info));
  const request = new CertificationRequest({
    certificationRequestInfo: info,
    signatureAlgorithm: new AlgorithmIdentifier({ algorithm: ECDSA_WITH_SHA256 }),
    signature: new Uint8Array(sign('sha256', infoDer, privateKey)).buffer,
  });
  const base64 = Buffer.from(AsnConvert.serialize(request))
    .toString('base64')
    .replace(/.{1,64}/g, '$&\n');
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
function commonNameOf(subject: Name): string {
  const names = subject.flatMap((rdn) => [...rdn]).filter((pair) => pair.type === COMMON_NAME);
  const value = names.length === 1 ? names[0]?.value : undefined;
  const text = value?.utf8String ?? value?.printableString;
  if (text === undefined) throw new Error('the subject must hold exactly one common name');
  return text;
}

/**
 * Reads a PEM certificate request and checks it: self-signed (proof that the sender holds the private key), by an
 * EC P-256 key, with ECDSA-SHA256, naming one common name. 400 VALIDATION otherwise.
 */
export function readCsr(pem: string): CertificateRequest {
  try {
    const request = AsnConvert.parse(derOfPem(pem), CertificationRequest);
    const signed = request.certificationRequestInfoRaw;
    if (signed === undefined) throw new Error('not a certificate request');
    if (request.signatureAlgorithm.algorithm !== ECDSA_WITH_SHA256) {
      throw new Error('the request must be signed with ECDSA-SHA256');
    }
    const spki = Buffer.from(AsnConvert.serialize(request.certificationRequestInfo.subjectPKInfo));
    const publicKey = createPublicKey({ key: spki, format: 'der', type: 'spki' });
    if (publicKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') throw new Error('the key must be EC P-256');
    if (!verify('sha256', Buffer.from(signed), publicKey, Buffer.from(request.signature))) {
      throw new Error('the request is not signed by its own key');
    }
    return { commonName: commonNameOf(request.certificationRequestInfo.subject), publicKey };
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
