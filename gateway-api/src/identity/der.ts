/**
 * The little DER (ASN.1) the gateway reads and writes itself, since Node's crypto has no PKCS#10 and no raw ECDSA
 * values: certificate requests (identity/csr.ts) and ECDSA signatures (offline/signature.ts).
 */

/** One DER element: its tag, its whole encoding and its content. */
export interface DerElement {
  readonly tag: number;
  readonly raw: Buffer;
  readonly content: Buffer;
}

/** The element that starts at `offset`; throws on a truncated or indefinite-length encoding. */
function elementAt(bytes: Buffer, offset: number): DerElement {
  const tag = bytes[offset];
  let length = bytes[offset + 1];
  if (tag === undefined || length === undefined) throw new Error('truncated DER');
  let start = offset + 2;
  if (length >= 0x80) {
    const octets = length & 0x7f;
    if (octets === 0 || octets > 4) throw new Error('unsupported DER length');
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + (bytes[start + i] ?? 0);
    start += octets;
  }
  const end = start + length;
  if (end > bytes.length) throw new Error('truncated DER');
  return { tag, raw: bytes.subarray(offset, end), content: bytes.subarray(start, end) };
}

/** The one element `bytes` holds (nothing after it). */
export function readDer(bytes: Buffer): DerElement {
  const element = elementAt(bytes, 0);
  if (element.raw.length !== bytes.length) throw new Error('trailing bytes after DER');
  return element;
}

/** The elements inside a constructed element (SEQUENCE, SET), in order. */
export function childrenOf(parent: DerElement): DerElement[] {
  const children: DerElement[] = [];
  for (let offset = 0; offset < parent.content.length;) {
    const child = elementAt(parent.content, offset);
    children.push(child);
    offset += child.raw.length;
  }
  return children;
}

/** One element of tag `tag` around `content`. */
export function der(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const length = body.length;
  if (length < 0x80) return Buffer.concat([Buffer.from([tag, length]), body]);
  const octets: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest % 256);
  return Buffer.concat([Buffer.from([tag, 0x80 | octets.length, ...octets]), body]);
}

export const DER = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  SEQUENCE: 0x30,
  SET: 0x31,
  /** `[0]` constructed, context-specific (the attributes of a certificate request). */
  CONTEXT_0: 0xa0,
} as const;
