import { AccountTypeSchema } from '@ncr/chaincode/domain';
import { z } from 'zod';
import {
  type Attempt,
  DELIVERY_STATUSES,
  type Delivery,
  NoticeEventSchema,
  type SubscriptionRecord,
  SubscriptionSchema,
} from './schemas';

/** Rows of the notifications database (store-schema.ts) and what the API makes of them. */

export interface SubscriptionRow {
  readonly id: string;
  readonly account_id: string;
  readonly account_type: string;
  readonly url: string | null;
  readonly email: string | null;
  readonly secret: string | null;
  readonly event_types: string;
  readonly from_block: number;
  readonly created_by: string;
  readonly created_at: number;
}

export interface DeliveryRow {
  readonly seq: number;
  readonly id: string;
  readonly subscription_id: string;
  readonly block_number: number;
  readonly tx_id: string;
  readonly event_json: string;
  readonly status: string;
  readonly attempts: number;
  readonly next_attempt_at: number | null;
  readonly last_status: number | null;
  readonly last_error: string | null;
  readonly delivered_at: number | null;
  readonly created_at: number;
}

interface AttemptRow {
  readonly number: number;
  readonly at: number;
  readonly status: number | null;
  readonly error: string | null;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

/** A subscription row, parsed: what the API shows, plus its account type and secret. */
export function subscriptionOf(row: SubscriptionRow): SubscriptionRecord {
  const shown = SubscriptionSchema.parse({
    id: row.id,
    accountId: row.account_id,
    ...(row.url === null ? {} : { url: row.url }),
    ...(row.email === null ? {} : { email: row.email }),
    eventTypes: JSON.parse(row.event_types) as unknown,
    fromBlock: row.from_block,
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
  });
  return { ...shown, accountType: AccountTypeSchema.parse(row.account_type), secret: row.secret ?? undefined };
}

/** What the API shows of a subscription: never its secret nor its account type. */
export function shownSubscription(record: SubscriptionRecord): z.output<typeof SubscriptionSchema> {
  return SubscriptionSchema.parse(record);
}

/** A delivery row with its attempts (oldest first). */
export function deliveryOf(row: DeliveryRow, attempts: readonly AttemptRow[]): Delivery {
  return {
    id: row.id,
    subscriptionId: row.subscription_id,
    eventId: `${String(row.block_number)}:${row.tx_id}`,
    event: NoticeEventSchema.parse(JSON.parse(row.event_json)),
    status: z.enum(DELIVERY_STATUSES).parse(row.status),
    attempts: attempts.map((a): Attempt => ({
      number: a.number,
      at: iso(a.at),
      ...(a.status === null ? {} : { status: a.status }),
      ...(a.error === null ? {} : { error: a.error }),
    })),
    lastStatus: row.last_status,
    lastError: row.last_error,
    nextAttemptAt: row.status === 'PENDING' ? isoOrNull(row.next_attempt_at) : null,
    deliveredAt: isoOrNull(row.delivered_at),
    createdAt: iso(row.created_at),
  };
}
