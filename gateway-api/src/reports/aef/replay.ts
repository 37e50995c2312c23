import {
  type ActionPlan,
  type AuthorisationSnapshot,
  firstTransferredAtIssuance,
  planAction,
} from '@ncr/chaincode/domain';
import type { UnitAction, UnitOrigin } from './model';

/** A block's state while replaying the action log. */
export interface ReplayBlock {
  readonly id: string;
  serialStart: number;
  serialEnd: number;
  quantity: number;
  status: 'HELD' | 'RETIRED' | 'CANCELLED' | 'TRANSFERRED_OUT';
  /**
   * Locked by a retirement request or an international transfer request: still held (Table 4), only its decision
   * may follow (the retirement or its rejection; the transfer or its abandonment).
   */
  pending: Pending;
  firstTransferred: boolean;
  readonly projectId: string;
  readonly vintage: number;
  readonly authorisation: AuthorisationSnapshot;
  readonly origin?: UnitOrigin | undefined;
}

type Pending = 'NONE' | 'RETIREMENT' | 'EXPORT';

const STATUS_AFTER: Partial<Record<UnitAction['kind'], ReplayBlock['status']>> = {
  RETIREMENT: 'RETIRED',
  CANCELLATION: 'CANCELLED',
  INTERNATIONAL_TRANSFER: 'TRANSFERRED_OUT',
};

/** The locks an action may act under: none, or the one its decision ends (a retirement may follow its request). */
const PENDING_ALLOWS: Readonly<Record<Exclude<UnitAction['kind'], 'ISSUANCE' | 'ACQUISITION'>, readonly Pending[]>> = {
  TRANSFER: ['NONE'],
  RETIREMENT: ['NONE', 'RETIREMENT'],
  RETIREMENT_REQUEST: ['NONE'],
  RETIREMENT_REJECTION: ['RETIREMENT'],
  CANCELLATION: ['NONE'],
  EXPORT_REQUEST: ['NONE'],
  EXPORT_ABANDONMENT: ['EXPORT'],
  INTERNATIONAL_TRANSFER: ['EXPORT'],
};

/** The lock an action leaves on the block it acted on. */
const PENDING_AFTER: Partial<Record<UnitAction['kind'], Pending>> = {
  RETIREMENT_REQUEST: 'RETIREMENT',
  RETIREMENT_REJECTION: 'NONE',
  EXPORT_REQUEST: 'EXPORT',
  EXPORT_ABANDONMENT: 'NONE',
};

const inconsistent = (action: UnitAction, what: string): Error =>
  new Error(`action log inconsistent: ${action.txId} ${what}`);

/**
 * Replays credit actions in ledger order, splitting blocks with the chaincode's own rule (`planAction`), and checks
 * that each recorded action is exactly what that rule gives: a lost or doubled action fails loudly. Only the blocks
 * still held are kept: a retired, cancelled or transferred-out block can never be acted on again.
 */
export class Replay {
  /** The blocks held, by ID. */
  readonly blocks = new Map<string, ReplayBlock>();

  #create(action: UnitAction): ReplayBlock {
    const block: ReplayBlock = {
      id: action.blockId,
      serialStart: action.serialStart,
      serialEnd: action.serialEnd,
      quantity: action.quantity,
      status: 'HELD',
      pending: 'NONE',
      firstTransferred: action.kind === 'ACQUISITION' || firstTransferredAtIssuance(action.authorisation),
      projectId: action.projectId,
      vintage: action.vintage,
      authorisation: action.authorisation,
      origin: action.origin,
    };
    this.blocks.set(block.id, block);
    return block;
  }

  /** The block an action acted on: the source itself, or the part split off it. */
  #acted(action: UnitAction, source: ReplayBlock): ReplayBlock {
    let plan: ActionPlan;
    try {
      plan = planAction(source, action.quantity);
    } catch (err) {
      throw inconsistent(action, `cannot act on block ${source.id}: ${err instanceof Error ? err.message : ''}`);
    }
    const moved = plan.moved;
    if (moved.serialStart !== action.serialStart || moved.serialEnd !== action.serialEnd) {
      throw inconsistent(action, `range differs from what block ${source.id} gives`);
    }
    if (plan.kind === 'whole') {
      if (action.blockId !== source.id) throw inconsistent(action, `moves all of ${source.id} into a new block`);
      return source;
    }
    if (action.blockId === source.id) throw inconsistent(action, `splits block ${source.id} without a new block`);
    source.serialEnd = plan.kept.serialEnd;
    source.quantity = plan.kept.quantity;
    const acted: ReplayBlock = { ...source, id: action.blockId, ...moved };
    this.blocks.set(acted.id, acted);
    return acted;
  }

  apply(action: UnitAction): ReplayBlock {
    if (action.kind === 'ISSUANCE' || action.kind === 'ACQUISITION') return this.#create(action);
    const source = this.blocks.get(action.sourceBlockId);
    if (source?.status !== 'HELD') throw inconsistent(action, `acts on block ${action.sourceBlockId}, not held`);
    if (!PENDING_ALLOWS[action.kind].includes(source.pending)) {
      throw inconsistent(action, `${action.kind} on block ${source.id}, pending ${source.pending}`);
    }
    const acted = this.#acted(action, source);
    acted.pending = PENDING_AFTER[action.kind] ?? acted.pending;
    acted.status = STATUS_AFTER[action.kind] ?? acted.status;
    if (acted.status !== 'HELD') this.blocks.delete(acted.id);
    return acted;
  }
}
