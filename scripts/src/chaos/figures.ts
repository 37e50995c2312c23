import type { Attempt, WriteRecord } from './client';

/** Figures per fault window, from the recorded attempts: pure, so they are unit-tested. */

/** One injected fault: what was killed when, and how it was brought back. Times in ms since the run started. */
export interface FaultWindow {
  readonly fault: string;
  readonly killed: readonly string[];
  readonly killedAt: number;
  /** The steps that brought the processes back, in order (the last is the start command). */
  readonly restore: readonly { readonly label: string; readonly startedAt: number; readonly doneAt: number }[];
  /** When every killed process had a live pid again (during the restore), if it did. */
  readonly backAt?: number;
  /** Until the next fault, or the end of the load. */
  readonly endAt: number;
  /** When something went wrong injecting or restoring, what. */
  readonly error?: string;
}

export interface WindowFigures {
  readonly fault: string;
  readonly killed: readonly string[];
  readonly fromS: number;
  readonly toS: number;
  /** How long the restore steps took, in seconds (the start command included). */
  readonly restartS: number | null;
  /** From the kill to the first 2xx of a request sent after the kill. */
  readonly firstSuccessAfterKillS: number | null;
  /** From the first restore step to the first 2xx of a request sent after it began. */
  readonly firstSuccessAfterRestartS: number | null;
  /** From the moment the killed processes ran again to the first 2xx of a request sent after it. */
  readonly firstSuccessAfterBackS: number | null;
  /**
   * Answers received from the kill until the restore began (the whole baseline window), by `<status> <code>`
   * (`0 NETWORK …` / `0 TIMEOUT` without an answer).
   */
  readonly answersWhileDown: Readonly<Record<string, number>>;
  /** Answers received from the start of the restore to the end of the window. */
  readonly answersAfterRestart: Readonly<Record<string, number>>;
  readonly slowestAnswerS: number | null;
  /** Requests answered an error in the window whose transaction turned out committed, by their first error. */
  readonly errorsThatCommitted: Readonly<Record<string, number>>;
  readonly error?: string;
}

const seconds = (ms: number): number => Math.round(ms / 100) / 10;
const ok = (a: Attempt): boolean => a.status >= 200 && a.status < 300;
const answeredAt = (a: Attempt): number => a.sentAt + a.ms;
const answerKey = (a: Attempt): string => (ok(a) ? String(a.status) : `${a.status} ${a.code}`);

/** Attempts counted by `<status> <code>`, keys sorted. */
function countByAnswer(attempts: readonly Attempt[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const a of attempts) counts.set(answerKey(a), (counts.get(answerKey(a)) ?? 0) + 1);
  return Object.fromEntries([...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** From `from` to the first 2xx answer to a request sent at or after `from`. */
function firstSuccess(attempts: readonly Attempt[], from: number | undefined): number | null {
  if (from === undefined) return null;
  const times = attempts.filter((a) => ok(a) && a.sentAt >= from).map(answeredAt);
  return times.length === 0 ? null : seconds(Math.min(...times) - from);
}

/**
 * The attempt of `record` that was answered an error although its transaction committed: the error that carried
 * the committed txId; else, when the final 2xx was replayed (an earlier transaction of the key committed), the
 * first attempt that got no answer at all (dropped connection, timeout), whose txId the client never saw.
 */
export function errorThatCommitted(record: WriteRecord): Attempt | undefined {
  const final = record.attempts.at(-1);
  if (record.outcome !== 'acked' || final === undefined) return undefined;
  const errors = record.attempts.filter((a) => !ok(a));
  const carried = errors.find((a) => a.txId !== undefined && a.txId === record.txId);
  if (carried !== undefined || !final.replayed) return carried;
  return errors.find((a) => a.status === 0);
}

/** The windows after a first one without a fault, from the start of the load to the first kill. */
export function withBaseline(windows: readonly FaultWindow[], endAt: number): FaultWindow[] {
  const baseline: FaultWindow = {
    fault: 'none (before the first fault)',
    killed: [],
    killedAt: 0,
    restore: [],
    endAt: windows[0]?.killedAt ?? endAt,
  };
  return [baseline, ...windows];
}

/** The figures of each window; `baseline` (from the first request to the first kill) comes first. */
export function windowFigures(
  records: readonly WriteRecord[],
  windows: readonly FaultWindow[],
  endAt: number,
): WindowFigures[] {
  const attempts = records.flatMap((r) => r.attempts);
  return withBaseline(windows, endAt).map((window, index) => {
    const inWindow = (a: Attempt): boolean => answeredAt(a) >= window.killedAt && answeredAt(a) < window.endAt;
    const answered = attempts.filter(inWindow);
    const restart = window.restore[0];
    const restoreEnd = window.restore.at(-1);
    const restartAt = restart?.startedAt ?? window.endAt;
    const committed = records.map(errorThatCommitted).filter((a): a is Attempt => a !== undefined && inWindow(a));
    return {
      fault: window.fault,
      killed: window.killed,
      fromS: seconds(window.killedAt),
      toS: seconds(window.endAt),
      restartS:
        restart === undefined || restoreEnd === undefined ? null : seconds(restoreEnd.doneAt - restart.startedAt),
      firstSuccessAfterKillS: index === 0 ? null : firstSuccess(attempts, window.killedAt),
      firstSuccessAfterRestartS: firstSuccess(attempts, restart?.startedAt),
      firstSuccessAfterBackS: firstSuccess(attempts, window.backAt),
      answersWhileDown: countByAnswer(answered.filter((a) => answeredAt(a) < restartAt)),
      answersAfterRestart: countByAnswer(answered.filter((a) => answeredAt(a) >= restartAt)),
      slowestAnswerS: answered.length === 0 ? null : seconds(Math.max(...answered.map((a) => a.ms))),
      errorsThatCommitted: countByAnswer(committed),
      ...(window.error === undefined ? {} : { error: window.error }),
    };
  });
}
