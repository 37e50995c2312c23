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
import { assertCanReadHoldings, readScope, requireActor, type Actor } from '../common/auth';
import { query } from '../common/query';
import { WorldState } from '../common/state';
import { actedBy, assertNotBefore, emit, parseInput, recorded, result, txInfo } from '../common/tx';
import { requireSettings } from '../registry/settings-state';
import { applyAction, blockEventFields, BLOCKS, saveBlock } from './block-state';
import { listBlocks, lookupSerial } from './block-queries';

/** A block and the caller acting for its owner: ADMIN or MANAGER of the owner account. */
async function holderOf(
  ctx: Context,
  ws: WorldState,
  blockId: string,
  action: string,
): Promise<{ block: CreditBlock; actor: Actor }> {
  const block = await BLOCKS.require(ws, blockId);
  const actor = await requireActor(ctx, ws, { action, accountId: block.ownerAccountId });
  return { block, actor };
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
    const input = parseInput(TransferInputSchema, json);
    const ws = new WorldState(ctx);
    const { block, actor } = await holderOf(ctx, ws, input.blockId, 'transfer these credits');
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
    const tx = txInfo(ctx);
    const outcome = await applyAction(ws, tx, block, input.quantity, { ownerAccountId: receiver.id });
    emit(ctx, EVENTS.CREDITS_TRANSFERRED, {
      ...blockEventFields(outcome),
      fromAccountId: block.ownerAccountId,
      toAccountId: receiver.id,
      ...actedBy(actor, tx),
    });
    return result(outcome);
  }

  /**
   * Retires `quantity` credits of a HELD, unfrozen block for a beneficiary and purpose (NDC and OIMP uses must be
   * covered by the block's authorisation). Caller: ADMIN or MANAGER of the owner account. Emits CREDITS_RETIRED.
   */
  @Transaction()
  @Returns('string')
  async Retire(ctx: Context, json: string): Promise<string> {
    const input = parseInput(RetireInputSchema, json);
    const ws = new WorldState(ctx);
    const { block, actor } = await holderOf(ctx, ws, input.blockId, 'retire these credits');
    const purposes = block.authorisation.purposes;
    if (!retirementCovered(purposes, input.purpose)) {
      throw validation(`retirement for ${input.purpose} is not covered by authorisation purposes "${purposes}"`);
    }
    const tx = txInfo(ctx);
    const retirement = { beneficiary: input.beneficiary, purpose: input.purpose, ...recorded(actor, tx) };
    const outcome = await applyAction(ws, tx, block, input.quantity, { status: 'RETIRED', retirement });
    emit(ctx, EVENTS.CREDITS_RETIRED, {
      ...blockEventFields(outcome),
      ownerAccountId: block.ownerAccountId,
      beneficiary: input.beneficiary,
      purpose: input.purpose,
      ...actedBy(actor, tx),
    });
    return result(outcome);
  }

  /**
   * Cancels `quantity` credits of a HELD, unfrozen block with a reason. Caller: ADMIN or MANAGER of a government
   * account. Emits CREDITS_CANCELLED.
   */
  @Transaction()
  @Returns('string')
  async Cancel(ctx: Context, json: string): Promise<string> {
    const input = parseInput(CancelInputSchema, json);
    const ws = new WorldState(ctx);
    const actor = await requireActor(ctx, ws, { action: 'cancel credits', types: ['GOVERNMENT'] });
    const block = await BLOCKS.require(ws, input.blockId);
    const tx = txInfo(ctx);
    const cancellation = { reason: input.reason, ...recorded(actor, tx) };
    const outcome = await applyAction(ws, tx, block, input.quantity, { status: 'CANCELLED', cancellation });
    emit(ctx, EVENTS.CREDITS_CANCELLED, {
      ...blockEventFields(outcome),
      ownerAccountId: block.ownerAccountId,
      reason: input.reason,
      ...actedBy(actor, tx),
    });
    return result(outcome);
  }

  /** Freezes a HELD block: nothing moves it until unfrozen. Caller: government ADMIN or MANAGER. Emits BLOCK_FROZEN. */
  @Transaction()
  @Returns('string')
  async Freeze(ctx: Context, json: string): Promise<string> {
    return this.#setFrozen(ctx, parseInput(FreezeInputSchema, json), true);
  }

  /** Unfreezes a frozen block. Caller: government ADMIN or MANAGER. Emits BLOCK_UNFROZEN. */
  @Transaction()
  @Returns('string')
  async Unfreeze(ctx: Context, json: string): Promise<string> {
    return this.#setFrozen(ctx, parseInput(UnfreezeInputSchema, json), false);
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

  async #setFrozen(ctx: Context, input: { blockId: string; reason: string }, frozen: boolean): Promise<string> {
    const ws = new WorldState(ctx);
    const action = frozen ? 'freeze credits' : 'unfreeze credits';
    const actor = await requireActor(ctx, ws, { action, types: ['GOVERNMENT'] });
    const block = await BLOCKS.require(ws, input.blockId);
    if (block.status !== 'HELD') {
      throw invalidState(`credit block ${block.id} is ${block.status}`);
    }
    if (block.frozen === frozen) {
      throw invalidState(`credit block ${block.id} is already ${frozen ? 'frozen' : 'unfrozen'}`);
    }
    const tx = txInfo(ctx);
    assertNotBefore(tx, `credit block ${block.id}`, block.updatedAt);
    const next: CreditBlock = CreditBlockSchema.parse({
      ...block,
      frozen,
      freezeReason: frozen ? input.reason : undefined,
      updatedAt: tx.at,
      updatedTxId: tx.txId,
    });
    await saveBlock(ws, next, block);
    emit(ctx, frozen ? EVENTS.BLOCK_FROZEN : EVENTS.BLOCK_UNFROZEN, {
      blockId: block.id,
      ownerAccountId: block.ownerAccountId,
      quantity: block.quantity,
      serialStart: block.serialStart,
      serialEnd: block.serialEnd,
      reason: input.reason,
      ...actedBy(actor, tx),
    });
    return result(next);
  }
}
