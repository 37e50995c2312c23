import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FORMATS } from '@ncr/chaincode/domain';
import { DigestStream } from './hashing';

/**
 * Where an organisation's gateway keeps the files of the documents it recorded, content-addressed by their SHA-256
 * digest (docs/documents.md). The folder store is the one implementation; another store (an S3-compatible bucket)
 * implements the same four calls.
 */
export interface DocumentStore {
  /**
   * Keeps `content` under `sha256`, replacing nothing (a file already kept stays). Fails, keeping nothing, when the
   * content does not hash to `sha256`.
   */
  put(sha256: string, content: Readable): Promise<void>;
  /** The content kept under `sha256`, or undefined when none is. */
  get(sha256: string): Promise<Readable | undefined>;
  has(sha256: string): Promise<boolean>;
  /** Every digest kept, in no particular order. */
  list(): AsyncIterable<string>;
}

const isMissing = (err: unknown): boolean => (err as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * A folder as the document store: each file at `<root>/<first two hex digits>/<sha256>`, owner-only (0600 files,
 * 0700 folders), written to a temporary name first and renamed once its digest is checked, so a file under its
 * digest's name is always whole.
 */
export class FolderDocumentStore implements DocumentStore {
  readonly #root: string;

  constructor(root: string) {
    this.#root = root;
  }

  #file(sha256: string): string {
    if (!FORMATS.sha256.test(sha256)) throw new Error(`not a SHA-256 digest: ${sha256}`);
    return path.join(this.#root, sha256.slice(0, 2), sha256);
  }

  async put(sha256: string, content: Readable): Promise<void> {
    const file = this.#file(sha256);
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const temporary = path.join(path.dirname(file), `.${sha256}.${randomBytes(6).toString('hex')}.part`);
    const digest = new DigestStream();
    try {
      await pipeline(content, digest, createWriteStream(temporary, { mode: 0o600, flush: true }));
      const written = digest.digest().sha256;
      if (written !== sha256) throw new Error(`content hashes to ${written}, not ${sha256}`);
      if (!(await this.has(sha256))) await rename(temporary, file);
    } finally {
      await rm(temporary, { force: true });
    }
  }

  async get(sha256: string): Promise<Readable | undefined> {
    const file = this.#file(sha256);
    if (!(await this.has(sha256))) return undefined;
    return createReadStream(file);
  }

  async has(sha256: string): Promise<boolean> {
    try {
      return (await stat(this.#file(sha256))).isFile();
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  }

  async *list(): AsyncIterable<string> {
    let prefixes: string[];
    try {
      prefixes = await readdir(this.#root);
    } catch (err) {
      if (isMissing(err)) return;
      throw err;
    }
    for (const prefix of prefixes.filter((name) => /^[0-9a-f]{2}$/.test(name)).sort()) {
      const names = await readdir(path.join(this.#root, prefix));
      yield* names.filter((name) => FORMATS.sha256.test(name) && name.startsWith(prefix)).sort();
    }
  }
}
