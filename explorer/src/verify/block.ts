import { bytesField, readFields, repeatedBytes, varintField } from './protobuf';

/**
 * Fabric's block hashes, recomputed in the browser from the block's raw bytes (docs/explorer.md):
 * - the data hash is SHA-256 over the block's data entries (the transaction envelopes) concatenated as they are;
 * - the block (header) hash is SHA-256 over the ASN.1 DER encoding of SEQUENCE { INTEGER number,
 *   OCTET STRING previousHash, OCTET STRING dataHash };
 * - each block's header carries the previous block's header hash.
 */
interface RawBlock {
  readonly number: bigint;
  readonly previousHash: string;
  readonly dataHash: string;
  readonly entries: Uint8Array[];
}

export interface BlockCheck {
  readonly number: bigint;
  /** The header hash recomputed here. */
  readonly hash: string;
  /** The data hash recomputed from the entries, and whether the header carries it. */
  readonly computedDataHash: string;
  readonly dataHashMatches: boolean;
  readonly previousHash: string;
  readonly entries: number;
}

const toHex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

async function sha256(bytes: Uint8Array): Promise<string> {
  const copy = new Uint8Array(bytes);
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', copy)));
}

/** The block's header and data entries, read from its protobuf bytes (common.Block: 1 header, 2 data). */
function parseBlock(raw: Uint8Array): RawBlock {
  const block = readFields(raw);
  const header = readFields(bytesField(block, 1));
  return {
    number: varintField(header, 1),
    previousHash: toHex(bytesField(header, 2)),
    dataHash: toHex(bytesField(header, 3)),
    entries: repeatedBytes(readFields(bytesField(block, 2)), 1),
  };
}

function derLength(length: number): number[] {
  if (length < 0x80) return [length];
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return [0x80 | bytes.length, ...bytes];
}

const tlv = (tag: number, content: readonly number[]): number[] => [tag, ...derLength(content.length), ...content];

/** A non-negative INTEGER in DER: big-endian, minimal, with a leading zero when the top bit is set. */
function derInteger(value: bigint): number[] {
  const bytes: number[] = [];
  for (let n = value; n > 0n; n >>= 8n) bytes.unshift(Number(n & 0xffn));
  if (bytes.length === 0 || (bytes[0] ?? 0) >= 0x80) bytes.unshift(0);
  return tlv(0x02, bytes);
}

const fromHex = (hex: string): number[] => (hex.match(/../g) ?? []).map((b) => parseInt(b, 16));

async function headerHash(block: Pick<RawBlock, 'number' | 'previousHash' | 'dataHash'>): Promise<string> {
  const der = tlv(0x30, [
    ...derInteger(block.number),
    ...tlv(0x04, fromHex(block.previousHash)),
    ...tlv(0x04, fromHex(block.dataHash)),
  ]);
  return sha256(new Uint8Array(der));
}

async function dataHash(entries: readonly Uint8Array[]): Promise<string> {
  const joined = new Uint8Array(entries.reduce((n, e) => n + e.length, 0));
  let at = 0;
  for (const entry of entries) {
    joined.set(entry, at);
    at += entry.length;
  }
  return sha256(joined);
}

/** Recomputes a block's hashes from its raw bytes (base64, as the gateway sends them). */
export async function checkBlock(rawBase64: string): Promise<BlockCheck> {
  const block = parseBlock(fromBase64(rawBase64));
  const computedDataHash = await dataHash(block.entries);
  return {
    number: block.number,
    hash: await headerHash(block),
    computedDataHash,
    dataHashMatches: computedDataHash === block.dataHash,
    previousHash: block.previousHash,
    entries: block.entries.length,
  };
}

/**
 * Whether blocks (consecutive, any order) form a chain: each one's previous hash is the recomputed header hash of
 * the block before it. Returns the numbers of the blocks whose link fails.
 */
export function brokenLinks(checks: readonly BlockCheck[]): bigint[] {
  const byNumber = new Map(checks.map((c) => [c.number, c]));
  return checks
    .filter((c) => {
      const before = byNumber.get(c.number - 1n);
      return before !== undefined && before.hash !== c.previousHash;
    })
    .map((c) => c.number);
}
