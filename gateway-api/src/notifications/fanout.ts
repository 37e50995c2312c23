import { createHash } from 'node:crypto';
import { canonicalJson } from '@ncr/chaincode/domain';
import type { CommittedBlock } from '../read-model/decode';
import type { ReadModelStore } from '../read-model/store';
import { readerSees } from '../routes/event-audience';
import type { NewDelivery, NotificationStore } from './store';
import type { SubscriptionRecord } from './schemas';

/** A delivery's ID: the same for the same subscription and event however often it is made, for receivers to de-duplicate. */
export function deliveryId(subscriptionId: string, blockNumber: number, txId: string): string {
  const digest = createHash('sha256')
    .update(`${subscriptionId}:${String(blockNumber)}:${txId}`)
    .digest('hex');
  return `dlv_${digest.slice(0, 32)}`;
}

/**
 * The deliveries a committed block makes: for each VALID transaction's registry event, one per subscription that
 * names the event's type, was registered before the block (`fromBlock`), and whose account may see the event by the
 * rule of the event stream ({@link readerSees}); a project's parties are looked up with `parties`.
 */
export function deliveriesOf(
  block: CommittedBlock,
  subscriptions: readonly SubscriptionRecord[],
  parties: (projectId: string) => readonly string[],
): NewDelivery[] {
  const deliveries: NewDelivery[] = [];
  for (const tx of block.transactions) {
    const event = tx.event;
    if (tx.validationCode !== 'VALID' || event === undefined) continue;
    const notice = { blockNumber: block.number, txId: tx.txId, eventName: event.name, payload: event.payload };
    for (const s of subscriptions) {
      if (s.fromBlock > block.number || !s.eventTypes.some((name) => name === event.name)) continue;
      if (!readerSees({ id: s.accountId, type: s.accountType }, notice, parties)) continue;
      deliveries.push({
        id: deliveryId(s.id, block.number, tx.txId),
        subscriptionId: s.id,
        blockNumber: block.number,
        txId: tx.txId,
        eventJson: canonicalJson(notice),
      });
    }
  }
  return deliveries;
}

/** Something the block follower hands each committed block to, after the read model. */
export interface BlockSink {
  /** The next block it expects; undefined while it has none yet (it then takes whichever block comes first). */
  nextBlock(): number | undefined;
  /** Applies a block; one it already has is skipped. */
  apply(block: CommittedBlock): void;
}

/**
 * The fan-out as the read model's follower runs it: each block's deliveries go into the outbox with the
 * notifications checkpoint; a project's parties come from the read model, which already holds that block.
 */
export function notificationSink(
  store: NotificationStore,
  readModel: ReadModelStore,
  recorded: (count: number) => void,
): BlockSink {
  const parties = (projectId: string): readonly string[] => {
    const project = readModel.project(projectId);
    return project === undefined ? [] : [project.developerAccountId, project.certifierAccountId];
  };
  return {
    nextBlock: () => store.nextBlock(),
    apply: (block) => {
      const next = store.nextBlock();
      if (next !== undefined && block.number < next) return; // recorded already: no write lock taken
      const count = store.recordBlock(
        block,
        (subscriptions) => deliveriesOf(block, subscriptions, parties),
        Date.now(),
      );
      if (count > 0) recorded(count);
    },
  };
}
