import { z } from 'zod';
import {
  AccountIdSchema,
  AuthorisationPurposeSchema,
  BlockIdSchema,
  BlockStatusSchema,
  DEFAULT_PAGE_SIZE,
  FirstTransferDefinitionSchema,
  MAX_PAGE_SIZE,
  PaginationSchema,
  ProjectIdSchema,
  QuantitySchema,
  RetirementPurposeSchema,
  SerialSchema,
  TextSchema,
  YearSchema,
} from './primitives';
import { ActorRefSchema } from './registry';

/** Credit blocks and their indexes: assets and transaction inputs. */

export const AuthorisationSnapshotSchema = z.object({
  authorisationId: z.string(),
  purposes: AuthorisationPurposeSchema,
  firstTransferDefinition: FirstTransferDefinitionSchema.optional(),
  cooperativeApproachId: z.string().optional(),
});

export const CreditBlockSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  issuanceReportId: z.string(),
  vintage: z.number().int(),
  serialStart: z.number().int(),
  serialEnd: z.number().int(),
  quantity: z.number().int(),
  ownerAccountId: z.string(),
  status: BlockStatusSchema,
  frozen: z.boolean(),
  freezeReason: z.string().optional(),
  serialNumber: z.string(),
  itmo: z.object({ firstId: z.string(), lastId: z.string() }).optional(),
  authorisation: AuthorisationSnapshotSchema,
  parentBlockId: z.string().optional(),
  createdAt: z.string(),
  createdTxId: z.string(),
  updatedAt: z.string(),
  updatedTxId: z.string(),
  retirement: z
    .object({
      beneficiary: z.string(),
      purpose: RetirementPurposeSchema,
      by: ActorRefSchema,
      at: z.string(),
      txId: z.string(),
    })
    .optional(),
  cancellation: z.object({ reason: z.string(), by: ActorRefSchema, at: z.string(), txId: z.string() }).optional(),
});

/** The issuance index entry `issuance~<start>`: one per issuance, they tile [1, lastSerial]. */
export const IssuanceIndexEntrySchema = z.object({
  reportId: z.string(),
  projectId: z.string(),
  vintage: z.number().int(),
  serialStart: z.number().int(),
  serialEnd: z.number().int(),
  quantity: z.number().int(),
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

export const TransferInputSchema = z.strictObject({
  blockId: BlockIdSchema,
  quantity: QuantitySchema,
  toAccountId: AccountIdSchema,
});

export const RetireInputSchema = z.strictObject({
  blockId: BlockIdSchema,
  quantity: QuantitySchema,
  beneficiary: TextSchema,
  purpose: RetirementPurposeSchema,
});

export const CancelInputSchema = z.strictObject({
  blockId: BlockIdSchema,
  quantity: QuantitySchema,
  reason: TextSchema,
});

export const FreezeInputSchema = z.strictObject({ blockId: BlockIdSchema, reason: TextSchema });

export const UnfreezeInputSchema = FreezeInputSchema;

export const LookupSerialInputSchema = z.strictObject({ serial: SerialSchema });

/** The bookmark of VerifyIntegrity is the chaincode's own `<next start key serial>:<expected next serial>`. */
export const VerifyIntegrityInputSchema = z.strictObject({
  pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  bookmark: z
    .string()
    .regex(/^(\d{1,16}:\d{1,16})?$/)
    .default(''),
});

export type AuthorisationSnapshot = z.infer<typeof AuthorisationSnapshotSchema>;

export type CreditBlock = z.infer<typeof CreditBlockSchema>;

export type IssuanceIndexEntry = z.infer<typeof IssuanceIndexEntrySchema>;

export type GetBlockInput = z.infer<typeof GetBlockInputSchema>;

export type ListBlocksInput = z.infer<typeof ListBlocksInputSchema>;

export type TransferInput = z.infer<typeof TransferInputSchema>;

export type RetireInput = z.infer<typeof RetireInputSchema>;

export type CancelInput = z.infer<typeof CancelInputSchema>;

export type FreezeInput = z.infer<typeof FreezeInputSchema>;

export type UnfreezeInput = z.infer<typeof UnfreezeInputSchema>;

export type LookupSerialInput = z.infer<typeof LookupSerialInputSchema>;

export type VerifyIntegrityInput = z.infer<typeof VerifyIntegrityInputSchema>;
