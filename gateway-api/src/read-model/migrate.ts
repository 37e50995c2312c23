import type Database from 'better-sqlite3';
import { DDL, SCHEMA_VERSION } from './schema';

const versionOf = (db: Database.Database): number | undefined => {
  if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get() === undefined) {
    return undefined;
  }
  const row = db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'schema_version'").get();
  return row === undefined ? undefined : Number(row.value);
};

/** Drops every table: the follower then projects the ledger again from block 0 into this version's tables. */
function rebuild(db: Database.Database): void {
  const tables = db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all();
  for (const { name } of tables) db.exec(`DROP TABLE ${name}`);
  db.exec(DDL);
}

/**
 * How a database of each earlier version becomes one of {@link SCHEMA_VERSION}, in one SQLite transaction. Version 2
 * keeps a running count of every transaction (`meta.transaction_count`), which the tables of version 1 cannot tell
 * (they hold the registry's actions only); version 3 numbers the actions of a transaction (`actions.part`), where
 * version 2 allowed one per transaction and left out the second block of an issuance with a share of proceeds:
 * databases of both are rebuilt from the ledger.
 */
const MIGRATIONS: Readonly<Record<number, (db: Database.Database) => void>> = { 1: rebuild, 2: rebuild };

/**
 * Creates the tables of a new database, or brings an older one to this version; refuses a newer one (or a version
 * with no migration) naming the file.
 */
export function prepareSchema(db: Database.Database, file: string): void {
  const found = versionOf(db);
  if (found !== undefined && found !== SCHEMA_VERSION) {
    const migrate = found < SCHEMA_VERSION ? MIGRATIONS[found] : undefined;
    if (migrate === undefined) {
      throw new Error(`${file} has schema version ${found}, expected ${SCHEMA_VERSION}: delete it to rebuild`);
    }
    // Before this version's DDL, whose indexes may name columns an older table lacks.
    db.transaction(() => {
      migrate(db);
    }).immediate();
  }
  db.exec(DDL);
  if (versionOf(db) === undefined) {
    const set = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    set.run('schema_version', String(SCHEMA_VERSION));
    set.run('transaction_count', '0');
  }
}
