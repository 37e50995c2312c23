import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  describeIssues,
  DocumentRecordSchema,
  documentRules,
  LEAN_PROFILE,
  WorkflowProfileRecordSchema,
  type DocumentRecord,
  type DocumentRules,
} from '@ncr/chaincode/domain';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { ApiError, DocumentCorruptError, NotFoundError, ValidationError } from '../errors';
import type { Committed } from '../fabric/ledger';
import type { RegistryClient } from '../fabric/registry';
import type { IdentityRef } from '../identity/credentials';
import { digestOf } from './hashing';
import type { SiteCopies } from './remote';
import type { DocumentStore } from './store';
import { discard, receiveUpload } from './upload';

/** The form fields of an upload besides the file (`POST /v1/documents`). */
export const UploadFieldsSchema = z.strictObject({
  type: DocumentRecordSchema.shape.type,
  projectId: z.string().optional(),
});

export interface DocumentServiceDeps {
  readonly registry: RegistryClient;
  readonly store: DocumentStore;
  /** Where uploads are written while they stream in. */
  readonly incomingDir: string;
  /** This site's organisation: the files it keeps are those its users recorded. */
  readonly mspId: string;
  /** Fetching files kept by other organisations' sites; none: only this site's files are served. */
  readonly remote?: SiteCopies;
}

/** The documents an organisation's gateway keeps: upload, download, records, site copies (docs/documents.md). */
export class DocumentService {
  readonly #d: DocumentServiceDeps;

  constructor(deps: DocumentServiceDeps) {
    this.#d = deps;
  }

  get mspId(): string {
    return this.#d.mspId;
  }

  get store(): DocumentStore {
    return this.#d.store;
  }

  /** What the current workflow profile allows (the defaults before any profile was installed). */
  async rules(actor: IdentityRef): Promise<DocumentRules> {
    try {
      const profile = WorkflowProfileRecordSchema.parse(
        await this.#d.registry.evaluate(actor, 'registry:GetWorkflowProfile', {}),
      );
      return documentRules(profile);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'NOT_FOUND') return documentRules(LEAN_PROFILE);
      throw err;
    }
  }

  /** Receives a file (hashed as it streams, limits of the current profile), keeps it and records it on the ledger. */
  async upload(actor: IdentityRef, req: Request): Promise<Committed> {
    const file = await receiveUpload(req, this.#d.incomingDir, await this.rules(actor));
    try {
      const parsed = UploadFieldsSchema.safeParse(file.fields);
      if (!parsed.success) throw new ValidationError(describeIssues(parsed.error, 'body'));
      const { sha256, size, mediaType, name } = file;
      await this.#d.store.put(sha256, createReadStream(file.path));
      return await this.record(actor, { sha256, size, mediaType, name, ...parsed.data });
    } finally {
      await discard(file);
    }
  }

  /** Records a kept file on the ledger (`documents:RecordDocument`, idempotent per digest). */
  record(
    actor: IdentityRef,
    input: Omit<DocumentRecord, 'by' | 'recordedAt' | 'recordedTxId' | 'name'> & { readonly name?: string | undefined },
  ): Promise<Committed> {
    const { name, projectId, ...fields } = input;
    return this.#d.registry.submit(actor, 'documents:RecordDocument', {
      ...fields,
      ...(name === undefined ? {} : { name }),
      ...(projectId === undefined ? {} : { projectId }),
    });
  }

  /** A document's record, as the ledger lets `actor` read it (403, 404). */
  async recordOf(actor: IdentityRef, sha256: string): Promise<DocumentRecord> {
    return DocumentRecordSchema.parse(await this.#d.registry.evaluate(actor, 'documents:GetDocument', { sha256 }));
  }

  /**
   * Sends a document's file to `actor`, once the ledger lets it read the record: from this site's store after its
   * digest is checked (409 DOCUMENT_CORRUPT, never the bytes, when it no longer matches), or from the site that keeps
   * it.
   */
  async download(actor: IdentityRef, sha256: string, res: Response): Promise<void> {
    const record = await this.recordOf(actor, sha256);
    if ((await this.#d.store.has(sha256)) || record.by.mspId === this.#d.mspId || this.#d.remote === undefined) {
      await this.sendKept(record, res);
      return;
    }
    const bytes = await this.#d.remote.fetch(actor, record);
    sendHeaders(res, record, bytes.length);
    res.end(bytes);
  }

  /** Sends a file of this site's store after checking it against its record (404 missing, 409 corrupt). */
  async sendKept(record: DocumentRecord, res: Response): Promise<void> {
    const { sha256 } = record;
    const check = await this.#d.store.get(sha256);
    if (check === undefined) throw new NotFoundError(`the file of document ${sha256} is not kept by ${this.#d.mspId}`);
    const digest = await digestOf(check);
    if (digest.sha256 !== sha256) throw new DocumentCorruptError();
    const content = await this.#d.store.get(sha256);
    if (content === undefined)
      throw new NotFoundError(`the file of document ${sha256} is not kept by ${this.#d.mspId}`);
    sendHeaders(res, record, digest.size);
    await pipeline(content, res);
  }

  /** Keeps bytes made by the gateway itself (a letter) and records them. */
  async keep(actor: IdentityRef, bytes: Uint8Array, input: Parameters<DocumentService['record']>[1]) {
    await this.#d.store.put(input.sha256, Readable.from([Buffer.from(bytes)]));
    return this.record(actor, input);
  }
}

/** The headers of a document's file: its recorded media type, length and name; never sniffed by the browser. */
function sendHeaders(res: Response, record: DocumentRecord, length: number): void {
  const name = (record.name ?? record.sha256).replace(/[^A-Za-z0-9._-]/g, '_');
  res.status(200);
  res.setHeader('Content-Type', record.mediaType);
  res.setHeader('Content-Length', String(length));
  res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Digest', `sha-256=${Buffer.from(record.sha256, 'hex').toString('base64')}`);
}
