import type { WriteKind, WriteRecord } from './client';

/**
 * Acknowledged writes against the ledger, pure so that it is unit-tested: every write is found on the ledger by
 * the chaincode function it calls and the subject it acts on (block, project and period, monitoring report).
 */

export const FUNCTION_OF: Readonly<Record<WriteKind, string>> = {
  transfer: 'credits:Transfer',
  retire: 'credits:Retire',
  report: 'monitoring:SubmitMonitoringReport',
  verify: 'monitoring:VerifyMonitoringReport',
  issue: 'monitoring:IssueCredits',
};

/** A committed transaction of the scanned blocks, reduced to what matching needs. */
export interface LedgerWrite {
  readonly txId: string;
  readonly function: string;
  readonly subject: string;
  readonly validationCode: string;
  readonly blockNumber: number;
}

const text = (record: Record<string, unknown>, name: string): string => {
  const value = record[name];
  return typeof value === 'string' ? value : '';
};

/** The subject a transaction acts on, read from its (JSON) argument the way {@link WriteRecord.subject} names it. */
export function subjectOf(fn: string | null, args: readonly unknown[]): string | undefined {
  const [input] = args;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return undefined;
  const fields = Object.fromEntries(Object.entries(input));
  switch (fn) {
    case FUNCTION_OF.transfer:
    case FUNCTION_OF.retire:
      return text(fields, 'blockId');
    case FUNCTION_OF.report:
      return `${text(fields, 'projectId')} ${text(fields, 'periodStart')}`;
    case FUNCTION_OF.verify:
    case FUNCTION_OF.issue:
      return text(fields, 'reportId');
    default:
      return undefined;
  }
}

export interface Matching {
  /** Acknowledged writes whose transaction is not on the ledger as VALID. */
  readonly lost: string[];
  /** VALID transactions on a subject of the run that no acknowledged write accounts for (a double, or a refused write that committed). */
  readonly duplicates: string[];
  /** Like duplicates, but on a subject with a request never resolved: it may be that request's transaction. */
  readonly unexplained: string[];
  /** VALID transactions of the run's subjects found on the ledger. */
  readonly committed: number;
}

const groupKey = (fn: string, subject: string): string => `${fn}|${subject}`;

/** Matches the acknowledged writes with the VALID transactions on the same subjects. */
export function matchWrites(records: readonly WriteRecord[], ledger: readonly LedgerWrite[]): Matching {
  const groups = new Map<string, WriteRecord[]>();
  for (const record of records) {
    const key = groupKey(FUNCTION_OF[record.kind], record.subject);
    groups.set(key, [...(groups.get(key) ?? []), record]);
  }
  const valid = ledger.filter((tx) => tx.validationCode === 'VALID' && groups.has(groupKey(tx.function, tx.subject)));
  const validIds = new Set(valid.map((tx) => tx.txId));
  const ackedIds = new Set(records.flatMap((r) => (r.outcome === 'acked' && r.txId !== undefined ? [r.txId] : [])));
  const lost = records
    .filter((r) => r.outcome === 'acked' && (r.txId === undefined || !validIds.has(r.txId)))
    .map((r) => `${r.kind} ${r.key} (${r.subject}): acknowledged as ${r.txId ?? 'no txId'}, not VALID on the ledger`);
  const duplicates: string[] = [];
  const unexplained: string[] = [];
  for (const tx of valid.filter((t) => !ackedIds.has(t.txId))) {
    const group = groups.get(groupKey(tx.function, tx.subject)) ?? [];
    const line = `${tx.function} ${tx.txId} in block ${tx.blockNumber} on ${tx.subject}`;
    (group.some((r) => r.outcome === 'unresolved') ? unexplained : duplicates).push(line);
  }
  return { lost, duplicates, unexplained, committed: valid.length };
}
