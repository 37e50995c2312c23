import { createHash, createPrivateKey } from 'node:crypto';
import { signers } from '@hyperledger/fabric-gateway';
import { DocumentRecordSchema, type DocumentRecord } from '@ncr/chaincode/domain';
import { z } from 'zod';
import { DocumentCorruptError, DocumentUnavailableError, ForbiddenError } from '../errors';
import type { OfflineFabric } from '../fabric/offline';
import type { NetworkConfig } from '../fabric/network-config';
import { type CredentialStore, type IdentityRef, signingCredentials } from '../identity/credentials';
import { type ProposalGuard, proposalOrigin } from './site-copy';

/** The body of `POST /v1/documents/:id/site-copy`: a reader's signed `documents:GetDocument` proposal. */
export const SiteCopyRequestSchema = z.strictObject({
  proposal: z
    .base64()
    .max(64 * 1024)
    .describe('the proposal bytes fabric-gateway built (base64)'),
  signature: z.base64().max(1024).describe("the reader's signature of the proposal digest (base64, DER)"),
});

export interface SiteCopiesDeps {
  readonly network: NetworkConfig;
  readonly offline: OfflineFabric;
  /** The users' credentials: the gateway signs its user's proposal. */
  readonly wallet: Pick<CredentialStore, 'get'>;
  readonly guard: ProposalGuard;
  /** This site's organisation: proposals from others are evaluated on its own peer. */
  readonly mspId: string;
  readonly timeoutMs?: number;
}

/** Site copies (docs/documents.md): fetching a file from the site that keeps it, and answering such a fetch. */
export class SiteCopies {
  readonly #d: SiteCopiesDeps;

  constructor(deps: SiteCopiesDeps) {
    this.#d = deps;
  }

  /**
   * The file of `record` from the gateway of the organisation that keeps it, asked with `actor`'s signed proposal
   * of `documents:GetDocument`; checked against the record's digest (409 DOCUMENT_CORRUPT) before anyone sees it.
   * 503 DOCUMENT_UNAVAILABLE when that gateway cannot be reached or does not give it.
   */
  async fetch(actor: IdentityRef, record: DocumentRecord): Promise<Buffer> {
    const holder = record.by.mspId;
    const url = this.#d.network.orgs[holder]?.gatewayUrl;
    if (url === undefined) throw new DocumentUnavailableError(`no gateway of ${holder} is known to this site`);
    const credentials = signingCredentials(await this.#d.wallet.get(actor), actor);
    const { proposal } = this.#d.offline.propose(credentials, 'documents', 'GetDocument', { sha256: record.sha256 });
    const signature = await signers.newPrivateKeySigner(createPrivateKey(credentials.privateKey))(proposal.digest);
    let response: globalThis.Response;
    try {
      response = await fetch(`${url}/v1/documents/${record.sha256}/site-copy`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          proposal: Buffer.from(proposal.bytes).toString('base64'),
          signature: Buffer.from(signature).toString('base64'),
        }),
        signal: AbortSignal.timeout(this.#d.timeoutMs ?? 30_000),
      });
    } catch (err) {
      throw new DocumentUnavailableError(`the gateway of ${holder} did not answer`, { cause: err });
    }
    if (!response.ok) {
      const code = ((await response.json().catch(() => ({}))) as { error?: { code?: string } }).error?.code;
      if (code === 'DOCUMENT_CORRUPT') throw new DocumentCorruptError();
      throw new DocumentUnavailableError(
        `the gateway of ${holder} did not give the file (${String(response.status)} ${code ?? ''})`.trim(),
      );
    }
    const bytes = Buffer.from(await response.arrayBuffer());
    if (createHash('sha256').update(bytes).digest('hex') !== record.sha256) throw new DocumentCorruptError();
    return bytes;
  }

  /**
   * The record a fetch from another site asks for, once the ledger let the proposal's signer read it: the proposal
   * must be fresh and new, and be the signer's `documents:GetDocument` of `sha256` (403 otherwise).
   */
  async admit(sha256: string, request: z.output<typeof SiteCopyRequestSchema>): Promise<DocumentRecord> {
    const proposal = Buffer.from(request.proposal, 'base64');
    const origin = proposalOrigin(proposal);
    this.#d.guard.admit(origin);
    const signature = Buffer.from(request.signature, 'base64');
    const answer = await this.#d.offline.evaluate(origin.creator, proposal, signature, this.#d.mspId);
    const record = DocumentRecordSchema.safeParse(answer);
    if (!record.success || record.data.sha256 !== sha256) {
      throw new ForbiddenError(`proposal: not a read of document ${sha256}`);
    }
    return record.data;
  }
}
