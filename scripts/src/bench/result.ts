import type { Summary } from './stats';

/** The JSON written to .ncr/bench/<timestamp>.json: every figure of one run, so ratios compare like with like. */

export const THROUGHPUT_PHASES = ['raw', 'chaincode', 'rest'] as const;
export const PHASES = [...THROUGHPUT_PHASES, 'issuance', 'queries', 'aef'] as const;
export type ThroughputPhase = (typeof THROUGHPUT_PHASES)[number];
export type Phase = (typeof PHASES)[number];

export interface LevelResult extends Summary {
  readonly clients: number;
}

export interface Spread {
  readonly count: number;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly max: number | null;
}

export interface RestLevelResult extends LevelResult {
  /** Ledger height minus the read model's height, in blocks, sampled every 500 ms during the level. */
  readonly readModelLagBlocks: Spread;
}

export interface IssuanceResult {
  readonly issuances: number;
  /** Latency (ms) of `POST /v1/monitoring-reports/:id/issuance`, by issued quantity. */
  readonly oneCredit: Spread;
  readonly billionCredits: Spread;
  /** p50 of 10^9-credit issuances over p50 of 1-credit issuances. */
  readonly billionToOne: number | null;
  /** The first and last third of the issuances on the same project. */
  readonly firstThird: Spread;
  readonly lastThird: Spread;
  readonly lastToFirst: number | null;
  readonly failures: Readonly<Record<string, number>>;
}

export interface QueriesResult {
  readonly blocks: number;
  readonly fillSeconds: number;
  readonly fillFailures: Readonly<Record<string, number>>;
  readonly balanceRest: Summary;
  readonly balanceChaincode: Summary;
  readonly serialRest: Summary;
  readonly serialChaincode: Summary;
}

export interface AefRun {
  readonly format: string;
  readonly status: number;
  readonly ms: number;
  readonly bytes: number;
  /** VmHWM of the gateway process after this request (MiB). */
  readonly peakRssMiB: number | null;
}

export interface AefResult {
  readonly ledgerHeight: number;
  readonly year: number;
  /** Rows of each sheet of the JSON AEF (the action table holds one row per recorded action of the year). */
  readonly rowsBySheet: Readonly<Record<string, number>>;
  readonly generatedActions: number;
  /** VmHWM before the AEF requests; `peakReset` says whether it was reset first (clear_refs). */
  readonly peakRssBeforeMiB: number | null;
  readonly peakReset: boolean;
  readonly runs: readonly AefRun[];
  /** With `--aef-synthetic`: the AEF over synthetic read-model data (not the ledger). */
  readonly synthetic?: AefSyntheticResult;
}

export interface AefSyntheticRun {
  /** `json`, `xlsx` or `csv table 3`. */
  readonly format: string;
  /** Wall-clock time, and CPU time (user + system) of the process: on a shared machine the wall clock waits. */
  readonly ms: number;
  readonly cpuMs: number;
  readonly bytes: number;
  /** VmHWM of the process that generated this one answer (MiB), and its VmRSS before it started. */
  readonly peakRssMiB: number | null;
  readonly rssBeforeMiB: number | null;
}

/** The AEF over synthetic read-model data: a copy of the live read model grown by `actions` synthetic actions. */
export interface AefSyntheticResult {
  readonly actions: number;
  readonly byKind: Readonly<Record<string, number>>;
  readonly year: number;
  readonly blockHeight: number;
  /** Seconds spent building the synthetic read model (projection of every synthetic block). */
  readonly seconds: number;
  readonly database: string;
  /** Rows of Tables 3 and 4, as the report's summary sheet counts them. */
  readonly rowsBySheet: Readonly<Record<string, number>>;
  readonly runs: readonly AefSyntheticRun[];
}

export interface Machine {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly node: string;
  readonly fabric: string;
  /** The channel's BatchTimeout (ms), when network/config/channel.yaml gives it in ms. */
  readonly batchTimeoutMs: number | null;
  readonly os: string;
  readonly loadAverageStart: readonly number[];
  readonly loadAverageEnd: readonly number[];
}

/** What every measuring run records first (bench, chaos): when, the command as typed, its options, the machine. */
export interface RunRecord<O> {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly command: string;
  readonly options: O;
  readonly machine: Machine;
}

export interface BenchResult extends RunRecord<{
  readonly durationS: number;
  readonly concurrency: readonly number[];
  readonly phases: readonly Phase[];
  readonly maxRequests: number;
  readonly issuances: number;
  readonly blocks: number;
  readonly aefActions: number;
  readonly aefSynthetic: number;
}> {
  readonly raw?: readonly LevelResult[];
  readonly chaincode?: readonly LevelResult[];
  readonly rest?: readonly RestLevelResult[];
  readonly issuance?: IssuanceResult;
  readonly queries?: QueriesResult;
  readonly aef?: AefResult;
  /** Fixture writes (not measured requests) retried with their Idempotency-Key, by the answer's code. */
  readonly fixtureRetries: Readonly<Record<string, number>>;
  /** Phases that could not run, with why. */
  readonly errors: Readonly<Partial<Record<Phase, string>>>;
}
