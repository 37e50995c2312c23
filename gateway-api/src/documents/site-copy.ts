import { X509Certificate } from 'node:crypto';
import { common, gateway as protos, msp, peer } from '@hyperledger/fabric-protos';
import { ForbiddenError, ValidationError } from '../errors';
import type { Enrolled } from '../identity/credentials';

/**
 * How one organisation's gateway fetches a document's file from the site that keeps it (docs/documents.md): it sends
 * its user's signed proposal of `documents:GetDocument`; the keeping gateway evaluates that proposal on its own peer,
 * so the ledger, as the reader, decides; then it sends the file. A proposal is accepted once, while it is fresh.
 */

/** How old (or how far ahead) a proposal may be when it arrives. */
const FRESH_MS = 120_000;

/** What the keeping gateway reads of a proposal before it evaluates it. */
export interface ProposalOrigin {
  readonly txId: string;
  /** When the proposal was made (its channel header's timestamp), in milliseconds. */
  readonly madeAt: number;
  /** Who signed it: the identity the ledger reads as the caller. */
  readonly creator: Enrolled;
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new ValidationError(`proposal: ${what} missing`);
  return value;
}

/** The transaction ID, time and creator of the proposal fabric-gateway built (`Proposal.getBytes()`). */
export function proposalOrigin(bytes: Uint8Array): ProposalOrigin {
  try {
    const signed = required(protos.ProposedTransaction.deserializeBinary(bytes).getProposal(), 'signed proposal');
    const proposal = peer.Proposal.deserializeBinary(signed.getProposalBytes_asU8());
    const header = common.Header.deserializeBinary(proposal.getHeader_asU8());
    const channel = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
    const signature = common.SignatureHeader.deserializeBinary(header.getSignatureHeader_asU8());
    const creator = msp.SerializedIdentity.deserializeBinary(signature.getCreator_asU8());
    // google-protobuf's Timestamp type is not resolved here (no types package): only these two calls are used.
    const timestamp = required(
      channel.getTimestamp() as { getSeconds(): number; getNanos(): number } | undefined,
      'timestamp',
    );
    const certificate = Buffer.from(creator.getIdBytes_asU8()).toString('utf8');
    return {
      txId: channel.getTxId(),
      madeAt: timestamp.getSeconds() * 1000 + Math.floor(timestamp.getNanos() / 1e6),
      // The key of its connection cache: the certificate's fingerprint (the CN is the ledger's business).
      creator: {
        mspId: creator.getMspid(),
        enrollmentId: new X509Certificate(certificate).fingerprint256,
        certificate,
      },
    };
  } catch (err) {
    if (err instanceof ValidationError) throw err;
    throw new ValidationError('proposal: not a Fabric proposal', { cause: err });
  }
}

/** Refuses proposals that are stale or were used before, remembering each for as long as it would be fresh. */
export class ProposalGuard {
  readonly #seen = new Map<string, number>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** 403 FORBIDDEN when `origin` is not fresh or was presented before. */
  admit(origin: ProposalOrigin): void {
    const now = this.#now();
    for (const [txId, expires] of this.#seen) if (expires < now) this.#seen.delete(txId);
    if (Math.abs(now - origin.madeAt) > FRESH_MS) {
      throw new ForbiddenError('proposal: not made within the last two minutes');
    }
    if (this.#seen.has(origin.txId)) throw new ForbiddenError('proposal: already used');
    this.#seen.set(origin.txId, now + 2 * FRESH_MS);
  }
}
