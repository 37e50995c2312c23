import { purposeIncludesOimp } from '../purposes';
import { z } from 'zod';
import {
  AccountIdSchema,
  ACTED_FIELDS,
  ActivityTypeSchema,
  AuthorisationIdSchema,
  AuthorisationPurposeSchema,
  CooperativeApproachIdSchema,
  CREATED_FIELDS,
  DocumentRefSchema,
  DocumentTypeSchema,
  FirstTransferDefinitionSchema,
  IsoDateSchema,
  LongTextSchema,
  MAX_PAGE_SIZE,
  MitigationTypeSchema,
  PaginationSchema,
  PartyIdSchema,
  ProjectIdSchema,
  ProjectStatusSchema,
  QuantitySchema,
  SectorSchema,
  TextSchema,
  TimeframeSchema,
  TypedDocumentRefSchema,
} from './primitives';
import { ProjectStepRecordSchema } from './workflow';

/** Projects, their documents, validation and authorisation: assets and transaction inputs. */

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
  ...ACTED_FIELDS,
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
  /** The workflow profile version the project was registered under; absent: the built-in lean flow (docs/workflows.md). */
  profileVersion: z.number().int().min(1).optional(),
  /** Steps recorded by their own transactions (idea note, no-objection); absent when none. */
  steps: z.array(ProjectStepRecordSchema).optional(),
  ...CREATED_FIELDS,
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

export type StoredDocument = z.infer<typeof StoredDocumentSchema>;

export type ProjectTransition = z.infer<typeof ProjectTransitionSchema>;

export type Authorisation = z.infer<typeof AuthorisationSchema>;

export type Project = z.infer<typeof ProjectSchema>;

export type RegisterProjectInput = z.infer<typeof RegisterProjectInputSchema>;

export type GetProjectInput = z.infer<typeof GetProjectInputSchema>;

export type ListProjectsInput = z.infer<typeof ListProjectsInputSchema>;

export type GetProjectHistoryInput = z.infer<typeof GetProjectHistoryInputSchema>;

export type AddDocumentsInput = z.infer<typeof AddDocumentsInputSchema>;

export type ResubmitProjectInput = z.infer<typeof ResubmitProjectInputSchema>;

export type ValidateProjectInput = z.infer<typeof ValidateProjectInputSchema>;

export type AuthoriseProjectInput = z.infer<typeof AuthoriseProjectInputSchema>;
