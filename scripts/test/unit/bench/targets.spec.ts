import { expect } from 'chai';
import type { AefSyntheticRun } from '../../../src/bench/result';
import { renderMarkdown } from '../../../src/bench/report';
import { targetVerdicts, type TargetVerdict } from '../../../src/bench/targets';
import { benchResult, level, restLevel } from './result-fixture';

const byTarget = (verdicts: readonly TargetVerdict[], start: string): TargetVerdict => {
  const found = verdicts.find((v) => v.target.startsWith(start));
  if (found === undefined) throw new Error(`no target starting ${start}`);
  return found;
};

const aefRun = (format: string, ms: number, peakRssMiB: number): AefSyntheticRun => ({
  format,
  ms,
  cpuMs: ms,
  bytes: 1,
  peakRssMiB,
  rssBeforeMiB: 90,
});

describe('bench targets', () => {
  const result = benchResult({
    raw: [level(1, 3), level(64, 40)],
    chaincode: [level(64, 37, { failures: { MVCC_READ_CONFLICT: 2 } })],
    rest: [restLevel(1, 3, 1, { p50Ms: 340, p95Ms: 400 }), restLevel(64, 24, 3, { p95Ms: 1100 })],
    issuance: {
      issuances: 20,
      oneCredit: { count: 10, p50: 300, p95: 320, max: 330 },
      billionCredits: { count: 10, p50: 320, p95: 330, max: 340 },
      billionToOne: 1.07,
      firstThird: { count: 6, p50: 300, p95: 320, max: 330 },
      lastThird: { count: 6, p50: 360, p95: 380, max: 390 },
      lastToFirst: 1.2,
      failures: {},
    },
    aef: {
      ledgerHeight: 10,
      year: 2026,
      rowsBySheet: {},
      generatedActions: 0,
      peakRssBeforeMiB: null,
      peakReset: false,
      runs: [],
      synthetic: {
        actions: 100_000,
        byKind: {},
        year: 2026,
        blockHeight: 10,
        seconds: 1,
        database: 'x.sqlite',
        rowsBySheet: {},
        runs: [aefRun('json', 4_700, 186), aefRun('xlsx', 8_900, 290)],
      },
    },
  });
  const verdicts = targetVerdicts(result);

  it('holds a throughput floor as limit ÷ measured: REST 0.60× raw misses 0.8, chaincode 0.93× meets 0.9', () => {
    expect(byTarget(verdicts, 'REST transfers')).to.include({ measured: '0.60× raw', ratio: 1.33, met: false });
    expect(byTarget(verdicts, 'chaincode Transfer')).to.include({ measured: '0.93× raw', met: true });
  });

  it('holds the 64-client p95 to twice the 1-client p95 plus the batch timeout, and the 1-client p50 near it', () => {
    expect(byTarget(verdicts, 'REST p95')).to.include({ measured: '1100 ms', ratio: 1.05, met: false });
    expect(byTarget(verdicts, 'REST p95').note).to.equal('limit 1050 ms');
    expect(byTarget(verdicts, 'REST p50 at 1 client')).to.include({ measured: '340 ms', met: true });
  });

  it('counts MVCC conflicts of every level, and judges issuance growth and read-model lag', () => {
    expect(byTarget(verdicts, '0 MVCC')).to.include({ measured: '2', met: false });
    expect(byTarget(verdicts, 'issuing 10^9')).to.include({ met: true, ratio: 0.97 });
    expect(byTarget(verdicts, 'issuance time')).to.include({ met: false });
    expect(byTarget(verdicts, 'issuance time').note).to.contain('20 issuances');
    expect(byTarget(verdicts, 'read-model lag')).to.include({ measured: '3 blocks', met: false });
  });

  it('judges the AEF by its slowest format and its highest peak, in MB', () => {
    expect(byTarget(verdicts, 'AEF over')).to.include({ measured: '8.9 s', met: true });
    expect(byTarget(verdicts, 'AEF peak')).to.include({ measured: '304 MB', met: false });
  });

  it('says "not measured" for a phase that did not run, and prints the table', () => {
    expect(byTarget(verdicts, 'balance look-up')).to.include({ met: null, measured: '–' });
    const markdown = renderMarkdown(result);
    expect(markdown).to.contain('| AEF peak RSS < 300 MB | 304 MB | 1.01 | NOT met |');
    expect(markdown).to.contain(
      '| balance look-up p95 < 50 ms (REST) | – | – | not measured | not measured in this run |',
    );
  });
});
