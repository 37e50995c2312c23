import { z } from 'zod';
import { APPLICATION_STATUSES } from '../lifecycle';
import {
  ACTED_FIELDS,
  AccountIdSchema,
  EnrollmentIdSchema,
  MspIdSchema,
  PaginationSchema,
  PartyIdSchema,
  Sha256Schema,
  TextSchema,
  UPDATED_FIELDS,
} from './primitives';

/**
 * A company's application for an account (docs/api.md, _Applications_): recorded by the site of the organisation
 * whose identities the account will hold, decided by a government ADMIN. Contact data stays off the ledger.
 */

export const ApplicationStatusSchema = z.enum(APPLICATION_STATUSES);

/** Chosen by the applying site before anything is written, so its own records and the ledger's share the ID. */
export const ApplicationIdSchema = z
  .string()
  .regex(/^APP-[0-9A-F]{20}$/, 'an application ID such as APP-0A1B2C3D4E5F6A7B8C9D');

/** Companies apply: developer and certifier accounts. Government accounts are created by the government itself. */
export const ApplicantAccountTypeSchema = z.enum(['DEVELOPER', 'CERTIFIER']);

/** A document the applicant supplied, pinned by its digest (the file itself is kept off the ledger). */
export const ApplicationDocumentSchema = z.strictObject({
  type: z.string().regex(/^[A-Z][A-Z0-9_]{1,39}$/, 'an upper-case code such as CERTIFICATE_OF_INCORPORATION'),
  sha256: Sha256Schema,
});

/** At most this many documents an application names. */
export const MAX_APPLICATION_DOCUMENTS = 20;

const IdentityRefSchema = z.strictObject({ mspId: MspIdSchema, enrollmentId: EnrollmentIdSchema });

export const SubmitAccountApplicationInputSchema = z.strictObject({
  applicationId: ApplicationIdSchema,
  organisationName: TextSchema,
  accountType: ApplicantAccountTypeSchema,
  requestedAccountId: AccountIdSchema,
  country: PartyIdSchema,
  /** The applicant's first ADMIN, enrolled by the submitting organisation's CA; bound when the account is opened. */
  admin: IdentityRefSchema,
  documents: z.array(ApplicationDocumentSchema).max(MAX_APPLICATION_DOCUMENTS).default([]),
});

export const ApplicationRefInputSchema = z.strictObject({ applicationId: ApplicationIdSchema });

export const GetAccountApplicationInputSchema = ApplicationRefInputSchema;

export const ApproveAccountApplicationInputSchema = ApplicationRefInputSchema;

export const RejectAccountApplicationInputSchema = z.strictObject({
  applicationId: ApplicationIdSchema,
  reason: TextSchema,
});

export const ListAccountApplicationsInputSchema = PaginationSchema.extend({
  status: ApplicationStatusSchema.optional(),
});

const IdentitySchema = z.object({ mspId: z.string(), enrollmentId: z.string() });

export const AccountApplicationSchema = z.object({
  id: z.string(),
  organisationName: z.string(),
  accountType: ApplicantAccountTypeSchema,
  requestedAccountId: z.string(),
  country: z.string(),
  admin: IdentitySchema,
  documents: z.array(z.object({ type: z.string(), sha256: z.string() })),
  status: ApplicationStatusSchema,
  /** The organisation admin whose site recorded the application. */
  submittedBy: IdentitySchema,
  submittedAt: z.string(),
  submittedTxId: z.string(),
  /** The government ADMIN's decision: who, when, in which transaction; the reason of a rejection. */
  decision: z.object({ ...ACTED_FIELDS, reason: z.string().optional() }).optional(),
  ...UPDATED_FIELDS,
});

export type AccountApplication = z.infer<typeof AccountApplicationSchema>;

export type SubmitAccountApplicationInput = z.infer<typeof SubmitAccountApplicationInputSchema>;

export type RejectAccountApplicationInput = z.infer<typeof RejectAccountApplicationInputSchema>;
