import { DocumentRecordSchema, MspIdSchema, ProjectIdSchema, Sha256Schema } from '@ncr/chaincode/domain';
import { z } from 'zod';
import { auditStore, StoreAuditSchema } from '../documents/audit';
import { LETTER_KINDS } from '../documents/letters/content';
import { latestLetter, writeLetter } from '../documents/letters/letters';
import { SiteCopyRequestSchema } from '../documents/remote';
import { type DocumentService, UploadFieldsSchema } from '../documents/service';
import { DocumentUnavailableError } from '../errors';
import { type Route, created, defineRoute, ok } from '../http/route';
import { committedOf, pageOf, pageQuery } from '../http/schemas';
import { identityOf } from '../identity/users';
import { requireGovernmentUser } from './caller';
import { DocumentRecord } from './components';
import type { RouteDeps } from './deps';
import { type RouteRow, byId, routeTable, transactionRows } from './transaction-route';

/** The document whose digest is the path's `:id`. */
const ofDocument = byId(Sha256Schema, 'sha256');

const FILE = z.string().meta({ type: 'string', format: 'binary' });

/** A document's file, in whatever media type it was recorded with. */
const FILE_CONTENT = { '*/*': FILE };

function documentsOf(deps: RouteDeps): DocumentService {
  if (deps.documents === undefined) throw new DocumentUnavailableError('this gateway keeps no documents');
  return deps.documents;
}

const upload: RouteRow = (deps) =>
  defineRoute({
    method: 'post',
    path: '/v1/documents',
    tag: 'documents',
    summary: 'Upload a document (multipart: file, type, optional projectId); kept by this site, recorded on the ledger',
    description:
      'The file is hashed (SHA-256) as it streams and kept under its digest by this organisation’s site; ' +
      '`documents:RecordDocument` records digest, type, media type, size and uploader. Size and media types: the ' +
      'current workflow profile’s `documents` (413 DOCUMENT_TOO_LARGE, 415 DOCUMENT_TYPE_NOT_ALLOWED). The same ' +
      'file uploaded again answers the same record (docs/documents.md).',
    form: UploadFieldsSchema.extend({ file: FILE }),
    responses: { 201: { description: 'recorded', schema: committedOf(DocumentRecord) } },
    handler: async ({ user, req }) => created(await documentsOf(deps).upload(identityOf(user), req)),
  });

const download: RouteRow = (deps) =>
  defineRoute({
    method: 'get',
    path: '/v1/documents/:id',
    tag: 'documents',
    summary: "A document's file, checked against its digest (from the site that keeps it)",
    description:
      'For whoever may read its record (documents:GetDocument). Served only when it still hashes to its digest ' +
      '(409 DOCUMENT_CORRUPT otherwise); a file kept by another organisation’s site is fetched from it.',
    params: ofDocument.params,
    responses: { 200: { description: 'the file', content: FILE_CONTENT } },
    handler: async ({ params, user, res }) => {
      await documentsOf(deps).download(identityOf(user), params.id, res);
      return undefined;
    },
  });

const siteCopy: RouteRow = (deps) =>
  defineRoute({
    method: 'post',
    path: '/v1/documents/:id/site-copy',
    tag: 'documents',
    auth: false,
    summary: 'For another organisation’s gateway: a file this site keeps, for a reader’s signed GetDocument proposal',
    description:
      'The proposal is evaluated on this site’s own peer, as its signer: the ledger decides whether the reader may ' +
      'read the document. A proposal is accepted once, within two minutes of being made (403 otherwise).',
    params: ofDocument.params,
    body: SiteCopyRequestSchema,
    responses: { 200: { description: 'the file', content: FILE_CONTENT } },
    handler: async ({ params, body, res }) => {
      const documents = documentsOf(deps);
      if (deps.siteCopies === undefined) throw new DocumentUnavailableError('this gateway gives no site copies');
      await documents.sendKept(await deps.siteCopies.admit(params.id, body), res);
      return undefined;
    },
  });

const letterParams = z.object({ id: ProjectIdSchema, kind: z.enum(LETTER_KINDS) });

const letterRoutes: RouteRow[] = [
  (deps) =>
    defineRoute({
      method: 'post',
      path: '/v1/projects/:id/letters/:kind',
      tag: 'documents',
      summary:
        'Write the project’s letter (authorisation or no-objection) as a PDF from the ledger; keep and record it',
      description:
        'Government users. `authorisation` needs an AUTHORISED project. The content comes from the ledger only ' +
        '(the project, its authorisation, the registry settings), so the same data gives the same file.',
      params: letterParams,
      write: false,
      responses: { 201: { description: 'recorded', schema: committedOf(DocumentRecord) } },
      handler: async ({ params, user }) => {
        await requireGovernmentUser(deps, user, 'writing letters');
        const committed = await writeLetter(
          { registry: deps.registry, documents: documentsOf(deps) },
          identityOf(user),
          params.id,
          params.kind,
        );
        return created(committed);
      },
    }),
  (deps) =>
    defineRoute({
      method: 'get',
      path: '/v1/projects/:id/letters/:kind',
      tag: 'documents',
      summary: 'The project’s newest letter of that kind (PDF), for its parties and the government',
      params: letterParams,
      responses: { 200: { description: 'the letter', content: { 'application/pdf': FILE } } },
      handler: async ({ params, user, res }) => {
        const actor = identityOf(user);
        const sha256 = await latestLetter(deps.registry, actor, params.id, params.kind);
        await documentsOf(deps).download(actor, sha256, res);
        return undefined;
      },
    }),
];

/** Documents the registry keeps: upload, records, download, site copies, letters, the store's audit. */
export const documentRoutes: (deps: RouteDeps) => Route[] = routeTable([
  upload,
  ...transactionRows('documents', [
    {
      method: 'get',
      path: '/v1/documents',
      query: pageQuery.extend({ holder: MspIdSchema.optional(), projectId: ProjectIdSchema.optional() }),
      tx: 'documents:ListDocuments',
      summary: 'Documents kept by one organisation’s site (`holder`) or recorded for one project (`projectId`)',
      answer: 'a page of records',
      schema: pageOf(DocumentRecord),
    },
  ]),
  ...transactionRows('documents', ofDocument, [
    {
      method: 'get',
      path: '/v1/documents/:id/record',
      tx: 'documents:GetDocument',
      summary: "A document's ledger record (digest, type, media type, size, uploader, project)",
      answer: 'the record',
      schema: DocumentRecordSchema,
    },
  ]),
  download,
  siteCopy,
  ...letterRoutes,
  (deps) =>
    defineRoute({
      method: 'get',
      path: '/v1/audit/documents',
      tag: 'audit',
      summary:
        "Integrity of this site's document store: kept files that no longer match their digest, recorded " +
        'documents whose file is missing (government, certifiers, and users of this organisation)',
      responses: { 200: { description: 'the findings', schema: StoreAuditSchema } },
      handler: async ({ user }) => {
        const documents = documentsOf(deps);
        const { store, mspId } = documents;
        return ok(await auditStore({ registry: deps.registry, store, mspId }, identityOf(user)));
      },
    }),
]);
