import {
  ISSUANCE_INDEX_PREFIX,
  IssuanceIndexEntrySchema,
  issuanceIndexKey,
  rangeQuantity,
  RANGE_END_SUFFIX,
  SERIAL_COUNTER_KEY,
  SERIAL_INDEX_PREFIX,
  SerialCounterSchema,
  serialIndexKey,
  SerialSchema,
} from '../../domain';
import { Context } from 'fabric-contract-api';
import type { ChaincodeStub } from 'fabric-shim';
import { decodeJson, WorldState } from '../common/state';
import { REPORTS } from '../monitoring/report-state';
import { cursorOf, resume } from './cursor';
import { walkIndex, walkSerials } from './steps';
import { READS_PER_BLOCK, STEP_READS, Walk, type Issuance, type IntegrityReport, type Position } from './walk';

export type { IntegrityReport } from './walk';

const ISSUANCE_KEY = new RegExp(`^${ISSUANCE_INDEX_PREFIX}(\\d{16})$`);

/** The first serial-index entry in [from, to), if any: one read, to name serials that lie in no issuance. */
async function firstSerialEntry(walk: Walk, from: number, to?: number): Promise<string | undefined> {
  const end = to === undefined ? SERIAL_INDEX_PREFIX + RANGE_END_SUFFIX : serialIndexKey(to);
  const [row] = await walk.range(serialIndexKey(from), end, 1);
  return row?.key;
}

/** The end of the walk: no serial-index entry past the last issuance, and the counter stands at its end. */
async function finish(walk: Walk, expected: number): Promise<Position> {
  const orphan = await firstSerialEntry(walk, expected);
  if (orphan !== undefined) {
    walk.report(`serial index entry ${orphan} lies beyond the last issuance`);
  }
  const counter = (await walk.read(SERIAL_COUNTER_KEY, SerialCounterSchema)) ?? { lastSerial: 0 };
  if (counter.lastSerial !== expected - 1) {
    walk.report(`serial counter is ${counter.lastSerial} but issuances end at ${expected - 1}`);
  }
  return { kind: 'done' };
}

/** The issuance starts exactly one after the previous one ended, and agrees with its monitoring report. */
async function checkIssuance(walk: Walk, issuance: Issuance, expected: number): Promise<void> {
  const { entry } = issuance;
  const where = `issuance ${entry.reportId}`;
  if (entry.serialStart < expected) {
    walk.report(`${where}: starts at ${entry.serialStart}, overlapping serials before ${expected}`);
  } else if (entry.serialStart > expected) {
    walk.report(`serials [${expected}, ${entry.serialStart - 1}] were never issued yet lie below the counter`);
    const orphan = await firstSerialEntry(walk, expected, entry.serialStart);
    if (orphan !== undefined) {
      walk.report(`serial index entry ${orphan} lies in no issuance`);
    }
  }
  const report = await walk.record(REPORTS, entry.reportId);
  const record = report?.issuance;
  if (
    report?.status !== 'ISSUED' ||
    record?.serialStart !== entry.serialStart ||
    record.serialEnd !== entry.serialEnd ||
    record.quantity !== entry.quantity ||
    report.verification?.verifiedReductions !== entry.quantity
  ) {
    walk.report(`${where}: index entry disagrees with the monitoring report`);
  }
  const share = record?.shareOfProceeds;
  if (
    share !== undefined &&
    (share.serialEnd !== entry.serialEnd ||
      share.serialStart <= entry.serialStart ||
      share.quantity !== rangeQuantity(share))
  ) {
    walk.report(
      `${where}: share of proceeds [${share.serialStart}, ${share.serialEnd}] is not the end of the issuance`,
    );
  }
}

/** Steps into the issuance after `after` (the first when absent), or finishes the walk when there is none. */
async function enter(walk: Walk, after?: Issuance): Promise<Position> {
  const from = after === undefined ? ISSUANCE_INDEX_PREFIX : issuanceIndexKey(after.key + 1);
  const [row] = await walk.range(from, ISSUANCE_INDEX_PREFIX + RANGE_END_SUFFIX, 1);
  const expected = after === undefined ? 1 : Math.max(1, after.entry.serialEnd + 1);
  if (row === undefined) {
    return finish(walk, expected);
  }
  const digits = ISSUANCE_KEY.exec(row.key)?.[1];
  if (digits === undefined) {
    walk.report(`issuance index key ${row.key} is malformed; issuances from it on unchecked`);
    return finish(walk, expected);
  }
  const issuance = { key: Number(digits), entry: IssuanceIndexEntrySchema.parse(decodeJson(row.value)) };
  const { entry } = issuance;
  if (issuance.key !== entry.serialStart) {
    walk.report(`issuance ${entry.reportId}: stored under ${row.key}`);
  }
  await checkIssuance(walk, issuance, expected);
  walk.out.checked.issuances++;
  walk.out.totals.issued += entry.quantity;
  const sound = [entry.serialStart, entry.serialEnd].every((s) => SerialSchema.safeParse(s).success);
  if (!sound || entry.serialStart > entry.serialEnd || entry.quantity !== rangeQuantity(entry)) {
    walk.report(
      `issuance ${entry.reportId}: quantity ${entry.quantity} does not match [${entry.serialStart}, ${entry.serialEnd}]`,
    );
    if (!sound) return { kind: 'index', issuance };
  }
  return { kind: 'serials', issuance, next: entry.serialStart, expected: entry.serialStart };
}

function step(walk: Walk, position: Exclude<Position, { kind: 'done' }>): Promise<Position> {
  switch (position.kind) {
    case 'next':
      return enter(walk, position.after);
    case 'serials':
      return walkSerials(walk, position);
    case 'index':
      return walkIndex(walk, position.issuance, position.blockId);
  }
}

/**
 * One page of the integrity audit (see AuditContract.VerifyIntegrity): a walk in serial order over the issuance
 * index, and inside each issuance over the serial index then the issuance's block index, that stops when its budget
 * of `pageSize × READS_PER_BLOCK` key reads would be exceeded, wherever it stands, and returns where it stopped.
 */
export async function verifyIntegrity(ws: WorldState, pageSize: number, bookmark: string): Promise<IntegrityReport> {
  const walk = new Walk(ws, pageSize * READS_PER_BLOCK);
  let position = await resume(ws, bookmark);
  while (position.kind !== 'done') {
    if (walk.affordable(STEP_READS) === 0) {
      walk.out.bookmark = cursorOf(position);
      return walk.out;
    }
    position = await step(walk, position);
  }
  walk.out.complete = true;
  return walk.out;
}

/**
 * One page of the audit over a bare `ChaincodeStub`, without the caller check and the transaction wrapper: how the
 * walk is measured outside Fabric (`npm run bench:integrity`, `scripts/src/bench/integrity/`).
 */
export function integrityPageOf(stub: ChaincodeStub, pageSize: number, bookmark: string): Promise<IntegrityReport> {
  const ctx = new Context();
  ctx.stub = stub;
  return verifyIntegrity(new WorldState(ctx), pageSize, bookmark);
}
