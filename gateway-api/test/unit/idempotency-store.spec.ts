import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { type IdempotencyRecord, RETENTION_MS, SqliteIdempotencyStore } from '../../src/storage/idempotency-store';

const record = (createdAt: number, txId = 'a'.repeat(64)): IdempotencyRecord => ({
  requestHash: 'h',
  state: 'completed',
  status: 201,
  body: { txId },
  txId,
  createdAt,
});

describe('idempotency store (SQLite)', () => {
  let dir: string;
  let now: number;
  const clock = (): number => now;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'ncr-idem-'));
    now = 1_000_000_000_000;
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps a record across a reopen, replaces it, and forgets it on delete', async () => {
    const file = path.join(dir, 'idempotency.sqlite');
    const store = await SqliteIdempotencyStore.open(file, { now: clock });
    await store.put('user/k1', record(now));
    await store.put('user/k1', { ...record(now), state: 'unknown', status: undefined });
    store.close();
    const reopened = await SqliteIdempotencyStore.open(file, { now: clock });
    expect(reopened.get('user/k1')).to.deep.include({ state: 'unknown', txId: 'a'.repeat(64) });
    await reopened.delete('user/k1');
    expect(reopened.get('user/k1')).to.equal(undefined);
    reopened.close();
    for (const suffix of ['', '-wal', '-shm']) {
      if (existsSync(file + suffix)) expect(statSync(file + suffix).mode & 0o777, suffix).to.equal(0o600);
    }
  });

  it('answers nothing for an expired record and deletes expired records as new ones are written', async () => {
    const store = await SqliteIdempotencyStore.open(path.join(dir, 'idempotency.sqlite'), { now: clock });
    await store.put('user/old', record(now));
    now += RETENTION_MS;
    expect(store.get('user/old')).to.equal(undefined);
    await store.put('user/new', record(now));
    now -= RETENTION_MS; // back in time: the old row would answer again, had it not been deleted
    expect(store.get('user/old')).to.equal(undefined);
    store.close();
  });

  it('imports the JSON document of earlier versions once: unexpired records kept, the document removed', async () => {
    const legacyJson = path.join(dir, 'idempotency.json');
    const records = { 'user/fresh': record(now - 1000), 'user/stale': record(now - RETENTION_MS - 1) };
    writeFileSync(legacyJson, JSON.stringify({ version: 1, records }));
    const store = await SqliteIdempotencyStore.open(path.join(dir, 'idempotency.sqlite'), { legacyJson, now: clock });
    expect(store.get('user/fresh')).to.deep.equal(records['user/fresh']);
    expect(store.get('user/stale')).to.equal(undefined);
    expect(existsSync(legacyJson)).to.equal(false);
    store.close();
  });
});
