import type { ViolationKind } from './oracles';
import { type FuzzRequest, NO_KEY, UNKNOWN_KEY } from './requests';

/** A broken oracle, with what it takes to send the same request again. */
export interface Violation {
  readonly kind: ViolationKind;
  readonly operation: string;
  readonly caller: string;
  /** The status answered, or undefined when there was no answer. */
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly detail: string;
  /** Run seed and request index: `npm run fuzz -- --seed <seed> --replay <index>` regenerates the request. */
  readonly seed: number;
  readonly index: number;
  readonly request: FuzzRequest | undefined;
  readonly curl: string | undefined;
}

interface StateChecks {
  /** Phases whose before/after state was compared (no write in them answered 2xx). */
  readonly checked: number;
  /** Phases not compared because a write in them committed (legitimately changing state). */
  readonly skipped: number;
}

export interface FuzzReport {
  readonly seed: number;
  readonly baseUrl: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly requests: number;
  /** Operation → caller → requests sent. */
  readonly perRoute: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Status (or `no answer`) → count. */
  readonly statuses: Readonly<Record<string, number>>;
  readonly state: StateChecks;
  readonly violations: readonly Violation[];
}

/** Counts requests and statuses as a run goes. */
export class Tally {
  readonly perRoute: Record<string, Record<string, number>> = {};
  readonly statuses: Record<string, number> = {};
  requests = 0;

  add(request: FuzzRequest, status: number | undefined): void {
    this.requests += 1;
    const byCaller = (this.perRoute[request.operation] ??= {});
    byCaller[request.caller] = (byCaller[request.caller] ?? 0) + 1;
    const key = status === undefined ? 'no answer' : String(status);
    this.statuses[key] = (this.statuses[key] ?? 0) + 1;
  }
}

/** Bash ANSI-C quoting (`$'…'`): every byte outside printable ASCII, and `'` and `\`, as `\xHH`. */
export function shellQuote(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const printable = byte >= 0x20 && byte < 0x7f && byte !== 0x27 && byte !== 0x5c;
    out += printable ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return `$'${out}'`;
}

/** A curl command that sends `request` again; a demo user's key is read from .ncr/users.json. */
export function curlFor(request: FuzzRequest, baseUrl: string): string {
  const parts = ['curl -sS', `-X ${request.method}`, shellQuote(`${baseUrl}${request.target}`)];
  for (const [name, value] of Object.entries(request.headers)) parts.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  if (request.caller !== NO_KEY && request.caller !== UNKNOWN_KEY) {
    parts.push(
      `-H "Authorization: Bearer $(jq -r '.[] | select(.name == "${request.caller}") | .apiKey' .ncr/users.json)"`,
    );
  }
  if (request.body !== undefined) parts.push(`--data-binary ${shellQuote(request.body)}`);
  return parts.join(' ');
}

function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  '),
  );
}

const MAX_SHOWN = 240;

function clip(text: string): string {
  return text.length <= MAX_SHOWN
    ? text
    : `${text.slice(0, MAX_SHOWN)}… (${text.length} chars; full in the JSON report)`;
}

/** Violations grouped by kind, operation, caller and code, in order of first appearance. */
export function groupViolations(violations: readonly Violation[]): { key: string; count: number; first: Violation }[] {
  const groups = new Map<string, { key: string; count: number; first: Violation }>();
  for (const violation of violations) {
    const key =
      `${violation.kind} | ${violation.operation} | ${violation.caller} | ${violation.status ?? 'no answer'} ${violation.code ?? ''}`.trim();
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { key, count: 1, first: violation });
    else group.count += 1;
  }
  return [...groups.values()];
}

/** The text printed at the end of a run. */
export function renderSummary(report: FuzzReport, reportPath?: string): string {
  const lines: string[] = [];
  const seconds = report.durationMs / 1000;
  lines.push(
    `Fuzzed ${report.baseUrl}: ${report.requests} requests in ${seconds.toFixed(1)} s ` +
      `(${(report.requests / Math.max(seconds, 0.001)).toFixed(1)}/s), seed ${report.seed}`,
  );
  const callers = [...new Set(Object.values(report.perRoute).flatMap((byCaller) => Object.keys(byCaller)))].sort();
  lines.push('', 'Requests per route and caller:');
  const rows: string[][] = [['route', ...callers, 'total']];
  for (const operation of Object.keys(report.perRoute).sort()) {
    const byCaller = report.perRoute[operation] ?? {};
    const counts = callers.map((caller) => byCaller[caller] ?? 0);
    rows.push([operation, ...counts.map(String), String(counts.reduce((a, b) => a + b, 0))]);
  }
  lines.push(...table(rows).map((line) => `  ${line}`));
  lines.push('', 'Statuses:');
  const statuses = Object.entries(report.statuses).sort(([a], [b]) => a.localeCompare(b));
  lines.push(`  ${statuses.map(([status, count]) => `${status}: ${count}`).join('   ')}`);
  lines.push(
    '',
    `State (ledger height, every account's balance) compared around ${report.state.checked} phases with no ` +
      `committed write; ${report.state.skipped} phases skipped because a write in them committed.`,
  );
  const groups = groupViolations(report.violations);
  lines.push(
    '',
    groups.length === 0 ? 'Violations: none' : `Violations: ${report.violations.length} in ${groups.length} groups`,
  );
  for (const group of groups) {
    const { first } = group;
    lines.push(`  ${group.count} × ${group.key}`);
    lines.push(`      ${clip(first.detail)}`);
    if (first.request !== undefined) {
      lines.push(
        `      e.g. seed ${first.seed} request ${first.index}: ${first.request.method} ${clip(first.request.target)}`,
      );
      if (first.request.mutation !== undefined) lines.push(`      broken on purpose: ${first.request.mutation}`);
    }
    if (first.curl !== undefined) lines.push(`      ${clip(first.curl)}`);
  }
  if (reportPath !== undefined) lines.push('', `JSON report: ${reportPath}`);
  return lines.join('\n');
}
