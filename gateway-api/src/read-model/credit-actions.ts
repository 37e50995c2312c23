import {
  AuthorisationSnapshotSchema,
  BlockIdSchema,
  CreditBlockSchema,
  RetirementPurposeSchema,
  type AuthorisationSnapshot,
} from '@ncr/chaincode/domain';
import { z } from 'zod';
import { ActionKindSchema } from './schema';

/**
 * A credit action as the AEF reads it: the units of the acted-on block as the transaction wrote it (taken out of its
 * JSON by SQLite, so that a row costs no more than the report needs), the holders, and the retirement purpose of the
 * event payload.
 */
const CreditActionSchema = CreditBlockSchema.pick({
  projectId: true,
  vintage: true,
  serialStart: true,
  serialEnd: true,
  quantity: true,
}).extend({
  txId: z.string(),
  at: z.string(),
  kind: ActionKindSchema,
  blockId: BlockIdSchema,
  sourceBlockId: BlockIdSchema.nullable(),
  fromAccountId: z.string().nullable(),
  toAccountId: z.string().nullable(),
  purpose: RetirementPurposeSchema.nullable(),
  /** 1 for the share of proceeds' block of an issuance (the event's `shareOfProceeds.blockId`), else 0. */
  shareOfProceeds: z.union([z.literal(0), z.literal(1)]).transform((share) => share === 1),
  /** The other Party of an international transfer (acquiring) or an acquisition (transferring). */
  counterpartParty: z.string().nullable(),
  /** The first transferring Party and its registry of units acquired from another registry (the block's acquiredFrom). */
  originParty: z.string().nullable(),
  originRegistryId: z.string().nullable(),
  originMitigationType: z.string().nullable(),
  /** The authorisation snapshot's JSON: the same few snapshots on every row (see creditActions). */
  authorisation: z.string(),
});

export type CreditAction = Omit<z.output<typeof CreditActionSchema>, 'authorisation'> & {
  readonly authorisation: AuthorisationSnapshot;
};

/** Rows of CREDIT_ACTIONS_SQL as credit actions, each distinct authorisation snapshot parsed once and shared. */
export function* creditActions(rows: Iterable<unknown>): Generator<CreditAction, void, undefined> {
  const snapshots = new Map<string, AuthorisationSnapshot>();
  for (const row of rows) {
    const action = CreditActionSchema.parse(row);
    let authorisation = snapshots.get(action.authorisation);
    if (authorisation === undefined) {
      authorisation = AuthorisationSnapshotSchema.parse(JSON.parse(action.authorisation));
      snapshots.set(action.authorisation, authorisation);
    }
    yield { ...action, authorisation };
  }
}

/** The actions on a credit block in blocks [0, ?), in ledger order (the unique index's order: no sort). */
export const CREDIT_ACTIONS_SQL = `
SELECT tx_id AS txId, at, kind, block_id AS blockId, source_block_id AS sourceBlockId,
       from_account_id AS fromAccountId, to_account_id AS toAccountId,
       json_extract(payload_json, '$.purpose') AS purpose,
       CASE WHEN kind = 'ISSUANCE' THEN coalesce(json_extract(payload_json, '$.shareOfProceeds.blockId') = block_id, 0)
            ELSE 0 END AS shareOfProceeds,
       COALESCE(json_extract(payload_json, '$.acquiringParty'), json_extract(payload_json, '$.transferringParty'))
         AS counterpartParty,
       json_extract(block_json, '$.acquiredFrom.transferringParty') AS originParty,
       json_extract(block_json, '$.acquiredFrom.transferringRegistryId') AS originRegistryId,
       json_extract(block_json, '$.acquiredFrom.mitigationType') AS originMitigationType,
       json_extract(block_json, '$.projectId') AS projectId, json_extract(block_json, '$.vintage') AS vintage,
       json_extract(block_json, '$.serialStart') AS serialStart, json_extract(block_json, '$.serialEnd') AS serialEnd,
       json_extract(block_json, '$.quantity') AS quantity, json_extract(block_json, '$.authorisation') AS authorisation
FROM actions
WHERE block_number < ? AND block_json IS NOT NULL
ORDER BY block_number, tx_index, part`;
