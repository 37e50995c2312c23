import { X509Certificate, createHash } from 'node:crypto';
import { common, ledger, msp, peer } from '@hyperledger/fabric-protos';
import { validationCodeName } from './errors';

/**
 * Decoding of blocks and transactions returned by qscc, with Fabric's own protobuf definitions
 * (@hyperledger/fabric-protos). Nothing here re-implements a Fabric format except the block header hash,
 * which Fabric defines as SHA-256 over the ASN.1 DER encoding of (number, previousHash, dataHash).
 */

interface IdentitySummary {
  readonly mspId: string;
  /** The certificate's subject common name (the enrollment ID), when the identity is an X.509 certificate. */
  readonly commonName: string | null;
}

export interface WrittenKey {
  readonly namespace: string;
  readonly key: string;
  readonly isDelete: boolean;
  /** The value written: parsed JSON when it is JSON, else base64. Absent for deletes. */
  readonly value?: unknown;
}

interface TransactionSummary {
  readonly txId: string;
  readonly type: string;
  readonly timestamp: string | null;
  readonly creator: IdentitySummary | null;
  readonly validationCode: string;
  readonly chaincode: string | null;
  /** e.g. `credits:Transfer` (fabric-contract-api's `contract:transaction`). */
  readonly function: string | null;
}

export interface TransactionDetail extends TransactionSummary {
  readonly args: unknown[];
  readonly endorsers: IdentitySummary[];
  readonly endorsingOrganisations: string[];
  readonly writes: WrittenKey[];
  /** The chaincode's response (status and parsed payload), as endorsed. */
  readonly response: { readonly status: number; readonly message: string; readonly payload: unknown } | null;
}

interface BlockSummary {
  readonly number: number;
  readonly hash: string;
  readonly previousHash: string;
  readonly dataHash: string;
  readonly transactions: TransactionSummary[];
}

export interface ChainInfo {
  readonly height: number;
  readonly currentBlockHash: string;
  readonly previousBlockHash: string;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const utf8 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');

const HEADER_TYPE_NAMES = new Map<number, string>(
  Object.entries(common.HeaderType).map(([name, value]) => [value as number, name]),
);

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function derTlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), derLength(content.length), content]);
}

function derUnsignedInteger(value: bigint): Buffer {
  let hexText = value.toString(16);
  if (hexText.length % 2 === 1) hexText = `0${hexText}`;
  let bytes = Buffer.from(hexText, 'hex');
  const first = bytes[0] ?? 0;
  if (first >= 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return derTlv(0x02, bytes);
}

/** A block's hash as Fabric computes it (protoutil.BlockHeaderHash). */
export function blockHeaderHash(number: bigint, previousHash: Uint8Array, dataHash: Uint8Array): string {
  const der = derTlv(
    0x30,
    Buffer.concat([
      derUnsignedInteger(number),
      derTlv(0x04, Buffer.from(previousHash)),
      derTlv(0x04, Buffer.from(dataHash)),
    ]),
  );
  return createHash('sha256').update(der).digest('hex');
}

function identityOf(serialized: Uint8Array): IdentitySummary {
  const identity = msp.SerializedIdentity.deserializeBinary(serialized);
  let commonName: string | null = null;
  try {
    const subject = new X509Certificate(Buffer.from(identity.getIdBytes_asU8())).subject;
    commonName = /(?:^|\n)CN=([^\n]*)/.exec(subject)?.[1] ?? null;
  } catch {
    commonName = null;
  }
  return { mspId: identity.getMspid(), commonName };
}

/** A written or returned value: JSON when it parses, otherwise its bytes in base64 (index entries). */
export function parseValue(bytes: Uint8Array): unknown {
  const text = utf8(bytes);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return Buffer.from(bytes).toString('base64');
  }
}

interface Timestamp {
  getSeconds(): number;
  getNanos(): number;
}

function isoTime(timestamp: Timestamp | undefined): string | null {
  if (timestamp === undefined) return null;
  return new Date(timestamp.getSeconds() * 1000 + Math.floor(timestamp.getNanos() / 1e6)).toISOString();
}

/** Decodes one transaction envelope; `validationCode` comes from the block's filter or ProcessedTransaction. */
function decodeEnvelope(envelopeBytes: Uint8Array, validationCode: number): TransactionDetail {
  const envelope = common.Envelope.deserializeBinary(envelopeBytes);
  const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
  const header = payload.getHeader();
  const channelHeader = common.ChannelHeader.deserializeBinary(header?.getChannelHeader_asU8() ?? new Uint8Array());
  const signatureHeader = common.SignatureHeader.deserializeBinary(
    header?.getSignatureHeader_asU8() ?? new Uint8Array(),
  );
  const creatorBytes = signatureHeader.getCreator_asU8();
  const type = channelHeader.getType();
  const base = {
    txId: channelHeader.getTxId(),
    type: HEADER_TYPE_NAMES.get(type) ?? `UNKNOWN_${type}`,
    timestamp: isoTime(channelHeader.getTimestamp() as Timestamp | undefined),
    creator: creatorBytes.length > 0 ? identityOf(creatorBytes) : null,
    validationCode: validationCodeName(validationCode),
  };
  if (type !== common.HeaderType.ENDORSER_TRANSACTION) {
    return {
      ...base,
      chaincode: null,
      function: null,
      args: [],
      endorsers: [],
      endorsingOrganisations: [],
      writes: [],
      response: null,
    };
  }
  const { spec, endorsements, chaincodeAction } = endorsedActionOf(payload);
  const [fn, ...args] = spec?.getInput()?.getArgsList_asU8() ?? [];
  const endorsers = endorsements.map((e) => identityOf(e.getEndorser_asU8()));
  return {
    ...base,
    chaincode: spec?.getChaincodeId()?.getName() ?? null,
    function: fn === undefined ? null : utf8(fn),
    args: args.map(parseValue),
    endorsers,
    endorsingOrganisations: [...new Set(endorsers.map((e) => e.mspId))].sort(),
    writes: writesOf(chaincodeAction),
    response: responseOf(chaincodeAction),
  };
}

/**
 * The endorsed action of an endorser transaction's payload: the invoked chaincode spec, the endorsements, and the
 * chaincode action (read/write set, event, response) the endorsers signed.
 */
export function endorsedActionOf(payload: common.Payload): {
  spec: peer.ChaincodeSpec | undefined;
  endorsements: peer.Endorsement[];
  chaincodeAction: peer.ChaincodeAction;
} {
  const transaction = peer.Transaction.deserializeBinary(payload.getData_asU8());
  const action = transaction.getActionsList()[0];
  const actionPayload = peer.ChaincodeActionPayload.deserializeBinary(action?.getPayload_asU8() ?? new Uint8Array());
  const proposalPayload = peer.ChaincodeProposalPayload.deserializeBinary(
    actionPayload.getChaincodeProposalPayload_asU8(),
  );
  const endorsed = actionPayload.getAction();
  const responsePayload = peer.ProposalResponsePayload.deserializeBinary(
    endorsed?.getProposalResponsePayload_asU8() ?? new Uint8Array(),
  );
  return {
    spec: peer.ChaincodeInvocationSpec.deserializeBinary(proposalPayload.getInput_asU8()).getChaincodeSpec(),
    endorsements: endorsed?.getEndorsementsList() ?? [],
    chaincodeAction: peer.ChaincodeAction.deserializeBinary(responsePayload.getExtension_asU8()),
  };
}

/** Every key the action writes, per namespace, with its parsed value. */
function writesOf(chaincodeAction: peer.ChaincodeAction): WrittenKey[] {
  const rwset = ledger.rwset.TxReadWriteSet.deserializeBinary(chaincodeAction.getResults_asU8());
  return rwset.getNsRwsetList().flatMap((ns) =>
    ledger.rwset.kvrwset.KVRWSet.deserializeBinary(ns.getRwset_asU8())
      .getWritesList()
      .map((w): WrittenKey => ({
        namespace: ns.getNamespace(),
        key: w.getKey(),
        isDelete: w.getIsDelete(),
        ...(w.getIsDelete() ? {} : { value: parseValue(w.getValue_asU8()) }),
      })),
  );
}

function responseOf(chaincodeAction: peer.ChaincodeAction): TransactionDetail['response'] {
  const response = chaincodeAction.getResponse();
  if (response === undefined) return null;
  const bytes = response.getPayload_asU8();
  return {
    status: response.getStatus(),
    message: response.getMessage(),
    payload: bytes.length > 0 ? parseValue(bytes) : null,
  };
}

function summary(detail: TransactionDetail): TransactionSummary {
  return {
    txId: detail.txId,
    type: detail.type,
    timestamp: detail.timestamp,
    creator: detail.creator,
    validationCode: detail.validationCode,
    chaincode: detail.chaincode,
    function: detail.function,
  };
}

export interface DecodedBlock extends BlockSummary {
  readonly details: TransactionDetail[];
}

/** Decodes a block: header hashes, and each transaction with its validation code from TRANSACTIONS_FILTER. */
export function decodeBlock(blockBytes: Uint8Array): DecodedBlock {
  const block = common.Block.deserializeBinary(blockBytes);
  const header = block.getHeader();
  const number = header?.getNumber() ?? 0;
  const previousHash = header?.getPreviousHash_asU8() ?? new Uint8Array();
  const dataHash = header?.getDataHash_asU8() ?? new Uint8Array();
  const filter = block.getMetadata()?.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER];
  const details = (block.getData()?.getDataList_asU8() ?? []).map((envelope, index) =>
    // Config blocks carry no filter entry for their one envelope: NOT_VALIDATED (254) unless present.
    decodeEnvelope(envelope, filter?.[index] ?? 254),
  );
  return {
    number,
    hash: blockHeaderHash(BigInt(number), previousHash, dataHash),
    previousHash: hex(previousHash),
    dataHash: hex(dataHash),
    transactions: details.map(summary),
    details,
  };
}

export function decodeChainInfo(bytes: Uint8Array): ChainInfo {
  const info = common.BlockchainInfo.deserializeBinary(bytes);
  return {
    height: info.getHeight(),
    currentBlockHash: hex(info.getCurrentblockhash_asU8()),
    previousBlockHash: hex(info.getPreviousblockhash_asU8()),
  };
}

/** A ProcessedTransaction from qscc GetTransactionByID. */
export function decodeProcessedTransaction(bytes: Uint8Array): TransactionDetail {
  const processed = peer.ProcessedTransaction.deserializeBinary(bytes);
  const envelope = processed.getTransactionenvelope();
  if (envelope === undefined) throw new Error('processed transaction has no envelope');
  return decodeEnvelope(envelope.serializeBinary(), processed.getValidationcode());
}
