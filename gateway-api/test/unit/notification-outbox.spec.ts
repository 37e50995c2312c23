import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { deliveriesOf, deliveryId } from '../../src/notifications/fanout';
import type { SubscriptionRecord } from '../../src/notifications/schemas';
import { NotificationStore } from '../../src/notifications/store';
import type { CommittedBlock } from '../../src/read-model/decode';
import { BlockSequenceError } from '../../src/read-model/store-types';
import { TX, blockOf, subscriptionOf } from './notification-fixtures';

const transfer = (from: string, to: string) => ({
  name: 'CREDITS_TRANSFERRED',
  payload: { fromAccountId: from, toAccountId: to, blockId: 'B1', quantity: 5 },
});
const validated = { name: 'PROJECT_VALIDATED', payload: { projectId: 'P1', certifierAccountId: 'CERT-VVB1' } };
const noParties = (): readonly string[] => [];

describe('notifications: fan-out and the outbox (SQLite)', () => {
  let dir: string;
  let file: string;
  let store: NotificationStore;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'ncr-outbox-'));
    file = path.join(dir, 'notifications.sqlite');
    store = NotificationStore.open(file);
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const add = (record: SubscriptionRecord): void => {
    expect(store.addSubscription(record, Date.parse(record.createdAt), 20)).to.equal(true);
  };

  describe('which events make deliveries', () => {
    it('one per subscription and event its account may see, of its types, from its first block, VALID only', () => {
      const subs = [
        subscriptionOf({ id: 'sub_a' }),
        subscriptionOf({ id: 'sub_b', accountId: 'DEV-OTHER' }),
        subscriptionOf({ id: 'sub_g', accountId: 'GOV-NRA', accountType: 'GOVERNMENT' }),
        subscriptionOf({ id: 'sub_late', fromBlock: 8 }),
        subscriptionOf({ id: 'sub_retired', eventTypes: ['CREDITS_RETIRED'] }),
      ];
      const block = blockOf(7, [
        transfer('DEV-ACME', 'DEV-BETA'),
        { ...transfer('DEV-ACME', 'DEV-BETA'), validationCode: 'MVCC_READ_CONFLICT' },
        transfer('DEV-BETA', 'DEV-GAMMA'),
      ]);
      const made = deliveriesOf(block, subs, noParties);
      expect(made.map((d) => [d.subscriptionId, d.txId])).to.deep.equal([
        ['sub_a', TX(700)],
        ['sub_g', TX(700)],
        ['sub_g', TX(702)],
      ]);
      expect(made[0]?.id).to.equal(deliveryId('sub_a', 7, TX(700)));
      expect(JSON.parse(made[0]?.eventJson ?? '')).to.deep.equal({
        blockNumber: 7,
        txId: TX(700),
        eventName: 'CREDITS_TRANSFERRED',
        payload: transfer('DEV-ACME', 'DEV-BETA').payload,
      });
    });

    it("a project's events reach its parties as the read model names them (developer and certifier)", () => {
      const subs = [
        subscriptionOf({ id: 'sub_dev', eventTypes: ['PROJECT_VALIDATED'] }),
        subscriptionOf({ id: 'sub_x', accountId: 'DEV-OTHER', eventTypes: ['PROJECT_VALIDATED'] }),
      ];
      const parties = (projectId: string): readonly string[] => (projectId === 'P1' ? ['DEV-ACME', 'CERT-VVB1'] : []);
      const made = deliveriesOf(blockOf(3, [validated]), subs, parties);
      expect(made.map((d) => d.subscriptionId)).to.deep.equal(['sub_dev']);
    });

    it('the delivery ID is stable: the same subscription and event always give the same ID', () => {
      expect(deliveryId('sub_a', 7, TX(700))).to.equal(deliveryId('sub_a', 7, TX(700)));
      expect(deliveryId('sub_a', 7, TX(700))).to.not.equal(deliveryId('sub_b', 7, TX(700)));
      expect(deliveryId('sub_a', 7, TX(700))).to.match(/^dlv_[0-9a-f]{32}$/);
    });
  });

  describe('the checkpoint', () => {
    const record = (block: CommittedBlock): number =>
      store.recordBlock(block, (subs) => deliveriesOf(block, subs, noParties), 1_000);

    it('records a block once: the same block again adds nothing, across a restart of the store', () => {
      add(subscriptionOf({ id: 'sub_a' }));
      expect(store.nextBlock()).to.equal(undefined);
      expect(record(blockOf(5, [transfer('DEV-ACME', 'X')]))).to.equal(1);
      expect(record(blockOf(5, [transfer('DEV-ACME', 'X')]))).to.equal(0);
      store.close();
      store = NotificationStore.open(file);
      expect(store.nextBlock()).to.equal(6);
      expect(record(blockOf(5, [transfer('DEV-ACME', 'X')]))).to.equal(0);
      expect(record(blockOf(6, [transfer('DEV-ACME', 'Y')]))).to.equal(1);
      expect(store.deliveries('sub_a', 10).items.map((d) => d.event.blockNumber)).to.deep.equal([6, 5]);
    });

    it('refuses a gap and a block that does not chain onto the last one (ledger reset)', () => {
      record(blockOf(5, []));
      expect(() => record(blockOf(7, []))).to.throw(BlockSequenceError, /expected block 6/);
      expect(() => record({ ...blockOf(6, []), previousHash: 'other' })).to.throw(BlockSequenceError, /reset/);
      expect(store.nextBlock()).to.equal(6);
    });

    it('a fan-out that throws leaves neither deliveries nor the checkpoint', () => {
      add(subscriptionOf({ id: 'sub_a' }));
      record(blockOf(1, []));
      expect(() =>
        store.recordBlock(
          blockOf(2, []),
          () => {
            throw new Error('killed');
          },
          1_000,
        ),
      ).to.throw('killed');
      expect(store.nextBlock()).to.equal(2);
    });
  });

  describe('dispatch state', () => {
    beforeEach(() => {
      add(subscriptionOf({ id: 'sub_a' }));
      const block = blockOf(1, [transfer('DEV-ACME', 'X')]);
      store.recordBlock(block, (subs) => deliveriesOf(block, subs, noParties), 1_000);
    });

    it('a pending delivery is due from its creation, still due after a restart, and carries the signed body', () => {
      store.close();
      store = NotificationStore.open(file);
      expect(store.due(999, 10)).to.deep.equal([]);
      const [due] = store.due(1_000, 10);
      expect(due?.attempts).to.equal(0);
      expect(due?.subscription.secret).to.equal('whsec_test');
      expect(due?.body).to.deep.include({
        id: deliveryId('sub_a', 1, TX(100)),
        subscriptionId: 'sub_a',
        accountId: 'DEV-ACME',
        eventId: `1:${TX(100)}`,
      });
    });

    it('attempts are listed in order; a failure waits until its next attempt; success ends it', () => {
      const id = deliveryId('sub_a', 1, TX(100));
      store.recordAttempt(id, 1, { at: 2_000, status: 500, error: 'HTTP 500', delivered: false, nextAttemptAt: 3_000 });
      expect(store.due(2_999, 10)).to.deep.equal([]);
      expect(store.due(3_000, 10).map((d) => d.attempts)).to.deep.equal([1]);
      store.recordAttempt(id, 2, { at: 3_100, status: 200, delivered: true });
      expect(store.due(10_000, 10)).to.deep.equal([]);
      const [delivery] = store.deliveries('sub_a', 10).items;
      expect(delivery).to.deep.include({
        status: 'DELIVERED',
        lastStatus: 200,
        lastError: null,
        nextAttemptAt: null,
        deliveredAt: new Date(3_100).toISOString(),
      });
      expect(delivery?.attempts).to.deep.equal([
        { number: 1, at: new Date(2_000).toISOString(), status: 500, error: 'HTTP 500' },
        { number: 2, at: new Date(3_100).toISOString(), status: 200 },
      ]);
    });

    it('without a next attempt a failure is final (FAILED)', () => {
      const id = deliveryId('sub_a', 1, TX(100));
      store.recordAttempt(id, 1, { at: 2_000, error: 'ECONNREFUSED', delivered: false });
      expect(store.deliveries('sub_a', 10).items[0]).to.deep.include({ status: 'FAILED', lastError: 'ECONNREFUSED' });
      expect(store.due(10_000, 10)).to.deep.equal([]);
    });

    it("removing a subscription removes its deliveries; another account's subscription is not found", () => {
      expect(store.subscription('DEV-OTHER', 'sub_a')).to.equal(undefined);
      expect(store.removeSubscription('DEV-OTHER', 'sub_a')).to.equal(undefined);
      expect(store.removeSubscription('DEV-ACME', 'sub_a')?.id).to.equal('sub_a');
      expect(store.due(10_000, 10)).to.deep.equal([]);
      expect(store.deliveries('sub_a', 10).items).to.deep.equal([]);
    });

    it('never shows a secret in the list of subscriptions', () => {
      expect(store.subscriptions('DEV-ACME')[0]).to.not.have.property('secret');
      expect(store.subscriptions('DEV-ACME')[0]).to.not.have.property('accountType');
    });

    it('refuses a subscription over the limit of its account', () => {
      expect(store.addSubscription(subscriptionOf({ id: 'sub_b' }), 1, 1)).to.equal(false);
      expect(store.addSubscription(subscriptionOf({ id: 'sub_c', accountId: 'DEV-OTHER' }), 1, 1)).to.equal(true);
    });
  });

  describe('the dispatch lease', () => {
    const alive = (): boolean => false;

    it('one holder at a time until it expires, is released, or its process is gone', () => {
      expect(store.holdLease('a', 1_000, 500, alive)).to.equal(true);
      expect(store.holdLease('b', 1_100, 500, alive)).to.equal(false);
      expect(store.holdLease('a', 1_200, 500, alive)).to.equal(true);
      expect(store.holdLease('b', 1_600, 500, alive)).to.equal(false);
      expect(store.holdLease('b', 1_701, 500, alive)).to.equal(true);
      store.releaseLease('b');
      expect(store.holdLease('a', 1_702, 500, alive)).to.equal(true);
      expect(store.holdLease('b', 1_703, 500, (holder) => holder === 'a')).to.equal(true);
    });

    it('two stores on one file (two processes) see the same lease', () => {
      const other = NotificationStore.open(file);
      try {
        expect(store.holdLease('a', 1_000, 500, alive)).to.equal(true);
        expect(other.holdLease('b', 1_000, 500, alive)).to.equal(false);
      } finally {
        other.close();
      }
    });
  });
});
