import {
  CreditBlockSchema,
  EVENTS,
  invalidState,
  MAX_PENDING_RETIREMENTS,
  OBJECT,
  retirementCovered,
  SUSPENSION_CANCELS_REQUESTS,
  validation,
  type CreditBlock,
  type MovedBlock,
  type RejectRetirementInput,
  type RetireInput,
} from '../../domain';
import type { ActorRule } from '../common/auth';
import { assertNotBefore, recorded, updated, type TxInfo } from '../common/tx';
import type { WriteSpec } from '../common/write';
import type { WorldState } from '../common/state';
import { retirementNeedsApproval } from '../registry/profile-state';
import { applyAction, blockEventFields, blockOf, BLOCKS, blockSince, saveBlock } from './block-state';

/**
 * Retirements that wait for the government (docs/workflows.md, retirement approval): the holder's request locks the
 * units in a PENDING_RETIREMENT block, a government ADMIN or MANAGER approves (RETIRED, as a retirement) or rejects
 * (HELD again).
 */

/** A retirement's purpose must be covered by the units' authorisation (NDC and OIMP uses); VALIDATION otherwise. */
export function assertRetirementCovered(block: CreditBlock, purpose: RetireInput['purpose']): void {
  const purposes = block.authorisation.purposes;
  if (!retirementCovered(purposes, purpose)) {
    throw validation(`retirement for ${purpose} is not covered by authorisation purposes "${purposes}"`);
  }
}

/** Retire and RequestRetirement: which of the two the profile in force allows (INVALID_STATE for the other). */
export async function assertRetirementPath(ws: WorldState, approval: boolean): Promise<void> {
  const needed = await retirementNeedsApproval(ws);
  if (needed && !approval) {
    throw invalidState(
      'the workflow profile in force requires a retirement request (RequestRetirement) approved by the government',
    );
  }
  if (!needed && approval) {
    throw invalidState('the workflow profile in force retires credits directly (Retire); no approval is needed');
  }
}

/** A block waiting for the decision on its retirement, and the holder's request it carries. */
function pendingRequest(block: CreditBlock): NonNullable<CreditBlock['retirementRequest']> {
  if (block.status !== 'PENDING_RETIREMENT' || block.retirementRequest === undefined) {
    throw invalidState(`credit block ${block.id} is ${block.status}, not PENDING_RETIREMENT`);
  }
  return block.retirementRequest;
}

/**
 * The IDs of an account's PENDING_RETIREMENT blocks, from its owner index (`ncr.block~owner [owner, status, …]`,
 * moved by every status change): at most `limit`, one bounded range read in an update transaction.
 */
async function pendingBlockIds(ws: WorldState, accountId: string, limit: number): Promise<string[]> {
  const entries = await ws.all(OBJECT.blockByOwner, [accountId, 'PENDING_RETIREMENT'], limit);
  return entries.map((entry) => entry.attributes[4] ?? '');
}

/** A further request must leave the holder within MAX_PENDING_RETIREMENTS (INVALID_STATE otherwise). */
async function assertRequestsWithinLimit(ws: WorldState, accountId: string): Promise<void> {
  const pending = await pendingBlockIds(ws, accountId, MAX_PENDING_RETIREMENTS);
  if (pending.length >= MAX_PENDING_RETIREMENTS) {
    throw invalidState(
      `account ${accountId} has ${MAX_PENDING_RETIREMENTS} retirement requests pending, the most it may have; ` +
        'wait for the government to decide on one',
    );
  }
}

/** A pending block HELD again without its request (a rejection, or its holder's suspension): not merged back. */
async function unlock(
  ws: WorldState,
  tx: TxInfo,
  block: CreditBlock,
): Promise<{ moved: CreditBlock; fields: MovedBlock }> {
  const moved = CreditBlockSchema.parse({ ...block, status: 'HELD', retirementRequest: undefined, ...updated(tx) });
  await saveBlock(ws, moved, block);
  return { moved, fields: blockEventFields({ moved }) };
}

/**
 * When a government ADMIN suspends an account: each of its pending retirement requests is cancelled, the block HELD
 * again, in the suspension's own transaction; returned for its event. Bounded: RequestRetirement keeps an account
 * within MAX_PENDING_RETIREMENTS, and more (only requests made before that limit existed) fail the suspension with
 * INVALID_STATE, to be rejected one by one first.
 */
export async function cancelPendingRequests(
  ws: WorldState,
  tx: TxInfo,
  accountId: string,
): Promise<(MovedBlock & { reason: string })[]> {
  const ids = await pendingBlockIds(ws, accountId, MAX_PENDING_RETIREMENTS + 1);
  if (ids.length > MAX_PENDING_RETIREMENTS) {
    throw invalidState(
      `account ${accountId} has more than ${MAX_PENDING_RETIREMENTS} retirement requests pending; reject some first`,
    );
  }
  const cancelled: (MovedBlock & { reason: string })[] = [];
  for (const id of ids) {
    const block = await BLOCKS.require(ws, id);
    pendingRequest(block);
    assertNotBefore(tx, ...blockSince(block));
    cancelled.push({ ...(await unlock(ws, tx, block)).fields, reason: SUSPENSION_CANCELS_REQUESTS });
  }
  return cancelled;
}

/** The government decides on retirement requests. */
const decision = (action: string): ActorRule => ({ action, types: ['GOVERNMENT'] });

/** The holder's request: splits `quantity` units off a HELD block into a PENDING_RETIREMENT one. */
export function requestRetirement(rule: (block: CreditBlock) => ActorRule): WriteSpec<RetireInput, CreditBlock> {
  return {
    rule,
    load: blockOf,
    apply: async ({ ws, input, record: block, actor, tx, emit }) => {
      await assertRetirementPath(ws, true);
      const { beneficiary, purpose } = input;
      assertRetirementCovered(block, purpose);
      await assertRequestsWithinLimit(ws, block.ownerAccountId);
      const retirementRequest = { beneficiary, purpose, ...recorded(actor, tx) };
      const outcome = await applyAction(ws, tx, block, input.quantity, {
        status: 'PENDING_RETIREMENT',
        retirementRequest,
      });
      const moved = blockEventFields(outcome);
      emit(EVENTS.RETIREMENT_REQUESTED, { ...moved, ownerAccountId: block.ownerAccountId, beneficiary, purpose });
      return outcome;
    },
  };
}

/** Approval: the pending block becomes RETIRED and the event is the one every retirement emits (CREDITS_RETIRED). */
export const approveRetirement: WriteSpec<{ readonly blockId: string }, CreditBlock> = {
  rule: decision('approve retirements'),
  load: blockOf,
  check: ({ record: block }) => {
    pendingRequest(block);
  },
  since: blockSince,
  apply: async ({ ws, record: block, actor, tx, emit }) => {
    const { beneficiary, purpose } = pendingRequest(block);
    const retirement = { beneficiary, purpose, ...recorded(actor, tx) };
    const moved = CreditBlockSchema.parse({ ...block, status: 'RETIRED', retirement, ...updated(tx) });
    await saveBlock(ws, moved, block);
    const fields = blockEventFields({ moved });
    emit(EVENTS.CREDITS_RETIRED, { ...fields, ownerAccountId: block.ownerAccountId, beneficiary, purpose });
    return { moved };
  },
};

/** Rejection: the pending block is HELD again (not merged back), the request dropped; the event keeps the reason. */
export const rejectRetirement: WriteSpec<RejectRetirementInput, CreditBlock> = {
  rule: decision('reject retirements'),
  load: blockOf,
  check: ({ record: block }) => {
    pendingRequest(block);
  },
  since: blockSince,
  apply: async ({ ws, input: { reason }, record: block, tx, emit }) => {
    const { moved, fields } = await unlock(ws, tx, block);
    emit(EVENTS.RETIREMENT_REJECTED, { ...fields, ownerAccountId: block.ownerAccountId, reason });
    return { moved };
  },
};
