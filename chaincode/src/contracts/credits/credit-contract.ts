import { Context, Contract, Returns, Transaction } from 'fabric-contract-api';
import {
  CancelInputSchema,
  CreditBlockSchema,
  EVENTS,
  FreezeInputSchema,
  GetBlockInputSchema,
  invalidState,
  ListBlocksInputSchema,
  LookupSerialInputSchema,
  retirementCovered,
  RetireInputSchema,
  TransferInputSchema,
  UnfreezeInputSchema,
  validation,
  type CreditBlock,
} from '../../domain';
import { ACCOUNTS } from '../accounts/account-state';
import { assertCanReadHoldings, readScope, type ActorRule } from '../common/auth';
import { query } from '../common/query';
import { recorded, updated } from '../common/tx';
import { writeTransaction } from '../common/write';
import { requireSettings } from '../registry/settings-state';
import { applyAction, blockEventFields, blockOf, BLOCKS, blockSince, saveBlock } from './block-state';
import { listBlocks, lookupSerial } from './block-queries';

/** The block a transaction names, moved by its holder: ADMIN or MANAGER of the owner account. */
function heldBlock(action: string): { load: typeof blockOf; rule: (block: CreditBlock) => ActorRule } {
  return { load: blockOf, rule: (block) => ({ action, accountId: block.ownerAccountId }) };
}

/** Serialised credit blocks: holding, transfer, retirement, cancellation, freezing, serial lookup. */
export class CreditContract extends Contract {
  constructor() {
    super('credits');
  }

  /** Returns a block. Caller: government or certifier identities, or the owner account's identities. */
  @Transaction(false)
  @Returns('string')
  async GetBlock(ctx: Context, json: string): Promise<string> {
    return query(ctx, json, GetBlockInputSchema, async (ws, input) => {
      const scope = await readScope(ctx, ws);
      const block = await BLOCKS.require(ws, input.blockId);
      assertCanReadHoldings(scope, block.ownerAccountId);
      return block;
    });
  }

  /**
   * Lists blocks by owner, project, status and vintage through composite-key indexes, one page at a time.
   * Caller: government or certifier (any filter); a developer lists only its own account's blocks.
   */
  @Transaction(false)
  @Returns('string')
  async ListBlocks(ctx: Context, json: string): Promise<string> {
    return query(ctx, json, ListBlocksInputSchema, async (ws, input) => {
      const scope = await readScope(ctx, ws);
      const owner = scope.kind === 'OWN' ? (input.owner ?? scope.accountId) : input.owner;
      assertCanReadHoldings(scope, owner ?? '*');
      return listBlocks(ws, { ...input, owner });
    });
  }

  /**
   * Transfers `quantity` credits of a HELD, unfrozen block to another ACTIVE, non-certifier account, splitting the
   * block when partial. Caller: ADMIN or MANAGER of the owner account. Emits CREDITS_TRANSFERRED.
   */
  @Transaction()
  @Returns('string')
  async Transfer(ctx: Context, json: string): Promise<string> {
    return writeTransaction(ctx, json, TransferInputSchema, {
      ...heldBlock('transfer these credits'),
      apply: async ({ ws, input, record: block, tx, emit }) => {
        const receiver = await ACCOUNTS.require(ws, input.toAccountId);
        if (receiver.id === block.ownerAccountId) {
          throw validation('receiver is the current owner');
        }
        if (receiver.type === 'CERTIFIER') {
          throw validation(`certifier account ${receiver.id} cannot hold credits`);
        }
        if (receiver.status !== 'ACTIVE') {
          throw invalidState(`receiver account ${receiver.id} is ${receiver.status}`);
        }
        const outcome = await applyAction(ws, tx, block, input.quantity, { ownerAccountId: receiver.id });
        const moved = blockEventFields(outcome);
        emit(EVENTS.CREDITS_TRANSFERRED, { ...moved, fromAccountId: block.ownerAccountId, toAccountId: receiver.id });
        return outcome;
      },
    });
  }

  /**
   * Retires `quantity` credits of a HELD, unfrozen block for a beneficiary and purpose (NDC and OIMP uses must be
   * covered by the block's authorisation). Caller: ADMIN or MANAGER of the owner account. Emits CREDITS_RETIRED.
   */
  @Transaction()
  @Returns('string')
  async Retire(ctx: Context, json: string): Promise<string> {
    return writeTransaction(ctx, json, RetireInputSchema, {
      ...heldBlock('retire these credits'),
      apply: async ({ ws, input, record: block, actor, tx, emit }) => {
        const { beneficiary, purpose } = input;
        const purposes = block.authorisation.purposes;
        if (!retirementCovered(purposes, purpose)) {
          throw validation(`retirement for ${purpose} is not covered by authorisation purposes "${purposes}"`);
        }
        const retirement = { beneficiary, purpose, ...recorded(actor, tx) };
        const outcome = await applyAction(ws, tx, block, input.quantity, { status: 'RETIRED', retirement });
        const moved = blockEventFields(outcome);
        emit(EVENTS.CREDITS_RETIRED, { ...moved, ownerAccountId: block.ownerAccountId, beneficiary, purpose });
        return outcome;
      },
    });
  }

  /**
   * Cancels `quantity` credits of a HELD, unfrozen block with a reason. Caller: ADMIN or MANAGER of a government
   * account. Emits CREDITS_CANCELLED.
   */
  @Transaction()
  @Returns('string')
  async Cancel(ctx: Context, json: string): Promise<string> {
    return writeTransaction(ctx, json, CancelInputSchema, {
      rule: { action: 'cancel credits', types: ['GOVERNMENT'] },
      load: blockOf,
      apply: async ({ ws, input: { quantity, reason }, record: block, actor, tx, emit }) => {
        const cancellation = { reason, ...recorded(actor, tx) };
        const outcome = await applyAction(ws, tx, block, quantity, { status: 'CANCELLED', cancellation });
        emit(EVENTS.CREDITS_CANCELLED, { ...blockEventFields(outcome), ownerAccountId: block.ownerAccountId, reason });
        return outcome;
      },
    });
  }

  /** Freezes a HELD block: nothing moves it until unfrozen. Caller: government ADMIN or MANAGER. Emits BLOCK_FROZEN. */
  @Transaction()
  @Returns('string')
  async Freeze(ctx: Context, json: string): Promise<string> {
    return this.#setFrozen(ctx, json, FreezeInputSchema, true);
  }

  /** Unfreezes a frozen block. Caller: government ADMIN or MANAGER. Emits BLOCK_UNFROZEN. */
  @Transaction()
  @Returns('string')
  async Unfreeze(ctx: Context, json: string): Promise<string> {
    return this.#setFrozen(ctx, json, UnfreezeInputSchema, false);
  }

  /**
   * Finds the block holding a serial now, with its lineage back to issuance and each block's ledger history.
   * Caller: government or certifier; a developer for serials its account holds.
   */
  @Transaction(false)
  @Returns('string')
  async LookupSerial(ctx: Context, json: string): Promise<string> {
    return query(ctx, json, LookupSerialInputSchema, async (ws, { serial }) =>
      lookupSerial(ws, await readScope(ctx, ws), await requireSettings(ws), serial),
    );
  }

  async #setFrozen(ctx: Context, json: string, schema: typeof FreezeInputSchema, frozen: boolean): Promise<string> {
    return writeTransaction(ctx, json, schema, {
      rule: { action: frozen ? 'freeze credits' : 'unfreeze credits', types: ['GOVERNMENT'] },
      load: blockOf,
      check: ({ record: block }) => {
        if (block.status !== 'HELD') {
          throw invalidState(`credit block ${block.id} is ${block.status}`);
        }
        if (block.frozen === frozen) {
          throw invalidState(`credit block ${block.id} is already ${frozen ? 'frozen' : 'unfrozen'}`);
        }
      },
      since: blockSince,
      apply: async ({ ws, input: { reason }, record: block, tx, emit }) => {
        const freezeReason = frozen ? reason : undefined;
        const next = CreditBlockSchema.parse({ ...block, frozen, freezeReason, ...updated(tx) });
        await saveBlock(ws, next, block);
        const { id: blockId, ownerAccountId, quantity, serialStart, serialEnd } = block;
        const fields = { blockId, ownerAccountId, quantity, serialStart, serialEnd, reason };
        emit(frozen ? EVENTS.BLOCK_FROZEN : EVENTS.BLOCK_UNFROZEN, fields);
        return next;
      },
    });
  }
}
