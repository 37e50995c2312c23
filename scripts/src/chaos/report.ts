import { formatFailures } from '../bench/report';
import type { RunRecord } from '../bench/result';
import type { WindowFigures } from './figures';
import type { ChaosOptions } from './options';
import type { ViewFigures } from './views';
import type { Verification } from './verify';

/** The JSON written to .ncr/chaos/<time>.json, and its Markdown summary (pure rendering). */

export interface ChaosResult extends RunRecord<ChaosOptions> {
  readonly tag: string;
  readonly figures: readonly WindowFigures[];
  /** The read-model view (`GET /v1/reports/read-model`, once a second) in the same windows. */
  readonly views: readonly ViewFigures[];
  readonly verification: Verification | undefined;
  /** Requests sent and HTTP exchanges they took (retries included). */
  readonly requests: { readonly total: number; readonly attempts: number };
  readonly errors: readonly string[];
  readonly passed: boolean;
}

const cell = (value: number | null): string => (value === null ? '–' : value.toFixed(1));
const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
const counts = (values: Readonly<Record<string, number>>): string => formatFailures(values).replace(/^none$/, '–');

/** A Markdown table: the header, its rule, then one row per entry. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [row(header), row(header.map(() => '---')), ...rows.map(row)];
}

function figuresTable(figures: readonly WindowFigures[]): string[] {
  const header = [
    'fault',
    'killed',
    'window s',
    'restart s',
    'first 2xx after kill s',
    'first 2xx after restart s',
    'first 2xx after back s',
    'answers until the restart (status code ×count)',
    'answers after it',
    'slowest s',
    'errors that committed',
  ];
  return table(
    header,
    figures.map((f) => [
      f.error === undefined ? f.fault : `${f.fault} (${f.error})`,
      f.killed.join(', ') || '–',
      `${f.fromS.toFixed(0)}–${f.toS.toFixed(0)}`,
      cell(f.restartS),
      cell(f.firstSuccessAfterKillS),
      cell(f.firstSuccessAfterRestartS),
      cell(f.firstSuccessAfterBackS),
      counts(f.answersWhileDown),
      counts(f.answersAfterRestart),
      cell(f.slowestAnswerS),
      counts(f.errorsThatCommitted),
    ]),
  );
}

/** The read-model view's columns: header and cell. */
const VIEW_COLUMNS: readonly (readonly [string, (v: ViewFigures) => string])[] = [
  ['fault', (v) => v.fault],
  ['read-model view answers until the restore', (v) => counts(v.answersWhileDown)],
  ['after it', (v) => counts(v.answersAfterRestart)],
  ['most blocks behind the ledger', (v) => (v.maxLagBlocks === null ? '–' : String(v.maxLagBlocks))],
  ['caught up s after the restore', (v) => cell(v.caughtUpAfterRestartS)],
];

function viewsTable(views: readonly ViewFigures[]): string[] {
  return table(
    VIEW_COLUMNS.map(([header]) => header),
    views.map((v) => VIEW_COLUMNS.map(([, value]) => value(v))),
  );
}

function verificationLines(v: Verification): string[] {
  const writes = Object.entries(v.writes)
    .map(([kind, o]) => `${kind}: ${o.acked} acknowledged, ${o.refused} refused, ${o.unresolved} unresolved`)
    .join('; ');
  const conservation = v.conservation.map(
    (c) =>
      `- conservation on ${c.project}: held ${c.holdings.HELD} + retired ${c.holdings.RETIRED} + cancelled ` +
      `${c.holdings.CANCELLED} = ${c.holdings.HELD + c.holdings.RETIRED + c.holdings.CANCELLED} in ` +
      `${c.holdings.blocks} blocks; issued ${c.expected.total}, retired by acknowledged writes ${c.expected.retired}: ` +
      (c.ok ? 'holds' : 'BROKEN'),
  );
  return [
    `- requests: ${writes}`,
    `- ledger blocks ${v.scanned.fromBlock}–${v.scanned.toBlock - 1}: ${v.matching.committed} VALID transactions of ` +
      `the run; lost ${v.matching.lost.length}, duplicated ${v.matching.duplicates.length}, commits of unresolved ` +
      `requests ${v.matching.unexplained.length}`,
    `- balances: ${v.balances.checked} blocks, ${v.balances.mismatches.length} differ from the acknowledged writes`,
    ...conservation,
    `- integrity audit: ${v.integrity.pages} pages, ${v.integrity.issuances} issuances, ${v.integrity.blocks} blocks, ` +
      `${v.integrity.violations.length} violations`,
    `- read model: height ${v.readModel.readModelHeight}, ledger ${v.readModel.ledgerHeight}` +
      (v.readModel.caughtUp ? ' (caught up)' : ' (BEHIND)'),
  ];
}

/** The run as Markdown: machine and command, the figures of each fault, then what the ledger says. */
export function renderMarkdown(result: ChaosResult): string {
  const m = result.machine;
  const out = [
    `### Chaos run ${result.tag} (${result.startedAt})`,
    '',
    `\`${result.command}\`: ${result.options.clients} clients${result.options.issuer ? ' and an issuer' : ''}, ` +
      `faults held ${result.options.holdS} s; ${result.requests.total} requests in ${result.requests.attempts} ` +
      'HTTP exchanges (retries with the same Idempotency-Key included).',
    `Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}, Fabric ${m.fabric}; load ` +
      `average ${m.loadAverageStart.join(' / ')} at the start, ${m.loadAverageEnd.join(' / ')} at the end.`,
    '',
    ...figuresTable(result.figures),
    '',
    ...viewsTable(result.views),
    '',
    ...(result.verification === undefined ? ['- the ledger was not verified'] : verificationLines(result.verification)),
    ...result.errors.map((error) => `- error: ${error}`),
    '',
    result.passed
      ? '**PASSED**: every acknowledged write is on the ledger exactly once; conservation and the audit hold.'
      : `**FAILED**:\n${(result.verification?.failures ?? [])
          .slice(0, 30)
          .map((f) => `- ${f}`)
          .join('\n')}`,
    '',
  ];
  return out.join('\n');
}
