import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes `data` to `file` so that readers see either the old or the new content, never a torn file:
 * write a temporary sibling, fsync it, rename it over the target, fsync the folder.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, 'w', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  const dirHandle = await open(dir, 'r');
  try {
    await dirHandle.sync();
  } catch {
    // Some file systems refuse fsync on folders; the rename is still atomic there.
  } finally {
    await dirHandle.close();
  }
}

/** Reads and parses a JSON file, or returns undefined when it does not exist. */
export async function readJsonFile(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Serialises async tasks: each runs after the previous one settled. */
class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.#tail.then(task, task);
    this.#tail = next.catch(() => undefined);
    return next;
  }
}

/**
 * A small JSON document persisted atomically. Changes are applied to the in-memory value, then written;
 * writes are serialised so the file always holds a complete, recent snapshot.
 */
export class JsonDocument<T> {
  readonly #file: string;
  readonly #queue = new SerialQueue();
  #value: T;

  private constructor(file: string, value: T) {
    this.#file = file;
    this.#value = value;
  }

  /** Loads the document, validating it with `parse`, or starts from `initial` when the file is absent. */
  static async open<T>(file: string, parse: (raw: unknown) => T, initial: () => T): Promise<JsonDocument<T>> {
    const raw = await readJsonFile(file);
    return new JsonDocument(file, raw === undefined ? initial() : parse(raw));
  }

  get value(): T {
    return this.#value;
  }

  /** Replaces the in-memory value with one just read from the file (another process wrote it). */
  replaceInMemory(value: T): void {
    this.#value = value;
  }

  /** Applies `change` to the value and persists the result; resolves once it is on disk. */
  update<R>(change: (value: T) => R): Promise<R> {
    return this.#queue.run(async () => {
      const result = change(this.#value);
      await writeFileAtomic(this.#file, `${JSON.stringify(this.#value, null, 2)}\n`);
      return result;
    });
  }
}
