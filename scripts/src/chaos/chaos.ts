import fs from 'node:fs';
import path from 'node:path';
import { demoKeys, type DemoKeys, runTag } from '../bench/fixtures';
import { loadAverageNow, machineAtStart } from '../bench/machine';
import { gatewayUrl, numberField, Rest } from '../bench/rest';
import { ApiTransport } from '../lib/api';
import { ensureDir } from '../lib/files';
import { setQuiet } from '../lib/log';
import { paths } from '../lib/paths';
import { type Daemon, runningPid } from '../lib/processes';
import { loadTopology, type Topology } from '../network/topology';
import { type Attempt } from './client';
import { type FaultPlan, planFault } from './faults';
import { type FaultWindow, windowFigures, withBaseline } from './figures';
import { chaosFixtures } from './fixtures';
import { Load } from './load';
import type { ChaosOptions, Fault } from './options';
import { killProcess, raftRoles, runCliCommand } from './processes';
import { type ChaosResult, renderMarkdown } from './report';
import { type Verification, verifyRun } from './verify';
import { diskFaultErrors, type ViewSample, viewFigures, watchViews } from './views';

/** Faults injected one after the other under load, then the ledger checked (docs/chaos.md). */

let started = Date.now();
function progress(message: string): void {
  process.stderr.write(`[chaos ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}\n`);
}

/** How long one attempt may wait for its answer before the client sends it again (same key). */
const ATTEMPT_TIMEOUT_MS = 30_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface RunContext {
  readonly options: ChaosOptions;
  readonly topology: Topology;
  readonly load: Load;
  readonly now: () => number;
  readonly startLog: string;
  /** The read-model view, sampled once a second throughout the load. */
  readonly views: readonly ViewSample[];
}

const succeeded = (a: Attempt): boolean => a.status >= 200 && a.status < 300;

/** Waits until some request sent at or after `since` is answered 2xx, or `timeoutMs` passes; true if one was. */
async function successSince(ctx: RunContext, since: number, timeoutMs: number): Promise<boolean> {
  const deadline = ctx.now() + timeoutMs;
  for (;;) {
    if (ctx.load.records.some((r) => r.attempts.some((a) => succeeded(a) && a.sentAt >= since))) return true;
    if (ctx.now() > deadline) return false;
    await sleep(200);
  }
}

/** Waits until some view sample taken at or after `since` is at most one block behind the ledger, or `timeoutMs`. */
async function viewCaughtUp(ctx: RunContext, since: number, timeoutMs: number): Promise<boolean> {
  const deadline = ctx.now() + timeoutMs;
  for (;;) {
    if (ctx.views.some((v) => v.at >= since && v.lagBlocks !== undefined && v.lagBlocks <= 1)) return true;
    if (ctx.now() > deadline) return false;
    await sleep(200);
  }
}

type Restored = Pick<FaultWindow, 'restore' | 'backAt'>;

/** Runs the plan's restore steps in order (each after the last one let a write succeed, or the hold passed). */
async function restoreAll(ctx: RunContext, fault: Fault, plan: FaultPlan): Promise<Restored> {
  const restore: { label: string; startedAt: number; doneAt: number }[] = [];
  const back = whenRunning(ctx, plan.targets);
  let backAt: number | undefined;
  try {
    for (const step of plan.restore) {
      const previous = restore.at(-1);
      if (previous !== undefined) await successSince(ctx, previous.startedAt, ctx.options.holdS * 1000);
      progress(`${fault}: ${step.label}`);
      const startedAt = ctx.now();
      await step.run();
      restore.push({ label: step.label, startedAt, doneAt: ctx.now() });
    }
  } finally {
    backAt = back.stop();
  }
  return { restore, ...(backAt === undefined || plan.targets.length === 0 ? {} : { backAt }) };
}

/** Kills (or otherwise hits) what `fault` names, holds, brings it back step by step, waits for writes again. */
async function inject(ctx: RunContext, fault: Fault): Promise<FaultWindow> {
  // Each fault starts from a settled network: every orderer answers, one leads, all hold the same blocks.
  await raftRoles(ctx.topology);
  const plan = await planFault(fault, ctx.topology, ctx.startLog);
  const other = plan.other;
  if (other !== undefined) {
    progress(`${fault}: preparing`);
    await other.prepare();
  }
  try {
    const killedAt = ctx.now();
    for (const target of plan.targets) progress(`${fault}: kill -9 ${target.name} (pid ${killProcess(target)})`);
    if (other !== undefined) progress(`${fault}: ${await other.inflict()}`);
    await sleep(ctx.options.holdS * 1000);
    const { restore, backAt } = await restoreAll(ctx, fault, plan);
    const first = restore[0];
    const writes = first === undefined || (await successSince(ctx, first.startedAt, 60_000));
    progress(
      `${fault}: restored in ${((ctx.now() - (first?.startedAt ?? killedAt)) / 1000).toFixed(1)} s` +
        (writes ? '' : '; no write succeeded since'),
    );
    await sleep(2_000);
    // The next fault starts once the read model has caught up, so that each window shows its own catch-up.
    if (first !== undefined && !(await viewCaughtUp(ctx, first.startedAt, 60_000))) {
      progress(`${fault}: the read model did not catch up within 60 s`);
    }
    return {
      fault,
      killed: other === undefined ? plan.targets.map((target) => target.name) : [other.hit],
      killedAt,
      restore,
      endAt: ctx.now(),
      ...(backAt === undefined ? {} : { backAt }),
    };
  } finally {
    if (other !== undefined) {
      progress(`${fault}: putting back what it changed`);
      await other.cleanup();
    }
  }
}

/** Watches (every 200 ms) for every process of `names` to run again; `stop` gives the time they all did. */
function whenRunning(ctx: RunContext, daemons: readonly Daemon[]): { stop: () => number | undefined } {
  let backAt: number | undefined;
  const look = (): void => {
    if (backAt === undefined && daemons.every((daemon) => runningPid(daemon) !== undefined)) backAt = ctx.now();
  };
  const timer = setInterval(look, 200);
  return {
    stop: () => {
      if (backAt === undefined) look();
      clearInterval(timer);
      return backAt;
    },
  };
}

/** Prints how the last few seconds were answered, every `everyMs`, until stopped. */
function ticker(ctx: RunContext, everyMs = 5_000): () => void {
  const timer = setInterval(() => {
    const since = ctx.now() - everyMs;
    const answered = ctx.load.records.flatMap((r) => r.attempts).filter((a) => a.sentAt + a.ms >= since);
    const byStatus = new Map<string, number>();
    for (const a of answered) byStatus.set(String(a.status), (byStatus.get(String(a.status)) ?? 0) + 1);
    const text = [...byStatus.entries()].map(([status, n]) => `${status}×${n}`).join(' ');
    progress(`last ${everyMs / 1000} s: ${text || 'no answers'}; ${ctx.load.records.length} requests so far`);
  }, everyMs);
  return () => {
    clearInterval(timer);
  };
}

/** Runs the faults in order; a fault that cannot be injected or restored ends the series (recorded). */
async function faultSeries(ctx: RunContext): Promise<{ windows: FaultWindow[]; errors: string[] }> {
  const windows: FaultWindow[] = [];
  const errors: string[] = [];
  for (const fault of ctx.options.faults) {
    try {
      windows.push(await inject(ctx, fault));
    } catch (err) {
      const message = `${fault}: ${err instanceof Error ? err.message : String(err)}`;
      progress(message);
      errors.push(message);
      // Whatever the fault left down is brought back before the checks; no further fault is injected.
      await runCliCommand(ctx.startLog).catch((err: unknown) => {
        errors.push(`start command after ${fault}: ${err instanceof Error ? err.message : String(err)}`);
      });
      break;
    }
  }
  // Each window lasts until the next kill.
  const timed = windows.map((w, i) => ({ ...w, endAt: windows[i + 1]?.killedAt ?? w.endAt }));
  return { windows: timed, errors };
}

/** The load with the faults in turn, `settle` seconds before and after; ends once every client has stopped. */
async function underLoad(
  ctx: RunContext,
  fromBlock: number,
): Promise<{ windows: FaultWindow[]; errors: string[]; endAt: number }> {
  const { options, load } = ctx;
  progress(`load from block ${fromBlock}; faults ${options.faults.join(', ')}, each held ${options.holdS} s`);
  const running = load.run();
  const stopTicker = ticker(ctx);
  await sleep(options.settleS * 1000);
  const { windows, errors } = await faultSeries(ctx);
  await sleep(options.settleS * 1000);
  load.stop();
  progress('stopping the clients (each resolves its last request)');
  await running;
  stopTicker();
  return { windows, errors, endAt: ctx.now() };
}

export interface ChaosOutput {
  readonly result: ChaosResult;
  readonly markdown: string;
  readonly files: { readonly json: string; readonly markdown: string; readonly startLog: string };
}

/** The whole run against the network `npm start` started (this NCR_HOME and topology). */
export async function runChaos(options: ChaosOptions, command: string): Promise<ChaosOutput> {
  setQuiet(true);
  started = Date.now();
  const startedAt = new Date().toISOString();
  const machine = machineAtStart();
  const base = path.join(ensureDir(path.join(paths.home, 'chaos')), startedAt.replace(/[:.]/g, '-'));
  const rest = new Rest(gatewayUrl(), (error) => {
    progress(`fixture retry after ${error.code}`);
  });
  const keys = demoKeys();
  const tag = runTag();
  progress(`run ${tag}: fixtures for ${options.clients} clients (project, issuance, split, users)`);
  const fixtures = await chaosFixtures(rest, keys, tag, options.clients, options.issuer);
  const fromBlock = numberField(await rest.read('/v1/ledger', keys.auditor), 'height');
  const t0 = performance.now();
  const now = (): number => performance.now() - t0;
  const load = new Load(
    { api: new ApiTransport(rest.baseUrl, ATTEMPT_TIMEOUT_MS), now },
    {
      tag,
      holders: fixtures.holders,
      recipient: fixtures.recipient,
      issuer: fixtures.issuer,
      giveUpMs: options.giveUpS * 1000,
    },
  );
  const watcher = watchViews(rest, keys.auditor, now);
  const ctx: RunContext = {
    options,
    topology: loadTopology(),
    load,
    now,
    startLog: `${base}-start.log`,
    views: watcher.samples,
  };
  const { windows, errors, endAt } = await underLoad(ctx, fromBlock);
  await watcher.stop();
  const verification = await verifyLogged(rest, keys, fixtures, load, fromBlock, errors);
  const figures = windowFigures(load.records, windows, endAt);
  const views = viewFigures(watcher.samples, withBaseline(windows, endAt));
  errors.push(...diskFaultErrors(figures, views, options.holdS));
  const result: ChaosResult = {
    startedAt,
    finishedAt: new Date().toISOString(),
    command,
    tag,
    options,
    machine: { ...machine, loadAverageEnd: loadAverageNow() },
    figures,
    views,
    verification,
    requests: { total: load.records.length, attempts: load.records.reduce((n, r) => n + r.attempts.length, 0) },
    errors,
    passed: errors.length === 0 && verification !== undefined && verification.failures.length === 0,
  };
  return { result, markdown: renderMarkdown(result), files: writeOutputs(base, result, load) };
}

async function verifyLogged(
  rest: Rest,
  keys: DemoKeys,
  fixtures: Awaited<ReturnType<typeof chaosFixtures>>,
  load: Load,
  fromBlock: number,
  errors: string[],
): Promise<Verification | undefined> {
  progress(`verifying ${load.records.length} requests against the ledger`);
  try {
    return await verifyRun(rest, keys, fixtures, load.records, fromBlock);
  } catch (err) {
    errors.push(`verification: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

/** The result, its Markdown, and (in the JSON) every request that needed more than one attempt or did not succeed. */
function writeOutputs(base: string, result: ChaosResult, load: Load): ChaosOutput['files'] {
  const files = { json: `${base}.json`, markdown: `${base}.md`, startLog: `${base}-start.log` };
  const notable = load.records.filter((r) => r.attempts.length > 1 || r.outcome !== 'acked');
  fs.writeFileSync(files.json, `${JSON.stringify({ ...result, notableRequests: notable }, null, 2)}\n`);
  fs.writeFileSync(files.markdown, renderMarkdown(result));
  return files;
}
