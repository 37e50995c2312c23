import fs from 'node:fs';
import path from 'node:path';
import { ensureDir } from '../lib/files';
import { paths } from '../lib/paths';
import { connectAsAdmin } from '../network/client';
import { throughputChart } from './chart';
import { demoKeys, runTag } from './fixtures';
import { loadAverageNow, machineAtStart } from './machine';
import type { BenchContext, PhaseOptions, TransferFixtures } from './context';
import { aefPhase, issuancePhase, queriesPhase } from './scaling';
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

const NEEDS_FIXTURES: readonly Phase[] = ['chaincode', 'rest', 'queries'];

/**
 * Runs the selected phases, in order, against the network `npm start` runs, and writes
 * .ncr/bench/<timestamp>.{json,md,svg}. A phase that fails is recorded with its error; the others still run.
 */
export async function runBench(options: BenchOptions, command: string): Promise<BenchOutput> {
  const startedAt = new Date().toISOString();
  const machine = machineAtStart();
  const rest = new Rest(gatewayUrl(), (error) => {
    progress(`retrying (same Idempotency-Key) after ${error.code}: ${error.method} ${error.route}`);
  });
  const ctx: BenchContext = {
    rest,
    keys: demoKeys(),
    tag: runTag(),
    options,
    developerAdmin: connectAsAdmin('DeveloperMSP'),
    governmentAdmin: connectAsAdmin('GovernmentMSP'),
  };
  progress(`run ${ctx.tag} against ${rest.baseUrl}: phases ${options.phases.join(',')}`);
  const errors: Partial<Record<Phase, string>> = {};
  const results: { -readonly [P in Phase]?: BenchResult[P] } = {};
  let fixtures: TransferFixtures | undefined;
  let fixturesError: string | undefined;
  const needsFixtures =
    options.phases.some((phase) => NEEDS_FIXTURES.includes(phase)) ||
    (options.phases.includes('aef') && options.aefActions > 0);
  try {
    if (needsFixtures) {
      try {
        fixtures = await transferFixturesLogged(ctx);
      } catch (err) {
        fixturesError = `fixtures: ${err instanceof Error ? err.message : String(err)}`;
        progress(fixturesError);
      }
    }
    const withFixtures = <T>(run: (f: TransferFixtures) => Promise<T>): Promise<T> => {
      if (fixtures === undefined) throw new Error(fixturesError ?? 'no fixtures');
      return run(fixtures);
    };
    for (const phase of options.phases) {
      try {
        switch (phase) {
          case 'raw':
            results.raw = await rawPhase(ctx);
            break;
          case 'chaincode':
            results.chaincode = await withFixtures((f) => chaincodePhase(ctx, f));
            break;
          case 'rest':
            results.rest = await withFixtures((f) => restPhase(ctx, f));
            break;
          case 'issuance':
            results.issuance = await issuancePhase(ctx);
            break;
          case 'queries':
            results.queries = await withFixtures((f) => queriesPhase(ctx, f));
            break;
          case 'aef':
            results.aef = await aefPhase(ctx, fixtures);
            break;
        }
      } catch (err) {
        errors[phase] = err instanceof Error ? err.message : String(err);
        progress(`${phase} failed: ${errors[phase]}`);
      }
    }
  } finally {
    ctx.developerAdmin.close();
    ctx.governmentAdmin.close();
  }
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
    },
    machine: { ...machine, loadAverageEnd: loadAverageNow() },
    ...results,
    fixtureRetries: rest.retries,
    errors,
  };
  return { result, markdown: renderMarkdown(result), files: writeOutputs(result) };
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
