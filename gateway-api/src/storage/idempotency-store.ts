import { existsSync, rmSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { readJsonFile } from './atomic-file';
import { openPrivateDatabase } from './sqlite-file';

/** How long a key is remembered. */
export const RETENTION_MS = 24 * 60 * 60 * 1000;

const recordSchema = z.object({
  requestHash: z.string(),
  state: z.enum(['completed', 'unknown']),
  status: z.number().int().optional(),
  body: z.unknown().optional(),
  txId: z.string().optional(),
  /** Base64 of the endorsed transaction sent for ordering (state `unknown`), to send it again if it got lost. */
  envelope: z.string().optional(),
  createdAt: z.number(),
});
export type IdempotencyRecord = z.infer<typeof recordSchema>;

/** The JSON document earlier versions kept (`idempotency.json`), imported once. */
const legacySchema = z.object({ version: z.literal(1), records: z.record(z.string(), recordSchema) });

export interface IdempotencyStore {
  get(scope: string): IdempotencyRecord | undefined;
  put(scope: string, record: IdempotencyRecord): Promise<void>;
  delete(scope: string): Promise<void>;
}

const DDL = `
CREATE TABLE IF NOT EXISTS records (
  scope      TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  json       TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS records_created ON records (created_at);`;

/**
 * Persistent store: one SQLite row per scope (user and key), each change its own transaction, on disk when `put`
 * or `delete` resolves (WAL, `synchronous = FULL`), so a write costs the same however many records are kept.
 * Expired records are deleted as new ones are written (by the index on their creation time).
 */
export class SqliteIdempotencyStore implements IdempotencyStore {
  readonly #db: Database.Database;
  readonly #now: () => number;

  private constructor(db: Database.Database, now: () => number) {
    this.#db = db;
    this.#now = now;
  }

  /**
   * Opens (or creates) the store at `file`. A `legacyJson` document of an earlier version is imported once, its
   * unexpired records kept, then removed.
   */
  static async open(
    file: string,
    options: { legacyJson?: string; now?: () => number } = {},
  ): Promise<SqliteIdempotencyStore> {
    const db = openPrivateDatabase(file, DDL);
    const store = new SqliteIdempotencyStore(db, options.now ?? Date.now);
    if (options.legacyJson !== undefined && existsSync(options.legacyJson)) {
      const legacy = legacySchema.parse(await readJsonFile(options.legacyJson));
      db.transaction(() => {
        for (const [scope, record] of Object.entries(legacy.records)) store.#write(scope, record);
      })();
      rmSync(options.legacyJson);
    }
    return store;
  }

  get(scope: string): IdempotencyRecord | undefined {
    const row = this.#db
      .prepare<[string, number], { json: string }>('SELECT json FROM records WHERE scope = ? AND created_at > ?')
      .get(scope, this.#now() - RETENTION_MS);
    return row === undefined ? undefined : recordSchema.parse(JSON.parse(row.json));
  }

  #write(scope: string, record: IdempotencyRecord): void {
    this.#db
      .prepare('INSERT OR REPLACE INTO records (scope, created_at, json) VALUES (?, ?, ?)')
      .run(scope, record.createdAt, JSON.stringify(record));
  }

  #prune(): void {
    this.#db.prepare('DELETE FROM records WHERE created_at <= ?').run(this.#now() - RETENTION_MS);
  }

  put(scope: string, record: IdempotencyRecord): Promise<void> {
    this.#db.transaction(() => {
      this.#prune();
      this.#write(scope, record);
    })();
    return Promise.resolve();
  }

  delete(scope: string): Promise<void> {
    this.#db.transaction(() => {
      this.#prune();
      this.#db.prepare('DELETE FROM records WHERE scope = ?').run(scope);
    })();
    return Promise.resolve();
  }

  close(): void {
    this.#db.close();
  }
}
