import { createHash } from 'node:crypto';
import { DocumentRecordSchema, ProjectSchema, SettingsSchema } from '@ncr/chaincode/domain';
import { z } from 'zod';
import { NotFoundError } from '../../errors';
import type { Committed } from '../../fabric/ledger';
import type { RegistryClient } from '../../fabric/registry';
import type { IdentityRef } from '../../identity/credentials';
import type { DocumentService } from '../service';
import { LETTER_DOCUMENT_TYPES, type LetterKind, letterContent } from './content';
import { renderLetter } from './pdf';

interface LetterDeps {
  readonly registry: RegistryClient;
  readonly documents: DocumentService;
}

/**
 * Writes a project's letter of `kind` from the ledger's data (the project, the registry settings) as a PDF, keeps
 * it in the site's store and records it for the project like an upload. The same ledger data gives the same bytes,
 * so writing it again records nothing new.
 */
export async function writeLetter(
  deps: LetterDeps,
  actor: IdentityRef,
  projectId: string,
  kind: LetterKind,
): Promise<Committed> {
  const project = ProjectSchema.parse(await deps.registry.evaluate(actor, 'projects:GetProject', { projectId }));
  const settings = SettingsSchema.parse(await deps.registry.query(actor, 'registry:GetSettings'));
  const bytes = await renderLetter(letterContent(kind, project, settings));
  return deps.documents.keep(actor, bytes, {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    type: LETTER_DOCUMENT_TYPES[kind],
    mediaType: 'application/pdf',
    size: bytes.length,
    name: `${kind}-letter-${projectId}.pdf`,
    projectId,
  });
}

const RecordPageSchema = z.object({ items: z.array(DocumentRecordSchema), bookmark: z.string() });

/** The digest of the project's newest letter of `kind`, as `actor` may list the project's documents (404 when none). */
export async function latestLetter(
  registry: RegistryClient,
  actor: IdentityRef,
  projectId: string,
  kind: LetterKind,
): Promise<string> {
  let newest: z.infer<typeof DocumentRecordSchema> | undefined;
  let bookmark = '';
  do {
    const page = RecordPageSchema.parse(
      await registry.evaluate(actor, 'documents:ListDocuments', { projectId, pageSize: 100, bookmark }),
    );
    for (const record of page.items) {
      if (
        record.type === LETTER_DOCUMENT_TYPES[kind] &&
        (newest === undefined || record.recordedAt >= newest.recordedAt)
      ) {
        newest = record;
      }
    }
    bookmark = page.items.length === 0 ? '' : page.bookmark;
  } while (bookmark !== '');
  if (newest === undefined) throw new NotFoundError(`project ${projectId} has no ${kind} letter yet`);
  return newest.sha256;
}
