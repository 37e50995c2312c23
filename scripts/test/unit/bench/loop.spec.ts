import { expect } from 'chai';
import { closedLoop } from '../../../src/bench/loop';
import type { Outcome } from '../../../src/bench/stats';

describe('closed loop', () => {
  it('stops at the hard cap of requests even when the duration is long', async () => {
    const result = await closedLoop({
      clients: 4,
      durationMs: 60_000,
      maxRequests: 10,
      request: () => Promise.resolve<Outcome>({ ok: true }),
    });
    expect(result.samples).to.have.length(10);
  });

  it('stops by itself when the duration is over', async () => {
    const started = Date.now();
    const result = await closedLoop({
      clients: 2,
      durationMs: 50,
      maxRequests: 1_000_000,
      request: () =>
        new Promise<Outcome>((resolve) =>
          setTimeout(() => {
            resolve({ ok: true });
          }, 5),
        ),
    });
    expect(Date.now() - started).to.be.below(1000);
    expect(result.samples.length).to.be.above(0);
  });

  it('keeps each client to one request in flight', async () => {
    const inFlight = new Map<number, number>();
    let worst = 0;
    await closedLoop({
      clients: 3,
      durationMs: 60_000,
      maxRequests: 30,
      request: async (client) => {
        inFlight.set(client, (inFlight.get(client) ?? 0) + 1);
        worst = Math.max(worst, inFlight.get(client) ?? 0);
        await new Promise((resolve) => setTimeout(resolve, 1));
        inFlight.set(client, (inFlight.get(client) ?? 0) - 1);
        return { ok: true };
      },
    });
    expect(worst).to.equal(1);
  });

  it('counts a request that throws as a failure and goes on', async () => {
    const result = await closedLoop({
      clients: 1,
      durationMs: 60_000,
      maxRequests: 3,
      request: (_client, seq) => (seq === 1 ? Promise.reject(new TypeError('boom')) : Promise.resolve({ ok: true })),
    });
    expect(result.samples.map((s) => s.outcome)).to.deep.equal([
      { ok: true },
      { ok: false, code: 'THROWN TypeError' },
      { ok: true },
    ]);
  });

  it('measures each latency and the elapsed time with the given clock', async () => {
    let clock = 0;
    const result = await closedLoop({
      clients: 1,
      durationMs: 1000,
      maxRequests: 2,
      now: () => clock,
      request: () => {
        clock += 40;
        return Promise.resolve({ ok: true });
      },
    });
    expect(result.samples.map((s) => s.latencyMs)).to.deep.equal([40, 40]);
    expect(result.elapsedMs).to.equal(80);
  });
});
