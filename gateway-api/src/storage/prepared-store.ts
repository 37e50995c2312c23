import type Database from 'better-sqlite3';
import type { PreparedPersistence, PreparedRecord } from '../offline/prepared';
import { openPrivateDatabase } from './sqlite-file';

const DDL = `
CREATE TABLE IF NOT EXISTS prepared (
  id         TEXT PRIMARY KEY,
  owner      TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  state      TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS prepared_expiry ON prepared (expires_at);`;

/**
 * The offline-signing steps' prepared transactions on disk (one row each, owner-only SQLite): a gateway restarted
 * between two steps, or after sending a signed transaction whose outcome the client never heard, still knows them,
 * so the client's next step (or repeated submit) goes on with the same transaction instead of a new one.
 */
export class SqlitePreparedStore implements PreparedPersistence {
  readonly #db: Database.Database;

  constructor(file: string) {
    this.#db = openPrivateDatabase(file, DDL);
  }

  load(now: number): PreparedRecord[] {
    this.#db.prepare('DELETE FROM prepared WHERE expires_at <= ?').run(now);
    return this.#db
      .prepare<[], { id: string; owner: string; expires_at: number; state: string }>(
        'SELECT id, owner, expires_at, state FROM prepared ORDER BY expires_at',
      )
      .all()
      .map((row) => ({ id: row.id, owner: row.owner, expiresAt: row.expires_at, state: row.state }));
  }

  save(record: PreparedRecord, now: number): void {
    this.#db.transaction(() => {
      this.#db.prepare('DELETE FROM prepared WHERE expires_at <= ?').run(now);
      this.#db
        .prepare('INSERT OR REPLACE INTO prepared (id, owner, expires_at, state) VALUES (?, ?, ?, ?)')
        .run(record.id, record.owner, record.expiresAt, record.state);
    })();
  }

  forget(id: string): void {
    this.#db.prepare('DELETE FROM prepared WHERE id = ?').run(id);
  }

  close(): void {
    this.#db.close();
  }
}
