import { z } from 'zod';
import {
  AccountIdSchema,
  ACTED_FIELDS,
  AuthorisationPurposeSchema,
  BlockIdSchema,
  BlockStatusSchema,
  CREATED_FIELDS,
  DEFAULT_PAGE_SIZE,
  FirstTransferDefinitionSchema,
  MAX_PAGE_SIZE,
  PaginationSchema,
  ProjectIdSchema,
  QuantitySchema,
  RetirementPurposeSchema,
  SERIAL_RANGE_FIELDS,
  SerialSchema,
  TextSchema,
  YearSchema,
} from './primitives';

/** Credit blocks and their indexes: assets and transaction inputs. */

export const AuthorisationSnapshotSchema = z.object({
  authorisationId: z.string(),
  purposes: AuthorisationPurposeSchema,
  firstTransferDefinition: FirstTransferDefinitionSchema.optional(),
  cooperativeApproachId: z.string().optional(),
});

/** A retirement (or a request for one) as a block records it: for whom, for what, by whom and when. */
const RetirementRecordSchema = z.object({ beneficiary: z.string(), purpose: RetirementPurposeSchema, ...ACTED_FIELDS });

export const CreditBlockSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  issuanceReportId: z.string(),
  vintage: z.number().int(),
  ...SERIAL_RANGE_FIELDS,
  ownerAccountId: z.string(),
  status: BlockStatusSchema,
  frozen: z.boolean(),
  freezeReason: z.string().optional(),
  serialNumber: z.string(),
  itmo: z.object({ firstId: z.string(), lastId: z.string() }).optional(),
  authorisation: AuthorisationSnapshotSchema,
  parentBlockId: z.string().optional(),
  ...CREATED_FIELDS,
  retirement: RetirementRecordSchema.optional(),
  /** The holder's request, while the block waits for approval and after it was approved (docs/workflows.md). */
  retirementRequest: RetirementRecordSchema.optional(),
  cancellation: z.object({ reason: z.string(), ...ACTED_FIELDS }).optional(),
  /** The holder's international transfer request (PENDING_EXPORT, then TRANSFERRED): docs/international.md. */
  exportRequest: z
    .object({
      requestId: z.string(),
      acquiringParty: z.string(),
      toAccountId: z.string(),
      cooperativeApproachId: z.string(),
      ...ACTED_FIELDS,
    })
    .optional(),
  /** The bilateral decision that moved the units to the acquiring Party's registry (TRANSFERRED only). */
  transfer: z.object({ bilateralTxId: z.string(), at: z.string(), txId: z.string() }).optional(),
  /**
   * Units acquired from another Party's registry: they keep its serials and ITMO IDs (docs/international.md), so
   * splitting them computes the IDs with the first transferring Party's registry, not this one's.
   */
  acquiredFrom: z
    .object({
      requestId: z.string(),
      transferringParty: z.string(),
      transferringRegistryId: z.string(),
      bilateralTxId: z.string(),
      mitigationType: z.string(),
    })
    .optional(),
});

/** The issuance index entry `issuance~<start>`: one per issuance, they tile [1, lastSerial]. */
export const IssuanceIndexEntrySchema = z.object({
  reportId: z.string(),
  projectId: z.string(),
  vintage: z.number().int(),
  ...SERIAL_RANGE_FIELDS,
});

export const SerialCounterSchema = z.object({ lastSerial: z.number().int().min(0) });

export const SerialIndexEntrySchema = z.object({ blockId: z.string() });

export const OwnerIndexValueSchema = z.object({ quantity: z.number().int(), frozen: z.boolean() });

export const BlockRefInputSchema = z.strictObject({ blockId: BlockIdSchema });

export const GetBlockInputSchema = BlockRefInputSchema;

export const ListBlocksInputSchema = PaginationSchema.extend({
  owner: AccountIdSchema.optional(),
  project: ProjectIdSchema.optional(),
  status: BlockStatusSchema.optional(),
  vintage: YearSchema.optional(),
});

/** What a credit action takes from a block: how many of its credits. */
const BLOCK_QUANTITY_FIELDS = { blockId: BlockIdSchema, quantity: QuantitySchema };

export const TransferInputSchema = z.strictObject({ ...BLOCK_QUANTITY_FIELDS, toAccountId: AccountIdSchema });

export const RetireInputSchema = z.strictObject({
  ...BLOCK_QUANTITY_FIELDS,
  beneficiary: TextSchema,
  purpose: RetirementPurposeSchema,
});

/** A retirement the profile in force sends to the government for approval: the same fields as a retirement. */
export const RequestRetirementInputSchema = RetireInputSchema;

export const ApproveRetirementInputSchema = BlockRefInputSchema;

/**
 * The most retirement requests an account may have pending at once: suspending the account cancels all of them in
 * one transaction (docs/workflows.md), so that transaction's reads and writes stay bounded. A further request is
 * refused with INVALID_STATE until one is decided.
 */
export const MAX_PENDING_RETIREMENTS = 50;

/** Why a suspension cancelled an account's pending retirement requests (ACCOUNT_SUSPENDED). */
export const SUSPENSION_CANCELS_REQUESTS = 'account suspended';

export const RejectRetirementInputSchema = z.strictObject({ blockId: BlockIdSchema, reason: TextSchema });

export const CancelInputSchema = z.strictObject({ ...BLOCK_QUANTITY_FIELDS, reason: TextSchema });

export const FreezeInputSchema = z.strictObject({ blockId: BlockIdSchema, reason: TextSchema });

export const UnfreezeInputSchema = FreezeInputSchema;

export const LookupSerialInputSchema = z.strictObject({ serial: SerialSchema });

/**
 * The bookmark of VerifyIntegrity: empty (first page) or the chaincode's own cursor `<issuance>:<where>`, where
 * `<issuance>` is the serial in the issuance index key of the issuance being checked and `<where>` is the next serial
 * of its serial-index walk, `index` (its issuance-index walk, from the first entry), a block ID (that walk, from that
 * entry) or `next` (the issuance after it). Each page checks the position against the ledger (docs/world-state.md).
 */
export const INTEGRITY_CURSOR = /^(?:(\d{1,16}):(\d{1,16}|index|next|B-[0-9A-F]{16}-\d{1,20}))?$/;

/** `pageSize` is in blocks: a page reads at most 6 keys per block of it (docs/world-state.md, integrity audit). */
export const VerifyIntegrityInputSchema = z.strictObject({
  pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  bookmark: z.string().regex(INTEGRITY_CURSOR, 'the bookmark of the previous page').default(''),
});

export type AuthorisationSnapshot = z.infer<typeof AuthorisationSnapshotSchema>;

export type CreditBlock = z.infer<typeof CreditBlockSchema>;

export type IssuanceIndexEntry = z.infer<typeof IssuanceIndexEntrySchema>;

export type GetBlockInput = z.infer<typeof GetBlockInputSchema>;

export type ListBlocksInput = z.infer<typeof ListBlocksInputSchema>;

export type TransferInput = z.infer<typeof TransferInputSchema>;

export type RetireInput = z.infer<typeof RetireInputSchema>;

export type CancelInput = z.infer<typeof CancelInputSchema>;

export type RejectRetirementInput = z.infer<typeof RejectRetirementInputSchema>;

export type FreezeInput = z.infer<typeof FreezeInputSchema>;

export type UnfreezeInput = z.infer<typeof UnfreezeInputSchema>;

export type LookupSerialInput = z.infer<typeof LookupSerialInputSchema>;

export type VerifyIntegrityInput = z.infer<typeof VerifyIntegrityInputSchema>;
