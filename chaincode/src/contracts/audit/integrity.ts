import {
  checkTiling,
  IssuanceIndexEntrySchema,
  SerialCounterSchema,
  SerialIndexEntrySchema,
  type BlockStatus,
  type IssuanceIndexEntry,
} from '../../domain';
import {
  ISSUANCE_INDEX_PREFIX,
  issuanceIndexKey,
  OBJECT,
  RANGE_END_SUFFIX,
  SERIAL_COUNTER_KEY,
  serialIndexKey,
} from '../../domain';
import { decodeJson, type WorldState } from '../common/state';
import { BLOCKS } from '../credits/block-state';
import { REPORTS } from '../monitoring/report-state';

/** Blocks read per issuance; an issuance split further than this is reported rather than silently half-checked. */
const MAX_BLOCKS_PER_ISSUANCE = 10_000;

export interface IntegrityReport {
  violations: string[];
  checked: { issuances: number; blocks: number };
  totals: Record<BlockStatus, number> & { issued: number };
  bookmark: string;
  complete: boolean;
}

/**
 * The cursor `a:b` means: continue with issuances whose start key is >= a (one past the previous page's last start,
 * so an overlapping issuance cannot hide at a page boundary), and the next one must start exactly at serial b.
 */
function parseCursor(bookmark: string): { from: number; expected: number } {
  if (bookmark === '') {
    return { from: 1, expected: 1 };
  }
  const [from = '1', expected = '1'] = bookmark.split(':');
  return { from: Number(from), expected: Number(expected) };
}

async function checkIssuance(ws: WorldState, issuance: IssuanceIndexEntry, out: IntegrityReport): Promise<void> {
  const where = `issuance ${issuance.reportId}`;
  const report = await REPORTS.require(ws, issuance.reportId);
  const record = report.issuance;
  if (
    report.status !== 'ISSUED' ||
    record?.serialStart !== issuance.serialStart ||
    record.serialEnd !== issuance.serialEnd ||
    record.quantity !== issuance.quantity ||
    report.verification?.verifiedReductions !== issuance.quantity
  ) {
    out.violations.push(`${where}: index entry disagrees with the monitoring report`);
  }
  const entries = await ws.all(OBJECT.blockByIssuance, [issuance.reportId], MAX_BLOCKS_PER_ISSUANCE + 1);
  if (entries.length > MAX_BLOCKS_PER_ISSUANCE) {
    out.violations.push(`${where}: more than ${MAX_BLOCKS_PER_ISSUANCE} blocks, not checked`);
    return;
  }
  const blocks = [];
  for (const entry of entries) {
    const id = entry.attributes[1] ?? '';
    const block = await BLOCKS.get(ws, id);
    if (block === undefined) {
      out.violations.push(`${where}: indexed block ${id} does not exist`);
      continue;
    }
    if (
      block.issuanceReportId !== issuance.reportId ||
      block.projectId !== issuance.projectId ||
      block.vintage !== issuance.vintage
    ) {
      out.violations.push(`block ${id}: issuance, project or vintage disagrees with ${where}`);
    }
    const serialEntry = await ws.read(serialIndexKey(block.serialEnd), SerialIndexEntrySchema);
    if (serialEntry?.blockId !== block.id) {
      out.violations.push(`block ${id}: serial index for ${block.serialEnd} does not point at it`);
    }
    out.totals[block.status] += block.quantity;
    blocks.push(block);
  }
  out.violations.push(...checkTiling(issuance, blocks).map((v) => `${where}: ${v}`));
  out.checked.blocks += blocks.length;
  out.totals.issued += issuance.quantity;
}

/** Checks one page of issuances (see AuditContract.VerifyIntegrity). */
export async function verifyIssuances(ws: WorldState, pageSize: number, bookmark: string): Promise<IntegrityReport> {
  const cursor = parseCursor(bookmark);
  const out: IntegrityReport = {
    violations: [],
    checked: { issuances: 0, blocks: 0 },
    totals: { issued: 0, HELD: 0, RETIRED: 0, CANCELLED: 0 },
    bookmark: '',
    complete: false,
  };
  const rows = await ws.range(issuanceIndexKey(cursor.from), ISSUANCE_INDEX_PREFIX + RANGE_END_SUFFIX, pageSize + 1);
  let expected = cursor.expected;
  let lastStart = cursor.from - 1;
  for (const row of rows.slice(0, pageSize)) {
    const issuance = IssuanceIndexEntrySchema.parse(decodeJson(row.value));
    if (row.key !== issuanceIndexKey(issuance.serialStart)) {
      out.violations.push(`issuance ${issuance.reportId}: stored under ${row.key}`);
    }
    if (issuance.serialStart < expected) {
      out.violations.push(
        `issuance ${issuance.reportId}: starts at ${issuance.serialStart}, overlapping serials before ${expected}`,
      );
    } else if (issuance.serialStart > expected) {
      out.violations.push(
        `serials [${expected}, ${issuance.serialStart - 1}] were never issued yet lie below the counter`,
      );
    }
    await checkIssuance(ws, issuance, out);
    out.checked.issuances++;
    expected = Math.max(expected, issuance.serialEnd + 1);
    lastStart = issuance.serialStart;
  }
  if (rows.length > pageSize) {
    out.bookmark = `${lastStart + 1}:${expected}`;
    return out;
  }
  const counter = (await ws.read(SERIAL_COUNTER_KEY, SerialCounterSchema)) ?? { lastSerial: 0 };
  if (counter.lastSerial !== expected - 1) {
    out.violations.push(`serial counter is ${counter.lastSerial} but issuances end at ${expected - 1}`);
  }
  out.complete = true;
  return out;
}
