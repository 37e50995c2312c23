import { Context, Contract, Returns, Transaction } from 'fabric-contract-api';
import {
  ACTING_ROLES,
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
import { requireAccount } from '../accounts/account-state';
import { assertCanReadHoldings, readScope, requireActor } from '../common/auth';
import { WorldState } from '../common/state';
import { assertNotBefore, emit, parseInput, result, txInfo } from '../common/tx';
import { requireSettings } from '../registry/settings-state';
import { applyAction, blockEventFields, requireBlock, saveBlock } from './block-state';
import { listBlocks, lookupSerial } from './block-queries';

/** Serialised credit blocks: holding, transfer, retirement, cancellation, freezing, serial lookup. */
export class CreditContract extends Contract {
  constructor() {
    super('credits');
  }

  /** Returns a block. Caller: government or certifier identities, or the owner account's identities. */
  @Transaction(false)
  @Returns('string')
  async GetBlock(ctx: Context, json: string): Promise<string> {
    const { blockId } = parseInput(GetBlockInputSchema, json);
    const ws = new WorldState(ctx);
    const scope = await readScope(ctx, ws);
    const block = await requireBlock(ws, blockId);
    assertCanReadHoldings(scope, block.ownerAccountId);
    return result(block);
  }

  /**
   * Lists blocks by owner, project, status and vintage through composite-key indexes, one page at a time.
   * Caller: government or certifier (any filter); a developer lists only its own account's blocks.
   */
  @Transaction(false)
  @Returns('string')
  async ListBlocks(ctx: Context, json: string): Promise<string> {
    const input = parseInput(ListBlocksInputSchema, json);
    const ws = new WorldState(ctx);
    const scope = await readScope(ctx, ws);
    const owner = scope.kind === 'OWN' ? (input.owner ?? scope.accountId) : input.owner;
    if (owner !== undefined) {
      assertCanReadHoldings(scope, owner);
    } else {
      assertCanReadHoldings(scope, '*');
    }
    return result(await listBlocks(ws, { ...input, owner }));
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
    const block = await requireBlock(ws, input.blockId);
    const actor = await requireActor(ctx, ws, {
      action: 'transfer these credits',
      roles: ACTING_ROLES,
      accountId: block.ownerAccountId,
    });
    const receiver = await requireAccount(ws, input.toAccountId);
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
    const outcome = await applyAction(ws, await requireSettings(ws), tx, block, input.quantity, (part) => ({
      ...part,
      ownerAccountId: receiver.id,
    }));
    emit(ctx, EVENTS.CREDITS_TRANSFERRED, {
      ...blockEventFields(outcome),
      fromAccountId: block.ownerAccountId,
      toAccountId: receiver.id,
      by: actor.ref,
      txId: tx.txId,
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
    const block = await requireBlock(ws, input.blockId);
    const actor = await requireActor(ctx, ws, {
      action: 'retire these credits',
      roles: ACTING_ROLES,
      accountId: block.ownerAccountId,
    });
    const purposes = block.authorisation.purposes;
    if (!retirementCovered(purposes, input.purpose)) {
      throw validation(`retirement for ${input.purpose} is not covered by authorisation purposes "${purposes}"`);
    }
    const tx = txInfo(ctx);
    const retirement = {
      beneficiary: input.beneficiary,
      purpose: input.purpose,
      by: actor.ref,
      at: tx.at,
      txId: tx.txId,
    };
    const outcome = await applyAction(ws, await requireSettings(ws), tx, block, input.quantity, (part) => ({
      ...part,
      status: 'RETIRED',
      retirement,
    }));
    emit(ctx, EVENTS.CREDITS_RETIRED, {
      ...blockEventFields(outcome),
      ownerAccountId: block.ownerAccountId,
      beneficiary: input.beneficiary,
      purpose: input.purpose,
      by: actor.ref,
      txId: tx.txId,
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
    const actor = await requireActor(ctx, ws, { action: 'cancel credits', types: ['GOVERNMENT'], roles: ACTING_ROLES });
    const block = await requireBlock(ws, input.blockId);
    const tx = txInfo(ctx);
    const cancellation = { reason: input.reason, by: actor.ref, at: tx.at, txId: tx.txId };
    const outcome = await applyAction(ws, await requireSettings(ws), tx, block, input.quantity, (part) => ({
      ...part,
      status: 'CANCELLED',
      cancellation,
    }));
    emit(ctx, EVENTS.CREDITS_CANCELLED, {
      ...blockEventFields(outcome),
      ownerAccountId: block.ownerAccountId,
      reason: input.reason,
      by: actor.ref,
      txId: tx.txId,
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
    const { serial } = parseInput(LookupSerialInputSchema, json);
    const ws = new WorldState(ctx);
    const scope = await readScope(ctx, ws);
    return result(await lookupSerial(ws, scope, await requireSettings(ws), serial));
  }

  async #setFrozen(ctx: Context, input: { blockId: string; reason: string }, frozen: boolean): Promise<string> {
    const ws = new WorldState(ctx);
    const action = frozen ? 'freeze credits' : 'unfreeze credits';
    const actor = await requireActor(ctx, ws, { action, types: ['GOVERNMENT'], roles: ACTING_ROLES });
    const block = await requireBlock(ws, input.blockId);
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
      by: actor.ref,
      txId: tx.txId,
    });
    return result(next);
  }
}
