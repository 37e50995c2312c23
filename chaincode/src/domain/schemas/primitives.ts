import { ACCOUNT_STATUSES, ACCOUNT_TYPES, BINDING_STATUSES, ROLES } from '../identity';
import { BLOCK_STATUSES, PROJECT_STATUSES, REPORT_STATUSES } from '../lifecycle';
import {
  ACTIVITY_TYPES,
  AUTHORISATION_PURPOSES,
  DOCUMENT_TYPES,
  FIRST_TRANSFER_DEFINITIONS,
  FORMATS,
  MITIGATION_TYPES,
  RETIREMENT_PURPOSES,
  SECTORS,
  YEAR_RANGE,
} from '../nomenclature';
import { MAX_SERIAL } from '../serial';
import { isIsoDate } from '../time';
import { z } from 'zod';

/** Building blocks shared by every aggregate: identifiers, formats, vocabularies, documents, pagination. */

export const MAX_PAGE_SIZE = 100;

/**
 * The largest page a transaction reads of an index it only sums (a balance), never handed to a client: fewer round
 * trips between chaincode and peer than pages of MAX_PAGE_SIZE, each page still bounded.
 */
export const MAX_SCAN_PAGE_SIZE = 1000;

export const DEFAULT_PAGE_SIZE = 20;

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

/**
 * Control characters (C0 except tab and line breaks in long text, DEL, C1) and lone surrogates never belong in
 * registry text: they corrupt reports, logs and terminals.
 */
const SHORT_TEXT_FORBIDDEN =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this rejects
  /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONG_TEXT_FORBIDDEN =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this rejects
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Trimmed, non-empty text of at most `max` characters, none of them `forbidden`. */
function text(max: number, forbidden: RegExp, message: string) {
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((value) => !forbidden.test(value), message);
}

export const TextSchema = text(256, SHORT_TEXT_FORBIDDEN, 'one line of text without control characters');

export const LongTextSchema = text(
  4000,
  LONG_TEXT_FORBIDDEN,
  'text without control characters (tabs and line breaks allowed)',
);

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

/**
 * A project's document: a link (`uri`) pinned by its digest, or, without `uri`, the document the registry keeps under
 * `sha256` (`documents:RecordDocument`), which must be of the same type.
 */
export const TypedDocumentRefSchema = z.strictObject({
  type: DocumentTypeSchema,
  uri: UriSchema.optional(),
  sha256: Sha256Schema,
});

export const PaginationSchema = z.strictObject({
  pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  bookmark: z.string().max(1024).default(''),
});

/** Who did something: the account and the certificate identity acting for it. */
export const ActorRefSchema = z.object({ accountId: z.string(), mspId: z.string(), enrollmentId: z.string() });

/** Fields of a recorded act: who, when, in which transaction. */
export const ACTED_FIELDS = { by: ActorRefSchema, at: z.string(), txId: z.string() };

/** Fields of a run of serials as records store it: first, last, how many. */
export const SERIAL_RANGE_FIELDS = {
  serialStart: z.number().int(),
  serialEnd: z.number().int(),
  quantity: z.number().int(),
};

/** Fields of a record's last change. */
export const UPDATED_FIELDS = { updatedAt: z.string(), updatedTxId: z.string() };

/** Fields of a record's creation and last change. */
export const CREATED_FIELDS = { createdAt: z.string(), createdTxId: z.string(), ...UPDATED_FIELDS };

export type ActorRef = z.infer<typeof ActorRefSchema>;

export type DocumentRef = z.infer<typeof DocumentRefSchema>;

export type TypedDocumentRef = z.infer<typeof TypedDocumentRefSchema>;
