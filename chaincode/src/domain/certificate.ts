/**
 * Who a Fabric X.509 identity is, read from the certificate's DER structure (never from a textual rendering of
 * its subject, where a value containing `/` or `CN=` could pose as another attribute).
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, type AttributeValue } from '@peculiar/asn1-x509';
import { z } from 'zod';
import { forbidden } from './errors';

/** Object identifiers read from a certificate. */
export const CERTIFICATE_OID = {
  commonName: '2.5.4.3',
  organizationalUnit: '2.5.4.11',
  /** Fabric CA's extension holding the attributes it signed into an enrollment certificate, as JSON. */
  fabricAttributes: '1.2.3.4.5.6.7.8.1',
} as const;

/** The NodeOU (and Fabric CA `hf.Type`) of an organisation admin. */
export const ADMIN_IDENTITY_TYPE = 'admin';

export interface CertificateIdentity {
  /** The subject's one common name: the Fabric CA enrollment ID. */
  readonly commonName: string;
  /** Every organizational unit value of the subject, in order. */
  readonly organizationalUnits: readonly string[];
  /** String attributes of the Fabric CA attribute extension (`hf.Type`, `hf.EnrollmentID`...), empty without one. */
  readonly attributes: Readonly<Record<string, string>>;
  /** Subject OU exactly `admin` (NodeOU) or CA-signed attribute `hf.Type` = `admin`. */
  readonly orgAdmin: boolean;
}

const FabricAttributesSchema = z.object({ attrs: z.record(z.string(), z.unknown()) });
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/;
const decoder = new TextDecoder('utf-8', { fatal: true });

/** The text of a directory string value, or undefined when the value is not one of the ASN.1 string types. */
function text(value: AttributeValue): string | undefined {
  return (
    value.utf8String ??
    value.printableString ??
    value.ia5String ??
    value.bmpString ??
    value.teletexString ??
    value.universalString
  );
}

function decodeCertificate(pem: string | Uint8Array): Certificate {
  try {
    const body = PEM_CERTIFICATE.exec(typeof pem === 'string' ? pem : decoder.decode(pem))?.[1];
    if (body === undefined) {
      throw new Error('no PEM certificate');
    }
    return AsnConvert.parse(Buffer.from(body.replace(/\s+/g, ''), 'base64'), Certificate);
  } catch {
    throw forbidden('caller identity is not a readable X.509 certificate');
  }
}

function fabricAttributes(certificate: Certificate): Record<string, string> {
  const extension = certificate.tbsCertificate.extensions?.find((e) => e.extnID === CERTIFICATE_OID.fabricAttributes);
  if (extension === undefined) {
    return {};
  }
  let parsed: z.infer<typeof FabricAttributesSchema>;
  try {
    parsed = FabricAttributesSchema.parse(JSON.parse(decoder.decode(new Uint8Array(extension.extnValue.buffer))));
  } catch {
    throw forbidden('caller certificate carries an unreadable attribute extension');
  }
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed.attrs)) {
    if (typeof value === 'string') {
      out[name] = value;
    }
  }
  return out;
}

/**
 * Reads a PEM certificate (what `ClientIdentity.getIDBytes()` returns, or a wallet credential): subject
 * attributes by OID, the Fabric CA attribute extension, and whether it is an organisation admin.
 * Fails with FORBIDDEN unless the subject has exactly one common name, a non-empty string.
 */
export function readCertificateIdentity(pem: string | Uint8Array): CertificateIdentity {
  const certificate = decodeCertificate(pem);
  const subject = [...certificate.tbsCertificate.subject].flatMap((rdn) => [...rdn]);
  const values = (oid: string): (string | undefined)[] =>
    subject.filter((attribute) => attribute.type === oid).map((attribute) => text(attribute.value));
  const commonNames = values(CERTIFICATE_OID.commonName);
  const [commonName] = commonNames;
  if (commonNames.length !== 1 || commonName === undefined || commonName === '') {
    throw forbidden(`caller certificate must have exactly one subject CN (has ${commonNames.length})`);
  }
  const organizationalUnits = values(CERTIFICATE_OID.organizationalUnit).filter((ou): ou is string => ou !== undefined);
  const attributes = fabricAttributes(certificate);
  return {
    commonName,
    organizationalUnits,
    attributes,
    orgAdmin: organizationalUnits.includes(ADMIN_IDENTITY_TYPE) || attributes['hf.Type'] === ADMIN_IDENTITY_TYPE,
  };
}
