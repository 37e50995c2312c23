import { forbidden, validation } from './errors';
import type { AccountType } from './identity';
import type { DOCUMENT_TYPES } from './nomenclature';

type DocumentType = (typeof DOCUMENT_TYPES)[number];
import type { DocumentRecord, DocumentRules } from './schemas/documents';
import type { WorkflowProfile } from './schemas/workflow';

/**
 * Documents the registry keeps (docs/documents.md): who may record and read them, what a profile allows, and how a
 * project's document refers to one.
 */

/** What a profile allows when it says nothing of documents (`documents` absent, and the built-in lean flow). */
export const DEFAULT_DOCUMENT_RULES: DocumentRules = {
  maxBytes: 10 * 1024 * 1024,
  mediaTypes: [
    'application/pdf',
    'image/png',
    'image/jpeg',
    'text/plain',
    'text/csv',
    'application/json',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  ],
};

/** The document rules of a profile: its own `documents`, or the defaults. */
export function documentRules(profile: Pick<WorkflowProfile, 'documents'>): DocumentRules {
  return profile.documents ?? DEFAULT_DOCUMENT_RULES;
}

/** Fails with VALIDATION unless the rules allow a file of `mediaType` and `size` bytes. */
export function assertDocumentAllowed(rules: DocumentRules, mediaType: string, size: number): void {
  if (!rules.mediaTypes.includes(mediaType)) {
    throw validation(`media type ${mediaType} is not allowed by the workflow profile (${rules.mediaTypes.join(', ')})`);
  }
  if (size > rules.maxBytes) {
    throw validation(`a document of ${String(size)} bytes is over the workflow profile's ${String(rules.maxBytes)}`);
  }
}

/** Document types only one account type issues: the government's letters and the certifiers' reports. */
const DOCUMENT_ISSUERS: Partial<Record<DocumentType, AccountType>> = {
  NO_OBJECTION_LETTER: 'GOVERNMENT',
  AUTHORISATION_LETTER: 'GOVERNMENT',
  VALIDATION_REPORT: 'CERTIFIER',
  VERIFICATION_REPORT: 'CERTIFIER',
};

/** Fails with FORBIDDEN when documents of `type` are issued by another account type than `accountType`. */
export function assertMayIssue(type: DocumentType, accountType: AccountType): void {
  const issuer = DOCUMENT_ISSUERS[type];
  if (issuer !== undefined && issuer !== accountType) {
    throw forbidden(`only a ${issuer} account records documents of type ${type}`);
  }
}

/** The reader of a document: its account, and the parties of the document's project when it has one. */
interface Reader {
  readonly id: string;
  readonly type: AccountType;
}

/**
 * Whether `reader` may read a document and its file: government and certifier accounts read every document (as
 * every holding), the uploader's account its own, a project's developer and certifier the project's documents.
 */
export function canReadDocument(
  reader: Reader | undefined,
  record: Pick<DocumentRecord, 'by'>,
  projectParties: readonly string[] = [],
): boolean {
  if (reader === undefined) return false;
  if (reader.type !== 'DEVELOPER') return true;
  return record.by.accountId === reader.id || projectParties.includes(reader.id);
}

/**
 * The `uri` a project stores for a document it refers to by digest only: the document the registry keeps,
 * downloaded with `GET /v1/documents/<sha256>` from any gateway.
 */
export function recordedDocumentUri(sha256: string): string {
  return `urn:ncr:document:${sha256}`;
}
