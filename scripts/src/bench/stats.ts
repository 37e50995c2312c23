/** Pure statistics over one closed-loop run: no I/O, so they are unit-tested without a network. */

/** How one request ended: committed (or answered 2xx), or failed with a code that groups like failures. */
export type Outcome = { readonly ok: true } | { readonly ok: false; readonly code: string };

export interface Sample {
  readonly latencyMs: number;
  readonly outcome: Outcome;
}

export interface Summary {
  readonly attempts: number;
  readonly committed: number;
  readonly failed: number;
  readonly elapsedS: number;
  /** Committed requests per second of wall time. */
  readonly txPerSec: number;
  /** Latency percentiles (ms) of the committed requests only; null when none committed. */
  readonly p50Ms: number | null;
  readonly p95Ms: number | null;
  readonly p99Ms: number | null;
  /** Every failure, counted by code, codes in alphabetical order. */
  readonly failures: Readonly<Record<string, number>>;
}

/**
 * Nearest-rank percentile (the smallest value with at least p% of the values at or below it) of values sorted
 * ascending; null for no values. Nearest rank always returns an observed latency, never an interpolation.
 */
export function percentile(sortedAscending: readonly number[], p: number): number | null {
  if (p < 0 || p > 100 || Number.isNaN(p)) throw new RangeError(`percentile ${p} is outside [0, 100]`);
  if (sortedAscending.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sortedAscending.length));
  return sortedAscending[rank - 1] ?? null;
}

/** Counts failures by code; the keys come out sorted so that two runs print in the same order. */
export function groupFailures(samples: readonly Sample[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const { outcome } of samples) {
    if (!outcome.ok) counts.set(outcome.code, (counts.get(outcome.code) ?? 0) + 1);
  }
  return Object.fromEntries([...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const round = (value: number, digits: number): number => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

/** `numerator / denominator` rounded to 2 decimals; null when either is missing or the denominator is 0. */
export function ratio(numerator: number | null, denominator: number | null): number | null {
  return numerator === null || denominator === null || denominator === 0
    ? null
    : Math.round((numerator / denominator) * 100) / 100;
}

export function summarize(samples: readonly Sample[], elapsedMs: number): Summary {
  const latencies = samples
    .filter((sample) => sample.outcome.ok)
    .map((sample) => sample.latencyMs)
    .sort((a, b) => a - b);
  const elapsedS = elapsedMs / 1000;
  const ms = (value: number | null): number | null => (value === null ? null : round(value, 1));
  return {
    attempts: samples.length,
    committed: latencies.length,
    failed: samples.length - latencies.length,
    elapsedS: round(elapsedS, 2),
    txPerSec: elapsedS > 0 ? round(latencies.length / elapsedS, 2) : 0,
    p50Ms: ms(percentile(latencies, 50)),
    p95Ms: ms(percentile(latencies, 95)),
    p99Ms: ms(percentile(latencies, 99)),
    failures: groupFailures(samples),
  };
}

/** Plain percentiles of any series (e.g. read-model lag in blocks), rounded to one decimal. */
export function distribution(values: readonly number[]): {
  readonly count: number;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly max: number | null;
} {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted.length === 0 ? null : (sorted[sorted.length - 1] ?? null),
  };
}
