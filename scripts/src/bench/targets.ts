import { cell, table } from './markdown';
import type { BenchResult, LevelResult } from './result';
import { ratio } from './stats';

/**
 * The performance targets the registry holds itself to, judged on one bench result: each target's measured figure,
 * the limit it is held to, their ratio and whether it is met. Pure, so that the verdicts are unit-tested; a target
 * whose phase did not run (or ran smaller than the target names) says so instead of a verdict.
 */
export interface TargetVerdict {
  readonly target: string;
  /** The measured figure, with its unit. */
  readonly measured: string;
  /** measured ÷ limit for "at most" targets, limit ÷ measured for "at least" ones: met when ≤ 1. */
  readonly ratio: number | null;
  /** null: not measured. */
  readonly met: boolean | null;
  /** What the measurement covered, when it differs from what the target names. */
  readonly note: string;
}

const SATURATION_CLIENTS = 64;
const AEF_ACTIONS = 100_000;
const QUERY_BLOCKS = 10_000;
const MB = 1_000_000 / 2 ** 20; // MiB per MB

function levelAt<L extends LevelResult>(levels: readonly L[] | undefined, clients: number): L | undefined {
  return levels?.find((level) => level.clients === clients);
}

/** A verdict on `measured` held to `limit`: at most (`measured ≤ limit`), or at least. */
function verdict(
  target: string,
  measured: number | null | undefined,
  limit: number | null,
  kind: 'at most' | 'at least',
  format: (value: number) => string,
  note = '',
): TargetVerdict {
  if (measured === null || measured === undefined || limit === null) {
    return { target, measured: '–', ratio: null, met: null, note: note || 'not measured in this run' };
  }
  const r = kind === 'at most' ? ratio(measured, limit) : ratio(limit, measured);
  const met = kind === 'at most' ? measured <= limit : measured >= limit;
  return { target, measured: format(measured), ratio: r, met, note };
}

function throughputTargets(result: BenchResult): TargetVerdict[] {
  const raw = levelAt(result.raw, SATURATION_CLIENTS)?.txPerSec ?? null;
  const toRaw = (levels: readonly LevelResult[] | undefined): number | null =>
    ratio(levelAt(levels, SATURATION_CLIENTS)?.txPerSec ?? null, raw);
  const rest1 = levelAt(result.rest, 1)?.p95Ms ?? null;
  const timeout = result.machine.batchTimeoutMs;
  const p95Limit = rest1 === null || timeout === null ? null : 2 * rest1 + timeout;
  const x = (v: number): string => `${v.toFixed(2)}× raw`;
  const ms = (v: number): string => `${v.toFixed(0)} ms`;
  return [
    verdict('REST transfers ≥ 0.8× raw tx/s at 64 clients', toRaw(result.rest), 0.8, 'at least', x),
    verdict('chaincode Transfer ≥ 0.9× raw tx/s at 64 clients', toRaw(result.chaincode), 0.9, 'at least', x),
    verdict(
      'REST p95 at 64 clients < 2 × p95 at 1 client + batch timeout',
      levelAt(result.rest, SATURATION_CLIENTS)?.p95Ms,
      p95Limit,
      'at most',
      ms,
      p95Limit === null ? '' : `limit ${p95Limit.toFixed(0)} ms`,
    ),
    verdict(
      'REST p50 at 1 client within the batch timeout + 100 ms',
      levelAt(result.rest, 1)?.p50Ms,
      timeout === null ? null : timeout + 100,
      'at most',
      ms,
      `batch timeout ${timeout ?? '–'} ms`,
    ),
  ];
}

/** Failures of the throughput phases that are MVCC conflicts (Fabric's code, or the REST answer for one). */
function mvccConflicts(result: BenchResult): number | null {
  const levels = [...(result.raw ?? []), ...(result.chaincode ?? []), ...(result.rest ?? [])];
  if (levels.length === 0) return null;
  const conflict = (code: string): boolean => code.includes('MVCC') || code === 'HTTP 409 CONFLICT';
  return levels
    .flatMap((level) => Object.entries(level.failures))
    .reduce((sum, [code, count]) => sum + (conflict(code) ? count : 0), 0);
}

function ledgerTargets(result: BenchResult): TargetVerdict[] {
  const issuance = result.issuance;
  const lag = levelAt(result.rest, SATURATION_CLIENTS)?.readModelLagBlocks.p95;
  const times = (v: number): string => `${v.toFixed(2)}×`;
  return [
    verdict('issuing 10^9 credits ≤ 1.1× issuing 1 (p50)', issuance?.billionToOne, 1.1, 'at most', times),
    verdict(
      'issuance time does not grow: last third ≤ 1.1× first third (p50)',
      issuance?.lastToFirst,
      1.1,
      'at most',
      times,
      issuance === undefined ? '' : `${issuance.issuances} issuances on one project (target: 10,000)`,
    ),
    verdict('0 MVCC conflicts between different holders', mvccConflicts(result), 0, 'at most', String),
    verdict('read-model lag p95 ≤ 2 blocks at 64 clients', lag, 2, 'at most', (v) => `${v} blocks`),
  ];
}

function lookupTargets(result: BenchResult): TargetVerdict[] {
  const queries = result.queries;
  const note =
    queries === undefined || queries.blocks >= QUERY_BLOCKS ? '' : `at ${queries.blocks} blocks (target: 10,000)`;
  const ms = (v: number): string => `${v.toFixed(1)} ms`;
  return [
    verdict('balance look-up p95 < 50 ms (REST)', queries?.balanceRest.p95Ms, 50, 'at most', ms, note),
    verdict('serial look-up p95 < 50 ms (REST)', queries?.serialRest.p95Ms, 50, 'at most', ms, note),
  ];
}

function aefTargets(result: BenchResult): TargetVerdict[] {
  const synthetic = result.aef?.synthetic;
  const runs = synthetic?.runs ?? [];
  const slowest = runs.length === 0 ? null : Math.max(...runs.map((run) => run.ms));
  const peaks = runs.flatMap((run) => (run.peakRssMiB === null ? [] : [run.peakRssMiB]));
  const highest = peaks.length === 0 ? null : Math.max(...peaks) / MB;
  const note =
    synthetic === undefined
      ? 'needs --aef-synthetic'
      : `${synthetic.actions} synthetic actions${synthetic.actions < AEF_ACTIONS ? ' (target: 100,000)' : ''}; ` +
        'slowest format';
  return [
    verdict('AEF over 100,000 actions < 10 s', slowest, 10_000, 'at most', (v) => `${(v / 1000).toFixed(1)} s`, note),
    verdict('AEF peak RSS < 300 MB', highest, 300, 'at most', (v) => `${v.toFixed(0)} MB`, note),
  ];
}

export function targetVerdicts(result: BenchResult): TargetVerdict[] {
  return [...throughputTargets(result), ...ledgerTargets(result), ...lookupTargets(result), ...aefTargets(result)];
}

/** The targets table of the bench's Markdown. */
export function targetsSection(result: BenchResult): string[] {
  const met = (v: TargetVerdict): string => (v.met === null ? 'not measured' : v.met ? 'met' : 'NOT met');
  return [
    '',
    '### Targets (ratio ≤ 1 is met: measured ÷ limit, or limit ÷ measured for a floor)',
    '',
    table(
      ['target', 'measured', 'ratio', 'verdict', 'note'],
      targetVerdicts(result).map((v) => [v.target, v.measured, cell(v.ratio, 2), met(v), v.note]),
    ),
  ];
}
