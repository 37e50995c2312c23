import { expect } from 'chai';
import { distribution, groupFailures, percentile, type Sample, summarize } from '../../../src/bench/stats';

const ok = (latencyMs: number): Sample => ({ latencyMs, outcome: { ok: true } });
const failed = (code: string, latencyMs = 5): Sample => ({ latencyMs, outcome: { ok: false, code } });

describe('bench statistics', () => {
  describe('percentile (nearest rank)', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);

    it('returns the value at rank ceil(p/100 × n) of sorted values', () => {
      expect(percentile(hundred, 50)).to.equal(50);
      expect(percentile(hundred, 95)).to.equal(95);
      expect(percentile(hundred, 99)).to.equal(99);
      expect(percentile([10, 20, 30], 50)).to.equal(20);
      expect(percentile([10, 20, 30, 40], 50)).to.equal(20);
    });

    it('returns an observed value, never an interpolation, at the edges', () => {
      expect(percentile([7], 99)).to.equal(7);
      expect(percentile([3, 9], 0)).to.equal(3);
      expect(percentile([3, 9], 100)).to.equal(9);
    });

    it('is null for no values and refuses a percentile outside [0, 100]', () => {
      expect(percentile([], 50)).to.equal(null);
      expect(() => percentile([1], 101)).to.throw(RangeError);
      expect(() => percentile([1], -1)).to.throw(RangeError);
    });
  });

  it('groups failures by code, codes sorted, successes left out', () => {
    const samples = [
      failed('MVCC_READ_CONFLICT'),
      ok(1),
      failed('HTTP 429 RATE_LIMITED'),
      failed('MVCC_READ_CONFLICT'),
    ];
    const groups = groupFailures(samples);
    expect(groups).to.deep.equal({ 'HTTP 429 RATE_LIMITED': 1, MVCC_READ_CONFLICT: 2 });
    expect(Object.keys(groups)).to.deep.equal(['HTTP 429 RATE_LIMITED', 'MVCC_READ_CONFLICT']);
  });

  it('summarises a run: rate of committed requests over wall time, percentiles of committed latencies only', () => {
    const samples = [ok(300), ok(100), ok(200), failed('ENDORSE ABORTED', 1)];
    const summary = summarize(samples, 2000);
    expect(summary).to.deep.equal({
      attempts: 4,
      committed: 3,
      failed: 1,
      elapsedS: 2,
      txPerSec: 1.5,
      p50Ms: 200,
      p95Ms: 300,
      p99Ms: 300,
      failures: { 'ENDORSE ABORTED': 1 },
    });
  });

  it('summarises a run where nothing committed without inventing latencies', () => {
    const summary = summarize([failed('X')], 1000);
    expect(summary.txPerSec).to.equal(0);
    expect(summary.p50Ms).to.equal(null);
    expect(summarize([], 0).txPerSec).to.equal(0);
  });

  it('describes a series (e.g. read-model lag) by count, p50, p95 and max', () => {
    expect(distribution([2, 0, 1, 0, 0])).to.deep.equal({ count: 5, p50: 0, p95: 2, max: 2 });
    expect(distribution([])).to.deep.equal({ count: 0, p50: null, p95: null, max: null });
  });
});
