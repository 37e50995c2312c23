import { createHash } from 'node:crypto';
import { common, gateway, msp, peer } from '@hyperledger/fabric-protos';

/** What a proposal asks the ledger to run, and as whom: what the signer reads before it signs. */
export interface ProposalContent {
  readonly txId: string;
  readonly chaincode: string;
  /** The chaincode function (`credits:Transfer`) and its arguments, as text. */
  readonly args: readonly string[];
  /** The certificate (PEM) of the identity the proposal names as its creator. */
  readonly creator: string;
}

const utf8 = new TextDecoder();

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the proposal has no ${what}`);
  return value;
}

const sha256 = (bytes: Uint8Array): Buffer => createHash('sha256').update(bytes).digest();

/**
 * Checks that `digest` is the SHA-256 of `message` (the gateway cannot have the signer sign anything but the bytes
 * it showed), throwing otherwise.
 */
export function assertDigestOf(message: Uint8Array, digest: Uint8Array, what: string): void {
  if (!sha256(message).equals(Buffer.from(digest)))
    throw new Error(`the ${what} digest is not the digest of its bytes`);
}

/** The message a proposal's digest is of: the proposal bytes inside fabric-gateway's ProposedTransaction. */
export function proposalMessage(proposedTransaction: Uint8Array): Uint8Array {
  const signed = required(gateway.ProposedTransaction.deserializeBinary(proposedTransaction).getProposal(), 'body');
  return signed.getProposalBytes_asU8();
}

/** The message a transaction's digest is of: the envelope payload inside fabric-gateway's PreparedTransaction. */
export function transactionMessage(preparedTransaction: Uint8Array): Uint8Array {
  const envelope = gateway.PreparedTransaction.deserializeBinary(preparedTransaction).getEnvelope();
  return required(envelope, 'envelope').getPayload_asU8();
}

/** The message a commit-status request's digest is of: the request inside its SignedCommitStatusRequest. */
export function commitMessage(signedRequest: Uint8Array): Uint8Array {
  return gateway.SignedCommitStatusRequest.deserializeBinary(signedRequest).getRequest_asU8();
}

/** Decodes a proposal (fabric-gateway ProposedTransaction bytes): transaction ID, chaincode, arguments, creator. */
export function readProposal(proposedTransaction: Uint8Array): ProposalContent {
  const proposal = peer.Proposal.deserializeBinary(proposalMessage(proposedTransaction));
  const header = common.Header.deserializeBinary(proposal.getHeader_asU8());
  const channelHeader = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
  const signatureHeader = common.SignatureHeader.deserializeBinary(header.getSignatureHeader_asU8());
  const creator = msp.SerializedIdentity.deserializeBinary(signatureHeader.getCreator_asU8());
  const payload = peer.ChaincodeProposalPayload.deserializeBinary(proposal.getPayload_asU8());
  const spec = required(
    peer.ChaincodeInvocationSpec.deserializeBinary(payload.getInput_asU8()).getChaincodeSpec(),
    'spec',
  );
  return {
    txId: channelHeader.getTxId(),
    chaincode: spec.getChaincodeId()?.getName() ?? '',
    args: (spec.getInput()?.getArgsList_asU8() ?? []).map((arg) => utf8.decode(arg)),
    creator: utf8.decode(creator.getIdBytes_asU8()),
  };
}
