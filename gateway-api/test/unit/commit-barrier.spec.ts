import { expect } from 'chai';
import pino from 'pino';
import sinon from 'sinon';
import { type After, type BarrierOutcome, CommitBarrier } from '../../src/fabric/commit-barrier';
import { ReadYourWritesLedger } from '../../src/fabric/read-your-writes';
import { stubLedger } from './helpers';

const GOV = 'GovernmentMSP';
const CERT = 'CertifierMSP';
const DEV = 'DeveloperMSP';
const ALL = [GOV, CERT, DEV];

/** A clock that moves only when told: timers fire during `tick`, in due order. */
function fakeClock() {
  let now = 0;
  const timers = new Set<{ at: number; fn: () => void }>();
  const after: After = (ms, fn) => {
    const timer = { at: now + ms, fn };
    timers.add(timer);
    return () => {
      timers.delete(timer);
    };
  };
  const tick = async (ms: number): Promise<void> => {
    now += ms;
    for (const timer of [...timers].sort((a, b) => a.at - b.at)) {
      if (timer.at > now) break;
      timers.delete(timer);
      timer.fn();
    }
    await settle();
  };
  return { after, tick, pending: () => timers.size };
}

/** Lets resolved promises run their callbacks. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A promise's state without waiting for it. */
async function stateOf<T>(promise: Promise<T>): Promise<{ settled: false } | { settled: true; value: T }> {
  let state: { settled: false } | { settled: true; value: T } = { settled: false };
  void promise.then((value) => (state = { settled: true, value }));
  await settle();
  return state;
}

/** A barrier following the three peers at `height`, after a write committed in `mark`. */
function barrierAt(height: number, mark: number) {
  const clock = fakeClock();
  const barrier = new CommitBarrier(clock.after);
  for (const peer of ALL) barrier.reached(peer, height);
  barrier.committed(mark);
  return { barrier, clock };
}

describe('commit barrier (read-your-writes across peers)', () => {
  it('resolves at once before any commit, and when every awaited peer already holds the mark', async () => {
    const clock = fakeClock();
    const fresh = new CommitBarrier(clock.after);
    fresh.reached(DEV, 3);
    expect(await fresh.wait(ALL, 3_000)).to.deep.equal({ reached: true });
    const { barrier } = barrierAt(11, 10);
    expect(await barrier.wait(ALL, 3_000)).to.deep.equal({ reached: true });
    expect(clock.pending(), 'no timer left behind').to.equal(0);
  });

  it('resolves as soon as every awaited height passes the mark, and not before', async () => {
    const { barrier, clock } = barrierAt(10, 10);
    const waiting = barrier.wait(ALL, 3_000);
    barrier.reached(GOV, 11);
    barrier.reached(CERT, 11);
    expect(await stateOf(waiting), 'the developer peer has not committed block 10').to.deep.equal({ settled: false });
    barrier.reached(DEV, 11);
    expect(await stateOf(waiting)).to.deep.equal({ settled: true, value: { reached: true } });
    expect(clock.pending(), 'its timer is cancelled').to.equal(0);
  });

  it('times out after the bound, naming the peers still behind and their heights', async () => {
    const { barrier, clock } = barrierAt(10, 10);
    barrier.reached(GOV, 11);
    const waiting = barrier.wait(ALL, 3_000);
    await clock.tick(2_999);
    expect(await stateOf(waiting)).to.deep.equal({ settled: false });
    await clock.tick(1);
    const timedOut: BarrierOutcome = {
      reached: false,
      mark: 10,
      lagging: [
        { peer: CERT, height: 10 },
        { peer: DEV, height: 10 },
      ],
    };
    expect(await stateOf(waiting)).to.deep.equal({ settled: true, value: timedOut });
  });

  it('keeps the mark and the heights growing only', () => {
    const { barrier } = barrierAt(10, 12);
    barrier.committed(7);
    expect(barrier.mark).to.equal(12);
    barrier.reached(DEV, 4);
    expect(barrier.heightOf(DEV)).to.equal(10);
  });

  it('awaits the mark of its start: a commit during the wait does not hold it longer', async () => {
    const { barrier } = barrierAt(10, 10);
    const waiting = barrier.wait(ALL, 3_000);
    barrier.committed(11);
    for (const peer of ALL) barrier.reached(peer, 11);
    expect(await stateOf(waiting)).to.deep.equal({ settled: true, value: { reached: true } });
    expect(await stateOf(barrier.wait(ALL, 3_000)), 'a new wait awaits block 11').to.deep.equal({ settled: false });
  });

  it('does not await a peer it does not follow, and a wait on a peer that is lost ends', async () => {
    const { barrier } = barrierAt(10, 10);
    const waiting = barrier.wait([DEV], 3_000);
    barrier.lost(DEV);
    expect(await stateOf(waiting)).to.deep.equal({ settled: true, value: { reached: true } });
    const following = barrierAt(11, 10).barrier;
    expect(await following.wait([...ALL, 'UnknownMSP'], 3_000)).to.deep.equal({ reached: true });
  });

  it("raises the committing peer's height with the commit, since its commit status says it holds the block", async () => {
    const { barrier } = barrierAt(10, 9);
    barrier.committed(10, GOV);
    expect(barrier.heightOf(GOV)).to.equal(11);
    expect(await barrier.wait([GOV], 3_000), 'a read through the same peer waits for nothing').to.deep.equal({
      reached: true,
    });
    expect(await stateOf(barrier.wait([DEV], 3_000)), 'a read through another peer waits').to.deep.equal({
      settled: false,
    });
    barrier.lost(CERT);
    barrier.committed(11, CERT);
    expect(barrier.heightOf(CERT), 'an unfollowed peer stays unfollowed').to.equal(undefined);
  });
});

describe('read-your-writes ledger', () => {
  const gov = { mspId: GOV, enrollmentId: 'gov-admin' };
  const dev = { mspId: DEV, enrollmentId: 'dev-admin' };

  function setup(height: number, mark: number) {
    const { barrier, clock } = barrierAt(height, mark);
    const inner = stubLedger();
    const logger = pino({ level: 'silent' });
    const warn = sinon.spy(logger, 'warn');
    const ledger = new ReadYourWritesLedger(inner, { barrier, peers: ALL, boundMs: 3_000, logger });
    return { barrier, clock, inner, ledger, warn };
  }

  it("endorses a write only once every peer holds the last write's block, then raises the mark", async () => {
    const { barrier, inner, ledger } = setup(10, 9);
    inner.submit.resolves({ txId: 'a'.repeat(64), blockNumber: 10, result: {} });
    await ledger.submit(gov, 'projects', 'Authorise', {});
    expect(barrier.mark).to.equal(10);
    const next = ledger.submit(dev, 'monitoring', 'SubmitReport', {});
    await settle();
    expect(inner.submit.callCount, 'held until the other peers commit block 10').to.equal(1);
    barrier.reached(CERT, 11);
    barrier.reached(DEV, 11);
    await next;
    expect(inner.submit.callCount).to.equal(2);
  });

  it("holds a read only for the reader's own peer", async () => {
    const { barrier, inner, ledger } = setup(10, 10);
    inner.evaluate.resolves({ id: 'P-1' });
    barrier.reached(DEV, 11);
    expect(await ledger.evaluate(dev, 'projects', 'GetProject', { id: 'P-1' })).to.deep.equal({ id: 'P-1' });
    const read = ledger.evaluate(gov, 'projects', 'GetProject', { id: 'P-1' });
    await settle();
    expect(inner.evaluate.callCount, 'the government peer has not committed block 10').to.equal(1);
    barrier.reached(GOV, 11);
    await read;
    expect(inner.evaluate.callCount).to.equal(2);
  });

  it('goes ahead after the bound, logging the lagging peers at warn', async () => {
    const { clock, inner, ledger, warn } = setup(10, 10);
    inner.submit.resolves({ txId: 'b'.repeat(64), blockNumber: 11, result: {} });
    const write = ledger.submit(dev, 'credits', 'Transfer', {});
    await clock.tick(3_000);
    expect((await write).blockNumber).to.equal(11);
    expect(warn.callCount).to.equal(1);
    expect(warn.firstCall.args[0]).to.deep.include({ before: 'write', mark: 10 });
  });
});
