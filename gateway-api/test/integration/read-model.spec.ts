import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { ReadModelStore } from '../../src/read-model/store';
import { ReadModelNotReadyError } from '../../src/read-model/store-types';
import { api, once, repoRoot, siteHome } from './support';

/*
 * The read model against the real network: a private copy (its own SQLite file, its own process) is built from
 * block 0, killed with SIGKILL mid-stream and inside a block's SQLite transaction, restarted, and must end up
 * identical to the running read model (deleting the file and restarting rebuilds the same state) and agree with
 * the chaincode state (reconcile).
 */

const main = path.join(repoRoot, 'gateway-api', 'dist', 'src', 'read-model', 'main.js');
const crashingMain = path.join(repoRoot, 'gateway-api', 'dist', 'test', 'integration', 'crashing-read-model.js');
const reconcileMain = path.join(repoRoot, 'gateway-api', 'dist', 'src', 'read-model', 'reconcile-main.js');
/** The government's site: its read model is the one the auditor's reports read. */
const site = siteHome('GovernmentMSP');
const liveDb = path.join(site, 'read-model', 'registry.sqlite');
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function startFollower(db: string, env: Record<string, string> = {}, entry = main): ChildProcess {
  return spawn(process.execPath, [entry], {
    env: { ...process.env, NCR_HOME: site, NCR_READMODEL_DB: db, LOG_LEVEL: 'warn', ...env },
    stdio: 'ignore',
  });
}

function heightOf(db: string): number {
  if (!existsSync(db)) return 0;
  let store: ReadModelStore;
  try {
    store = ReadModelStore.openReader(db);
  } catch (err) {
    if (err instanceof ReadModelNotReadyError) return 0; // the follower has just created the file
    throw err;
  }
  try {
    return store.status().blockHeight;
  } finally {
    store.close();
  }
}

async function until(what: string, check: () => boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await sleep(100);
  }
}

const exited = (child: ChildProcess): Promise<NodeJS.Signals | number | null> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.signalCode ?? child.exitCode);
    else
      child.once('exit', (code, signal) => {
        resolve(signal ?? code);
      });
  });

/** Rows of every table for blocks below `height` (meta left out: it is the checkpoint itself). */
function dumpBelow(db: string, height: number): Record<string, string[]> {
  const store = ReadModelStore.openReader(db);
  try {
    const dump = store.dump();
    return Object.fromEntries(
      Object.entries(dump)
        .filter(([table]) => table !== 'meta')
        .map(([table, rows]) => [
          table,
          rows.filter((row) => (JSON.parse(row) as { block_number: number }).block_number < height),
        ]),
    );
  } finally {
    store.close();
  }
}

describe('read model: killed at any point, it resumes at its checkpoint with nothing lost or doubled', function () {
  this.timeout(300_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'ncr-read-model-'));
  const db = path.join(dir, 'registry.sqlite');
  let ledgerHeight = 0;
  let follower: ChildProcess | undefined;

  /*
   * The private copy's life, step by step. Each step runs once, after the steps before it, when a hook or test first
   * needs it: a test run alone finds the copy in the state it expects, and the whole suite takes one copy through.
   */
  const killedMidStream = once(async () => {
    const slow = startFollower(db, { NCR_READMODEL_BLOCK_DELAY_MS: '40' });
    await until('a few blocks projected', () => heightOf(db) >= 10);
    slow.kill('SIGKILL');
    return { exit: await exited(slow), at: heightOf(db) };
  });
  const killedInsideBlock = once(async () => {
    await killedMidStream();
    const target = heightOf(db) + 3;
    const crashing = startFollower(db, { CRASH_AT_BLOCK: String(target) }, crashingMain);
    return { exit: await exited(crashing), target, at: heightOf(db) };
  });
  const caughtUp = once(async () => {
    await killedInsideBlock();
    follower = startFollower(db);
    await until('caught up with the ledger', () => heightOf(db) >= ledgerHeight);
    await until('the running read model caught up', () => heightOf(liveDb) >= ledgerHeight);
  });

  before(async () => {
    const ledger = await api('GET', '/v1/ledger', 'auditor');
    ledgerHeight = ledger.body.height as number;
    expect(ledgerHeight, 'the ledger needs some history for this test').to.be.greaterThan(30);
  });

  after(() => {
    follower?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  describe('a new copy', () => {
    it('SIGKILL mid-stream: the checkpoint is a whole block and the next run continues from it', async () => {
      const { exit, at } = await killedMidStream();
      expect(exit).to.equal('SIGKILL');
      expect(at, 'killed mid-stream').to.be.within(10, ledgerHeight - 1);
    });
  });

  describe('a copy killed mid-stream', () => {
    before(async () => {
      await killedMidStream();
    });

    it('SIGKILL inside a block’s SQLite transaction: that block is not half-applied, it is applied again on restart', async () => {
      const { exit, target, at } = await killedInsideBlock();
      expect(exit).to.equal('SIGKILL');
      expect(at, 'the block being committed when killed is not in the database').to.equal(target);
    });
  });

  describe('a copy killed mid-stream and inside a block', () => {
    before(async () => {
      await killedInsideBlock();
    });

    it('restarted, it catches up; its tables equal the running read model’s, block for block', async () => {
      await caughtUp();
      const rebuilt = dumpBelow(db, ledgerHeight);
      const live = dumpBelow(liveDb, ledgerHeight);
      expect(rebuilt.actions?.length, 'actions replayed').to.be.greaterThan(0);
      expect(rebuilt).to.deep.equal(live);
      const store = ReadModelStore.openReader(db);
      // a transaction may log several actions (an issuance with a share of proceeds), each under its own part
      const actions = store.actions().map((a) => `${a.txId}/${String(a.part)}`);
      store.close();
      expect(new Set(actions).size, 'no action twice').to.equal(actions.length);
    });
  });

  describe('the copy restarted and caught up', () => {
    before(async () => {
      await caughtUp();
    });

    it('reconcile finds no difference between the rebuilt read model and the chaincode state', async () => {
      const outcome = spawnSync(process.execPath, [reconcileMain], {
        env: { ...process.env, NCR_HOME: site, NCR_READMODEL_DB: db },
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(outcome.stdout, outcome.stderr).to.contain('no differences');
      expect(outcome.status).to.equal(0);
      follower?.kill('SIGTERM');
      expect(await exited(follower as ChildProcess), 'a clean stop on SIGTERM').to.equal(0);
      follower = undefined;
    });
  });

  describe('the running read model', () => {
    it('npm run reconcile on the running read model prints no difference (exit 0)', () => {
      const outcome = spawnSync(process.execPath, [reconcileMain], {
        env: { ...process.env, NCR_HOME: site },
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(outcome.stdout, outcome.stderr).to.contain('no differences');
      expect(outcome.status).to.equal(0);
    });
  });
});
