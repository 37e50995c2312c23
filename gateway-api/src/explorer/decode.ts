import { common, ledger, peer } from '@hyperledger/fabric-protos';
import { type DecodedBlock, type TransactionDetail, decodeBlock, endorsedActionOf, parseValue } from '../fabric/blocks';

interface ReadKey {
  readonly namespace: string;
  readonly key: string;
  /** The version read: the block and transaction that last wrote the key; null when the key did not exist. */
  readonly version: { readonly blockNumber: number; readonly txNumber: number } | null;
}

interface EmittedEvent {
  readonly chaincode: string;
  readonly name: string;
  readonly payload: unknown;
}

export interface ExplorerTransaction extends TransactionDetail {
  readonly blockNumber: number;
  /** Position in the block (the index of its validation code in TRANSACTIONS_FILTER). */
  readonly index: number;
  readonly reads: ReadKey[];
  readonly events: EmittedEvent[];
}

export interface ExplorerBlock extends Omit<DecodedBlock, 'details'> {
  /** The block as the peer returned it (protobuf `common.Block`), base64: the browser verifies the hashes on it. */
  readonly raw: string;
  readonly transactions: ExplorerTransaction[];
}

function readsOf(action: peer.ChaincodeAction): ReadKey[] {
  const rwset = ledger.rwset.TxReadWriteSet.deserializeBinary(action.getResults_asU8());
  return rwset.getNsRwsetList().flatMap((ns) =>
    ledger.rwset.kvrwset.KVRWSet.deserializeBinary(ns.getRwset_asU8())
      .getReadsList()
      .map((read): ReadKey => {
        const version = read.getVersion();
        return {
          namespace: ns.getNamespace(),
          key: read.getKey(),
          version: version === undefined ? null : { blockNumber: version.getBlockNum(), txNumber: version.getTxNum() },
        };
      }),
  );
}

function eventsOf(action: peer.ChaincodeAction): EmittedEvent[] {
  const bytes = action.getEvents_asU8();
  if (bytes.length === 0) return [];
  const event = peer.ChaincodeEvent.deserializeBinary(bytes);
  if (event.getEventName() === '') return [];
  const payload = event.getPayload_asU8();
  return [
    {
      chaincode: event.getChaincodeId(),
      name: event.getEventName(),
      payload: payload.length > 0 ? parseValue(payload) : null,
    },
  ];
}

/** The reads and events of one envelope (none for configuration transactions). */
function readsAndEvents(envelopeBytes: Uint8Array): { reads: ReadKey[]; events: EmittedEvent[] } {
  const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(envelopeBytes).getPayload_asU8());
  const channelHeader = common.ChannelHeader.deserializeBinary(
    payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array(),
  );
  if (channelHeader.getType() !== common.HeaderType.ENDORSER_TRANSACTION) return { reads: [], events: [] };
  const { chaincodeAction } = endorsedActionOf(payload);
  return { reads: readsOf(chaincodeAction), events: eventsOf(chaincodeAction) };
}

/** A block for the explorer: {@link decodeBlock}'s view, every transaction in full (reads, events), and the raw bytes. */
export function decodeExplorerBlock(bytes: Uint8Array): ExplorerBlock {
  const { details, ...block } = decodeBlock(bytes);
  const envelopes = common.Block.deserializeBinary(bytes).getData()?.getDataList_asU8() ?? [];
  return {
    ...block,
    raw: Buffer.from(bytes).toString('base64'),
    transactions: details.map((detail, index) => ({
      ...detail,
      blockNumber: block.number,
      index,
      ...readsAndEvents(envelopes[index] ?? new Uint8Array()),
    })),
  };
}
