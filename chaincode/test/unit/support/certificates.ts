import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  Certificate,
  Extension,
  Extensions,
  Name,
  RelativeDistinguishedName,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from '@peculiar/asn1-x509';
import { CERTIFICATE_OID } from '../../../src/domain';

const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const OID_BY_NAME: Readonly<Record<string, string>> = {
  C: '2.5.4.6',
  O: '2.5.4.10',
  OU: CERTIFICATE_OID.organizationalUnit,
  CN: CERTIFICATE_OID.commonName,
};

function keyPair(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

const ca = keyPair();

function name(attributes: readonly (readonly [string, string])[]): Name {
  return new Name(
    attributes.map(
      ([type, value]) =>
        new RelativeDistinguishedName([
          new AttributeTypeAndValue({
            type: OID_BY_NAME[type] ?? type,
            value: new AttributeValue({ utf8String: value }),
          }),
        ]),
    ),
  );
}

let serial = 0;

/**
 * A CA-signed X.509 certificate (PEM) with the given subject, shaped like a Fabric CA enrollment certificate: the
 * NodeOU as subject OU and, when given, the CA-signed attribute extension.
 */
export function issueCertificate(
  subject: readonly (readonly [string, string])[],
  attributes?: Readonly<Record<string, string>>,
): string {
  const leaf = keyPair();
  serial++;
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: Uint8Array.of(1, serial >> 8, serial & 0xff).buffer,
    signature: new AlgorithmIdentifier({ algorithm: ECDSA_WITH_SHA256 }),
    issuer: name([
      ['C', 'GH'],
      ['CN', 'ca.test'],
    ]),
    validity: new Validity({ notBefore: new Date(Date.UTC(2020, 0, 1)), notAfter: new Date(Date.UTC(2099, 0, 1)) }),
    subject: name(subject),
    subjectPublicKeyInfo: AsnConvert.parse(
      leaf.publicKey.export({ type: 'spki', format: 'der' }),
      SubjectPublicKeyInfo,
    ),
    extensions:
      attributes === undefined
        ? undefined
        : new Extensions([
            new Extension({
              extnID: CERTIFICATE_OID.fabricAttributes,
              extnValue: new OctetString(Buffer.from(JSON.stringify({ attrs: attributes }), 'utf8')),
            }),
          ]),
  });
  const tbsDer = Buffer.from(AsnConvert.serialize(tbs));
  const certificate = new Certificate({
    tbsCertificate: tbs,
    signatureAlgorithm: new AlgorithmIdentifier({ algorithm: ECDSA_WITH_SHA256 }),
    signatureValue: new Uint8Array(sign('sha256', tbsDer, ca.privateKey)).buffer,
  });
  const base64 = Buffer.from(AsnConvert.serialize(certificate)).toString('base64');
  return `-----BEGIN CERTIFICATE-----\n${(base64.match(/.{1,64}/g) ?? []).join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** A certificate made with openssl by test/fixtures/certificates/generate.sh. */
export function fixtureCertificate(file: string): string {
  return readFileSync(path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'certificates', file), 'utf8');
}
