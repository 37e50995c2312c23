import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * Opens (or creates) a SQLite database of the gateway's own state at `file`: owner-only (0600; SQLite gives its -wal
 * and -shm files the database's mode), WAL, `synchronous = FULL` (a change is on disk when its transaction returns),
 * with `ddl` applied.
 */
export function openPrivateDatabase(file: string, ddl: string): Database.Database {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(ddl);
  return db;
}
