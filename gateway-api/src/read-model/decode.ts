import { common, peer } from '@hyperledger/fabric-protos';
import { z } from 'zod';
import { decodeBlock, endorsedActionOf, type WrittenKey } from '../fabric/blocks';

/** Any JSON object: what every chaincode event payload is (each event's own schema is applied by the projection). */
const JsonObjectSchema = z.record(z.string(), z.unknown());

/** A chaincode event as committed: name and parsed JSON payload (the registry emits canonical JSON). */
interface CommittedEvent {
  readonly name: string;
  readonly payload: Record<string, unknown>;
}

/** One transaction of a committed block, as the read model needs it. */
export interface CommittedTransaction {
  /** Position in the block: with the block number, the ledger order of actions. */
  readonly index: number;
  readonly txId: string;
  /** The transaction timestamp (ISO-8601), the same clock the chaincode stamps records with. */
  readonly at: string;
  readonly validationCode: string;
  readonly chaincode: string | null;
  /** Writes of the registry chaincode's namespace only (lifecycle and system writes are left out). */
  readonly writes: readonly WrittenKey[];
  readonly event: CommittedEvent | undefined;
}

export interface CommittedBlock {
  readonly number: number;
  readonly hash: string;
  readonly previousHash: string;
  readonly transactions: readonly CommittedTransaction[];
}

function eventOf(envelopeBytes: Uint8Array, namespace: string): CommittedEvent | undefined {
  const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(envelopeBytes).getPayload_asU8());
  const header = common.ChannelHeader.deserializeBinary(
    payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array(),
  );
  if (header.getType() !== common.HeaderType.ENDORSER_TRANSACTION) return undefined;
  const { chaincodeAction } = endorsedActionOf(payload);
  const eventBytes = chaincodeAction.getEvents_asU8();
  if (eventBytes.length === 0) return undefined;
  const event = peer.ChaincodeEvent.deserializeBinary(eventBytes);
  if (event.getEventName() === '' || event.getChaincodeId() !== namespace) return undefined;
  const parsed: unknown = JSON.parse(Buffer.from(event.getPayload_asU8()).toString('utf8'));
  const object = JsonObjectSchema.safeParse(parsed);
  if (!object.success) {
    throw new Error(`event ${event.getEventName()} has a payload that is not a JSON object`);
  }
  return { name: event.getEventName(), payload: object.data };
}

/**
 * Decodes a committed block with Fabric's protobuf definitions (the same decoder as the ledger views), keeping
 * for each transaction its validation code, timestamp, the registry namespace's writes and its chaincode event.
 */
export function decodeCommittedBlock(blockBytes: Uint8Array, namespace: string): CommittedBlock {
  const decoded = decodeBlock(blockBytes);
  const envelopes = common.Block.deserializeBinary(blockBytes).getData()?.getDataList_asU8() ?? [];
  return {
    number: decoded.number,
    hash: decoded.hash,
    previousHash: decoded.previousHash,
    transactions: decoded.details.map((tx, index) => {
      const envelope = envelopes[index];
      return {
        index,
        txId: tx.txId,
        at: tx.timestamp ?? '',
        validationCode: tx.validationCode,
        chaincode: tx.chaincode,
        writes: tx.writes.filter((w) => w.namespace === namespace),
        event: tx.validationCode === 'VALID' && envelope !== undefined ? eventOf(envelope, namespace) : undefined,
      };
    }),
  };
}
