import {
  BlockIdSchema,
  checkPart,
  checkTilingEnd,
  conservedStatus,
  INTEGRITY_CURSOR,
  MAX_PAGE_SIZE,
  OBJECT,
  SERIAL_INDEX_PREFIX,
  SerialIndexEntrySchema,
  SerialSchema,
  serialIndexKey,
  splitCompositeKey,
  type CreditBlock,
} from '../../domain';
import { decodeJson } from '../common/state';
import { BLOCKS } from '../credits/block-state';
import { expectedAfter } from './cursor';
import { STEP_READS, type Issuance, type Position, type Walk } from './walk';

const SERIAL_KEY = new RegExp(`^${SERIAL_INDEX_PREFIX}(\\d{16})$`);

/** The serial a `serial~<end>` key names; undefined for a key no code writes. */
function serialOfKey(key: string): number | undefined {
  const digits = SERIAL_KEY.exec(key)?.[1];
  return digits === undefined ? undefined : Number(digits);
}

/** A block reached through the serial index at `end`, checked against the walk's expectation and its issuance. */
async function checkWalkedBlock(walk: Walk, issuance: Issuance, expected: number, end: number, block: CreditBlock) {
  const { entry } = issuance;
  const where = `issuance ${entry.reportId}`;
  if (block.serialEnd !== end) {
    walk.report(`serial index for ${end} points at block ${block.id}, which ends at ${block.serialEnd}`);
  }
  for (const violation of checkPart(expected, block)) {
    walk.report(`${where}: ${violation}`);
  }
  if (
    block.issuanceReportId !== entry.reportId ||
    block.projectId !== entry.projectId ||
    block.vintage !== entry.vintage
  ) {
    walk.report(`block ${block.id}: issuance, project or vintage disagrees with ${where}`);
  }
  if (!(await walk.exists(walk.ws.key(OBJECT.blockByIssuance, [entry.reportId, block.id])))) {
    walk.report(`block ${block.id}: missing from the block index of ${where}`);
  }
  walk.out.totals[conservedStatus(block.status)] += block.quantity;
  walk.out.checked.blocks++;
  if (walk.tally?.issuance === issuance.key) {
    walk.tally.sum += block.quantity;
  }
}

/** The end of an issuance's serial walk: its blocks reached its end exactly, and add up to it when all were seen here. */
function closeSerials(walk: Walk, issuance: Issuance, expected: number): void {
  const { entry } = issuance;
  const violations = checkTilingEnd(expected, entry);
  if (walk.tally?.issuance === issuance.key && walk.tally.sum !== entry.quantity) {
    violations.push(`blocks add up to ${walk.tally.sum}, issued ${entry.quantity}`);
  }
  walk.tally = undefined;
  for (const violation of violations) {
    walk.report(`issuance ${entry.reportId}: ${violation}`);
  }
}

/**
 * Walks the serial index over the issuance's range from serial `next`, in serial order: each entry's block must end
 * at the entry's serial and start exactly where the previous one ended (so blocks are disjoint and contiguous, and
 * as each block's quantity is its range length, they add up to the issued quantity when the last one ends at the
 * issuance's end). The budget may stop it after any entry.
 */
export async function walkSerials(walk: Walk, position: Extract<Position, { kind: 'serials' }>): Promise<Position> {
  const { issuance, next } = position;
  const { entry } = issuance;
  const limit = walk.affordable(STEP_READS);
  const rows = await walk.range(serialIndexKey(next), serialIndexKey(entry.serialEnd + 1), limit);
  if (next === entry.serialStart) {
    walk.tally = { issuance: issuance.key, sum: 0 };
  }
  let expected = position.expected;
  let scanned = next;
  for (const row of rows) {
    const end = serialOfKey(row.key);
    if (end === undefined) {
      walk.report(`serial index key ${row.key} is malformed; serials of issuance ${entry.reportId} after it unchecked`);
      walk.tally = undefined;
      return { kind: 'index', issuance };
    }
    const { blockId } = SerialIndexEntrySchema.parse(decodeJson(row.value));
    const block = await walk.record(BLOCKS, blockId);
    if (block === undefined) {
      walk.report(`serial index for ${end} points at block ${blockId}, which does not exist`);
    } else {
      await checkWalkedBlock(walk, issuance, expected, end, block);
    }
    expected = expectedAfter(end, block);
    scanned = end + 1;
  }
  if (rows.length === limit) {
    return { kind: 'serials', issuance, next: scanned, expected };
  }
  closeSerials(walk, issuance, expected);
  return { kind: 'index', issuance };
}

/**
 * Walks the issuance's entries of the `blockByIssuance` index: each must name an existing block of this issuance,
 * inside its range, that the serial index points at. The serial walk saw every block the serial index points at in
 * the range, so this proves the index holds no block the serial walk did not see (a block kept out of the serial
 * index, such as a second block over serials already held).
 */
export async function walkIndex(walk: Walk, issuance: Issuance, blockId?: string): Promise<Position> {
  const { entry } = issuance;
  const where = `issuance ${entry.reportId}`;
  const prefix = [entry.reportId];
  const from = blockId === undefined ? '' : walk.ws.key(OBJECT.blockByIssuance, [...prefix, blockId]);
  const size = Math.min(walk.affordable(STEP_READS), MAX_PAGE_SIZE);
  const page = await walk.page(OBJECT.blockByIssuance, prefix, size, from);
  for (const item of page.items) {
    const id = item.attributes[1] ?? '';
    const block = await walk.record(BLOCKS, id);
    if (block === undefined) {
      walk.report(`${where}: indexed block ${id} does not exist`);
      continue;
    }
    if (
      block.issuanceReportId !== entry.reportId ||
      block.serialEnd < entry.serialStart ||
      block.serialEnd > entry.serialEnd
    ) {
      walk.report(`block ${id}: indexed under ${where} but issued by ${block.issuanceReportId} or outside its range`);
    }
    const end = SerialSchema.safeParse(block.serialEnd);
    const pointer = end.success ? await walk.read(serialIndexKey(end.data), SerialIndexEntrySchema) : undefined;
    if (pointer?.blockId !== block.id) {
      walk.report(`block ${id}: serial index for ${block.serialEnd} does not point at it`);
    }
  }
  const nextId = page.bookmark === '' ? undefined : splitCompositeKey(page.bookmark)?.attributes[1];
  if (nextId === undefined || page.items.length === 0) {
    return { kind: 'next', after: issuance };
  }
  if (!BlockIdSchema.safeParse(nextId).success || !INTEGRITY_CURSOR.test(`${issuance.key}:${nextId}`)) {
    walk.report(`${where}: indexed block ID ${JSON.stringify(nextId)} is malformed; its index after it unchecked`);
    return { kind: 'next', after: issuance };
  }
  return { kind: 'index', issuance, blockId: nextId };
}
