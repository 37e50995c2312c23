import {
  ApproveRetirementInputSchema,
  CancelInputSchema,
  CreditBlockSchema,
  EVENTS,
  FreezeInputSchema,
  GetBlockInputSchema,
  invalidState,
  ListBlocksInputSchema,
  LookupSerialInputSchema,
  RejectRetirementInputSchema,
  RequestRetirementInputSchema,
  RetireInputSchema,
  TransferInputSchema,
  UnfreezeInputSchema,
  validation,
  type CreditBlock,
  type FreezeInput,
} from '../../domain';
import { ACCOUNTS } from '../accounts/account-state';
import { assertCanReadHoldings, readScope, type ActorRule } from '../common/auth';
import { contractOf, read, write, type TransactionTable } from '../common/transactions';
import type { WriteSpec } from '../common/write';
import { recorded, updated } from '../common/tx';
import { requireSettings } from '../registry/settings-state';
import { applyAction, blockEventFields, blockOf, BLOCKS, blockSince, saveBlock } from './block-state';
import { listBlocks, lookupSerial } from './block-queries';
import {
  approveRetirement,
  assertRetirementCovered,
  assertRetirementPath,
  rejectRetirement,
  requestRetirement,
} from './retirement-requests';

/** The block a transaction names, moved by its holder: ADMIN or MANAGER of the owner account. */
function heldBlock(action: string): { load: typeof blockOf; rule: (block: CreditBlock) => ActorRule } {
  return { load: blockOf, rule: (block) => ({ action, accountId: block.ownerAccountId }) };
}

/** Freezes a HELD block (with the reason) or unfreezes a frozen one (the two inputs are the same shape). */
function frozenChange(frozen: boolean): WriteSpec<FreezeInput, CreditBlock> {
  return {
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
  };
}

const CREDIT_TRANSACTIONS = {
  /** Returns a block. Caller: government or certifier identities, or the owner account's identities. */
  GetBlock: read(GetBlockInputSchema, async (ws, input, ctx) => {
    const scope = await readScope(ctx, ws);
    const block = await BLOCKS.require(ws, input.blockId);
    assertCanReadHoldings(scope, block.ownerAccountId);
    return block;
  }),

  /**
   * Lists blocks by owner, project, status and vintage through composite-key indexes, one page at a time.
   * Caller: government or certifier (any filter); a developer lists only its own account's blocks.
   */
  ListBlocks: read(ListBlocksInputSchema, async (ws, input, ctx) => {
    const scope = await readScope(ctx, ws);
    const owner = scope.kind === 'OWN' ? (input.owner ?? scope.accountId) : input.owner;
    assertCanReadHoldings(scope, owner ?? '*');
    return listBlocks(ws, { ...input, owner });
  }),

  /**
   * Transfers `quantity` credits of a HELD, unfrozen block to another ACTIVE, non-certifier account, splitting the
   * block when partial. Caller: ADMIN or MANAGER of the owner account. Emits CREDITS_TRANSFERRED.
   */
  Transfer: write(TransferInputSchema, {
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
  }),

  /**
   * Retires `quantity` credits of a HELD, unfrozen block for a beneficiary and purpose (NDC and OIMP uses must be
   * covered by the block's authorisation). Caller: ADMIN or MANAGER of the owner account. INVALID_STATE when the
   * current workflow profile requires approval (RequestRetirement then). Emits CREDITS_RETIRED.
   */
  Retire: write(RetireInputSchema, {
    ...heldBlock('retire these credits'),
    apply: async ({ ws, input, record: block, actor, tx, emit }) => {
      await assertRetirementPath(ws, false);
      const { beneficiary, purpose } = input;
      assertRetirementCovered(block, purpose);
      const retirement = { beneficiary, purpose, ...recorded(actor, tx) };
      const outcome = await applyAction(ws, tx, block, input.quantity, { status: 'RETIRED', retirement });
      const moved = blockEventFields(outcome);
      emit(EVENTS.CREDITS_RETIRED, { ...moved, ownerAccountId: block.ownerAccountId, beneficiary, purpose });
      return outcome;
    },
  }),

  /**
   * Requests the retirement of `quantity` credits of a HELD, unfrozen block when the current workflow profile has
   * `retirementApproval`: splits them into a PENDING_RETIREMENT block, locked until a government decision. Caller:
   * ADMIN or MANAGER of the owner account. INVALID_STATE when the profile retires directly. Emits RETIREMENT_REQUESTED.
   */
  RequestRetirement: write(RequestRetirementInputSchema, requestRetirement(heldBlock('retire these credits').rule)),

  /**
   * Approves a retirement request: the PENDING_RETIREMENT block becomes RETIRED. Caller: government ADMIN or MANAGER.
   * Emits CREDITS_RETIRED, as a retirement does.
   */
  ApproveRetirement: write(ApproveRetirementInputSchema, approveRetirement),

  /**
   * Rejects a retirement request with a reason: the PENDING_RETIREMENT block is HELD again. Caller: government ADMIN or
   * MANAGER. Emits RETIREMENT_REJECTED.
   */
  RejectRetirement: write(RejectRetirementInputSchema, rejectRetirement),

  /**
   * Cancels `quantity` credits of a HELD, unfrozen block with a reason. Caller: ADMIN or MANAGER of a government
   * account. Emits CREDITS_CANCELLED.
   */
  Cancel: write(CancelInputSchema, {
    rule: { action: 'cancel credits', types: ['GOVERNMENT'] },
    load: blockOf,
    apply: async ({ ws, input: { quantity, reason }, record: block, actor, tx, emit }) => {
      const cancellation = { reason, ...recorded(actor, tx) };
      const outcome = await applyAction(ws, tx, block, quantity, { status: 'CANCELLED', cancellation });
      emit(EVENTS.CREDITS_CANCELLED, { ...blockEventFields(outcome), ownerAccountId: block.ownerAccountId, reason });
      return outcome;
    },
  }),

  /** Freezes a HELD block: nothing moves it until unfrozen. Caller: government ADMIN or MANAGER. Emits BLOCK_FROZEN. */
  Freeze: write(FreezeInputSchema, frozenChange(true)),

  /** Unfreezes a frozen block. Caller: government ADMIN or MANAGER. Emits BLOCK_UNFROZEN. */
  Unfreeze: write(UnfreezeInputSchema, frozenChange(false)),

  /**
   * Finds the block holding a serial now, with its lineage back to issuance and each block's ledger history.
   * Caller: government or certifier; a developer for serials its account holds.
   */
  LookupSerial: read(LookupSerialInputSchema, async (ws, { serial }, ctx) =>
    lookupSerial(ws, await readScope(ctx, ws), await requireSettings(ws), serial),
  ),
} satisfies TransactionTable;

/** Serialised credit blocks: holding, transfer, retirement, cancellation, freezing, serial lookup. */
export class CreditContract extends contractOf('credits', CREDIT_TRANSACTIONS) {}
