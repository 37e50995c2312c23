import type { SubscriptionRecord } from '../../src/notifications/schemas';
import type { CommittedBlock } from '../../src/read-model/decode';

/** Committed blocks and subscriptions for the notification unit tests. */

/** A transaction ID made from a number. */
export const TX = (n: number): string => n.toString(16).padStart(64, '0');

/** A committed block whose transactions each emit one event (`VALID` unless said otherwise). */
export function blockOf(
  number: number,
  events: readonly { name: string; payload: Record<string, unknown>; validationCode?: string }[],
): CommittedBlock {
  return {
    number,
    hash: `h${String(number)}`,
    previousHash: number === 0 ? '' : `h${String(number - 1)}`,
    transactions: events.map((event, index) => ({
      index,
      txId: TX(number * 100 + index),
      at: '2026-01-01T00:00:00.000Z',
      validationCode: event.validationCode ?? 'VALID',
      chaincode: 'registry',
      writes: [],
      event: { name: event.name, payload: event.payload },
    })),
  };
}

export function subscriptionOf(overrides: Partial<SubscriptionRecord> & { id: string }): SubscriptionRecord {
  return {
    accountId: 'DEV-ACME',
    accountType: 'DEVELOPER',
    url: 'http://127.0.0.1:9/hook',
    eventTypes: ['CREDITS_TRANSFERRED'],
    fromBlock: 0,
    createdBy: 'dev-admin',
    createdAt: '2026-01-01T00:00:00.000Z',
    secret: 'whsec_test',
    ...overrides,
  };
}
