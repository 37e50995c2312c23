import { z } from 'zod';
import { EVENTS, type EventName } from '../events';
import {
  AccountTypeSchema,
  ActorRefSchema,
  AuthorisationPurposeSchema,
  DocumentTypeSchema,
  RetirementPurposeSchema,
  RoleSchema,
} from './primitives';

/**
 * The payload of every chaincode event: what the chaincode emits (`emit` accepts and checks only these) and what
 * the read model, the AEF and the event stream read. Strict: a field added, renamed or dropped on one side fails on
 * the other. IDs are plain strings, as in the records.
 */

const Int = z.number().int();

/** The transaction that caused the event, and (for every event but the bootstrap) the actor. */
const TX_FIELDS = { txId: z.string() };
const ACT_FIELDS = { by: ActorRefSchema, ...TX_FIELDS };

/** An event caused by an actor: its own fields, then `by` and `txId`. */
const acted = <F extends z.ZodRawShape>(fields: F) => z.strictObject({ ...fields, ...ACT_FIELDS });

const IdentitySchema = z.strictObject({ mspId: z.string(), enrollmentId: z.string() });

const RANGE_FIELDS = { quantity: Int, serialStart: Int, serialEnd: Int };

/**
 * What every transfer, retirement and cancellation says about the block the action applied to (the new part after a
 * split) and, after a split, what the source block kept.
 */
export const MovedBlockSchema = z.strictObject({
  blockId: z.string(),
  sourceBlockId: z.string(),
  split: z.boolean(),
  projectId: z.string(),
  vintage: Int,
  ...RANGE_FIELDS,
  serialNumber: z.string(),
  remaining: z.strictObject(RANGE_FIELDS).optional(),
});

/**
 * A block an issuance created. CREDITS_ISSUED describes the developer's block with these fields and, when the
 * project's profile sets a share of proceeds aside, the government's block in `shareOfProceeds` (a Fabric transaction
 * carries one event): the two quantities add up to the issued quantity.
 */
const ISSUED_BLOCK_FIELDS = {
  blockId: z.string(),
  ownerAccountId: z.string(),
  ...RANGE_FIELDS,
  serialNumber: z.string(),
  itmo: z.strictObject({ firstId: z.string(), lastId: z.string() }).optional(),
};

const ProjectDocumentsSchema = acted({ projectId: z.string(), documents: z.array(z.string()) });

const ProjectValidationSchema = acted({ projectId: z.string(), certifierAccountId: z.string(), report: z.string() });

const ReportVerificationSchema = acted({
  reportId: z.string(),
  projectId: z.string(),
  verifiedReductions: Int.optional(),
  report: z.string(),
});

const FreezeSchema = acted({ blockId: z.string(), ownerAccountId: z.string(), ...RANGE_FIELDS, reason: z.string() });

const ItmoRangeSchema = z.strictObject({ firstId: z.string(), lastId: z.string() });

/** What every event of an international transfer's request says about it (docs/international.md). */
const EXPORT_FIELDS = {
  requestId: z.string(),
  fromAccountId: z.string(),
  acquiringParty: z.string(),
  toAccountId: z.string(),
  cooperativeApproachId: z.string(),
};

const BINDING_FIELDS = { accountId: z.string(), mspId: z.string(), enrollmentId: z.string(), role: RoleSchema };

/** The payload schema of each event (every event name must have one). */
export const EVENT_PAYLOAD_SCHEMAS = {
  [EVENTS.REGISTRY_INITIALISED]: z.strictObject({
    registryId: z.string(),
    party: z.string(),
    authorityAccountId: z.string(),
    admin: IdentitySchema,
    ...TX_FIELDS,
  }),
  [EVENTS.SETTINGS_UPDATED]: acted({ changed: z.array(z.string()) }),
  [EVENTS.AUTHORISATION_DETAILS_SET]: acted({ authorisationId: z.string(), version: z.string() }),
  [EVENTS.WORKFLOW_PROFILE_UPDATED]: acted({ version: Int, name: z.string() }),
  [EVENTS.ACCOUNT_APPLICATION_SUBMITTED]: z.strictObject({
    applicationId: z.string(),
    accountType: AccountTypeSchema,
    requestedAccountId: z.string(),
    organisationName: z.string(),
    admin: IdentitySchema,
    /** The organisation admin of the site that recorded it (an application has no account yet to act for). */
    submittedBy: IdentitySchema,
    ...TX_FIELDS,
  }),
  [EVENTS.ACCOUNT_APPLICATION_REJECTED]: acted({
    applicationId: z.string(),
    accountType: AccountTypeSchema,
    requestedAccountId: z.string(),
    reason: z.string(),
  }),
  /** `applicationId`: the account was opened by approving that application. */
  [EVENTS.ACCOUNT_CREATED]: acted({
    accountId: z.string(),
    type: AccountTypeSchema,
    admin: IdentitySchema,
    applicationId: z.string().optional(),
  }),
  [EVENTS.ACCOUNT_SUSPENDED]: acted({
    accountId: z.string(),
    reason: z.string(),
    /** The account's pending retirement requests, each block HELD again (docs/workflows.md); absent when none. */
    retirementRequestsCancelled: z.array(z.strictObject({ ...MovedBlockSchema.shape, reason: z.string() })).optional(),
  }),
  [EVENTS.ACCOUNT_REACTIVATED]: acted({ accountId: z.string(), reason: z.string().optional() }),
  [EVENTS.IDENTITY_BOUND]: acted({ ...BINDING_FIELDS, previousRole: RoleSchema.optional() }),
  [EVENTS.IDENTITY_REVOKED]: acted(BINDING_FIELDS),
  [EVENTS.PROJECT_REGISTERED]: acted({
    projectId: z.string(),
    developerAccountId: z.string(),
    certifierAccountId: z.string(),
    documents: z.array(z.string()),
  }),
  [EVENTS.PROJECT_DOCUMENTS_ADDED]: ProjectDocumentsSchema,
  [EVENTS.PROJECT_IDEA_NOTE_SUBMITTED]: ProjectDocumentsSchema,
  [EVENTS.PROJECT_NO_OBJECTION_GIVEN]: ProjectDocumentsSchema,
  [EVENTS.PROJECT_RESUBMITTED]: ProjectDocumentsSchema,
  [EVENTS.PROJECT_VALIDATED]: ProjectValidationSchema,
  [EVENTS.PROJECT_VALIDATION_REJECTED]: ProjectValidationSchema,
  [EVENTS.PROJECT_AUTHORISED]: acted({
    projectId: z.string(),
    authorisationId: z.string(),
    purposes: AuthorisationPurposeSchema,
    cooperativeApproachId: z.string().optional(),
    authorisedQuantity: Int.optional(),
  }),
  [EVENTS.PROJECT_REJECTED]: acted({ projectId: z.string() }),
  [EVENTS.MONITORING_REPORT_SUBMITTED]: acted({
    reportId: z.string(),
    projectId: z.string(),
    vintage: Int,
    periodStart: z.string(),
    periodEnd: z.string(),
    claimedReductions: Int,
    document: z.string(),
  }),
  [EVENTS.MONITORING_REPORT_VERIFIED]: ReportVerificationSchema,
  [EVENTS.MONITORING_REPORT_REJECTED]: ReportVerificationSchema,
  [EVENTS.CREDITS_ISSUED]: acted({
    reportId: z.string(),
    projectId: z.string(),
    vintage: Int,
    ...ISSUED_BLOCK_FIELDS,
    shareOfProceeds: z.strictObject({ percent: Int, ...ISSUED_BLOCK_FIELDS }).optional(),
  }),
  [EVENTS.CREDITS_TRANSFERRED]: acted({
    ...MovedBlockSchema.shape,
    fromAccountId: z.string(),
    toAccountId: z.string(),
  }),
  [EVENTS.CREDITS_RETIRED]: acted({
    ...MovedBlockSchema.shape,
    ownerAccountId: z.string(),
    beneficiary: z.string(),
    purpose: RetirementPurposeSchema,
  }),
  [EVENTS.RETIREMENT_REQUESTED]: acted({
    ...MovedBlockSchema.shape,
    ownerAccountId: z.string(),
    beneficiary: z.string(),
    purpose: RetirementPurposeSchema,
  }),
  [EVENTS.RETIREMENT_REJECTED]: acted({ ...MovedBlockSchema.shape, ownerAccountId: z.string(), reason: z.string() }),
  [EVENTS.CREDITS_CANCELLED]: acted({ ...MovedBlockSchema.shape, ownerAccountId: z.string(), reason: z.string() }),
  [EVENTS.BLOCK_FROZEN]: FreezeSchema,
  [EVENTS.BLOCK_UNFROZEN]: FreezeSchema,
  [EVENTS.DOCUMENT_RECORDED]: acted({
    sha256: z.string(),
    type: DocumentTypeSchema,
    mediaType: z.string(),
    size: Int,
    projectId: z.string().optional(),
  }),
  [EVENTS.EXPORT_REQUESTED]: acted({ ...MovedBlockSchema.shape, ...EXPORT_FIELDS }),
  [EVENTS.ITMOS_TRANSFERRED]: acted({
    ...MovedBlockSchema.shape,
    ...EXPORT_FIELDS,
    itmo: ItmoRangeSchema,
    bilateralTxId: z.string(),
  }),
  [EVENTS.EXPORT_ABANDONED]: acted({ ...MovedBlockSchema.shape, ...EXPORT_FIELDS, bilateralTxId: z.string() }),
  [EVENTS.ITMOS_ACQUIRED]: acted({
    requestId: z.string(),
    blockId: z.string(),
    ownerAccountId: z.string(),
    transferringParty: z.string(),
    transferringRegistryId: z.string(),
    cooperativeApproachId: z.string(),
    projectId: z.string(),
    vintage: Int,
    ...RANGE_FIELDS,
    serialNumber: z.string(),
    itmo: ItmoRangeSchema,
    bilateralTxId: z.string(),
  }),
  [EVENTS.BILATERAL_INITIALISED]: z.strictObject({
    cooperativeApproachId: z.string(),
    parties: z.array(z.string()),
    signer: IdentitySchema,
    ...TX_FIELDS,
  }),
  [EVENTS.TRANSFER_RECORDED]: z.strictObject({
    requestId: z.string(),
    cooperativeApproachId: z.string(),
    transferringParty: z.string(),
    acquiringParty: z.string(),
    quantity: Int,
    signer: IdentitySchema,
    ...TX_FIELDS,
  }),
  [EVENTS.TRANSFER_ABANDONED]: z.strictObject({
    requestId: z.string(),
    cooperativeApproachId: z.string(),
    reason: z.string(),
    signer: IdentitySchema,
    ...TX_FIELDS,
  }),
} as const satisfies Record<EventName, z.ZodType>;

/** The payload type of each event. */
export type EventPayloads = { [E in EventName]: z.output<(typeof EVENT_PAYLOAD_SCHEMAS)[E]> };

export type EventPayload<E extends EventName> = EventPayloads[E];

export type MovedBlock = z.infer<typeof MovedBlockSchema>;

/** Whether `name` is one of the registry's events. */
export function isEventName(name: string): name is EventName {
  return Object.hasOwn(EVENT_PAYLOAD_SCHEMAS, name);
}

/** The payload schema of event `name`, typed by the name. */
export function eventPayloadSchema<E extends EventName>(name: E): z.ZodType<EventPayload<E>> {
  const schemas: { readonly [N in EventName]: z.ZodType<EventPayload<N>> } = EVENT_PAYLOAD_SCHEMAS;
  return schemas[name];
}
