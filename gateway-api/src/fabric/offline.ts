import { gateway as protos, msp } from '@hyperledger/fabric-protos';
import type { Enrolled } from '../identity/credentials';
import { type Logger, currentLogger } from '../log';
import type { Metrics } from '../metrics';
import type { FabricConnections } from './connections';
import { endorseConsistently } from './endorsement';
import { invalidTransactionError, validationCodeName } from './errors';
import { parseResult, timedFabricCall } from './fabric-call';
import type { Committed } from './ledger';
import { type OrderingProbe, orderTransaction } from './ordering';
import type { CommitFence } from './read-your-writes';

/**
 * Something the identity's owner signs: the bytes the gateway rebuilds it from, the digest to sign (SHA-256), and
 * the message that digest is of (a signature over the digest is checked against it, before anything is sent).
 */
export interface Signable {
  readonly bytes: Uint8Array;
  readonly digest: Uint8Array;
  readonly message: Uint8Array;
}

/** An endorsed transaction and its commit-status request, each with its owner's signature. */
export interface SignedTransaction {
  readonly txId: string;
  readonly transaction: Uint8Array;
  readonly transactionSignature: Uint8Array;
  readonly commit: Uint8Array;
  readonly commitSignature: Uint8Array;
}

/**
 * fabric-gateway's offline signing, for identities whose private key the gateway does not hold: the gateway
 * builds each message, its owner signs the digest, the gateway sends it. Errors are ApiErrors, as the facade's.
 */
export interface OfflineFabric {
  /** A proposal of `contract:transaction` with `arg` (JSON) as `signer`; nothing is sent. */
  propose(signer: Enrolled, contract: string, transaction: string, arg: unknown): { txId: string; proposal: Signable };
  /** Endorses a signed proposal: the transaction to sign, and its commit-status request to sign too. */
  endorse(
    signer: Enrolled,
    proposal: Uint8Array,
    signature: Uint8Array,
  ): Promise<{ transaction: Signable; commit: Signable }>;
  /** Sends a signed transaction for ordering and waits for its commit status, asked with the signed request. */
  submit(signer: Enrolled, signed: SignedTransaction): Promise<Committed>;
  /** Evaluates a signed proposal (a read) on the peer of `peerOf`: by default the signer's organisation's. */
  evaluate(signer: Enrolled, proposal: Uint8Array, signature: Uint8Array, peerOf?: string): Promise<unknown>;
}

export interface FabricOfflineOptions {
  readonly connections: FabricConnections;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly ordering?: OrderingProbe | undefined;
  /** Read-your-writes, as for the writes the facade runs. */
  readonly fence?: CommitFence | undefined;
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} missing`);
  return value;
}

export class FabricOfflineSigning implements OfflineFabric {
  readonly #o: FabricOfflineOptions;

  constructor(options: FabricOfflineOptions) {
    this.#o = options;
  }

  #gateway(signer: Enrolled, peerOf?: string) {
    return this.#o.connections.gatewayFor(signer, peerOf);
  }

  propose(signer: Enrolled, contract: string, transaction: string, arg: unknown) {
    const { connections } = this.#o;
    const target = this.#gateway(signer)
      .getNetwork(connections.channelName)
      .getContract(connections.chaincodeName, contract);
    const proposal = target.newProposal(transaction, { arguments: [JSON.stringify(arg)] });
    const bytes = proposal.getBytes();
    const signed = required(protos.ProposedTransaction.deserializeBinary(bytes).getProposal(), 'signed proposal');
    return {
      txId: proposal.getTransactionId(),
      proposal: { bytes, digest: proposal.getDigest(), message: signed.getProposalBytes_asU8() },
    };
  }

  /** The commit-status request of `txId` as `signer`: the same bytes fabric-gateway builds when it submits. */
  #commitRequest(signer: Enrolled, txId: string): Signable {
    const creator = new msp.SerializedIdentity();
    creator.setMspid(signer.mspId);
    creator.setIdBytes(Buffer.from(signer.certificate));
    const request = new protos.CommitStatusRequest();
    request.setChannelId(this.#o.connections.channelName);
    request.setTransactionId(txId);
    request.setIdentity(creator.serializeBinary());
    const signed = new protos.SignedCommitStatusRequest();
    signed.setRequest(request.serializeBinary());
    const bytes = signed.serializeBinary();
    return { bytes, digest: this.#gateway(signer).newCommit(bytes).getDigest(), message: signed.getRequest_asU8() };
  }

  async endorse(signer: Enrolled, proposal: Uint8Array, signature: Uint8Array) {
    await this.#o.fence?.beforeWrite();
    const log = currentLogger(this.#o.logger);
    return timedFabricCall(this.#o.metrics, 'endorse', 'offline', async () => {
      const gateway = this.#gateway(signer);
      const endorsed = await endorseConsistently(() => gateway.newSignedProposal(proposal, signature), log);
      const bytes = endorsed.getBytes();
      const envelope = required(protos.PreparedTransaction.deserializeBinary(bytes).getEnvelope(), 'envelope');
      return {
        transaction: { bytes, digest: endorsed.getDigest(), message: envelope.getPayload_asU8() },
        commit: this.#commitRequest(signer, endorsed.getTransactionId()),
      };
    });
  }

  async submit(signer: Enrolled, signed: SignedTransaction): Promise<Committed> {
    const { txId } = signed;
    const log = currentLogger(this.#o.logger);
    const committed = await timedFabricCall(this.#o.metrics, 'submit', 'offline', async () => {
      const since = await this.#o.ordering?.assertCanOrder();
      const gateway = this.#gateway(signer);
      const transaction = gateway.newSignedTransaction(signed.transaction, signed.transactionSignature);
      const commit = gateway.newSignedCommit(signed.commit, signed.commitSignature);
      log.debug({ txId }, 'transaction signed offline; sending it for ordering');
      const send = async () => {
        await transaction.submit();
        return commit;
      };
      const status = await orderTransaction(txId, send, this.#o.ordering, since);
      this.#o.metrics.commitStatus.inc({ code: validationCodeName(status.code) });
      if (!status.successful) {
        log.warn({ txId, validationCode: validationCodeName(status.code) }, 'invalid');
        throw invalidTransactionError(txId, status.code);
      }
      return { txId, blockNumber: Number(status.blockNumber), result: parseResult(transaction.getResult()) };
    });
    log.info({ txId, blockNumber: committed.blockNumber }, 'transaction committed');
    this.#o.fence?.committed(committed.blockNumber, signer.mspId);
    return committed;
  }

  async evaluate(signer: Enrolled, proposal: Uint8Array, signature: Uint8Array, peerOf?: string): Promise<unknown> {
    await this.#o.fence?.beforeRead(peerOf ?? signer.mspId);
    return timedFabricCall(this.#o.metrics, 'evaluate', 'offline', async () =>
      parseResult(await this.#gateway(signer, peerOf).newSignedProposal(proposal, signature).evaluate()),
    );
  }
}
