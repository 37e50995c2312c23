import { asRecord, errorCodeOf, type Rest } from '../bench/rest';
import type { FaultWindow, WindowFigures } from './figures';

/**
 * The read model seen from outside during the run: once a second, `GET /v1/reports/read-model` (a read-model view)
 * and `GET /v1/ledger`, as a government auditor. What the view answered, and how far it was behind the ledger.
 */

export interface ViewSample {
  /** Milliseconds since the start of the run, when the view's answer came. */
  readonly at: number;
  /** HTTP status of the view; 0 without an answer. */
  readonly status: number;
  /** `OK`, the API's error code, or `NETWORK`. */
  readonly code: string;
  /** Ledger height minus the view's block height, when both answered. */
  readonly lagBlocks?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const heightOf = (body: unknown, field: string): number | undefined => {
  const value = asRecord(body)[field];
  return typeof value === 'number' ? value : undefined;
};

async function sample(rest: Rest, key: string, now: () => number): Promise<ViewSample> {
  try {
    const [view, ledger] = await Promise.all([
      rest.call('GET', '/v1/reports/read-model', key),
      rest.call('GET', '/v1/ledger', key).catch(() => undefined),
    ]);
    const viewHeight = view.status === 200 ? heightOf(view.body, 'blockHeight') : undefined;
    const ledgerHeight = ledger?.status === 200 ? heightOf(ledger.body, 'height') : undefined;
    return {
      at: now(),
      status: view.status,
      code: view.status === 200 ? 'OK' : (errorCodeOf(view.body) ?? '-'),
      ...(viewHeight === undefined || ledgerHeight === undefined
        ? {}
        : { lagBlocks: Math.max(0, ledgerHeight - viewHeight) }),
    };
  } catch {
    return { at: now(), status: 0, code: 'NETWORK' };
  }
}

/** Samples the read-model view every `everyMs` until `stop`; `samples` grows meanwhile. */
export function watchViews(
  rest: Rest,
  key: string,
  now: () => number,
  everyMs = 1_000,
): { samples: ViewSample[]; stop: () => Promise<void> } {
  const samples: ViewSample[] = [];
  const stopping = new AbortController();
  const loop = (async () => {
    while (!stopping.signal.aborted) {
      const started = now();
      samples.push(await sample(rest, key, now));
      await sleep(Math.max(0, everyMs - (now() - started)));
    }
  })();
  return {
    samples,
    stop: async () => {
      stopping.abort();
      await loop;
    },
  };
}

/** What the read-model view answered in one fault window, and how far behind the ledger it fell. */
export interface ViewFigures {
  readonly fault: string;
  /** View answers from the fault until its restore began, by `<status> <code>`. */
  readonly answersWhileDown: Readonly<Record<string, number>>;
  readonly answersAfterRestart: Readonly<Record<string, number>>;
  /** The most blocks the view was behind the ledger in the window. */
  readonly maxLagBlocks: number | null;
  /** From the first restore step to the first view answer at most one block behind the ledger. */
  readonly caughtUpAfterRestartS: number | null;
}

const seconds = (ms: number): number => Math.round(ms / 100) / 10;
const answerKey = (s: ViewSample): string => (s.status === 200 ? '200' : `${s.status} ${s.code}`);

function countByAnswer(samples: readonly ViewSample[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of samples) counts[answerKey(s)] = (counts[answerKey(s)] ?? 0) + 1;
  return counts;
}

/** The view's figures of each window (`withBaseline`'s windows: the first has no fault). */
export function viewFigures(samples: readonly ViewSample[], windows: readonly FaultWindow[]): ViewFigures[] {
  return windows.map((window) => {
    const inWindow = samples.filter((s) => s.at >= window.killedAt && s.at < window.endAt);
    const restartAt = window.restore[0]?.startedAt;
    const lags = inWindow.flatMap((s) => (s.lagBlocks === undefined ? [] : [s.lagBlocks]));
    const caughtUp =
      restartAt === undefined
        ? undefined
        : inWindow.find((s) => s.at >= restartAt && s.lagBlocks !== undefined && s.lagBlocks <= 1);
    return {
      fault: window.fault,
      answersWhileDown: countByAnswer(inWindow.filter((s) => restartAt === undefined || s.at < restartAt)),
      answersAfterRestart: countByAnswer(inWindow.filter((s) => restartAt !== undefined && s.at >= restartAt)),
      maxLagBlocks: lags.length === 0 ? null : Math.max(...lags),
      caughtUpAfterRestartS:
        restartAt === undefined || caughtUp === undefined ? null : seconds(caughtUp.at - restartAt),
    };
  });
}

/**
 * What the disk fault must show: the view answered 503 READ_MODEL_DISK_FULL while the disk was full, writes went on
 * (a write sent after the disk filled succeeded within the hold), and the read model caught up once space returned.
 */
export function diskFaultErrors(
  figures: readonly WindowFigures[],
  views: readonly ViewFigures[],
  holdS: number,
): string[] {
  return figures.flatMap((figure, index) => {
    if (figure.fault !== 'read-model-disk') return [];
    const view = views[index];
    const errors: string[] = [];
    if ((view?.answersWhileDown['503 READ_MODEL_DISK_FULL'] ?? 0) === 0) {
      errors.push(
        'read-model-disk: the read-model view never answered 503 READ_MODEL_DISK_FULL while the disk was full',
      );
    }
    if (figure.firstSuccessAfterKillS === null || figure.firstSuccessAfterKillS > holdS) {
      errors.push('read-model-disk: writes did not go on while the read model had no disk space');
    }
    if (view?.caughtUpAfterRestartS === null) {
      errors.push('read-model-disk: the read model did not catch up with the ledger once space returned');
    }
    return errors;
  });
}
