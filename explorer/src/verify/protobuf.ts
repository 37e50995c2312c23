/**
 * A minimal protobuf wire-format reader: enough to take a Fabric block apart without trusting any decoder on the
 * server. Fields are returned in wire order with their raw bytes, so that hashes are computed on the exact bytes.
 */
export interface Field {
  readonly number: number;
  readonly wireType: number;
  /** Varint fields. */
  readonly varint?: bigint;
  /** Length-delimited fields (bytes, strings, embedded messages). */
  readonly bytes?: Uint8Array;
}

class ProtobufError extends Error {}

function readVarint(buf: Uint8Array, start: number): { value: bigint; next: number } {
  let value = 0n;
  let shift = 0n;
  for (let i = start; i < buf.length && i < start + 10; i++) {
    const byte = buf[i] ?? 0;
    value |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return { value, next: i + 1 };
    shift += 7n;
  }
  throw new ProtobufError(`truncated varint at byte ${start}`);
}

function skip(wireType: number, buf: Uint8Array, at: number): number {
  if (wireType === 1) return at + 8;
  if (wireType === 5) return at + 4;
  throw new ProtobufError(`unsupported wire type ${wireType} at byte ${at}`);
}

/** Every field of one message. */
export function readFields(buf: Uint8Array): Field[] {
  const fields: Field[] = [];
  let at = 0;
  while (at < buf.length) {
    const key = readVarint(buf, at);
    const number = Number(key.value >> 3n);
    const wireType = Number(key.value & 7n);
    at = key.next;
    if (wireType === 0) {
      const { value, next } = readVarint(buf, at);
      fields.push({ number, wireType, varint: value });
      at = next;
    } else if (wireType === 2) {
      const length = readVarint(buf, at);
      const end = length.next + Number(length.value);
      if (end > buf.length) throw new ProtobufError(`field ${number} runs past the end of the message`);
      fields.push({ number, wireType, bytes: buf.subarray(length.next, end) });
      at = end;
    } else {
      at = skip(wireType, buf, at);
    }
    if (at > buf.length) throw new ProtobufError('truncated message');
  }
  return fields;
}

const EMPTY = new Uint8Array();

/** The last occurrence of a length-delimited field (protobuf's rule for a non-repeated field), or empty bytes. */
export function bytesField(fields: readonly Field[], number: number): Uint8Array {
  return fields.filter((f) => f.number === number && f.bytes !== undefined).pop()?.bytes ?? EMPTY;
}

export function varintField(fields: readonly Field[], number: number): bigint {
  return fields.filter((f) => f.number === number && f.varint !== undefined).pop()?.varint ?? 0n;
}

export function repeatedBytes(fields: readonly Field[], number: number): Uint8Array[] {
  return fields.flatMap((f) => (f.number === number && f.bytes !== undefined ? [f.bytes] : []));
}
