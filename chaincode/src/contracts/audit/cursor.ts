import {
  INTEGRITY_CURSOR,
  IssuanceIndexEntrySchema,
  issuanceIndexKey,
  MAX_SERIAL,
  OBJECT,
  serialIndexKey,
  SerialIndexEntrySchema,
  validation,
} from '../../domain';
import type { WorldState } from '../common/state';
import { BLOCKS } from '../credits/block-state';
import type { Issuance, Position } from './walk';

function refused(detail: string): Error {
  return validation(`bookmark ${detail}; pass back the bookmark of the previous page`);
}

/** The bookmark that resumes the audit at `position` (see INTEGRITY_CURSOR). */
export function cursorOf(position: Position): string {
  switch (position.kind) {
    case 'next':
      return position.after === undefined ? '' : `${position.after.key}:next`;
    case 'serials':
      return `${position.issuance.key}:${position.next}`;
    case 'index':
      return `${position.issuance.key}:${position.blockId ?? 'index'}`;
    case 'done':
      return '';
  }
}

/**
 * What the serial walk expects after the entry `serial~<end>`: the serial after the end of its block, or after `end`
 * when the block is missing or ends before it (so a block that overreaches is seen whatever the page boundaries).
 */
export function expectedAfter(end: number, block: { readonly serialEnd: number } | undefined): number {
  return Math.max(end, block?.serialEnd ?? end) + 1;
}

/** The serial walk may resume at the issuance's start, or just after a serial-index entry inside its range. */
async function serialsAt(ws: WorldState, issuance: Issuance, next: number): Promise<Position> {
  const { serialStart, serialEnd } = issuance.entry;
  if (next < serialStart || next > Math.max(serialStart, serialEnd + 1)) {
    throw refused(`serial ${next} lies outside issuance [${serialStart}, ${serialEnd}]`);
  }
  if (next === serialStart) {
    return { kind: 'serials', issuance, next, expected: next };
  }
  const previous = await ws.read(serialIndexKey(next - 1), SerialIndexEntrySchema);
  if (previous === undefined) {
    throw refused(`serial ${next} follows no serial-index entry`);
  }
  const block = await BLOCKS.get(ws, previous.blockId);
  return { kind: 'serials', issuance, next, expected: expectedAfter(next - 1, block) };
}

/**
 * The position a caller-supplied bookmark names, checked against the ledger (at most three key reads): it must be a
 * place where a page of the audit can stop, or the page fails with VALIDATION. It carries no sums or counts, so a
 * forged bookmark can at most move the walk to another such place, never make a page accept what it would report.
 */
export async function resume(ws: WorldState, bookmark: string): Promise<Position> {
  if (bookmark === '') {
    return { kind: 'next' };
  }
  const [, key = '', where = ''] = INTEGRITY_CURSOR.exec(bookmark) ?? [];
  const serial = Number(key);
  if (key === '' || serial < 1 || serial > MAX_SERIAL) {
    throw refused('is not a cursor of the integrity audit');
  }
  const entry = await ws.read(issuanceIndexKey(serial), IssuanceIndexEntrySchema);
  if (entry === undefined) {
    throw refused(`names no issuance at serial ${serial}`);
  }
  const issuance = { key: serial, entry };
  if (where === 'next') {
    return { kind: 'next', after: issuance };
  }
  if (where === 'index') {
    return { kind: 'index', issuance };
  }
  if (where.startsWith('B-')) {
    if (!(await ws.exists(ws.key(OBJECT.blockByIssuance, [entry.reportId, where])))) {
      throw refused(`names no block ${where} of issuance ${entry.reportId}`);
    }
    return { kind: 'index', issuance, blockId: where };
  }
  return serialsAt(ws, issuance, Number(where));
}
