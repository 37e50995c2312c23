import { createHash, type Hash } from 'node:crypto';
import { Transform, Writable, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** A file's SHA-256 digest (lowercase hex) and size in bytes. */
export interface Digest {
  readonly sha256: string;
  readonly size: number;
}

/** Thrown by a {@link DigestStream} when more than its limit of bytes goes through it. */
export class TooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`more than ${String(limit)} bytes`);
    this.name = 'TooLargeError';
  }
}

/**
 * Passes bytes through unchanged while hashing them (SHA-256) and counting them; fails with {@link TooLargeError}
 * as soon as more than `limit` bytes went through, so an oversize file is refused while it streams.
 */
export class DigestStream extends Transform {
  readonly #hash: Hash = createHash('sha256');
  readonly #limit: number;
  #size = 0;
  #sha256: string | undefined;

  constructor(limit = Number.POSITIVE_INFINITY) {
    super();
    this.#limit = limit;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#size += chunk.length;
    if (this.#size > this.#limit) {
      callback(new TooLargeError(this.#limit));
      return;
    }
    this.#hash.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.#sha256 = this.#hash.digest('hex');
    callback();
  }

  /** The digest of everything that went through; only once the stream ended. */
  digest(): Digest {
    if (this.#sha256 === undefined) throw new Error('the stream has not ended');
    return { sha256: this.#sha256, size: this.#size };
  }
}

/** The digest of everything `source` gives (reads it to its end). */
export async function digestOf(source: Readable): Promise<Digest> {
  const digest = new DigestStream();
  const discard = new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });
  await pipeline(source, digest, discard);
  return digest.digest();
}
