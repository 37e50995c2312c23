import {
  CreditBlockSchema,
  EVENTS,
  invalidState,
  retirementCovered,
  validation,
  type CreditBlock,
  type RejectRetirementInput,
  type RetireInput,
} from '../../domain';
import type { ActorRule } from '../common/auth';
import { recorded, updated } from '../common/tx';
import type { WriteSpec } from '../common/write';
import type { WorldState } from '../common/state';
import { retirementNeedsApproval } from '../registry/profile-state';
import { applyAction, blockEventFields, blockOf, blockSince, saveBlock } from './block-state';

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
    const moved = CreditBlockSchema.parse({ ...block, status: 'HELD', retirementRequest: undefined, ...updated(tx) });
    await saveBlock(ws, moved, block);
    emit(EVENTS.RETIREMENT_REJECTED, { ...blockEventFields({ moved }), ownerAccountId: block.ownerAccountId, reason });
    return { moved };
  },
};
