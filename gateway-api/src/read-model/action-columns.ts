import { EVENTS, eventPayloadSchema, type EventPayload, type MovedBlock } from '@ncr/chaincode/domain';
import type { ActionEventName } from './schema';

/**
 * The action-log columns an action's event payload fills. What the payload leaves out stays null, except the
 * vintage and authorisation, which the acted-on block gives, and the source block, which is the acted-on block.
 */
export interface ActionColumns {
  readonly projectId?: string;
  readonly authorisationId?: string;
  readonly blockId?: string;
  readonly sourceBlockId?: string;
  readonly split?: boolean;
  readonly vintage?: number;
  readonly serialStart?: number;
  readonly serialEnd?: number;
  readonly quantity?: number | undefined;
  readonly fromAccountId?: string;
  readonly toAccountId?: string;
  readonly purpose?: string;
  readonly beneficiary?: string;
  readonly reason?: string;
}

/** The block a transfer, retirement or cancellation moved: where its credits came from and which serials. */
function movedColumns(p: MovedBlock): ActionColumns {
  const { projectId, blockId, sourceBlockId, split, vintage, serialStart, serialEnd, quantity } = p;
  return { projectId, blockId, sourceBlockId, split, vintage, serialStart, serialEnd, quantity };
}

/** A freeze or unfreeze: the whole block, its holder and the reason (the block record gives the rest). */
function freezeColumns(p: EventPayload<typeof EVENTS.BLOCK_FROZEN>): ActionColumns {
  const { blockId, serialStart, serialEnd, quantity, reason } = p;
  return { blockId, serialStart, serialEnd, quantity, reason, fromAccountId: p.ownerAccountId };
}

/**
 * The action-log rows of each action event, in order: one, except an issuance with a share of proceeds (the
 * developer's block, then the share's) and a suspension (one per retirement request it cancelled, maybe none).
 */
const ACTION_COLUMNS: {
  readonly [E in ActionEventName]: (payload: EventPayload<E>) => ActionColumns | readonly ActionColumns[];
} = {
  [EVENTS.PROJECT_AUTHORISED]: (p) => ({
    projectId: p.projectId,
    authorisationId: p.authorisationId,
    quantity: p.authorisedQuantity,
    purpose: p.purposes,
  }),
  [EVENTS.CREDITS_ISSUED]: (p) =>
    [p, ...(p.shareOfProceeds === undefined ? [] : [p.shareOfProceeds])].map(
      ({ blockId, serialStart, serialEnd, quantity, ownerAccountId }) => ({
        projectId: p.projectId,
        blockId,
        vintage: p.vintage,
        serialStart,
        serialEnd,
        quantity,
        toAccountId: ownerAccountId,
      }),
    ),
  [EVENTS.CREDITS_TRANSFERRED]: (p) => ({
    ...movedColumns(p),
    fromAccountId: p.fromAccountId,
    toAccountId: p.toAccountId,
  }),
  [EVENTS.CREDITS_RETIRED]: (p) => ({
    ...movedColumns(p),
    fromAccountId: p.ownerAccountId,
    purpose: p.purpose,
    beneficiary: p.beneficiary,
  }),
  [EVENTS.RETIREMENT_REQUESTED]: (p) => ({
    ...movedColumns(p),
    fromAccountId: p.ownerAccountId,
    purpose: p.purpose,
    beneficiary: p.beneficiary,
  }),
  [EVENTS.RETIREMENT_REJECTED]: (p) => ({ ...movedColumns(p), fromAccountId: p.ownerAccountId, reason: p.reason }),
  [EVENTS.CREDITS_CANCELLED]: (p) => ({ ...movedColumns(p), fromAccountId: p.ownerAccountId, reason: p.reason }),
  [EVENTS.ACCOUNT_SUSPENDED]: (p) =>
    (p.retirementRequestsCancelled ?? []).map((r) => ({
      ...movedColumns(r),
      fromAccountId: p.accountId,
      reason: r.reason,
    })),
  [EVENTS.BLOCK_FROZEN]: freezeColumns,
  [EVENTS.BLOCK_UNFROZEN]: freezeColumns,
  [EVENTS.EXPORT_REQUESTED]: (p) => ({
    ...movedColumns(p),
    fromAccountId: p.fromAccountId,
    toAccountId: p.toAccountId,
  }),
  [EVENTS.ITMOS_TRANSFERRED]: (p) => ({
    ...movedColumns(p),
    fromAccountId: p.fromAccountId,
    toAccountId: p.toAccountId,
  }),
  [EVENTS.EXPORT_ABANDONED]: (p) => ({ ...movedColumns(p), fromAccountId: p.fromAccountId }),
  [EVENTS.ITMOS_ACQUIRED]: (p) => {
    const { projectId, blockId, vintage, serialStart, serialEnd, quantity } = p;
    return { projectId, blockId, vintage, serialStart, serialEnd, quantity, toAccountId: p.ownerAccountId };
  },
};

const isList = (rows: ActionColumns | readonly ActionColumns[]): rows is readonly ActionColumns[] =>
  Array.isArray(rows);

function columnsOf<E extends ActionEventName>(name: E, payload: EventPayload<E>): readonly ActionColumns[] {
  const rows = ACTION_COLUMNS[name](payload);
  return isList(rows) ? rows : [rows];
}

/** Parses an action event's payload with its schema (a malformed one throws) and returns the columns of each row. */
export function actionColumns(name: ActionEventName, payload: unknown): readonly ActionColumns[] {
  return columnsOf(name, eventPayloadSchema(name).parse(payload));
}
