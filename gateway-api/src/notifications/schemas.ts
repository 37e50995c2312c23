import { AccountTypeSchema, EVENTS, type EventName } from '@ncr/chaincode/domain';
import { z } from 'zod';

/**
 * Subscriptions and deliveries as the API shows them (one zod source: validation, types, OpenAPI). A subscription
 * delivers to a URL (webhook) or to an e-mail address.
 */

const EVENT_NAMES = Object.values(EVENTS) as [EventName, ...EventName[]];

export const SUBSCRIPTION_ID = /^sub_[0-9a-f]{24}$/;

const eventTypes = z
  .array(z.enum(EVENT_NAMES))
  .min(1)
  .max(EVENT_NAMES.length)
  .refine((names) => new Set(names).size === names.length, 'each event type once')
  .describe('chaincode event names (GET /v1/events); the account receives those of them its users may see');

export const NewSubscriptionSchema = z.union([
  z.strictObject({
    url: z.string().max(2048).describe('http(s) URL on a host the gateway allows (NCR_WEBHOOK_ALLOW_HOSTS)'),
    eventTypes,
  }),
  z.strictObject({
    email: z.email().max(254).describe('address that receives each notice by e-mail (when the gateway has SMTP)'),
    eventTypes,
  }),
]);

export const SubscriptionSchema = z.object({
  id: z.string().describe('`sub_` and 24 hex digits'),
  accountId: z.string(),
  url: z.string().optional(),
  email: z.string().optional(),
  eventTypes: z.array(z.enum(EVENT_NAMES)),
  fromBlock: z.number().int().describe('events of blocks from this one on (the ledger height at registration)'),
  createdBy: z.string().describe('the gateway user who registered it'),
  createdAt: z.string(),
});
export type Subscription = z.output<typeof SubscriptionSchema>;

/** What the dispatcher and the fan-out need besides what the API shows. */
export interface SubscriptionRecord extends Subscription {
  readonly accountType: z.output<typeof AccountTypeSchema>;
  /** Webhooks only: the HMAC key of their signatures. */
  readonly secret: string | undefined;
}

/** A committed chaincode event, as GET /v1/events sends it. */
export const NoticeEventSchema = z.object({
  blockNumber: z.number().int(),
  txId: z.string(),
  eventName: z.string(),
  payload: z.record(z.string(), z.unknown()),
});

/** The JSON body of a webhook delivery (docs/notifications.md). */
export interface DeliveryBody {
  /** `dlv_` and 32 hex digits: the same on every retry, for the receiver to de-duplicate. */
  readonly id: string;
  readonly subscriptionId: string;
  readonly accountId: string;
  /** `<block>:<txId>`, as the id of GET /v1/events. */
  readonly eventId: string;
  readonly event: z.output<typeof NoticeEventSchema>;
}

export const DELIVERY_STATUSES = ['PENDING', 'DELIVERED', 'FAILED'] as const;

const AttemptSchema = z.object({
  number: z.number().int(),
  at: z.string(),
  status: z.number().int().optional().describe('HTTP status of a webhook, SMTP reply code of an e-mail'),
  error: z.string().optional(),
});
export type Attempt = z.output<typeof AttemptSchema>;

export const DeliverySchema = z.object({
  id: z.string(),
  subscriptionId: z.string(),
  eventId: z.string(),
  event: NoticeEventSchema,
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.array(AttemptSchema).describe('oldest first'),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable().describe('when PENDING: the next attempt'),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Delivery = z.output<typeof DeliverySchema>;
