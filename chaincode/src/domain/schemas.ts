import { z } from 'zod';
import { ACCOUNT_STATUSES, ACCOUNT_TYPES, BINDING_STATUSES, ROLES } from './identity';
import { BLOCK_STATUSES, PROJECT_STATUSES, REPORT_STATUSES } from './lifecycle';
import {
  ACTIVITY_TYPES,
  AEF_DEFAULTS,
  AUTHORISATION_PURPOSES,
  DOCUMENT_TYPES,
  FIRST_TRANSFER_DEFINITIONS,
  FORMATS,
  GWP_VALUES,
  METRICS,
  MITIGATION_TYPES,
  RETIREMENT_PURPOSES,
  SECTORS,
  YEAR_RANGE,
} from './nomenclature';
import { purposeIncludesOimp } from './purposes';
import { MAX_SERIAL } from './serial';
import { isIsoDate } from './time';

/**
 * The one schema source for transaction inputs and world-state assets. The chaincode parses every argument with
 * these; the gateway imports them (`@ncr/chaincode/domain`) to validate REST input and generate OpenAPI.
 * Naming: `<Transaction>InputSchema` / `<Transaction>Input` for inputs, `<Asset>Schema` / `<Asset>` for assets.
 */

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

// ---------------------------------------------------------------- building blocks

export const PartyIdSchema = z.string().regex(FORMATS.party, 'ISO 3166-1 alpha-3 code, e.g. GHA');
export const RegistryIdSchema = z.string().regex(FORMATS.registryId, 'alpha-3 Party code and two digits, e.g. GHA01');
export const CooperativeApproachIdSchema = z.string().regex(FORMATS.cooperativeApproachId, 'CA and four digits');
export const AuthorisationIdSchema = z.string().min(1).max(64).regex(FORMATS.authorisationId);
export const TimeframeSchema = z.string().regex(FORMATS.timeframe, 'YYYY - YYYY');
export const IsoDateSchema = z.string().refine(isIsoDate, 'a calendar date YYYY-MM-DD');
export const IsoInstantSchema = z.string().min(20).max(30);
export const YearSchema = z.number().int().min(YEAR_RANGE.min).max(YEAR_RANGE.max);
export const QuantitySchema = z.number().int().min(1).max(MAX_SERIAL);
export const SerialSchema = z.number().int().min(1).max(MAX_SERIAL);
export const Sha256Schema = z.string().regex(FORMATS.sha256, 'lowercase hex SHA-256 digest');
export const UriSchema = z
  .string()
  .max(2048)
  .regex(/^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/, 'an absolute URI');
export const AccountIdSchema = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9-]{2,39}$/, 'upper-case letters, digits and dashes, 3 to 40 characters');
export const ProjectIdSchema = z.string().regex(/^[A-Z]{3}-P-[0-9A-F]{10}$/, 'a project ID such as GHA-P-0A1B2C3D4E');
export const ReportIdSchema = z.string().regex(/^[A-Z]{3}-P-[0-9A-F]{10}-M-[0-9A-F]{8}$/, 'a monitoring report ID');
export const BlockIdSchema = z.string().regex(/^B-[0-9A-F]{16}-\d+$/, 'a credit block ID such as B-0A1B2C3D4E5F6A7B-0');
export const MspIdSchema = z.string().regex(/^[A-Za-z0-9.-]{1,64}$/);
export const EnrollmentIdSchema = z.string().regex(/^[A-Za-z0-9@._+-]{1,128}$/, 'a certificate subject CN');
export const TextSchema = z.string().trim().min(1).max(256);
export const LongTextSchema = z.string().trim().min(1).max(4000);

export const AccountTypeSchema = z.enum(ACCOUNT_TYPES);
export const AccountStatusSchema = z.enum(ACCOUNT_STATUSES);
export const RoleSchema = z.enum(ROLES);
export const BindingStatusSchema = z.enum(BINDING_STATUSES);
export const ProjectStatusSchema = z.enum(PROJECT_STATUSES);
export const ReportStatusSchema = z.enum(REPORT_STATUSES);
export const BlockStatusSchema = z.enum(BLOCK_STATUSES);
export const SectorSchema = z.enum(SECTORS);
export const ActivityTypeSchema = z.enum(ACTIVITY_TYPES);
export const AuthorisationPurposeSchema = z.enum(AUTHORISATION_PURPOSES);
export const FirstTransferDefinitionSchema = z.enum(FIRST_TRANSFER_DEFINITIONS);
export const MitigationTypeSchema = z.enum(MITIGATION_TYPES);
export const RetirementPurposeSchema = z.enum(RETIREMENT_PURPOSES);
export const DocumentTypeSchema = z.enum(DOCUMENT_TYPES);

/** A file kept off-chain, pinned by its digest. */
export const DocumentRefSchema = z.strictObject({ uri: UriSchema, sha256: Sha256Schema });
export const TypedDocumentRefSchema = z.strictObject({
  type: DocumentTypeSchema,
  uri: UriSchema,
  sha256: Sha256Schema,
});

export const PaginationSchema = z.strictObject({
  pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  bookmark: z.string().max(1024).default(''),
});

const NdcPeriodSchema = z
  .strictObject({ firstYear: YearSchema, lastYear: YearSchema })
  .refine((p) => p.firstYear <= p.lastYear, 'firstYear must not be after lastYear');

export const CooperativeApproachSchema = z.strictObject({
  id: CooperativeApproachIdSchema,
  partnerParties: z.array(PartyIdSchema).max(50),
});

/**
 * An entity the Party authorises to participate in a cooperative approach (AEF Table 5). `accountId` links it to
 * the registry account that acts for it, so uses and cancellations by that account name the entity in Table 3.
 */
export const AuthorisedEntitySchema = z.strictObject({
  id: z.string().regex(FORMATS.authorisedEntityId, 'upper-case letters, digits and dashes, 2 to 40 characters'),
  name: TextSchema,
  country: PartyIdSchema,
  identificationNumber: TextSchema,
  authorisationDate: IsoDateSchema,
  cooperativeApproachId: CooperativeApproachIdSchema.optional(),
  conditions: LongTextSchema.optional(),
  changeAndRevocationConditions: LongTextSchema.optional(),
  additionalInformation: LongTextSchema.optional(),
  accountId: AccountIdSchema.optional(),
});

const AuthorisedEntitiesSchema = z
  .array(AuthorisedEntitySchema)
  .max(500)
  .refine((list) => new Set(list.map((e) => e.id)).size === list.length, 'authorised entity IDs must be unique');

const CooperativeApproachesSchema = z
  .array(CooperativeApproachSchema)
  .max(100)
  .refine((list) => new Set(list.map((c) => c.id)).size === list.length, 'cooperative approach IDs must be unique');

// ---------------------------------------------------------------- assets (world state)

/** Who did something: the account and the certificate identity acting for it. */
export const ActorRefSchema = z.object({ accountId: z.string(), mspId: z.string(), enrollmentId: z.string() });

export const SettingsSchema = z.object({
  party: PartyIdSchema,
  registryId: RegistryIdSchema,
  name: TextSchema,
  ndcPeriod: NdcPeriodSchema,
  cooperativeApproaches: z.array(CooperativeApproachSchema),
  /** Absent in settings written before the field existed: read as none. */
  authorisedEntities: z.array(AuthorisedEntitySchema).default([]),
  authorityAccountId: z.string(),
  updatedAt: z.string(),
  updatedTxId: z.string(),
});

/**
 * The Article 6 terms of an authorisation that the project workflow does not capture (AEF Table 2 and the metric
 * columns of Tables 3 and 4), kept by the registry under the authorisation ID: `ncr.authdetails [authorisationId]`.
 */
export const AuthorisationDetailsSchema = z.object({
  authorisationId: z.string(),
  version: z.string(),
  metric: z.enum(METRICS),
  gwpValues: z.enum(GWP_VALUES),
  nonGhgMetric: z.string().optional(),
  authorisedParties: z.array(PartyIdSchema),
  authorisedEntityIds: z.array(z.string()),
  oimpAuthorisedByParty: z.string().optional(),
  termsAndConditions: z.string().optional(),
  additionalInformation: z.string().optional(),
  updatedBy: ActorRefSchema,
  updatedAt: z.string(),
  updatedTxId: z.string(),
});

export const AccountSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: AccountTypeSchema,
  country: PartyIdSchema,
  status: AccountStatusSchema,
  statusReason: z.string().optional(),
  createdAt: z.string(),
  createdTxId: z.string(),
  updatedAt: z.string(),
  updatedTxId: z.string(),
});

export const IdentityBindingSchema = z.object({
  mspId: z.string(),
  enrollmentId: z.string(),
  accountId: z.string(),
  role: RoleSchema,
  status: BindingStatusSchema,
  changedBy: ActorRefSchema.optional(),
  changedAt: z.string(),
  changedTxId: z.string(),
});

export const StoredDocumentSchema = z.object({
  type: DocumentTypeSchema,
  uri: z.string(),
  sha256: z.string(),
  addedAt: z.string(),
  addedTxId: z.string(),
});

export const ProjectTransitionSchema = z.object({
  from: ProjectStatusSchema.nullable(),
  to: ProjectStatusSchema,
  by: ActorRefSchema,
  at: z.string(),
  txId: z.string(),
  documents: z.array(z.string()),
  comment: z.string().optional(),
});

export const AuthorisationSchema = z.object({
  authorisationId: z.string(),
  date: z.string(),
  purposes: AuthorisationPurposeSchema,
  cooperativeApproachId: z.string().optional(),
  authorisedQuantity: z.number().int().optional(),
  timeframe: z.string().optional(),
  firstTransferDefinition: FirstTransferDefinitionSchema.optional(),
  document: z.object({ uri: z.string(), sha256: z.string() }).optional(),
});

export const LocationSchema = z.strictObject({
  country: PartyIdSchema,
  region: TextSchema,
  coordinates: z
    .strictObject({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) })
    .optional(),
});

const CreditingPeriodSchema = z
  .strictObject({ start: IsoDateSchema, end: IsoDateSchema })
  .refine((p) => p.start <= p.end, 'crediting period must not end before it starts');

export const ProjectSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().optional(),
  sector: SectorSchema,
  activityType: ActivityTypeSchema,
  mitigationType: MitigationTypeSchema,
  methodology: z.string(),
  location: LocationSchema,
  creditingPeriod: z.object({ start: z.string(), end: z.string() }),
  estimatedAnnualReductions: z.number().int(),
  developerAccountId: z.string(),
  certifierAccountId: z.string(),
  status: ProjectStatusSchema,
  documents: z.array(StoredDocumentSchema),
  validation: z
    .object({
      approved: z.boolean(),
      report: z.object({ uri: z.string(), sha256: z.string() }),
      comment: z.string().optional(),
    })
    .optional(),
  authorisation: AuthorisationSchema.optional(),
  issuedTotal: z.number().int(),
  transitions: z.array(ProjectTransitionSchema),
  createdAt: z.string(),
  createdTxId: z.string(),
  updatedAt: z.string(),
  updatedTxId: z.string(),
});

export const IssuanceRecordSchema = z.object({
  blockId: z.string(),
  serialStart: z.number().int(),
  serialEnd: z.number().int(),
  quantity: z.number().int(),
  by: ActorRefSchema,
  at: z.string(),
  txId: z.string(),
});

export const MonitoringReportSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  developerAccountId: z.string(),
  certifierAccountId: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  vintage: z.number().int(),
  claimedReductions: z.number().int(),
  document: z.object({ uri: z.string(), sha256: z.string() }),
  status: ReportStatusSchema,
  submittedBy: ActorRefSchema,
  submittedAt: z.string(),
  submittedTxId: z.string(),
  verification: z
    .object({
      approved: z.boolean(),
      verifiedReductions: z.number().int().optional(),
      report: z.object({ uri: z.string(), sha256: z.string() }),
      comment: z.string().optional(),
      by: ActorRefSchema,
      at: z.string(),
      txId: z.string(),
    })
    .optional(),
  issuance: IssuanceRecordSchema.optional(),
});

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

// ---------------------------------------------------------------- transaction inputs

export const InitRegistryInputSchema = z.strictObject({
  party: PartyIdSchema,
  registryId: RegistryIdSchema,
  name: TextSchema,
  ndcPeriod: NdcPeriodSchema,
  cooperativeApproaches: CooperativeApproachesSchema.default([]),
  authorisedEntities: AuthorisedEntitiesSchema.optional(),
  governmentAccount: z.strictObject({ id: AccountIdSchema.optional(), name: TextSchema }),
});

export const UpdateSettingsInputSchema = z
  .strictObject({
    name: TextSchema.optional(),
    ndcPeriod: NdcPeriodSchema.optional(),
    cooperativeApproaches: CooperativeApproachesSchema.optional(),
    authorisedEntities: AuthorisedEntitiesSchema.optional(),
  })
  .refine(
    (s) =>
      s.name !== undefined ||
      s.ndcPeriod !== undefined ||
      s.cooperativeApproaches !== undefined ||
      s.authorisedEntities !== undefined,
    'at least one setting must be given',
  );

export const SetAuthorisationDetailsInputSchema = z
  .strictObject({
    authorisationId: AuthorisationIdSchema,
    version: z.string().regex(FORMATS.authorisationVersion, 'a version such as 1.0').default(AEF_DEFAULTS.version),
    metric: z.enum(METRICS).default(AEF_DEFAULTS.metric),
    gwpValues: z.enum(GWP_VALUES).default(AEF_DEFAULTS.gwpValues),
    nonGhgMetric: TextSchema.optional(),
    authorisedParties: z.array(PartyIdSchema).max(50).default([]),
    authorisedEntityIds: z.array(z.string().regex(FORMATS.authorisedEntityId)).max(100).default([]),
    oimpAuthorisedByParty: TextSchema.optional(),
    termsAndConditions: LongTextSchema.optional(),
    additionalInformation: LongTextSchema.optional(),
  })
  .refine((d) => (d.metric === 'non-GHG') === (d.nonGhgMetric !== undefined), {
    message: 'nonGhgMetric is required for the non-GHG metric and not allowed for GHG',
    path: ['nonGhgMetric'],
  });

export const GetAuthorisationDetailsInputSchema = z.strictObject({ authorisationId: AuthorisationIdSchema });
export const ListAuthorisationDetailsInputSchema = PaginationSchema;

export const CreateAccountInputSchema = z.strictObject({
  id: AccountIdSchema.optional(),
  name: TextSchema,
  type: AccountTypeSchema,
  country: PartyIdSchema,
  admin: z.strictObject({ mspId: MspIdSchema, enrollmentId: EnrollmentIdSchema }),
});

export const AccountRefInputSchema = z.strictObject({ accountId: AccountIdSchema });
export const GetAccountInputSchema = AccountRefInputSchema;

export const ListAccountsInputSchema = PaginationSchema.extend({ type: AccountTypeSchema.optional() });

export const SuspendAccountInputSchema = z.strictObject({ accountId: AccountIdSchema, reason: TextSchema });
export const ReactivateAccountInputSchema = z.strictObject({
  accountId: AccountIdSchema,
  reason: TextSchema.optional(),
});

export const BindIdentityInputSchema = z.strictObject({
  accountId: AccountIdSchema,
  mspId: MspIdSchema,
  enrollmentId: EnrollmentIdSchema,
  role: RoleSchema,
});

export const RevokeIdentityInputSchema = z.strictObject({
  accountId: AccountIdSchema,
  mspId: MspIdSchema,
  enrollmentId: EnrollmentIdSchema,
});

export const ListIdentitiesInputSchema = PaginationSchema.extend({ accountId: AccountIdSchema });

/** GetBalance sums an owner's HELD index entries; a huge holder continues from `bookmark`. */
export const GetBalanceInputSchema = z.strictObject({
  accountId: AccountIdSchema,
  bookmark: z.string().max(1024).default(''),
});

export const RegisterProjectInputSchema = z.strictObject({
  title: TextSchema,
  description: LongTextSchema.optional(),
  sector: SectorSchema,
  activityType: ActivityTypeSchema,
  mitigationType: MitigationTypeSchema.default('Emission reductions'),
  methodology: TextSchema,
  location: LocationSchema,
  creditingPeriod: CreditingPeriodSchema,
  estimatedAnnualReductions: QuantitySchema,
  certifierAccountId: AccountIdSchema,
  documents: z.array(TypedDocumentRefSchema).min(1).max(20),
});

export const ProjectRefInputSchema = z.strictObject({ projectId: ProjectIdSchema });
export const GetProjectInputSchema = ProjectRefInputSchema;

export const ListProjectsInputSchema = PaginationSchema.extend({
  status: ProjectStatusSchema.optional(),
  developer: AccountIdSchema.optional(),
});

export const GetProjectHistoryInputSchema = z.strictObject({
  projectId: ProjectIdSchema,
  limit: z.number().int().min(1).max(MAX_PAGE_SIZE).default(MAX_PAGE_SIZE),
});

export const AddDocumentsInputSchema = z.strictObject({
  projectId: ProjectIdSchema,
  documents: z.array(TypedDocumentRefSchema).min(1).max(20),
});

export const ResubmitProjectInputSchema = z.strictObject({
  projectId: ProjectIdSchema,
  comment: LongTextSchema.optional(),
});

export const ValidateProjectInputSchema = z.strictObject({
  projectId: ProjectIdSchema,
  approved: z.boolean(),
  report: DocumentRefSchema,
  comment: LongTextSchema.optional(),
});

const ApprovedAuthorisationSchema = z
  .strictObject({
    projectId: ProjectIdSchema,
    approved: z.literal(true),
    authorisationId: AuthorisationIdSchema,
    date: IsoDateSchema.optional(),
    purposes: AuthorisationPurposeSchema,
    cooperativeApproachId: CooperativeApproachIdSchema.optional(),
    authorisedQuantity: QuantitySchema.optional(),
    timeframe: TimeframeSchema.optional(),
    firstTransferDefinition: FirstTransferDefinitionSchema.optional(),
    document: DocumentRefSchema.optional(),
    comment: LongTextSchema.optional(),
  })
  .refine((a) => !purposeIncludesOimp(a.purposes) || a.firstTransferDefinition !== undefined, {
    message: 'firstTransferDefinition is required when purposes include OIMP',
    path: ['firstTransferDefinition'],
  })
  .refine((a) => purposeIncludesOimp(a.purposes) || a.firstTransferDefinition === undefined, {
    message: 'firstTransferDefinition applies only to OIMP purposes',
    path: ['firstTransferDefinition'],
  });

const RejectedAuthorisationSchema = z.strictObject({
  projectId: ProjectIdSchema,
  approved: z.literal(false),
  document: DocumentRefSchema.optional(),
  comment: LongTextSchema,
});

export const AuthoriseProjectInputSchema = z.discriminatedUnion('approved', [
  ApprovedAuthorisationSchema,
  RejectedAuthorisationSchema,
]);

export const SubmitMonitoringReportInputSchema = z
  .strictObject({
    projectId: ProjectIdSchema,
    periodStart: IsoDateSchema,
    periodEnd: IsoDateSchema,
    vintage: YearSchema,
    claimedReductions: QuantitySchema,
    document: DocumentRefSchema,
  })
  .refine((r) => r.periodStart <= r.periodEnd, 'monitoring period must not end before it starts');

export const ReportRefInputSchema = z.strictObject({ reportId: ReportIdSchema });
export const GetMonitoringReportInputSchema = ReportRefInputSchema;
export const IssueCreditsInputSchema = ReportRefInputSchema;
export const ListMonitoringReportsInputSchema = PaginationSchema.extend({ projectId: ProjectIdSchema });

export const VerifyMonitoringReportInputSchema = z
  .strictObject({
    reportId: ReportIdSchema,
    approved: z.boolean(),
    verifiedReductions: QuantitySchema.optional(),
    report: DocumentRefSchema,
    comment: LongTextSchema.optional(),
  })
  .refine((v) => v.approved === (v.verifiedReductions !== undefined), {
    message: 'verifiedReductions is required when approved and not allowed when rejected',
    path: ['verifiedReductions'],
  });

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

// ---------------------------------------------------------------- inferred types

export type ActorRef = z.infer<typeof ActorRefSchema>;
export type Settings = z.infer<typeof SettingsSchema>;
export type AuthorisedEntity = z.infer<typeof AuthorisedEntitySchema>;
export type CooperativeApproach = z.infer<typeof CooperativeApproachSchema>;
export type AuthorisationDetails = z.infer<typeof AuthorisationDetailsSchema>;
export type Account = z.infer<typeof AccountSchema>;
export type IdentityBinding = z.infer<typeof IdentityBindingSchema>;
export type StoredDocument = z.infer<typeof StoredDocumentSchema>;
export type ProjectTransition = z.infer<typeof ProjectTransitionSchema>;
export type Authorisation = z.infer<typeof AuthorisationSchema>;
export type Project = z.infer<typeof ProjectSchema>;
export type IssuanceRecord = z.infer<typeof IssuanceRecordSchema>;
export type MonitoringReport = z.infer<typeof MonitoringReportSchema>;
export type AuthorisationSnapshot = z.infer<typeof AuthorisationSnapshotSchema>;
export type CreditBlock = z.infer<typeof CreditBlockSchema>;
export type IssuanceIndexEntry = z.infer<typeof IssuanceIndexEntrySchema>;
export type DocumentRef = z.infer<typeof DocumentRefSchema>;
export type TypedDocumentRef = z.infer<typeof TypedDocumentRefSchema>;

export type InitRegistryInput = z.infer<typeof InitRegistryInputSchema>;
export type UpdateSettingsInput = z.infer<typeof UpdateSettingsInputSchema>;
export type SetAuthorisationDetailsInput = z.infer<typeof SetAuthorisationDetailsInputSchema>;
export type CreateAccountInput = z.infer<typeof CreateAccountInputSchema>;
export type GetAccountInput = z.infer<typeof GetAccountInputSchema>;
export type ListAccountsInput = z.infer<typeof ListAccountsInputSchema>;
export type SuspendAccountInput = z.infer<typeof SuspendAccountInputSchema>;
export type ReactivateAccountInput = z.infer<typeof ReactivateAccountInputSchema>;
export type BindIdentityInput = z.infer<typeof BindIdentityInputSchema>;
export type RevokeIdentityInput = z.infer<typeof RevokeIdentityInputSchema>;
export type ListIdentitiesInput = z.infer<typeof ListIdentitiesInputSchema>;
export type GetBalanceInput = z.infer<typeof GetBalanceInputSchema>;
export type RegisterProjectInput = z.infer<typeof RegisterProjectInputSchema>;
export type GetProjectInput = z.infer<typeof GetProjectInputSchema>;
export type ListProjectsInput = z.infer<typeof ListProjectsInputSchema>;
export type GetProjectHistoryInput = z.infer<typeof GetProjectHistoryInputSchema>;
export type AddDocumentsInput = z.infer<typeof AddDocumentsInputSchema>;
export type ResubmitProjectInput = z.infer<typeof ResubmitProjectInputSchema>;
export type ValidateProjectInput = z.infer<typeof ValidateProjectInputSchema>;
export type AuthoriseProjectInput = z.infer<typeof AuthoriseProjectInputSchema>;
export type SubmitMonitoringReportInput = z.infer<typeof SubmitMonitoringReportInputSchema>;
export type VerifyMonitoringReportInput = z.infer<typeof VerifyMonitoringReportInputSchema>;
export type IssueCreditsInput = z.infer<typeof IssueCreditsInputSchema>;
export type GetMonitoringReportInput = z.infer<typeof GetMonitoringReportInputSchema>;
export type ListMonitoringReportsInput = z.infer<typeof ListMonitoringReportsInputSchema>;
export type GetBlockInput = z.infer<typeof GetBlockInputSchema>;
export type ListBlocksInput = z.infer<typeof ListBlocksInputSchema>;
export type TransferInput = z.infer<typeof TransferInputSchema>;
export type RetireInput = z.infer<typeof RetireInputSchema>;
export type CancelInput = z.infer<typeof CancelInputSchema>;
export type FreezeInput = z.infer<typeof FreezeInputSchema>;
export type UnfreezeInput = z.infer<typeof UnfreezeInputSchema>;
export type LookupSerialInput = z.infer<typeof LookupSerialInputSchema>;
export type VerifyIntegrityInput = z.infer<typeof VerifyIntegrityInputSchema>;

/**
 * Input schema of every transaction that takes an argument, keyed `<contract>:<Transaction>` as submitted through
 * the gateway. Transactions absent here (GetSettings, WhoAmI) take no argument.
 */
export const TRANSACTION_INPUT_SCHEMAS = {
  'registry:InitRegistry': InitRegistryInputSchema,
  'registry:UpdateSettings': UpdateSettingsInputSchema,
  'registry:SetAuthorisationDetails': SetAuthorisationDetailsInputSchema,
  'registry:GetAuthorisationDetails': GetAuthorisationDetailsInputSchema,
  'registry:ListAuthorisationDetails': ListAuthorisationDetailsInputSchema,
  'accounts:CreateAccount': CreateAccountInputSchema,
  'accounts:GetAccount': GetAccountInputSchema,
  'accounts:ListAccounts': ListAccountsInputSchema,
  'accounts:SuspendAccount': SuspendAccountInputSchema,
  'accounts:ReactivateAccount': ReactivateAccountInputSchema,
  'accounts:BindIdentity': BindIdentityInputSchema,
  'accounts:RevokeIdentity': RevokeIdentityInputSchema,
  'accounts:ListIdentities': ListIdentitiesInputSchema,
  'accounts:GetBalance': GetBalanceInputSchema,
  'projects:RegisterProject': RegisterProjectInputSchema,
  'projects:GetProject': GetProjectInputSchema,
  'projects:ListProjects': ListProjectsInputSchema,
  'projects:GetProjectHistory': GetProjectHistoryInputSchema,
  'projects:AddDocuments': AddDocumentsInputSchema,
  'projects:ResubmitProject': ResubmitProjectInputSchema,
  'projects:ValidateProject': ValidateProjectInputSchema,
  'projects:AuthoriseProject': AuthoriseProjectInputSchema,
  'monitoring:SubmitMonitoringReport': SubmitMonitoringReportInputSchema,
  'monitoring:VerifyMonitoringReport': VerifyMonitoringReportInputSchema,
  'monitoring:IssueCredits': IssueCreditsInputSchema,
  'monitoring:GetMonitoringReport': GetMonitoringReportInputSchema,
  'monitoring:ListMonitoringReports': ListMonitoringReportsInputSchema,
  'credits:GetBlock': GetBlockInputSchema,
  'credits:ListBlocks': ListBlocksInputSchema,
  'credits:Transfer': TransferInputSchema,
  'credits:Retire': RetireInputSchema,
  'credits:Cancel': CancelInputSchema,
  'credits:Freeze': FreezeInputSchema,
  'credits:Unfreeze': UnfreezeInputSchema,
  'credits:LookupSerial': LookupSerialInputSchema,
  'audit:VerifyIntegrity': VerifyIntegrityInputSchema,
} as const;

export type TransactionName = keyof typeof TRANSACTION_INPUT_SCHEMAS | 'registry:GetSettings' | 'accounts:WhoAmI';
