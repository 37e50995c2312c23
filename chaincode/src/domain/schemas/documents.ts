import { z } from 'zod';
import {
  ActorRefSchema,
  DocumentTypeSchema,
  MspIdSchema,
  PaginationSchema,
  ProjectIdSchema,
  Sha256Schema,
} from './primitives';

/** Documents the registry keeps (docs/documents.md): the ledger records each file's digest, the file stays off-chain. */

/** The largest file any profile may allow: the gateway keeps a document in memory when it fetches it from a site. */
export const MAX_DOCUMENT_BYTES = 100 * 1024 * 1024;

/** A media type as `type/subtype`, lower case, no parameters (`application/pdf`). */
export const MediaTypeSchema = z
  .string()
  .max(127)
  .regex(/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/, 'a media type such as application/pdf');

/** What a workflow profile allows of the files the registry keeps (profile field `documents`). */
export const DocumentRulesSchema = z.strictObject({
  /** The largest file, in bytes. */
  maxBytes: z.number().int().min(1).max(MAX_DOCUMENT_BYTES),
  /** The media types a file may have. */
  mediaTypes: z
    .array(MediaTypeSchema)
    .min(1)
    .max(50)
    .refine((list) => new Set(list).size === list.length, 'entries must be unique'),
});

/** A file name as given by the uploader: one line, no path. */
const FileNameSchema = z
  .string()
  .min(1)
  .max(255)
  // eslint-disable-next-line no-control-regex -- control characters and path separators are what this rejects
  .refine((name) => !/[\u0000-\u001f\u007f/\\]/.test(name), 'a file name without control characters or slashes');

/** A document on the ledger: `ncr.document [sha256]`. Kept by the site of the uploader's organisation (`by.mspId`). */
export const DocumentRecordSchema = z.object({
  sha256: z.string(),
  type: DocumentTypeSchema,
  mediaType: z.string(),
  size: z.number().int(),
  name: z.string().optional(),
  projectId: z.string().optional(),
  by: ActorRefSchema,
  /** When and in which transaction it was first recorded (a write's answer has its own `txId`). */
  recordedAt: z.string(),
  recordedTxId: z.string(),
});

export const RecordDocumentInputSchema = z.strictObject({
  sha256: Sha256Schema,
  type: DocumentTypeSchema,
  mediaType: MediaTypeSchema,
  size: z.number().int().min(1).max(MAX_DOCUMENT_BYTES),
  name: FileNameSchema.optional(),
  projectId: ProjectIdSchema.optional(),
});

export const GetDocumentInputSchema = z.strictObject({ sha256: Sha256Schema });

/** Documents kept by one organisation's site (`holder`, an MSP ID) or attached to one project, a page at a time. */
export const ListDocumentsInputSchema = PaginationSchema.extend({
  holder: MspIdSchema.optional(),
  projectId: ProjectIdSchema.optional(),
}).refine((input) => (input.holder === undefined) !== (input.projectId === undefined), {
  message: 'give exactly one of holder and projectId',
});

export type DocumentRules = z.infer<typeof DocumentRulesSchema>;

export type DocumentRecord = z.infer<typeof DocumentRecordSchema>;

export type RecordDocumentInput = z.infer<typeof RecordDocumentInputSchema>;
