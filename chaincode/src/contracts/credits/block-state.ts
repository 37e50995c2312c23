import {
  allocateSerials,
  conflict,
  CreditBlockSchema,
  deriveBlockId,
  invalidState,
  foundingMsp,
  OwnerIndexValueSchema,
  planAction,
  SERIAL_COUNTER_KEY,
  SerialCounterSchema,
  withRange,
  type CreditBlock,
  type MovedBlock,
  type QuantifiedRange,
} from '../../domain';
import { ACCOUNTS } from '../accounts/account-state';
import { type BalanceLine, MAX_SCAN_PAGE_SIZE, OBJECT, serialIndexKey } from '../../domain';
import { recordType } from '../common/records';
import { decodeJson, type WorldState } from '../common/state';
import { assertNotBefore, updated, type TxInfo } from '../common/tx';
import type { Since } from '../common/write';
import { requireSettings } from '../registry/settings-state';

export const BLOCKS = recordType(OBJECT.block, CreditBlockSchema, (id) => `credit block ${id} does not exist`);

/** The block a transaction names: NOT_FOUND when it does not exist. */
export function blockOf(ws: WorldState, input: { readonly blockId: string }): Promise<CreditBlock> {
  return BLOCKS.require(ws, input.blockId);
}

/** A block's last change, which a transaction that changes it may not precede. */
export function blockSince(block: CreditBlock): Since {
  return [`credit block ${block.id}`, block.updatedAt];
}

function indexKeys(ws: WorldState, b: CreditBlock): { owner: string; project: string; status: string } {
  const vintage = String(b.vintage);
  return {
    owner: ws.key(OBJECT.blockByOwner, [b.ownerAccountId, b.status, b.projectId, vintage, b.id]),
    project: ws.key(OBJECT.blockByProject, [b.projectId, vintage, b.status, b.id]),
    status: ws.key(OBJECT.blockByStatus, [b.status, vintage, b.id]),
  };
}

/**
 * The organisations whose peers must endorse any change of a block: the government and the owner's organisation
 * (the MSP of the owner account's type), so no other two organisations can move or alter a company's credits.
 */
async function blockEndorsers(ws: WorldState, block: CreditBlock): Promise<string[]> {
  const owner = await ACCOUNTS.require(ws, block.ownerAccountId);
  const { governmentMspId } = await requireSettings(ws);
  return [governmentMspId, foundingMsp(owner.type, governmentMspId)];
}

/**
 * Writes a block with its key-level endorsement policy (`blockEndorsers`, set on every write so a new owner's
 * organisation takes over at once) and keeps its indexes exact: index keys that changed are moved, the owner index
 * carries {quantity, frozen} so balances never read block records. The serial index `serial~<end>` is written when
 * the end serial is new; it is never deleted, because in a split the moved part always takes over the old end.
 */
export async function saveBlock(ws: WorldState, next: CreditBlock, previous?: CreditBlock): Promise<void> {
  const key = BLOCKS.key(ws, next.id);
  await ws.write(key, next);
  await ws.requireEndorsers(key, await blockEndorsers(ws, next));
  const nextKeys = indexKeys(ws, next);
  const prevKeys = previous === undefined ? undefined : indexKeys(ws, previous);
  for (const name of ['project', 'status'] as const) {
    if (prevKeys?.[name] !== nextKeys[name]) {
      if (prevKeys !== undefined) {
        await ws.remove(prevKeys[name]);
      }
      await ws.writeIndex(nextKeys[name]);
    }
  }
  if (prevKeys !== undefined && prevKeys.owner !== nextKeys.owner) {
    await ws.remove(prevKeys.owner);
  }
  if (previous?.quantity !== next.quantity || previous.frozen !== next.frozen || prevKeys?.owner !== nextKeys.owner) {
    await ws.write(nextKeys.owner, { quantity: next.quantity, frozen: next.frozen });
  }
  if (previous === undefined) {
    await ws.writeIndex(ws.key(OBJECT.blockByIssuance, [next.issuanceReportId, next.id]));
  }
  // Acquired units keep another registry's serials: they are not in this registry's serial index.
  if (previous?.serialEnd !== next.serialEnd && next.acquiredFrom === undefined) {
    await ws.write(serialIndexKey(next.serialEnd), { blockId: next.id });
  }
}

/**
 * Allocates the serials of an issuance from the one registry-wide counter (written here). Government-only, so the
 * hot key is acceptable.
 */
export async function allocateSerialRange(ws: WorldState, quantity: number): Promise<QuantifiedRange> {
  const counter = (await ws.read(SERIAL_COUNTER_KEY, SerialCounterSchema)) ?? { lastSerial: 0 };
  const { range, lastSerial } = allocateSerials(counter.lastSerial, quantity);
  await ws.write(SERIAL_COUNTER_KEY, { lastSerial });
  return range;
}

/** The ID of the `index`th block a transaction creates (`deriveBlockId`), which must not exist yet (CONFLICT). */
export async function freshBlockId(ws: WorldState, tx: TxInfo, index: number): Promise<string> {
  const id = deriveBlockId(tx.txId, index);
  if ((await BLOCKS.get(ws, id)) !== undefined) {
    throw conflict(`credit block ${id} already exists; retry the transaction`);
  }
  return id;
}

/** A HELD, unfrozen block: the only kind that may be transferred, retired or cancelled. */
function assertMovable(block: CreditBlock): void {
  if (block.status === 'PENDING_RETIREMENT') {
    throw invalidState(`credit block ${block.id} is PENDING_RETIREMENT: locked until its retirement is decided`);
  }
  if (block.status === 'PENDING_EXPORT') {
    throw invalidState(
      `credit block ${block.id} is PENDING_EXPORT: locked until its international transfer is decided`,
    );
  }
  if (block.status !== 'HELD') {
    throw invalidState(`credit block ${block.id} is ${block.status} and can never move again`);
  }
  if (block.frozen) {
    throw invalidState(`credit block ${block.id} is frozen`);
  }
}

/** What a credit action changes in the credits it applies to: their owner, or their final status and its record. */
export type BlockChange =
  | Pick<CreditBlock, 'ownerAccountId'>
  | Required<Pick<CreditBlock, 'status' | 'retirement'>>
  | Required<Pick<CreditBlock, 'status' | 'retirementRequest'>>
  | Required<Pick<CreditBlock, 'status' | 'cancellation'>>
  | Required<Pick<CreditBlock, 'status' | 'exportRequest'>>;

export interface ActionOutcome {
  /** The block the action applied to: the original (whole action) or the new part split off it. */
  readonly moved: CreditBlock;
  /** The original block keeping the remaining serials, when the action split it. */
  readonly kept?: CreditBlock;
}

/**
 * Applies an action to `quantity` units of `block` (docs/domain.md, split rule): whole-block actions change the block in place;
 * partial ones keep [s, e-t] in the original and create block `deriveBlockId(txId, 0)` for [e-t+1, e] with
 * the parent's lineage. Writes O(1) keys, all belonging to these two blocks.
 */
export async function applyAction(
  ws: WorldState,
  tx: TxInfo,
  block: CreditBlock,
  quantity: number,
  change: BlockChange,
): Promise<ActionOutcome> {
  const settings = await requireSettings(ws);
  assertMovable(block);
  assertNotBefore(tx, ...blockSince(block));
  const plan = planAction(block, quantity);
  const stamp = updated(tx);
  if (plan.kind === 'whole') {
    const moved = { ...block, ...stamp, ...change };
    await saveBlock(ws, moved, block);
    return { moved };
  }
  const newId = await freshBlockId(ws, tx, 0);
  const kept = withRange({ ...block, ...stamp }, plan.kept, settings);
  const moved = {
    ...withRange(
      { ...block, ...stamp, id: newId, parentBlockId: block.id, createdAt: tx.at, createdTxId: tx.txId },
      plan.moved,
      settings,
    ),
    ...change,
  };
  await saveBlock(ws, kept, block);
  await saveBlock(ws, moved);
  return { moved, kept };
}

/** The fields every credit event carries about the block an action applied to. */
export function blockEventFields(outcome: ActionOutcome): MovedBlock {
  const { moved, kept } = outcome;
  return {
    blockId: moved.id,
    sourceBlockId: kept?.id ?? moved.id,
    split: kept !== undefined,
    projectId: moved.projectId,
    vintage: moved.vintage,
    quantity: moved.quantity,
    serialStart: moved.serialStart,
    serialEnd: moved.serialEnd,
    serialNumber: moved.serialNumber,
    remaining:
      kept === undefined
        ? undefined
        : { quantity: kept.quantity, serialStart: kept.serialStart, serialEnd: kept.serialEnd },
  };
}

/**
 * Pages of the owner index read per GetBalance call (20,000 blocks); a larger holder continues with the returned
 * bookmark. Large pages: a holder of 10,000 blocks costs 10 round trips to the peer, not 100.
 */
const BALANCE_MAX_PAGES = 20;

/** Sums an owner's HELD blocks from the owner index (values carry quantity and frozen flag). Read-only. */
export async function computeBalance(
  ws: WorldState,
  accountId: string,
  bookmark: string,
): Promise<{ lines: BalanceLine[]; blocks: number; bookmark: string; complete: boolean }> {
  const lines = new Map<string, { -readonly [K in keyof BalanceLine]: BalanceLine[K] }>();
  let blocks = 0;
  let cursor = bookmark;
  for (let pages = 0; pages < BALANCE_MAX_PAGES; pages++) {
    const page = await ws.page(OBJECT.blockByOwner, [accountId, 'HELD'], MAX_SCAN_PAGE_SIZE, cursor);
    for (const entry of page.items) {
      const [, , projectId = '', vintage = '0'] = entry.attributes;
      const value = OwnerIndexValueSchema.parse(decodeJson(entry.value));
      const id = `${projectId}|${vintage}`;
      const line = lines.get(id) ?? { projectId, vintage: Number(vintage), quantity: 0, frozenQuantity: 0 };
      line.quantity += value.quantity;
      line.frozenQuantity += value.frozen ? value.quantity : 0;
      lines.set(id, line);
      blocks++;
    }
    cursor = page.bookmark;
    if (page.items.length < MAX_SCAN_PAGE_SIZE || cursor === '') {
      return { lines: [...lines.values()], blocks, bookmark: '', complete: true };
    }
  }
  return { lines: [...lines.values()], blocks, bookmark: cursor, complete: false };
}
