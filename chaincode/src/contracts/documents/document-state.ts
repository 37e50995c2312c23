import {
  canReadDocument,
  DocumentRecordSchema,
  forbidden,
  notFound,
  OBJECT,
  ProjectSchema,
  recordedDocumentUri,
  validation,
  type Account,
  type DocumentRecord,
  type Project,
  type StoredDocument,
  type TypedDocumentRef,
} from '../../domain';
import { recordType } from '../common/records';
import type { WorldState } from '../common/state';
import type { TxInfo } from '../common/tx';

/** Each recorded document, by its SHA-256 digest. */
export const DOCUMENTS = recordType(
  OBJECT.document,
  DocumentRecordSchema,
  (sha256) => `document ${sha256} is not recorded`,
);

/** Writes a new document record and its indexes: by the organisation whose site keeps it, by its project. */
export async function saveDocument(ws: WorldState, record: DocumentRecord): Promise<void> {
  await ws.write(DOCUMENTS.key(ws, record.sha256), record);
  await ws.writeIndex(ws.key(OBJECT.documentByHolder, [record.by.mspId, record.sha256]));
  if (record.projectId !== undefined) {
    await ws.writeIndex(ws.key(OBJECT.documentByProject, [record.projectId, record.sha256]));
  }
}

/** The developer and certifier accounts of a project. */
export function partiesOf(project: Pick<Project, 'developerAccountId' | 'certifierAccountId'>): string[] {
  return [project.developerAccountId, project.certifierAccountId];
}

/** The parties of a document's project (none without a project). */
async function documentParties(ws: WorldState, record: DocumentRecord): Promise<string[]> {
  if (record.projectId === undefined) return [];
  const project = await ws.read(ws.key(OBJECT.project, [record.projectId]), ProjectSchema);
  return project === undefined ? [] : partiesOf(project);
}

/** Fails with FORBIDDEN unless `account` may read the document (`canReadDocument`). */
export async function assertCanReadDocument(
  ws: WorldState,
  account: Account | undefined,
  record: DocumentRecord,
): Promise<void> {
  if (!canReadDocument(account, record, await documentParties(ws, record))) {
    throw forbidden(`caller may not read document ${record.sha256}`);
  }
}

/**
 * A project's documents as it stores them: a link as given; a reference by digest alone to a recorded document the
 * actor may read, of the same type and of no other project (NOT_FOUND, VALIDATION, FORBIDDEN), stored with
 * `recordedDocumentUri`.
 */
export async function storeDocuments(
  ws: WorldState,
  documents: readonly TypedDocumentRef[],
  tx: TxInfo,
  at: { readonly account: Account; readonly projectId?: string },
): Promise<StoredDocument[]> {
  const stored: StoredDocument[] = [];
  for (const document of documents) {
    const { type, sha256 } = document;
    let { uri } = document;
    if (uri === undefined) {
      const record = await DOCUMENTS.get(ws, sha256);
      if (record === undefined) throw notFound(`document ${sha256} is not recorded (give its uri, or upload it)`);
      if (record.type !== type) throw validation(`document ${sha256} is recorded as ${record.type}, not ${type}`);
      if (record.projectId !== undefined && record.projectId !== at.projectId) {
        throw validation(`document ${sha256} is recorded for project ${record.projectId}`);
      }
      await assertCanReadDocument(ws, at.account, record);
      uri = recordedDocumentUri(sha256);
    }
    stored.push({ type, uri, sha256, addedAt: tx.at, addedTxId: tx.txId });
  }
  return stored;
}
