import fs from 'node:fs';
import path from 'node:path';
import { type DemoUser, demoUsers } from '../demo/api-client';
import { paths } from '../lib/paths';
import { type Answer, FuzzClient } from './client';
import { type OpenApiDocument, type Operation, operationsOf } from './openapi';
import { type ErrorTable, type Finding, type Snapshot, checkReply, diffSnapshots, errorTable } from './oracles';
import { type Readers, harvestPool, readersOf, takeSnapshot } from './registry';
import { type FuzzRequest, NO_KEY, UNKNOWN_KEY, generateRequest } from './requests';
import { type FuzzReport, Tally, type Violation, curlFor } from './summary';
import type { GenContext } from './values';

/**
 * A fuzz run: requests generated from the gateway's own OpenAPI document, for every route and every caller
 * (each demo user, no key, an unknown key), sent in batches. Each answer goes through the oracles; around each
 * batch the ledger height and every balance are read, and a batch in which no write committed must leave them
 * exactly as they were.
 *
 * Why batches in two phases: a generated write may legitimately commit (a valid-looking project, a transfer of
 * real credits), and a phase in which one did is left out of the state comparison (counted as skipped). So each
 * batch first sends its reads and its broken requests (which should all be refused, and are compared on their
 * own), then its valid-looking writes (refused mostly by the chaincode: wrong caller, wrong state; compared
 * when none of them committed). Requests within a phase run concurrently, as they do in production.
 */

/** How a run paces itself. */
export interface FuzzPacing {
  /** Requests in flight. */
  readonly concurrency: number;
  /** Requests between two state snapshots. */
  readonly batchSize: number;
  /** Wait after a batch before reading the state, so that a commit racing its answer is seen. */
  readonly settleMs: number;
}

/** The pacing of a run that sets none (the command line's defaults too). */
export const DEFAULT_PACING: FuzzPacing = { concurrency: 4, batchSize: 40, settleMs: 500 };

export interface FuzzOptions extends Partial<FuzzPacing> {
  /** Gateway URL; loopback only. */
  readonly baseUrl: string;
  readonly seed: number;
  /** Upper bound on requests. */
  readonly requests: number;
  /** Upper bound on time: no new batch starts after it. */
  readonly durationSeconds?: number | undefined;
  /** Where the JSON report goes; `.ncr/fuzz` by default. */
  readonly reportDir?: string | undefined;
  readonly progress?: ((line: string) => void) | undefined;
}

export interface FuzzRun {
  readonly report: FuzzReport;
  readonly reportPath: string;
}

interface Setup {
  readonly client: FuzzClient;
  readonly ctx: GenContext;
  readonly operations: readonly Operation[];
  readonly users: readonly DemoUser[];
  readonly readers: Readers;
  readonly table: ErrorTable;
}

async function setUp(baseUrl: string): Promise<Setup> {
  const client = new FuzzClient(baseUrl);
  const users = [...demoUsers().values()];
  const readers = readersOf(users);
  const document = (await client.getJson('/v1/openapi.json', undefined)) as OpenApiDocument;
  const operations = operationsOf(document);
  if (operations.length === 0) throw new Error('the OpenAPI document has no operations');
  const pool = await harvestPool(client, readers);
  return { client, ctx: { document, pool }, operations, users, readers, table: errorTable() };
}

function keyFor(setup: Setup, caller: string): string | undefined {
  if (caller === NO_KEY || caller === UNKNOWN_KEY) return undefined;
  return setup.users.find((user) => user.name === caller)?.apiKey;
}

function findingsFor(setup: Setup, request: FuzzRequest, answer: Answer): Finding[] {
  if ('failure' in answer) return [{ kind: 'no-answer', detail: answer.failure }];
  const operation = setup.operations.find((op) => op.key === request.operation && op.method === request.method);
  return checkReply(operation, answer, setup.table);
}

async function inParallel<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const at = next++;
      results[at] = await work(items[at] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const statusOf = (answer: Answer): number | undefined => ('failure' in answer ? undefined : answer.status);

/** A generated request and its index in the run (its seed is derived from the index). */
interface Item {
  readonly index: number;
  readonly request: FuzzRequest;
}

/** A POST sent in a phase, with the status it was answered (undefined: no answer). */
interface Write {
  readonly at: number;
  readonly request: FuzzRequest;
  readonly status: number | undefined;
}

/** What a run accumulates from batch to batch. */
interface RunState {
  readonly setup: Setup;
  readonly seed: number;
  readonly concurrency: number;
  readonly settleMs: number;
  readonly tally: Tally;
  readonly violations: Violation[];
  checked: number;
  skipped: number;
  before: Snapshot;
}

function setupLine(setup: Setup, callers: readonly string[]): string {
  return (
    `${setup.operations.length} operations, callers: ${[...callers, NO_KEY, UNKNOWN_KEY].join(', ')}; ` +
    `pool: ${Object.entries(setup.ctx.pool)
      .map(([category, values]) => `${category} ${values.length}`)
      .join(', ')}`
  );
}

/** Tallies each answer, records what the oracles find in it, and returns the phase's writes. */
function recordAnswers(state: RunState, phase: readonly Item[], answers: readonly Answer[]): Write[] {
  const { setup } = state;
  const writes: Write[] = [];
  phase.forEach(({ index: at, request }, i) => {
    const answer = answers[i] as Answer;
    const status = statusOf(answer);
    state.tally.add(request, status);
    if (request.method !== 'GET') writes.push({ at, request, status });
    for (const finding of findingsFor(setup, request, answer)) {
      state.violations.push({
        kind: finding.kind,
        operation: request.operation,
        caller: request.caller,
        status,
        code: finding.code,
        detail: finding.detail,
        seed: state.seed,
        index: at,
        request,
        curl: curlFor(request, setup.client.baseUrl),
      });
    }
  });
  return writes;
}

/** Records a violation when the state after a phase in which no write committed differs from the state before. */
function compareStates(state: RunState, phase: readonly Item[], writes: readonly Write[], after: Snapshot): void {
  const differences = diffSnapshots(state.before, after);
  if (differences.length === 0) return;
  const sent = writes.map(
    ({ at, request, status }) => `#${at} ${request.caller} ${request.operation} → ${status ?? 'no answer'}`,
  );
  state.violations.push({
    kind: 'state-changed',
    operation: '(batch)',
    caller: '(batch)',
    status: undefined,
    code: undefined,
    detail: `${differences.join('; ')}; rejected writes in the batch: ${sent.join(', ') || 'none'}`,
    seed: state.seed,
    index: phase[0]?.index ?? 0,
    request: undefined,
    curl: undefined,
  });
}

/** Sends one phase, checks each answer, then compares the state unless a write in the phase committed. */
async function runPhase(state: RunState, phase: readonly Item[]): Promise<void> {
  if (phase.length === 0) return;
  const { setup } = state;
  const answers = await inParallel(phase, state.concurrency, ({ request }) =>
    setup.client.send(request, keyFor(setup, request.caller)),
  );
  const writes = recordAnswers(state, phase, answers);
  const committed = writes.some(({ status }) => status !== undefined && status >= 200 && status < 300);
  await sleep(state.settleMs);
  const after = await takeSnapshot(setup.client, setup.readers);
  if (committed) {
    state.skipped += 1;
  } else {
    state.checked += 1;
    compareStates(state, phase, writes, after);
  }
  state.before = after;
}

/** Writes the JSON report of a run under `options.reportDir` (`.ncr/fuzz` by default). */
function saveReport(options: FuzzOptions, state: RunState, started: number): FuzzRun {
  const report: FuzzReport = {
    seed: options.seed,
    baseUrl: state.setup.client.baseUrl,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    requests: state.tally.requests,
    perRoute: state.tally.perRoute,
    statuses: state.tally.statuses,
    state: { checked: state.checked, skipped: state.skipped },
    violations: state.violations,
  };
  const dir = options.reportDir ?? path.join(paths.home, 'fuzz');
  fs.mkdirSync(dir, { recursive: true });
  const reportPath = path.join(dir, `fuzz-${options.seed}-${report.startedAt.replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(reportPath, `${JSON.stringify(report, null, 2)}\n`);
  return { report, reportPath };
}

/** Runs batches of generated requests until `options.requests` are sent or the time is up, then writes the report. */
export async function runFuzz(options: FuzzOptions): Promise<FuzzRun> {
  const progress = options.progress ?? ((): void => undefined);
  const batchSize = options.batchSize ?? DEFAULT_PACING.batchSize;
  const started = Date.now();
  const deadline = options.durationSeconds === undefined ? Infinity : started + options.durationSeconds * 1000;
  const setup = await setUp(options.baseUrl);
  const callers = setup.users.map((user) => user.name);
  progress(setupLine(setup, callers));
  const state: RunState = {
    setup,
    seed: options.seed,
    concurrency: options.concurrency ?? DEFAULT_PACING.concurrency,
    settleMs: options.settleMs ?? DEFAULT_PACING.settleMs,
    tally: new Tally(),
    violations: [],
    checked: 0,
    skipped: 0,
    before: await takeSnapshot(setup.client, setup.readers),
  };
  let index = 0;
  while (index < options.requests && Date.now() < deadline) {
    const batch: Item[] = [];
    for (; batch.length < batchSize && index < options.requests; index++) {
      batch.push({ index, request: generateRequest(setup.ctx, setup.operations, callers, options.seed, index) });
    }
    // Reads and broken requests first, compared on their own; then the valid-looking writes, which may commit.
    const mayCommit = ({ request }: Item): boolean => request.intent === 'valid' && request.method !== 'GET';
    await runPhase(
      state,
      batch.filter((item) => !mayCommit(item)),
    );
    await runPhase(state, batch.filter(mayCommit));
    progress(
      `${index}/${options.requests} requests, ${state.violations.length} violations, ` +
        `${state.checked} phases compared, ${state.skipped} skipped (a write committed)`,
    );
  }
  return saveReport(options, state, started);
}

/** Regenerates request `index` of the run seeded `seed` (against the registry as it is now) and sends it. */
export async function replayRequest(
  baseUrl: string,
  seed: number,
  index: number,
): Promise<{ request: FuzzRequest; answer: Answer; findings: Finding[]; curl: string }> {
  const setup = await setUp(baseUrl);
  const callers = setup.users.map((user) => user.name);
  const request = generateRequest(setup.ctx, setup.operations, callers, seed, index);
  const answer = await setup.client.send(request, keyFor(setup, request.caller));
  return {
    request,
    answer,
    findings: findingsFor(setup, request, answer),
    curl: curlFor(request, setup.client.baseUrl),
  };
}
