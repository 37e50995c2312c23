import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import type { CommittedBlock } from '../../src/read-model/decode';
import { ReadModelStore } from '../../src/read-model/store';

/** A block of `count` transactions that touch nothing the read model keeps (configuration-like). */
function emptyBlock(number: number, count: number): CommittedBlock {
  return {
    number,
    hash: `h${number}`,
    previousHash: number === 0 ? '' : `h${number - 1}`,
    transactions: Array.from({ length: count }, (_, index) => ({
      index,
      txId: `${number}-${index}`,
      at: '2026-01-01T00:00:00.000Z',
      validationCode: 'NOT_VALIDATED',
      chaincode: null,
      writes: [],
      event: undefined,
    })),
  };
}

describe('read model transaction count and schema migration', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-migrate-'));
    file = path.join(dir, 'registry.sqlite');
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('counts every transaction of every block it follows, starting at 0', () => {
    const store = ReadModelStore.openWriter(file);
    try {
      expect(store.transactionCount()).to.equal(0);
      store.applyBlock(emptyBlock(0, 1));
      store.applyBlock(emptyBlock(1, 3));
      expect(store.transactionCount()).to.equal(4);
      expect(store.status().blockHeight).to.equal(2);
    } finally {
      store.close();
    }
  });

  it('rebuilds a version 1 database (which has no count) from block 0, and reads it as the current version', () => {
    const store = ReadModelStore.openWriter(file);
    store.applyBlock(emptyBlock(0, 2));
    store.close();
    const db = new Database(file);
    db.prepare("UPDATE meta SET value = '1' WHERE key = 'schema_version'").run();
    db.prepare("DELETE FROM meta WHERE key = 'transaction_count'").run();
    db.close();
    const old = ReadModelStore.openReader(file);
    expect(old.transactionCount()).to.equal(null);
    old.close();

    const migrated = ReadModelStore.openWriter(file);
    try {
      expect(migrated.status().blockHeight).to.equal(0);
      expect(migrated.transactionCount()).to.equal(0);
      migrated.applyBlock(emptyBlock(0, 2));
      expect(migrated.transactionCount()).to.equal(2);
    } finally {
      migrated.close();
    }
  });

  it('rebuilds a version 2 database (one action per transaction) from block 0 into tables that number actions', () => {
    const store = ReadModelStore.openWriter(file);
    store.applyBlock(emptyBlock(0, 2));
    store.close();
    const db = new Database(file);
    // Version 2's action log: no `part`, one row per transaction.
    db.exec('DROP TABLE actions');
    db.exec('CREATE TABLE actions (seq INTEGER PRIMARY KEY, tx_id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL) STRICT');
    db.prepare("UPDATE meta SET value = '2' WHERE key = 'schema_version'").run();
    db.close();

    const migrated = ReadModelStore.openWriter(file);
    try {
      expect(migrated.status().blockHeight).to.equal(0);
      expect(migrated.transactionCount()).to.equal(0);
    } finally {
      migrated.close();
    }
    const check = new Database(file, { readonly: true });
    try {
      const columns = check.prepare<[], { name: string }>('PRAGMA table_info(actions)').all();
      expect(columns.map((c) => c.name)).to.include('part');
      expect(check.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get()).to.equal('3');
    } finally {
      check.close();
    }
  });

  it('refuses a database of a newer version, naming the file', () => {
    ReadModelStore.openWriter(file).close();
    const db = new Database(file);
    db.prepare("UPDATE meta SET value = '99' WHERE key = 'schema_version'").run();
    db.close();
    expect(() => ReadModelStore.openWriter(file)).to.throw(/schema version 99, expected 3/);
  });
});
