import {
  assertDocumentAllowed,
  assertMayIssue,
  conflict,
  documentRules,
  EVENTS,
  forbidden,
  GetDocumentInputSchema,
  LEAN_PROFILE,
  ListDocumentsInputSchema,
  OBJECT,
  RecordDocumentInputSchema,
  type Account,
  type DocumentRecord,
  type Project,
  type RecordDocumentInput,
} from '../../domain';
import { callerBinding } from '../common/auth';
import { contractOf, read, write, type TransactionTable } from '../common/transactions';
import { PROJECTS } from '../projects/project-state';
import { currentProfile } from '../registry/profile-state';
import { assertCanReadDocument, DOCUMENTS, partiesOf, saveDocument } from './document-state';

/** Fails with FORBIDDEN unless `account` is a government account or a party of `project`. */
function assertProjectParty(project: Project, account: Account): void {
  if (account.type !== 'GOVERNMENT' && !partiesOf(project).includes(account.id)) {
    throw forbidden(`account ${account.id} is not a party of project ${project.id}`);
  }
}

/** A second record of the same digest must say what the first said (type, project, account); CONFLICT otherwise. */
function assertSameDocument(existing: DocumentRecord, input: RecordDocumentInput, account: Account): void {
  if (existing.type !== input.type || existing.projectId !== input.projectId || existing.by.accountId !== account.id) {
    const project = existing.projectId === undefined ? '' : ` for project ${existing.projectId}`;
    throw conflict(`document ${existing.sha256} is already recorded as ${existing.type}${project}`);
  }
}

/** Government and certifier accounts read every document; others only what their organisation's site keeps. */
function mayList(account: Account | undefined, mspId: string, holder: string): boolean {
  return account !== undefined && (account.type !== 'DEVELOPER' || mspId === holder);
}

const DOCUMENT_TRANSACTIONS = {
  /**
   * Records a document the caller's gateway keeps: its digest, type, media type, size and optional project; the
   * uploader (`by`, whose organisation's site holds the file) from the caller's certificate. The current workflow
   * profile must allow its media type and size (VALIDATION); letters are recorded by a government account, reports by
   * a certifier (FORBIDDEN); a project's document by a party of the project or the government (FORBIDDEN).
   * Idempotent per digest: the same document recorded again answers its record and writes nothing (CONFLICT when
   * type, project or account differ). Caller: ADMIN or MANAGER of any account. Emits DOCUMENT_RECORDED.
   */
  RecordDocument: write(RecordDocumentInputSchema, {
    rule: { action: 'record documents' },
    authorised: (actor, input) => {
      assertMayIssue(input.type, actor.account.type);
    },
    load: (ws, input) => DOCUMENTS.get(ws, input.sha256),
    apply: async ({ ws, input, record: existing, actor, tx, emit }) => {
      if (existing !== undefined) {
        assertSameDocument(existing, input, actor.account);
        return existing;
      }
      assertDocumentAllowed(documentRules((await currentProfile(ws)) ?? LEAN_PROFILE), input.mediaType, input.size);
      if (input.projectId !== undefined) {
        assertProjectParty(await PROJECTS.require(ws, input.projectId), actor.account);
      }
      const record: DocumentRecord = { ...input, by: actor.ref, recordedAt: tx.at, recordedTxId: tx.txId };
      await saveDocument(ws, record);
      const { sha256, type, mediaType, size, projectId } = record;
      emit(EVENTS.DOCUMENT_RECORDED, { sha256, type, mediaType, size, projectId });
      return record;
    },
  }),

  /**
   * Returns a document's record. Caller: government and certifier accounts, the uploader's account, and the parties
   * of the document's project (FORBIDDEN otherwise; a suspended account keeps its read access).
   */
  GetDocument: read(GetDocumentInputSchema, async (ws, input, ctx) => {
    const record = await DOCUMENTS.require(ws, input.sha256);
    await assertCanReadDocument(ws, (await callerBinding(ctx, ws)).account, record);
    return record;
  }),

  /**
   * Lists the documents kept by one organisation's site (`holder`) or recorded for one project, a page at a time.
   * Caller: government and certifier accounts; by holder also any account of that organisation (its site's audit);
   * by project also the project's developer (FORBIDDEN otherwise).
   */
  ListDocuments: read(ListDocumentsInputSchema, async (ws, input, ctx) => {
    const { identity, account } = await callerBinding(ctx, ws);
    if (input.projectId !== undefined) {
      const project = await PROJECTS.require(ws, input.projectId);
      if (account === undefined || (account.type === 'DEVELOPER' && !partiesOf(project).includes(account.id))) {
        throw forbidden(`caller may not list the documents of project ${project.id}`);
      }
      return DOCUMENTS.pageBy(ws, OBJECT.documentByProject, [project.id], input);
    }
    const holder = input.holder ?? '';
    if (!mayList(account, identity.mspId, holder)) {
      throw forbidden(`caller may not list the documents kept by ${holder}`);
    }
    return DOCUMENTS.pageBy(ws, OBJECT.documentByHolder, [holder], input);
  }),
} satisfies TransactionTable;

/** Documents the registry keeps: their records on the ledger, the files at the uploader's site (docs/documents.md). */
export class DocumentContract extends contractOf('documents', DOCUMENT_TRANSACTIONS) {}
