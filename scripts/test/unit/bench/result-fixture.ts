import type { BenchResult, LevelResult, RestLevelResult } from '../../../src/bench/result';

/** A throughput level of 10 committed requests in 10 s, latencies 300/400/500 ms unless overridden. */
export const level = (clients: number, txPerSec: number, fields: Partial<LevelResult> = {}): LevelResult => ({
  clients,
  attempts: 10,
  committed: 10,
  failed: 0,
  elapsedS: 10,
  txPerSec,
  p50Ms: 300,
  p95Ms: 400,
  p99Ms: 500,
  failures: {},
  ...fields,
});

/** A REST level with its read-model lag p95. */
export const restLevel = (
  clients: number,
  txPerSec: number,
  lagP95: number,
  fields: Partial<LevelResult> = {},
): RestLevelResult => ({
  ...level(clients, txPerSec, fields),
  readModelLagBlocks: { count: 20, p50: 0, p95: lagP95, max: lagP95 },
});

/** A bench result of no phase on a 2-core machine with a 250 ms batch timeout; `fields` add phases. */
export const benchResult = (fields: Partial<BenchResult> = {}): BenchResult => ({
  startedAt: '2026-01-01T00:00:00.000Z',
  finishedAt: '2026-01-01T00:01:00.000Z',
  command: 'npm run bench -- --duration 10',
  options: {
    durationS: 10,
    concurrency: [1],
    phases: ['raw', 'rest'],
    maxRequests: 100,
    issuances: 2,
    blocks: 1,
    aefActions: 0,
    aefSynthetic: 0,
  },
  machine: {
    cpus: 2,
    cpuModel: 'cpu',
    memoryGiB: 4,
    node: 'v20',
    fabric: 'v3',
    batchTimeoutMs: 250,
    os: 'Linux',
    loadAverageStart: [1, 1, 1],
    loadAverageEnd: [2, 2, 2],
  },
  fixtureRetries: {},
  errors: {},
  ...fields,
});
