import { insufficientCredits, validation } from './errors';

/**
 * Serial arithmetic for credit blocks (docs/domain.md, serial numbers). Serials are registry-wide positive integers, allocated
 * from one counter, so the AEF First ID / Last ID columns can hold plain integers unique within the registry.
 */

/** Serials stay exact JavaScript integers. */
export const MAX_SERIAL = Number.MAX_SAFE_INTEGER;
/** Width of a zero-padded serial in keys: 16 digits hold MAX_SERIAL, so lexical order equals numeric order. */
export const SERIAL_KEY_WIDTH = 16;

export interface SerialRange {
  readonly serialStart: number;
  readonly serialEnd: number;
}

export interface QuantifiedRange extends SerialRange {
  readonly quantity: number;
}

export function padSerial(serial: number): string {
  if (!Number.isSafeInteger(serial) || serial < 0) {
    throw validation(`serial ${serial} is not a non-negative safe integer`);
  }
  return serial.toString().padStart(SERIAL_KEY_WIDTH, '0');
}

export function rangeQuantity(range: SerialRange): number {
  return range.serialEnd - range.serialStart + 1;
}

/** Allocates `quantity` serials after `lastSerial` (0 when nothing was issued yet). */
export function allocateSerials(
  lastSerial: number,
  quantity: number,
): { readonly range: QuantifiedRange; readonly lastSerial: number } {
  if (!Number.isSafeInteger(quantity) || quantity < 1) {
    throw validation(`quantity ${quantity} must be a positive integer`);
  }
  if (quantity > MAX_SERIAL - lastSerial) {
    throw validation(`allocating ${quantity} serials after ${lastSerial} exceeds the serial space`);
  }
  const serialStart = lastSerial + 1;
  const serialEnd = lastSerial + quantity;
  return { range: { serialStart, serialEnd, quantity }, lastSerial: serialEnd };
}

export type ActionPlan =
  | { readonly kind: 'whole'; readonly moved: QuantifiedRange }
  | { readonly kind: 'split'; readonly kept: QuantifiedRange; readonly moved: QuantifiedRange };

/**
 * Plans an action (transfer, retirement, cancellation) on `quantity` units of a block. A whole-block action changes
 * the block in place; a partial one on [s, e] keeps [s, e - t] in the original block and moves [e - t + 1, e] to a
 * new block (the split rule of docs/domain.md), so ranges stay contiguous and disjoint.
 */
export function planAction(block: QuantifiedRange, quantity: number): ActionPlan {
  if (!Number.isSafeInteger(quantity) || quantity < 1) {
    throw validation(`quantity ${quantity} must be a positive integer`);
  }
  if (quantity > block.quantity) {
    throw insufficientCredits(`block holds ${block.quantity} credits, ${quantity} requested`);
  }
  if (quantity === block.quantity) {
    return { kind: 'whole', moved: block };
  }
  const splitAt = block.serialEnd - quantity;
  return {
    kind: 'split',
    kept: { serialStart: block.serialStart, serialEnd: splitAt, quantity: block.quantity - quantity },
    moved: { serialStart: splitAt + 1, serialEnd: block.serialEnd, quantity },
  };
}

/**
 * One step of a tiling walked in serial order: `part` must be well formed (quantity = range length) and start exactly
 * at `expected`, the first serial not yet covered. Returns human-readable violations (empty when sound). The walk
 * then expects `max(expected, part.serialEnd + 1)`.
 */
export function checkPart(expected: number, part: QuantifiedRange & { readonly id: string }): string[] {
  const violations: string[] = [];
  if (part.serialStart > part.serialEnd || part.quantity !== rangeQuantity(part)) {
    violations.push(
      `block ${part.id}: quantity ${part.quantity} does not match [${part.serialStart}, ${part.serialEnd}]`,
    );
  }
  if (part.serialStart < expected) {
    violations.push(`block ${part.id}: [${part.serialStart}, ${part.serialEnd}] overlaps serials before ${expected}`);
  } else if (part.serialStart > expected) {
    violations.push(`serials [${expected}, ${part.serialStart - 1}] are in no block`);
  }
  return violations;
}

/** The last step of a tiling walk: the parts, which cover everything below `expected`, must end exactly at the whole. */
export function checkTilingEnd(expected: number, whole: SerialRange): string[] {
  if (expected <= whole.serialEnd) {
    return [`serials [${expected}, ${whole.serialEnd}] are in no block`];
  }
  if (expected > whole.serialEnd + 1) {
    return [`serials [${whole.serialEnd + 1}, ${expected - 1}] lie outside the issued range`];
  }
  return [];
}

/**
 * Checks that `parts` tile `whole` exactly: each part is well formed, parts are disjoint, contiguous, inside the
 * whole range and their quantities add up to it (`checkPart` on each in serial order, then `checkTilingEnd`).
 * Returns human-readable violations (empty when sound).
 */
export function checkTiling(
  whole: QuantifiedRange,
  parts: readonly (QuantifiedRange & { readonly id: string })[],
): string[] {
  const violations: string[] = [];
  const sorted = [...parts].sort((a, b) => a.serialStart - b.serialStart);
  let expected = whole.serialStart;
  let total = 0;
  for (const part of sorted) {
    violations.push(...checkPart(expected, part));
    expected = Math.max(expected, part.serialEnd + 1);
    total += part.quantity;
  }
  violations.push(...checkTilingEnd(expected, whole));
  if (total !== whole.quantity) {
    violations.push(`blocks add up to ${total}, issued ${whole.quantity}`);
  }
  return violations;
}

export interface SerialNumberParts extends SerialRange {
  readonly registryId: string;
  readonly projectId: string;
  readonly vintage: number;
}

/** Human serial string of a block: `GHA01-GHA-P-0A1B2C3D4E-2024-1001-2000`. */
export function formatSerialNumber(parts: SerialNumberParts): string {
  return `${parts.registryId}-${parts.projectId}-${parts.vintage}-${parts.serialStart}-${parts.serialEnd}`;
}

export interface ItmoIdParts {
  readonly cooperativeApproachId: string;
  readonly registryId: string;
  readonly firstTransferringParty: string;
  readonly serial: number;
  readonly vintage: number;
}

/** ITMO unique identifier in the common-nomenclature form: `CA0001-GHA01-GHA-1234-2023`. */
export function formatItmoId(parts: ItmoIdParts): string {
  return `${parts.cooperativeApproachId}-${parts.registryId}-${parts.firstTransferringParty}-${parts.serial}-${parts.vintage}`;
}
