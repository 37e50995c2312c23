import { CreditBlockSchema, eventPayloadSchema, type CreditBlock, type EventPayload } from '@ncr/chaincode/domain';
import { ACTION_KIND_BY_EVENT, type ActionEventName, type ActionKind, isActionEvent } from './schema';

/** One row of the action log. */
export interface ActionRow {
  readonly seq: number;
  readonly blockNumber: number;
  readonly txIndex: number;
  readonly txId: string;
  /** The row's place among its transaction's actions (0 for the first; an issuance's share of proceeds is 1). */
  readonly part: number;
  readonly at: string;
  readonly kind: ActionKind;
  readonly eventName: ActionEventName;
  readonly projectId: string | null;
  readonly authorisationId: string | null;
  readonly blockId: string | null;
  readonly sourceBlockId: string | null;
  readonly split: boolean;
  readonly vintage: number | null;
  readonly serialStart: number | null;
  readonly serialEnd: number | null;
  readonly quantity: number | null;
  readonly fromAccountId: string | null;
  readonly toAccountId: string | null;
  readonly purpose: string | null;
  readonly beneficiary: string | null;
  readonly reason: string | null;
  /** An issuance's share of proceeds: the block the event names in `shareOfProceeds`. */
  readonly shareOfProceeds: boolean;
  /** The event's payload, parsed with its schema. */
  readonly payload: EventPayload<ActionEventName>;
  /** The acted-on block as the transaction wrote it (credit actions only). */
  readonly block: CreditBlock | null;
}

export interface RawAction {
  seq: number;
  block_number: number;
  tx_index: number;
  tx_id: string;
  part: number;
  at: string;
  event_name: string;
  project_id: string | null;
  authorisation_id: string | null;
  block_id: string | null;
  source_block_id: string | null;
  split: number;
  vintage: number | null;
  serial_start: number | null;
  serial_end: number | null;
  quantity: number | null;
  from_account_id: string | null;
  to_account_id: string | null;
  purpose: string | null;
  beneficiary: string | null;
  reason: string | null;
  payload_json: string;
  block_json: string | null;
}

/** One row of the action log, its payload parsed with its event's schema (the kind follows from the event). */
export function actionRow(r: RawAction): ActionRow {
  const eventName = r.event_name;
  if (!isActionEvent(eventName)) throw new Error(`action log row ${r.seq}: ${eventName} is not an action event`);
  const payload = eventPayloadSchema(eventName).parse(JSON.parse(r.payload_json));
  return {
    seq: r.seq,
    blockNumber: r.block_number,
    txIndex: r.tx_index,
    txId: r.tx_id,
    part: r.part,
    at: r.at,
    kind: ACTION_KIND_BY_EVENT[eventName],
    eventName,
    projectId: r.project_id,
    authorisationId: r.authorisation_id,
    blockId: r.block_id,
    sourceBlockId: r.source_block_id,
    split: r.split === 1,
    vintage: r.vintage,
    serialStart: r.serial_start,
    serialEnd: r.serial_end,
    quantity: r.quantity,
    fromAccountId: r.from_account_id,
    toAccountId: r.to_account_id,
    purpose: r.purpose,
    beneficiary: r.beneficiary,
    reason: r.reason,
    shareOfProceeds: 'shareOfProceeds' in payload && payload.shareOfProceeds?.blockId === r.block_id,
    payload,
    block: r.block_json === null ? null : CreditBlockSchema.parse(JSON.parse(r.block_json)),
  };
}
