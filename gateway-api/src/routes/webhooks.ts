import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { type ApiError, ConflictError, ForbiddenError, NotFoundError, TargetNotAllowedError } from '../errors';
import { type Route, defineRoute, ok } from '../http/route';
import { decimalInt, errorBodySchema } from '../http/schemas';
import type { CallerAccount } from '../identity/caller-account';
import { type GatewayUser, identityOf } from '../identity/users';
import { shownSubscription } from '../notifications/rows';
import { DeliverySchema, NewSubscriptionSchema, SUBSCRIPTION_ID, SubscriptionSchema } from '../notifications/schemas';
import { newSecret } from '../notifications/signing';
import { refusedUrl } from '../notifications/targets';
import { requireBoundUser } from './caller';
import type { RouteDeps } from './deps';

/** Subscriptions one account may hold. */
const MAX_SUBSCRIPTIONS = 20;

type Notifications = NonNullable<RouteDeps['notifications']>;

const idParams = z.object({ id: z.string().regex(SUBSCRIPTION_ID, 'a subscription ID (sub_ and 24 hex digits)') });

const deliveriesQuery = z.object({
  limit: decimalInt({ min: 1, max: 100 }).default(50).describe('deliveries a page (at most 100)'),
  before: decimalInt({ min: 1 }).optional().describe('the `next` of the previous page'),
});

const deliveriesPage = z.object({
  items: z.array(DeliverySchema).describe('newest first'),
  next: z.number().int().nullable().describe('`before` of the next page; null at the end'),
});

function notificationsOf(deps: RouteDeps): Notifications {
  if (deps.notifications === undefined) throw new NotFoundError('this gateway has no notifications');
  return deps.notifications;
}

/** The caller's account, when the caller is one of its ADMINs: they manage its notifications. */
async function adminOf(deps: RouteDeps, user: GatewayUser): Promise<CallerAccount> {
  const account = await requireBoundUser(deps, user);
  if (account.role !== 'ADMIN') throw new ForbiddenError(`notifications of ${account.id} are managed by its ADMINs`);
  return account;
}

const notFound = (id: string): ApiError => new NotFoundError(`no subscription ${id} of your account`);

/** `POST /v1/webhooks`: a webhook (with its secret, shown once) or an e-mail subscription of the caller's account. */
function createRoute(deps: RouteDeps): Route {
  return defineRoute({
    method: 'post',
    path: '/v1/webhooks',
    tag: 'notifications',
    summary: "Subscribe the caller's account (ADMIN) to registry events by webhook or e-mail",
    description:
      'Body `{url, eventTypes}` (webhook) or `{email, eventTypes}`. The account receives the events of those types ' +
      'that its users may see on GET /v1/events, from the current ledger height on; each delivery is signed ' +
      '(`X-NCR-Signature`, docs/notifications.md) with the `secret` answered here once. 422 TARGET_NOT_ALLOWED: a ' +
      'host outside NCR_WEBHOOK_ALLOW_HOSTS, or e-mail while the site has no SMTP server.',
    body: NewSubscriptionSchema,
    responses: {
      201: {
        description: 'subscribed',
        schema: SubscriptionSchema.extend({
          secret: z.string().optional().describe('webhooks: the HMAC key of their signatures, shown only here'),
        }),
      },
      422: {
        description: 'TARGET_NOT_ALLOWED: a host the site does not allow, or e-mail without SMTP',
        schema: errorBodySchema,
      },
    },
    handler: async ({ body, user }) => {
      const notifications = notificationsOf(deps);
      const account = await adminOf(deps, user);
      const refused =
        'url' in body
          ? refusedUrl(body.url, notifications.allowHosts)
          : notifications.email
            ? undefined
            : 'e-mail is off at this site: its operator has set no SMTP server (NCR_SMTP_URL)';
      if (refused !== undefined) throw new TargetNotAllowedError(refused);
      const { height } = await deps.ledger.chainInfo(identityOf(user));
      const now = Date.now();
      const secret = 'url' in body ? newSecret() : undefined;
      const record = {
        ...body,
        id: `sub_${randomBytes(12).toString('hex')}`,
        accountId: account.id,
        accountType: account.type,
        fromBlock: height,
        createdBy: user.name,
        createdAt: new Date(now).toISOString(),
        secret,
      };
      if (!notifications.store.addSubscription(record, now, MAX_SUBSCRIPTIONS)) {
        throw new ConflictError(`${account.id} has ${String(MAX_SUBSCRIPTIONS)} subscriptions: remove one first`);
      }
      return { status: 201, body: { ...shownSubscription(record), ...(secret === undefined ? {} : { secret }) } };
    },
  });
}

/** `/v1/webhooks`: subscriptions to registry events by webhook or e-mail, managed by an account's ADMINs. */
export function webhookRoutes(deps: RouteDeps): Route[] {
  return [
    createRoute(deps),
    defineRoute({
      method: 'get',
      path: '/v1/webhooks',
      tag: 'notifications',
      summary: "The caller's account's subscriptions (ADMIN), without their secrets",
      responses: { 200: { description: 'subscriptions', schema: z.object({ items: z.array(SubscriptionSchema) }) } },
      handler: async ({ user }) => {
        const notifications = notificationsOf(deps);
        const account = await adminOf(deps, user);
        return ok({ items: notifications.store.subscriptions(account.id) });
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/v1/webhooks/:id',
      tag: 'notifications',
      summary: 'Remove a subscription of the caller’s account (ADMIN) with its deliveries; pending ones are not sent',
      params: idParams,
      responses: { 200: { description: 'the removed subscription', schema: SubscriptionSchema } },
      handler: async ({ params, user }) => {
        const notifications = notificationsOf(deps);
        const account = await adminOf(deps, user);
        const removed = notifications.store.removeSubscription(account.id, params.id);
        if (removed === undefined) throw notFound(params.id);
        return ok(removed);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/webhooks/:id/deliveries',
      tag: 'notifications',
      summary: 'A subscription’s deliveries (ADMIN): event, status, each attempt, next attempt, delivered at',
      params: idParams,
      query: deliveriesQuery,
      responses: { 200: { description: 'a page of deliveries', schema: deliveriesPage } },
      handler: async ({ params, query, user }) => {
        const notifications = notificationsOf(deps);
        const account = await adminOf(deps, user);
        if (notifications.store.subscription(account.id, params.id) === undefined) throw notFound(params.id);
        return ok(notifications.store.deliveries(params.id, query.limit, query.before));
      },
    }),
  ];
}
