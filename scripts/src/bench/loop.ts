import type { Outcome, Sample } from './stats';

export interface ClosedLoopOptions {
  /** Concurrent clients; each sends its next request only when its previous one is answered. */
  readonly clients: number;
  /** No request starts after this much time. */
  readonly durationMs: number;
  /** Hard cap on requests across all clients, whatever the duration. */
  readonly maxRequests: number;
  /** One request of client `client` (0-based); `seq` counts requests across all clients. */
  readonly request: (client: number, seq: number) => Promise<Outcome>;
  /** Called after each answer, e.g. to print progress. */
  readonly onSample?: (sample: Sample, done: number) => void;
  readonly now?: () => number;
}

export interface ClosedLoopResult {
  readonly samples: Sample[];
  /** From the first request to the last answer. */
  readonly elapsedMs: number;
}

/** Maps anything a request throws to a failure code, so one bad request never ends the run. */
export function thrownCode(err: unknown): string {
  if (err instanceof Error) return `THROWN ${err.name}`;
  return 'THROWN';
}

/**
 * Runs a closed loop: `clients` workers, each looping request → answer until the duration is over or the cap of
 * requests is reached. Stops by itself; a request that throws counts as a failure, never as an abort.
 */
export async function closedLoop(options: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const now = options.now ?? (() => performance.now());
  const samples: Sample[] = [];
  const started = now();
  const deadline = started + options.durationMs;
  let issued = 0;
  const worker = async (client: number): Promise<void> => {
    while (now() < deadline && issued < options.maxRequests) {
      const seq = issued++;
      const t0 = now();
      let outcome: Outcome;
      try {
        outcome = await options.request(client, seq);
      } catch (err) {
        outcome = { ok: false, code: thrownCode(err) };
      }
      const sample = { latencyMs: now() - t0, outcome };
      samples.push(sample);
      options.onSample?.(sample, samples.length);
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, client) => worker(client)));
  return { samples, elapsedMs: now() - started };
}
