import fs from 'node:fs';
import path from 'node:path';
import { ensureDir } from '../lib/files';
import { paths } from '../lib/paths';
import { connectAsAdmin } from '../network/client';
import { throughputChart } from './chart';
import { demoKeys, runTag } from './fixtures';
import { loadAverageNow, machineAtStart } from './machine';
import type { BenchContext, PhaseOptions, TransferFixtures } from './context';
import { aefPhase } from './aef';
import { issuancePhase, queriesPhase } from './scaling';
import { chaincodePhase, rawPhase, restPhase, transferFixtures } from './throughput';
import { progress } from './progress';
import { renderMarkdown } from './report';
import { Rest, gatewayUrl } from './rest';
import type { BenchResult, Phase } from './result';

export interface BenchOptions extends PhaseOptions {
  readonly phases: readonly Phase[];
}

export interface BenchOutput {
  readonly result: BenchResult;
  readonly markdown: string;
  readonly files: { readonly json: string; readonly markdown: string; readonly svg: string };
}

type PhaseResults = { -readonly [P in Phase]?: BenchResult[P] };
type PhaseErrors = Partial<Record<Phase, string>>;

/** The transfer fixtures, or why they could not be made (neither when no selected phase needs them). */
interface PreparedFixtures {
  readonly fixtures: TransferFixtures | undefined;
  readonly error: string | undefined;
}

const NEEDS_FIXTURES: readonly Phase[] = ['chaincode', 'rest', 'queries'];

/**
 * Runs the selected phases, in order, against the network `npm start` runs, and writes
 * .ncr/bench/<timestamp>.{json,md,svg}. A phase that fails is recorded with its error; the others still run.
 */
export async function runBench(options: BenchOptions, command: string): Promise<BenchOutput> {
  const startedAt = new Date().toISOString();
  const machine = machineAtStart();
  const ctx = benchContext(options);
  progress(`run ${ctx.tag} against ${ctx.rest.baseUrl}: phases ${options.phases.join(',')}`);
  const { results, errors } = await runPhases(ctx, options);
  const result: BenchResult = {
    startedAt,
    finishedAt: new Date().toISOString(),
    command,
    options: {
      durationS: options.durationS,
      concurrency: options.concurrency,
      phases: options.phases,
      maxRequests: options.maxRequests,
      issuances: options.issuances,
      blocks: options.blocks,
      aefActions: options.aefActions,
      aefSynthetic: options.aefSynthetic,
    },
    machine: { ...machine, loadAverageEnd: loadAverageNow() },
    ...results,
    fixtureRetries: ctx.rest.retries,
    errors,
  };
  return { result, markdown: renderMarkdown(result), files: writeOutputs(result) };
}

/** The REST client (logging its retries), the demo keys, a run tag and both organisation admins' connections. */
function benchContext(options: BenchOptions): BenchContext {
  const rest = new Rest(gatewayUrl(), (error) => {
    progress(`retrying (same Idempotency-Key) after ${error.code}: ${error.method} ${error.route}`);
  });
  return {
    rest,
    keys: demoKeys(),
    tag: runTag(),
    options,
    developerAdmin: connectAsAdmin('DeveloperMSP'),
    governmentAdmin: connectAsAdmin('GovernmentMSP'),
  };
}

/** Makes the fixtures if a phase needs them, runs each phase recording its result or error, then closes the admins. */
async function runPhases(
  ctx: BenchContext,
  options: BenchOptions,
): Promise<{ results: PhaseResults; errors: PhaseErrors }> {
  const errors: PhaseErrors = {};
  const results: PhaseResults = {};
  try {
    const prepared = await prepareFixtures(ctx, options);
    for (const phase of options.phases) {
      try {
        await runPhase(ctx, phase, prepared, results);
      } catch (err) {
        errors[phase] = err instanceof Error ? err.message : String(err);
        progress(`${phase} failed: ${errors[phase]}`);
      }
    }
  } finally {
    ctx.developerAdmin.close();
    ctx.governmentAdmin.close();
  }
  return { results, errors };
}

async function prepareFixtures(ctx: BenchContext, options: BenchOptions): Promise<PreparedFixtures> {
  const needsFixtures =
    options.phases.some((phase) => NEEDS_FIXTURES.includes(phase)) ||
    (options.phases.includes('aef') && options.aefActions > 0);
  if (!needsFixtures) return { fixtures: undefined, error: undefined };
  try {
    return { fixtures: await transferFixturesLogged(ctx), error: undefined };
  } catch (err) {
    const error = `fixtures: ${err instanceof Error ? err.message : String(err)}`;
    progress(error);
    return { fixtures: undefined, error };
  }
}

/** The transfer fixtures a phase needs, or the error that kept them from being made. */
function fixturesOf(prepared: PreparedFixtures): TransferFixtures {
  if (prepared.fixtures === undefined) throw new Error(prepared.error ?? 'no fixtures');
  return prepared.fixtures;
}

/** How each phase runs; one that needs fixtures fails when they could not be made. */
const PHASE_RUNS: {
  readonly [P in Phase]: (ctx: BenchContext, prepared: PreparedFixtures) => Promise<NonNullable<BenchResult[P]>>;
} = {
  raw: (ctx) => rawPhase(ctx),
  chaincode: (ctx, prepared) => chaincodePhase(ctx, fixturesOf(prepared)),
  rest: (ctx, prepared) => restPhase(ctx, fixturesOf(prepared)),
  issuance: (ctx) => issuancePhase(ctx),
  queries: (ctx, prepared) => queriesPhase(ctx, fixturesOf(prepared)),
  aef: (ctx, prepared) => aefPhase(ctx, prepared.fixtures),
};

/** Runs one phase into its entry of `results`. */
async function runPhase<P extends Phase>(
  ctx: BenchContext,
  phase: P,
  prepared: PreparedFixtures,
  results: Pick<PhaseResults, P>,
): Promise<void> {
  results[phase] = await PHASE_RUNS[phase](ctx, prepared);
}

async function transferFixturesLogged(ctx: BenchContext): Promise<TransferFixtures> {
  const started = Date.now();
  const fixtures = await transferFixtures(ctx);
  progress(
    `fixtures ready in ${((Date.now() - started) / 1000).toFixed(0)} s: ${fixtures.holderBlocks.length} blocks of ` +
      `${fixtures.holder}, ${fixtures.restBlocks.length} of ${fixtures.restCompany}`,
  );
  return fixtures;
}

function writeOutputs(result: BenchResult): BenchOutput['files'] {
  const dir = path.join(paths.home, 'bench');
  ensureDir(dir);
  const base = path.join(dir, result.startedAt.replace(/[:.]/g, '-'));
  const files = { json: `${base}.json`, markdown: `${base}.md`, svg: `${base}.svg` };
  fs.writeFileSync(files.json, `${JSON.stringify(result, null, 2)}\n`);
  fs.writeFileSync(files.markdown, renderMarkdown(result));
  const series = (
    [
      ['raw probe write (fabric-gateway)', result.raw],
      ['credits:Transfer (fabric-gateway)', result.chaincode],
      ['POST /v1/transfers (REST)', result.rest],
    ] as const
  )
    .filter(([, levels]) => levels !== undefined && levels.length > 0)
    .map(([name, levels]) => ({
      name,
      points: (levels ?? []).map((level) => ({ clients: level.clients, txPerSec: level.txPerSec })),
    }));
  fs.writeFileSync(files.svg, throughputChart(`Committed tx/s vs clients (${result.startedAt})`, series));
  return files;
}
