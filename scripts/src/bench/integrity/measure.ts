import { integrityPageOf } from '@ncr/chaincode/audit';
import sinon from 'sinon';
import { percentile } from '../stats';
import { stubOf, type MemoryLedger } from './memory-ledger';

/** One walk of the integrity audit over an in-memory ledger, page after page until complete. */
export interface AuditMeasurement {
  readonly pageSize: number;
  readonly pages: number;
  readonly totalS: number;
  readonly issuances: number;
  readonly blocks: number;
  readonly violations: number;
  /** issued − (held + retired + cancelled), summed over the pages: 0 on a sound registry. */
  readonly imbalance: number;
  readonly readsPerPage: { readonly max: number; readonly p95: number; readonly mean: number };
  readonly msPerPage: { readonly max: number; readonly p95: number; readonly mean: number };
}

function spread(values: number[]): { max: number; p95: number; mean: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((s, v) => s + v, 0) / Math.max(1, sorted.length);
  return { max: sorted.at(-1) ?? 0, p95: percentile(sorted, 95) ?? 0, mean: Math.round(mean * 10) / 10 };
}

/** Calls the chaincode's audit page function over `ledger` until it reports `complete`, timing and counting each page. */
export async function measureAudit(
  ledger: MemoryLedger,
  pageSize: number,
  progress: (pages: number, blocks: number) => void,
): Promise<AuditMeasurement> {
  const sandbox = sinon.createSandbox();
  const chaincodeStub = stubOf(ledger, sandbox);
  const reads: number[] = [];
  const ms: number[] = [];
  const seen = { issuances: 0, blocks: 0, violations: 0, imbalance: 0 };
  const started = process.hrtime.bigint();
  let bookmark = '';
  for (;;) {
    ledger.takeReads();
    const before = process.hrtime.bigint();
    const page = await integrityPageOf(chaincodeStub, pageSize, bookmark);
    ms.push(Number(process.hrtime.bigint() - before) / 1e6);
    reads.push(ledger.takeReads());
    seen.issuances += page.checked.issuances;
    seen.blocks += page.checked.blocks;
    seen.violations += page.violations.length;
    seen.imbalance += page.totals.issued - page.totals.HELD - page.totals.RETIRED - page.totals.CANCELLED;
    if (reads.length % 2000 === 0) progress(reads.length, seen.blocks);
    if (page.complete) break;
    bookmark = page.bookmark;
  }
  sandbox.restore();
  const totalS = Number(process.hrtime.bigint() - started) / 1e9;
  return { pageSize, pages: reads.length, totalS, ...seen, readsPerPage: spread(reads), msPerPage: spread(ms) };
}
