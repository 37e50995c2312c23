import { z } from 'zod';
import { AuthorisationSnapshotSchema } from './credits';
import {
  AccountIdSchema,
  ActorRefSchema,
  BlockIdSchema,
  CooperativeApproachIdSchema,
  CREATED_FIELDS,
  MspIdSchema,
  PaginationSchema,
  PartyIdSchema,
  QuantitySchema,
  RegistryIdSchema,
  TextSchema,
} from './primitives';

/**
 * International transfers of ITMOs between two registries that run this chaincode (docs/international.md): the
 * export request on the transferring Party's national channel, the one decision on the bilateral channel of the
 * cooperative approach, the acquisition on the acquiring Party's national channel.
 */

/** An international transfer's request ID: `X-` and sixteen hex digits of the requesting transaction. */
export const TransferRequestIdSchema = z
  .string()
  .regex(/^X-[0-9A-F]{16}$/, 'a transfer request ID such as X-0A1B2C3D4E5F6A7B');

const TxIdSchema = z.string().regex(/^[0-9a-f]{64}$/, 'a Fabric transaction ID (64 hex digits)');

/**
 * What the two Parties agree on for one transfer: every field the acquiring registry needs to hold the units (the
 * ITMO IDs are kept: they name the first transferring Party's registry and serials), identical in the export
 * request, the bilateral record and the acquisition.
 */
export const TransferTermsSchema = z.strictObject({
  requestId: TransferRequestIdSchema,
  cooperativeApproachId: CooperativeApproachIdSchema,
  transferringParty: PartyIdSchema,
  transferringRegistryId: RegistryIdSchema,
  acquiringParty: PartyIdSchema,
  fromAccountId: AccountIdSchema,
  toAccountId: AccountIdSchema,
  projectId: z.string().min(1).max(64),
  issuanceReportId: z.string().min(1).max(80),
  vintage: z.number().int(),
  /** The project's mitigation type (AEF Tables 3 and 4): the acquiring registry holds no record of the project. */
  mitigationType: z.string().min(1).max(100),
  quantity: QuantitySchema,
  serialStart: z.number().int().min(1),
  serialEnd: z.number().int().min(1),
  serialNumber: z.string().min(1).max(200),
  itmo: z.strictObject({ firstId: z.string().min(1).max(120), lastId: z.string().min(1).max(120) }),
  authorisation: AuthorisationSnapshotSchema.strict(),
});

export const EXPORT_STATUSES = ['PENDING', 'TRANSFERRED', 'ABANDONED'] as const;

/** The transferring registry's record of a request: `ncr.export [requestId]`, with the locked block it names. */
export const ExportRequestSchema = z.object({
  /** The request ID again (`requestId`), as every record carries its `id`. */
  id: z.string(),
  ...TransferTermsSchema.shape,
  blockId: z.string(),
  status: z.enum(EXPORT_STATUSES),
  /** The bilateral transaction that decided it (RecordTransfer or AbandonTransfer), once applied. */
  bilateralTxId: z.string().optional(),
  requestedBy: ActorRefSchema,
  ...CREATED_FIELDS,
});

/** The acquiring registry's record: `ncr.acquisition [requestId]`, the block it created. */
export const AcquisitionSchema = z.object({
  ...TransferTermsSchema.shape,
  blockId: z.string(),
  bilateralTxId: z.string(),
  acquiredBy: ActorRefSchema,
  ...CREATED_FIELDS,
});

/** One Party of a cooperative approach on its bilateral channel: its registry, its MSP, its national channel. */
export const BilateralPartySchema = z.strictObject({
  party: PartyIdSchema,
  registryId: RegistryIdSchema,
  mspId: MspIdSchema,
  channel: z.string().regex(/^[a-z][a-z0-9.-]{0,48}$/, 'a channel name'),
});

/** The bilateral channel's settings (`bilateral` [cooperativeApproachId]): the two Parties, set once by both. */
export const BilateralSettingsSchema = z.strictObject({
  cooperativeApproachId: CooperativeApproachIdSchema,
  parties: z
    .array(BilateralPartySchema)
    .length(2)
    .refine(([a, b]) => a?.party !== b?.party && a?.mspId !== b?.mspId, 'two different Parties and MSPs'),
});

/** Who signed a bilateral decision: an organisation admin of one of the two Parties (no account on this channel). */
const SignerSchema = z.object({ mspId: z.string(), enrollmentId: z.string() });

export const BILATERAL_STATUSES = ['RECORDED', 'ABANDONED'] as const;

/** The one decision on a request, `ncr.bitransfer [requestId]`: written once, by RecordTransfer or AbandonTransfer. */
export const BilateralTransferSchema = z.object({
  requestId: z.string(),
  cooperativeApproachId: z.string(),
  status: z.enum(BILATERAL_STATUSES),
  /** The agreed terms (RECORDED only). */
  terms: TransferTermsSchema.optional(),
  /** Why it was abandoned (ABANDONED only). */
  reason: z.string().optional(),
  signer: SignerSchema,
  at: z.string(),
  txId: z.string(),
});

// ------------------------------------------------------------------ inputs

export const RequestExportInputSchema = z.strictObject({
  blockId: BlockIdSchema,
  quantity: QuantitySchema,
  partyId: PartyIdSchema,
  toAccountId: AccountIdSchema,
  cooperativeApproachId: CooperativeApproachIdSchema,
});

export const CompleteExportInputSchema = z.strictObject({
  requestId: TransferRequestIdSchema,
  outcome: z.enum(['TRANSFERRED', 'ABANDONED']),
  bilateralTxId: TxIdSchema,
});

/** The acquisition states the terms it applies (every endorsing peer writes the same), checked by the government's peer. */
export const RecordAcquisitionInputSchema = TransferTermsSchema.extend({ bilateralTxId: TxIdSchema });

export const GetExportInputSchema = z.strictObject({ requestId: TransferRequestIdSchema });

export const GetAcquisitionInputSchema = GetExportInputSchema;

export const ListExportsInputSchema = PaginationSchema.extend({ status: z.enum(EXPORT_STATUSES).optional() });

export const ListAcquisitionsInputSchema = PaginationSchema;

export const InitBilateralInputSchema = BilateralSettingsSchema;

export const RecordTransferInputSchema = TransferTermsSchema;

export const AbandonTransferInputSchema = z.strictObject({
  requestId: TransferRequestIdSchema,
  cooperativeApproachId: CooperativeApproachIdSchema,
  reason: TextSchema,
});

export const GetTransferInputSchema = z.strictObject({ requestId: TransferRequestIdSchema });

export const GetBilateralSettingsInputSchema = z.strictObject({ cooperativeApproachId: CooperativeApproachIdSchema });

export type TransferTerms = z.infer<typeof TransferTermsSchema>;
export type ExportRequest = z.infer<typeof ExportRequestSchema>;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];
export type Acquisition = z.infer<typeof AcquisitionSchema>;
export type BilateralSettings = z.infer<typeof BilateralSettingsSchema>;
export type BilateralTransfer = z.infer<typeof BilateralTransferSchema>;
export type RequestExportInput = z.infer<typeof RequestExportInputSchema>;
export type CompleteExportInput = z.infer<typeof CompleteExportInputSchema>;
export type RecordAcquisitionInput = z.infer<typeof RecordAcquisitionInputSchema>;
export type AbandonTransferInput = z.infer<typeof AbandonTransferInputSchema>;
