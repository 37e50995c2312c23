import { expect } from 'chai';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ReadModelDiskFullError } from '../../src/errors';
import { freeBytes, isDiskFull, readModelOpener } from '../../src/read-model/disk';
import { ReadModelStore } from '../../src/read-model/store';

describe("read model disk guard: views answer 503 READ_MODEL_DISK_FULL while the database's disk is full", () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-rm-disk-'));
    file = path.join(dir, 'registry.sqlite');
    ReadModelStore.openWriter(file).close();
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens the database while at least the minimum is free, and refuses below it with the bytes free', () => {
    const plenty = readModelOpener(file, 1_048_576, () => ({ bavail: 1_000, bsize: 4096 }));
    const store = plenty();
    expect(store.status().blockHeight).to.equal(0);
    store.close();
    const full = readModelOpener(file, 1_048_576, () => ({ bavail: 2, bsize: 4096 }));
    expect(full).to.throw(ReadModelDiskFullError, '(8192 bytes free)');
  });

  it('does not look at the disk with a minimum of 0, and opens when the disk cannot be read', () => {
    const unreadable = () => {
      throw new Error('ENOSYS');
    };
    expect(freeBytes(file, unreadable)).to.equal(undefined);
    for (const open of [
      readModelOpener(file, 0, () => ({ bavail: 0, bsize: 4096 })),
      readModelOpener(file, 1, unreadable),
    ]) {
      const store = open();
      expect(store.status().blockHeight).to.equal(0);
      store.close();
    }
  });

  it('reads the real free space of the folder that holds the database', () => {
    expect(freeBytes(file)).to.be.a('number').greaterThan(0);
  });

  it("recognises SQLite's own disk-full failure (SQLITE_FULL), and no other", () => {
    const db = new Database(path.join(dir, 'capped.sqlite'));
    db.exec('CREATE TABLE t (v TEXT)');
    db.pragma('max_page_count = 4');
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    let failure: unknown;
    try {
      for (let i = 0; i < 100; i++) insert.run('x'.repeat(1000));
    } catch (err) {
      failure = err;
    }
    db.close();
    expect(isDiskFull(failure)).to.equal(true);
    expect(isDiskFull(new Error('SQLITE_FULL'))).to.equal(false);
  });
});
