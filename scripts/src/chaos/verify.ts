import type { DemoKeys } from '../bench/fixtures';
import { numberField, type Rest } from '../bench/rest';
import type { WriteKind, WriteRecord } from './client';
import type { ChaosFixtures } from './fixtures';
import {
  type Holdings,
  type IntegrityAudit,
  integrityAudit,
  projectHoldings,
  readModelCatchUp,
  scanLedger,
} from './ledger';
import { type Matching, matchWrites } from './matching';

/** After the run, from the ledger: every acknowledged write once, balances, conservation, the integrity audit. */

interface Conservation {
  readonly project: string;
  readonly holdings: Holdings;
  /** What the acknowledged writes say the project must hold. */
  readonly expected: { readonly total: number; readonly retired: number };
  readonly ok: boolean;
}

export interface Verification {
  readonly scanned: { readonly fromBlock: number; readonly toBlock: number; readonly transactions: number };
  readonly writes: Readonly<Record<WriteKind | 'all', Readonly<Record<WriteRecord['outcome'], number>>>>;
  readonly matching: Matching;
  readonly balances: { readonly checked: number; readonly mismatches: readonly string[] };
  readonly conservation: readonly Conservation[];
  readonly integrity: IntegrityAudit;
  readonly readModel: { readonly ledgerHeight: number; readonly readModelHeight: number; readonly caughtUp: boolean };
  /** Every reason the run failed; empty when it passed. */
  readonly failures: readonly string[];
}

const acked = (records: readonly WriteRecord[], kind: WriteKind, subject?: string): WriteRecord[] =>
  records.filter((r) => r.outcome === 'acked' && r.kind === kind && (subject === undefined || r.subject === subject));
const sum = (records: readonly WriteRecord[]): number => records.reduce((total, r) => total + r.quantity, 0);

function outcomes(records: readonly WriteRecord[]): Verification['writes'] {
  const count = (list: readonly WriteRecord[]): Record<WriteRecord['outcome'], number> => ({
    acked: list.filter((r) => r.outcome === 'acked').length,
    refused: list.filter((r) => r.outcome === 'refused').length,
    unresolved: list.filter((r) => r.outcome === 'unresolved').length,
  });
  const of = (kind: WriteKind) => count(records.filter((r) => r.kind === kind));
  return {
    all: count(records),
    transfer: of('transfer'),
    retire: of('retire'),
    report: of('report'),
    verify: of('verify'),
    issue: of('issue'),
  };
}

/** Each holder's block now holds its initial quantity minus every acknowledged transfer and retirement. */
async function balances(rest: Rest, key: string, fixtures: ChaosFixtures, records: readonly WriteRecord[]) {
  const mismatches: string[] = [];
  for (const holder of fixtures.holders) {
    const now = numberField(await rest.read(`/v1/credit-blocks/${holder.blockId}`, key), 'quantity');
    const moved = sum([...acked(records, 'transfer', holder.blockId), ...acked(records, 'retire', holder.blockId)]);
    const expected = (fixtures.initial.get(holder.blockId) ?? 0) - moved;
    if (now !== expected) mismatches.push(`${holder.blockId}: holds ${now}, acknowledged writes leave ${expected}`);
  }
  return { checked: fixtures.holders.length, mismatches };
}

async function conservation(rest: Rest, key: string, fixtures: ChaosFixtures, records: readonly WriteRecord[]) {
  const check = async (project: string, total: number, retired: number): Promise<Conservation> => {
    const holdings = await projectHoldings(rest, key, project);
    const held = holdings.HELD + holdings.RETIRED + holdings.CANCELLED + holdings.TRANSFERRED;
    const ok = held === total && holdings.RETIRED === retired;
    return { project, holdings, expected: { total, retired }, ok };
  };
  const checks = [await check(fixtures.transferProject, fixtures.issued, sum(acked(records, 'retire')))];
  if (fixtures.issuer !== undefined)
    checks.push(await check(fixtures.issuer.projectId, sum(acked(records, 'issue')), 0));
  return checks;
}

function failuresOf(v: Omit<Verification, 'failures'>): string[] {
  const failures = [
    ...v.matching.lost.map((line) => `lost: ${line}`),
    ...v.matching.duplicates.map((line) => `duplicated or unaccounted commit: ${line}`),
    ...v.matching.unexplained.map((line) => `commit of an unresolved request: ${line}`),
    ...v.balances.mismatches.map((line) => `balance: ${line}`),
    ...v.conservation
      .filter((c) => !c.ok)
      .map(
        (c) => `conservation on ${c.project}: ${JSON.stringify(c.holdings)}, expected ${JSON.stringify(c.expected)}`,
      ),
    ...v.integrity.violations.map((line) => `integrity audit: ${line}`),
  ];
  if (v.writes.all.unresolved > 0) failures.push(`${v.writes.all.unresolved} requests never resolved`);
  if (!v.readModel.caughtUp)
    failures.push(`read model at ${v.readModel.readModelHeight}, ledger at ${v.readModel.ledgerHeight}`);
  return failures;
}

/** Runs every check; `fromBlock` is the ledger height when the load started. */
export async function verifyRun(
  rest: Rest,
  keys: DemoKeys,
  fixtures: ChaosFixtures,
  records: readonly WriteRecord[],
  fromBlock: number,
): Promise<Verification> {
  const { writes, toBlock } = await scanLedger(fromBlock);
  const partial = {
    scanned: { fromBlock, toBlock, transactions: writes.length },
    writes: outcomes(records),
    matching: matchWrites(records, writes),
    balances: await balances(rest, keys.gov, fixtures, records),
    conservation: await conservation(rest, keys.gov, fixtures, records),
    integrity: await integrityAudit(rest, keys.gov),
    readModel: await readModelCatchUp(rest, keys.auditor),
  };
  return { ...partial, failures: failuresOf(partial) };
}
