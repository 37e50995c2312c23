/**
 * The one serialisation used for world state, transaction results and event payloads.
 *
 * Object keys are sorted by UTF-16 code unit order at every depth and no whitespace is emitted, so equal
 * values always produce equal bytes on every endorsing peer. Properties whose value is `undefined` are
 * dropped (as JSON.stringify does); non-finite numbers and non-plain values are refused, because they
 * have no faithful JSON form.
 */
export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

/** UTF-8 bytes of {@link canonicalJson}, ready for putState and setEvent. */
export function canonicalBytes(value: unknown): Uint8Array {
  return Buffer.from(canonicalJson(value), 'utf8');
}

function write(value: unknown, path: string): string {
  if (value === null) {
    return 'null';
  }
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) {
        throw new TypeError(`canonicalJson: non-finite number at ${path}`);
      }
      return JSON.stringify(value);
    case 'object':
      if (Array.isArray(value)) {
        return `[${value.map((item: unknown, i) => (item === undefined ? 'null' : write(item, `${path}[${i}]`))).join(',')}]`;
      }
      return writeObject(value, path);
    default:
      throw new TypeError(`canonicalJson: unsupported ${typeof value} at ${path}`);
  }
}

function writeObject(value: object, path: string): string {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new TypeError(`canonicalJson: only plain objects are supported at ${path}`);
  }
  const entries = Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${write(v, `${path}.${k}`)}`).join(',')}}`;
}
