import { expect } from 'chai';
import pino from 'pino';
import sinon from 'sinon';
import { CommitBarrier } from '../../src/fabric/commit-barrier';
import { type HeightStream, PeerHeights } from '../../src/fabric/peer-heights';

const GOV = 'GovernmentMSP';
const DEV = 'DeveloperMSP';

/** A height stream driven by the test: `push` delivers a block, `fail` breaks the stream. */
function fakeStream(height: number) {
  const queue: ({ block: number } | { error: Error })[] = [];
  let wake = (): void => undefined;
  const closed = sinon.spy();
  async function* blocks(): AsyncGenerator<number> {
    for (;;) {
      const next = queue.shift();
      if (next === undefined) await new Promise<void>((resolve) => (wake = resolve));
      else if ('error' in next) throw next.error;
      else yield next.block;
    }
  }
  const push = (item: { block: number } | { error: Error }): void => {
    queue.push(item);
    wake();
  };
  // Closing ends the stream with an error, as a cancelled gRPC stream does.
  const close = (): void => {
    closed();
    push({ error: new Error('1 CANCELLED: Cancelled on client') });
  };
  const stream: HeightStream = { height, blocks: blocks(), close };
  const block = (number: number): void => {
    push({ block: number });
  };
  const fail = (error: Error): void => {
    push({ error });
  };
  return { stream, closed, block, fail };
}

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(check(), 'condition reached').to.equal(true);
};

/** Both peers followed from the given heights, through test-driven streams. */
function following(govHeight: number, devHeight: number) {
  const streams: Record<string, ReturnType<typeof fakeStream>> = {
    [GOV]: fakeStream(govHeight),
    [DEV]: fakeStream(devHeight),
  };
  const barrier = new CommitBarrier();
  const heights = new PeerHeights({
    peers: [GOV, DEV],
    open: (mspId) => Promise.resolve(streams[mspId]!.stream),
    barrier,
    logger: pino({ level: 'silent' }),
  });
  heights.start();
  return { streams, barrier, heights };
}

describe('peer heights (one block stream per peer, opened again after a failure)', () => {
  it('tells the barrier the height at opening, then each committed block, per peer', async () => {
    const { streams, barrier, heights } = following(5, 7);
    await until(() => barrier.heightOf(GOV) === 5 && barrier.heightOf(DEV) === 7);
    streams[GOV]!.block(5);
    streams[GOV]!.block(6);
    await until(() => barrier.heightOf(GOV) === 7);
    expect(barrier.heightOf(DEV)).to.equal(7);
    await heights.close();
    expect(streams[GOV]!.closed.called && streams[DEV]!.closed.called, 'streams closed').to.equal(true);
  });

  it("raises the barrier's mark with each block a peer commits, so that another gateway's writes are awaited", async () => {
    const { streams, barrier, heights } = following(5, 5);
    await until(() => barrier.heightOf(GOV) === 5 && barrier.heightOf(DEV) === 5);
    streams[DEV]!.block(5);
    await until(() => barrier.mark === 5);
    let settled = false;
    const waited = barrier.wait([GOV, DEV], 10_000).then((outcome) => {
      settled = true;
      return outcome;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled, 'waits for the peer that does not hold block 5 yet').to.equal(false);
    streams[GOV]!.block(5);
    expect(await waited).to.deep.equal({ reached: true });
    await heights.close();
  });

  it('stops awaiting a peer whose stream fails, opens it again after a back-off, and stops on close', async () => {
    const opened = [fakeStream(5), fakeStream(9)];
    const open = sinon.stub();
    open.onFirstCall().resolves(opened[0]!.stream);
    open.onSecondCall().rejects(new Error('14 UNAVAILABLE: peer down'));
    open.onThirdCall().resolves(opened[1]!.stream);
    const barrier = new CommitBarrier();
    const logger = { info: sinon.spy(), warn: sinon.spy() };
    const heights = new PeerHeights({ peers: [DEV], open, barrier, logger, backoffMs: 1, maxBackoffMs: 4 });
    heights.start();
    await until(() => barrier.heightOf(DEV) === 5);
    opened[0]!.fail(new Error('14 UNAVAILABLE: stream broken'));
    await until(() => barrier.heightOf(DEV) === 9);
    expect(open.callCount, 'opened, failed to open, opened').to.equal(3);
    expect(logger.warn.callCount).to.equal(2);
    await heights.close();
    expect(opened[1]!.closed.called).to.equal(true);
    expect(barrier.heightOf(DEV), 'a closed follower follows nothing').to.equal(undefined);
    expect(open.callCount).to.equal(3);
  });
});
