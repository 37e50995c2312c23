import {
  type AefSyntheticResult,
  type BenchResult,
  type LevelResult,
  type Spread,
  THROUGHPUT_PHASES,
  type ThroughputPhase,
} from './result';
import { cell, table } from './markdown';
import { ratio, type Summary } from './stats';
import { targetsSection } from './targets';

/** Pure rendering of a bench result as Markdown: the table printed on stdout and written next to the JSON. */

export interface RatioRow {
  readonly clients: number;
  readonly raw: number | null;
  readonly chaincode: number | null;
  readonly rest: number | null;
  readonly chaincodeToRaw: number | null;
  readonly restToRaw: number | null;
}

/** One row per concurrency level measured by any throughput phase: tx/s of each and their ratios to raw. */
export function ratioRows(phases: Partial<Record<ThroughputPhase, readonly LevelResult[] | undefined>>): RatioRow[] {
  const levels = new Set<number>();
  for (const phase of THROUGHPUT_PHASES) for (const level of phases[phase] ?? []) levels.add(level.clients);
  const rate = (phase: ThroughputPhase, clients: number): number | null =>
    phases[phase]?.find((level) => level.clients === clients)?.txPerSec ?? null;
  return [...levels]
    .sort((a, b) => a - b)
    .map((clients) => {
      const raw = rate('raw', clients);
      const chaincode = rate('chaincode', clients);
      const rest = rate('rest', clients);
      return { clients, raw, chaincode, rest, chaincodeToRaw: ratio(chaincode, raw), restToRaw: ratio(rest, raw) };
    });
}

/** Failure counts by code, `CODE ×count` comma-separated, or `none`. */
export function formatFailures(failures: Readonly<Record<string, number>>): string {
  const entries = Object.entries(failures);
  return entries.length === 0 ? 'none' : entries.map(([code, count]) => `${code} ×${count}`).join(', ');
}

const spread = (s: Spread): string => `n=${s.count}, p50 ${cell(s.p50, 0)} ms, p95 ${cell(s.p95, 0)} ms`;

const summaryRow = (label: string, s: Summary): string[] => [
  label,
  String(s.attempts),
  String(s.committed),
  cell(s.txPerSec),
  cell(s.p50Ms),
  cell(s.p95Ms),
  cell(s.p99Ms),
  formatFailures(s.failures),
];

/** The bench result as Markdown: machine and command, then one section per phase measured, then what failed. */
export function renderMarkdown(result: BenchResult): string {
  return `${SECTIONS.flatMap((section) => section(result)).join('\n')}\n`;
}

function headerSection(result: BenchResult): string[] {
  const m = result.machine;
  return [
    `## Bench ${result.startedAt}`,
    '',
    `\`${result.command}\` — ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}, Fabric ${m.fabric}, ` +
      `load average ${m.loadAverageStart.join(' / ')} at start, ${m.loadAverageEnd.join(' / ')} at end.`,
  ];
}

/** Every level of every throughput phase, then their ratios to the raw probe write. */
function throughputSection(result: BenchResult): string[] {
  const throughput: [ThroughputPhase, readonly LevelResult[] | undefined][] = [
    ['raw', result.raw],
    ['chaincode', result.chaincode],
    ['rest', result.rest],
  ];
  const rows = throughput.flatMap(([phase, levels]) =>
    (levels ?? []).map((level) => [phase, ...summaryRow(String(level.clients), level)]),
  );
  if (rows.length === 0) return [];
  return [
    '',
    `### Throughput (closed loop, ${result.options.durationS} s per level)`,
    '',
    table(['phase', 'clients', 'attempts', 'committed', 'tx/s', 'p50 ms', 'p95 ms', 'p99 ms', 'failures'], rows),
    '',
    '### Ratios to the raw probe write',
    '',
    table(
      ['clients', 'raw tx/s', 'chaincode tx/s', 'rest tx/s', 'chaincode/raw', 'rest/raw'],
      ratioRows({ raw: result.raw, chaincode: result.chaincode, rest: result.rest }).map((r) => [
        String(r.clients),
        cell(r.raw),
        cell(r.chaincode),
        cell(r.rest),
        cell(r.chaincodeToRaw, 2),
        cell(r.restToRaw, 2),
      ]),
    ),
  ];
}

function readModelLagSection(result: BenchResult): string[] {
  if (result.rest === undefined || result.rest.length === 0) return [];
  return [
    '',
    '### Read-model lag during rest (ledger height − read-model height, sampled every 500 ms)',
    '',
    table(
      ['clients', 'samples', 'p50 blocks', 'p95 blocks', 'max blocks'],
      result.rest.map((level) => [
        String(level.clients),
        String(level.readModelLagBlocks.count),
        cell(level.readModelLagBlocks.p50, 0),
        cell(level.readModelLagBlocks.p95, 0),
        cell(level.readModelLagBlocks.max, 0),
      ]),
    ),
  ];
}

function issuanceSection(result: BenchResult): string[] {
  const issuance = result.issuance;
  if (issuance === undefined) return [];
  return [
    '',
    `### Issuance scaling (${issuance.issuances} issuances on one project, REST)`,
    '',
    table(
      ['measure', 'latency', 'ratio'],
      [
        ['1 credit', spread(issuance.oneCredit), ''],
        ['10^9 credits', spread(issuance.billionCredits), `${cell(issuance.billionToOne, 2)} × 1 credit (p50)`],
        ['first third', spread(issuance.firstThird), ''],
        ['last third', spread(issuance.lastThird), `${cell(issuance.lastToFirst, 2)} × first third (p50)`],
      ],
    ),
    '',
    `failures: ${formatFailures(issuance.failures)}`,
  ];
}

function queriesSection(result: BenchResult): string[] {
  const queries = result.queries;
  if (queries === undefined) return [];
  return [
    '',
    `### Queries on an account holding ${queries.blocks} blocks (1 client)`,
    '',
    table(
      ['query', 'attempts', 'ok', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'failures'],
      [
        summaryRow('balance, REST', queries.balanceRest),
        summaryRow('balance, chaincode', queries.balanceChaincode),
        summaryRow('serial look-up, REST', queries.serialRest),
        summaryRow('serial look-up, chaincode', queries.serialChaincode),
      ],
    ),
    '',
    `filling the account took ${queries.fillSeconds} s; failures: ${formatFailures(queries.fillFailures)}`,
  ];
}

function aefSection(result: BenchResult): string[] {
  const aef = result.aef;
  if (aef === undefined) return [];
  const rows = Object.entries(aef.rowsBySheet)
    .map(([sheet, count]) => `${sheet}: ${count}`)
    .join(', ');
  return [
    '',
    `### AEF for ${aef.year} (ledger height ${aef.ledgerHeight}; rows: ${rows || 'none'})`,
    '',
    table(
      ['format', 'status', 'time ms', 'bytes', 'gateway peak RSS MiB'],
      aef.runs.map((run) => [run.format, String(run.status), cell(run.ms, 0), String(run.bytes), cell(run.peakRssMiB)]),
    ),
    '',
    `gateway peak RSS before: ${cell(aef.peakRssBeforeMiB)} MiB` +
      (aef.peakReset ? ' (peak reset just before the AEF requests)' : ' (peak since the gateway started)') +
      `; actions generated for this phase: ${aef.generatedActions}`,
    ...aefSyntheticSection(aef.synthetic),
  ];
}

/** The AEF over synthetic read-model data: labelled as such, with what the data holds. */
function aefSyntheticSection(synthetic: AefSyntheticResult | undefined): string[] {
  if (synthetic === undefined) return [];
  const counts = (record: Readonly<Record<string, number>>): string =>
    Object.entries(record)
      .map(([name, count]) => `${name}: ${count}`)
      .join(', ');
  return [
    '',
    `### AEF for ${synthetic.year} over SYNTHETIC read-model data (${synthetic.actions} synthetic actions; ` +
      `rows: ${counts(synthetic.rowsBySheet)})`,
    '',
    table(
      ['format', 'time ms', 'CPU ms', 'bytes', 'peak RSS MiB (own process)', 'RSS before MiB'],
      synthetic.runs.map((run) => [
        run.format,
        cell(run.ms, 0),
        cell(run.cpuMs, 0),
        String(run.bytes),
        cell(run.peakRssMiB),
        cell(run.rssBeforeMiB),
      ]),
    ),
    '',
    `synthetic actions by kind: ${counts(synthetic.byKind)}; read-model copy of ${synthetic.blockHeight} blocks ` +
      `built in ${synthetic.seconds} s by the read model's own projection (${synthetic.database}); each format ` +
      "generated in a fresh process running the gateway's AEF code path, output written to a file",
  ];
}

/** Fixture writes that had to be retried, and the phases that failed with their errors. */
function failuresSection(result: BenchResult): string[] {
  const out: string[] = [];
  if (Object.keys(result.fixtureRetries).length > 0) {
    out.push('', `Fixture writes retried with their Idempotency-Key: ${formatFailures(result.fixtureRetries)}.`);
  }
  const errors = Object.entries(result.errors);
  if (errors.length > 0) {
    out.push('', '### Phases that failed', '');
    for (const [phase, message] of errors) out.push(`- ${phase}: ${message}`);
  }
  return out;
}

const SECTIONS: readonly ((result: BenchResult) => string[])[] = [
  headerSection,
  throughputSection,
  readModelLagSection,
  issuanceSection,
  queriesSection,
  aefSection,
  targetsSection,
  failuresSection,
];
