import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ReadModelStore, readModelDbPath } from '@ncr/gateway-api';
import { ensureDir } from '../lib/files';
import { paths, sitePaths } from '../lib/paths';
import { runningPid } from '../lib/processes';
import { gatewayDaemon } from '../network/gateway';
import { loadTopology, orgByKey } from '../network/topology';
import { appendSyntheticActions } from './aef-synthetic';
import { type BenchContext, sleep, type TransferFixtures } from './context';
import { authorisedProject } from './fixtures';
import { memoryMiB, resetPeak } from './memory';
import { progress } from './progress';
import { asRecord, numberField } from './rest';
import type { AefResult, AefRun, AefSyntheticResult, AefSyntheticRun } from './result';
import { moveUnits } from './scaling';

/** The AEF: over the live read model through the gateway, and over a synthetic read model of many actions. */

/** AEF generation time over every recorded action of this year, and the gateway process's peak RSS. */
export async function aefPhase(ctx: BenchContext, fixtures: TransferFixtures | undefined): Promise<AefResult> {
  let generated = 0;
  if (ctx.options.aefActions > 0) {
    if (fixtures === undefined) throw new Error('--aef-actions needs the transfer fixtures');
    progress(`aef: generating ${ctx.options.aefActions} transfers first`);
    const moved = await moveUnits(ctx, fixtures, fixtures.restCompany, ctx.options.aefActions, 'aef actions');
    generated = moved.serials.length;
  }
  // The auditor's gateway (the government's) builds the report.
  const pid = runningPid(gatewayDaemon(orgByKey(loadTopology(), 'government')));
  if (pid === undefined) throw new Error("the government's gateway is not running");
  const ledger = await ctx.rest.read('/v1/ledger', ctx.keys.auditor);
  const year = new Date().getUTCFullYear();
  const peakReset = resetPeak(pid);
  const before = memoryMiB(pid, 'VmHWM');
  const runs: AefRun[] = [];
  const rowsBySheet: Record<string, number> = {};
  for (const format of ['json', 'xlsx']) {
    progress(`aef: GET /v1/reports/aef?year=${year}&format=${format}`);
    const started = performance.now();
    const response = await fetch(`${ctx.rest.baseUrl}/v1/reports/aef?year=${year}&format=${format}`, {
      headers: { authorization: `Bearer ${ctx.keys.auditor}` },
      signal: AbortSignal.timeout(600_000),
    });
    const bytes = Buffer.from(await response.arrayBuffer());
    const ms = performance.now() - started;
    if (format === 'json' && response.status === 200) {
      const sheets = asRecord(JSON.parse(bytes.toString('utf8'))).sheets;
      if (Array.isArray(sheets)) {
        for (const sheet of sheets as unknown[]) {
          const { sheet: name, rows } = asRecord(sheet);
          if (typeof name === 'string' && Array.isArray(rows)) rowsBySheet[name] = rows.length;
        }
      }
    }
    runs.push({
      format,
      status: response.status,
      ms: Math.round(ms),
      bytes: bytes.length,
      peakRssMiB: memoryMiB(pid, 'VmHWM'),
    });
  }
  return {
    ledgerHeight: numberField(ledger, 'height'),
    year,
    rowsBySheet,
    generatedActions: generated,
    peakRssBeforeMiB: before,
    peakReset,
    runs,
    ...(ctx.options.aefSynthetic > 0 ? { synthetic: await aefSyntheticPhase(ctx, ctx.options.aefSynthetic) } : {}),
  };
}

/** The live read model holds an AUTHORISED project to issue under, or the bench makes one and waits to see it. */
async function ensureAuthorisedProject(ctx: BenchContext, file: string): Promise<void> {
  const authorised = (): boolean => {
    const store = ReadModelStore.openReader(file);
    try {
      return store.projects().some((p) => p.status === 'AUTHORISED');
    } finally {
      store.close();
    }
  };
  if (authorised()) return;
  progress('aef: no AUTHORISED project in the read model yet; authorising one through REST');
  await authorisedProject(ctx.rest, ctx.keys, {
    tag: `${ctx.tag}-S`,
    creditingPeriod: { start: '2021-01-01', end: '2030-12-31' },
    estimatedAnnualReductions: 1_000_000,
  });
  for (let waited = 0; !authorised(); waited += 500) {
    if (waited > 60_000) throw new Error('the read model did not show the authorised project within 60 s');
    await sleep(500);
  }
}

const run = promisify(execFile);

/**
 * One AEF answer generated in a fresh process (the gateway's compiled `file-main`, plain Node), so that its peak RSS
 * is the report's alone.
 */
async function timedChild(
  database: string,
  year: number,
  format: string,
  table: string,
  output: string,
): Promise<Omit<AefSyntheticRun, 'format'>> {
  const main = require.resolve('@ncr/gateway-api/aef-file');
  const args = [main, database, String(year), format, table, output];
  const { stdout } = await run(process.execPath, args, { maxBuffer: 1 << 20, timeout: 600_000 });
  const line = asRecord(JSON.parse(stdout.trim()));
  const mib = (name: string): number | null => {
    const value = line[name];
    return typeof value === 'number' ? value : null;
  };
  return {
    ms: numberField(line, 'ms'),
    cpuMs: numberField(line, 'cpuMs'),
    bytes: numberField(line, 'bytes'),
    peakRssMiB: mib('peakRssMiB'),
    rssBeforeMiB: mib('rssBeforeMiB'),
  };
}

/** Rows of Tables 3 and 4 as the summary sheet (CSV) counts them. */
function rowsFromSummary(csv: string): Record<string, number> {
  let actions = 0;
  let holdings = 0;
  for (const line of csv.split('\r\n')) {
    const action = /^"?Table 3 .+ actions \(rows, t CO2 eq\)"?,"?(\d+), /.exec(line);
    if (action?.[1] !== undefined) actions += Number(action[1]);
    const held = /^Table 4 ITMO blocks held at 31 December,(\d+)$/.exec(line);
    if (held?.[1] !== undefined) holdings = Number(held[1]);
  }
  return { 'Table 3 Actions': actions, 'Table 4 Holdings': holdings };
}

/**
 * The AEF over a copy of the live read model (`.ncr/bench/aef-synthetic-<tag>.sqlite`) grown by `count` synthetic
 * actions (aef-synthetic.ts): the gateway's code path (read model, computation, validation, writer) timed in a fresh
 * process per format, its peak RSS read from /proc/self/status. Synthetic read-model data, not ledger data.
 */
async function aefSyntheticPhase(ctx: BenchContext, count: number): Promise<AefSyntheticResult> {
  const live = readModelDbPath(sitePaths('government').home);
  await ensureAuthorisedProject(ctx, live);
  const dir = path.join(paths.home, 'bench');
  ensureDir(dir);
  const database = path.join(dir, `aef-synthetic-${ctx.tag}.sqlite`);
  progress(`aef: copying ${live} to ${database}, then adding ${count} synthetic actions`);
  const source = ReadModelStore.openReader(live);
  await source.backupTo(database).finally(() => {
    source.close();
  });
  const store = ReadModelStore.openWriter(database);
  const log = (() => {
    try {
      return appendSyntheticActions(store, count, progress);
    } finally {
      store.close();
    }
  })();
  const runs: AefSyntheticRun[] = [];
  for (const [format, table] of [
    ['json', '-'],
    ['xlsx', '-'],
    ['csv', '3'],
  ] as const) {
    progress(`aef: synthetic read model, ${format}${table === '-' ? '' : ` table ${table}`}, in a fresh process`);
    const output = `${database}.${format}`;
    runs.push({
      format: table === '-' ? format : `${format} table ${table}`,
      ...(await timedChild(database, log.year, format, table, output)),
    });
    fs.rmSync(output, { force: true });
  }
  const summaryFile = `${database}.summary.csv`;
  await timedChild(database, log.year, 'csv', 'summary', summaryFile);
  const rowsBySheet = rowsFromSummary(fs.readFileSync(summaryFile, 'utf8'));
  return { actions: count, ...log, database, rowsBySheet, runs };
}
