import { z } from 'zod';
import { type Route, defineRoute } from '../http/route';
import { type SseMessage, sendEvents } from '../http/sse';
import { type Closeable, piped } from '../streams';
import { decimalInt } from '../http/schemas';
import { stateOf } from '../http/context';
import { toApiError } from '../errors';
import type { EventStream, RegistryEvent } from '../fabric/ledger';
import { type GatewayUser, identityOf } from '../identity/users';
import type { Logger } from '../log';
import { requireBoundUser } from './caller';
import type { RouteDeps } from './deps';
import { readerSeesAsync } from './event-audience';

/** Event IDs are `<block>:<txId>`; resuming from one skips that block's events up to and including it. */
function parseLastEventId(value: string | undefined): { block: number; txId: string } | undefined {
  const match = value === undefined ? null : /^(\d{1,15}):([0-9a-f]{64})$/.exec(value.trim());
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return { block: Number(match[1]), txId: match[2] };
}

const projectPartiesSchema = z.looseObject({ developerAccountId: z.string(), certifierAccountId: z.string() });

/**
 * Which events the caller receives ({@link readerSeesAsync}: government users all of them, anyone else those that
 * concern their own account), with each project's parties looked up once per stream as the caller (projects are
 * public). An identity bound to no account gets 403 before the stream opens.
 */
async function audienceFor(
  deps: RouteDeps,
  user: GatewayUser,
  logger: Logger,
): Promise<(event: RegistryEvent) => Promise<boolean>> {
  const account = await requireBoundUser(deps, user);
  const parties = new Map<string, Promise<readonly string[]>>();
  const projectParties = (projectId: string): Promise<readonly string[]> => {
    let found = parties.get(projectId);
    if (found === undefined) {
      found = deps.registry.evaluate(identityOf(user), 'projects:GetProject', { projectId }).then(
        (project) => {
          const parsed = projectPartiesSchema.safeParse(project);
          return parsed.success ? [parsed.data.developerAccountId, parsed.data.certifierAccountId] : [];
        },
        (err: unknown) => {
          // Unknown parties: the event is withheld (fail closed), the stream goes on.
          logger.warn({ projectId, code: toApiError(err).code }, 'project lookup for an event failed');
          return [];
        },
      );
      parties.set(projectId, found);
    }
    return found;
  };
  return (event) => readerSeesAsync(account, event, projectParties);
}

/**
 * `stream` as server-sent events: skips what precedes the resume point and leaves out what the caller's audience may
 * not see.
 */
function registryEvents(
  stream: EventStream,
  audience: (event: RegistryEvent) => Promise<boolean>,
  last: { block: number; txId: string } | undefined,
): Closeable<SseMessage> {
  return piped(stream, async function* (events) {
    let passedResumePoint = last === undefined;
    for await (const event of events) {
      if (!passedResumePoint && last !== undefined && event.blockNumber <= last.block) {
        if (event.txId === last.txId) passedResumePoint = true;
        continue;
      }
      passedResumePoint = true;
      if (await audience(event))
        yield { id: `${event.blockNumber}:${event.txId}`, event: event.eventName, data: event };
    }
  });
}

export function eventRoutes(deps: RouteDeps): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/events',
      tag: 'events',
      summary: 'Server-sent events of committed registry chaincode events, resumable',
      description:
        'Government and auditor users receive every event; any other user only the events that concern their own ' +
        'account (its holdings, its projects, its account and identities, its own actions): docs/api.md. ' +
        'Each event: `id: <block>:<txId>`, `event: <EVENT_NAME>`, `data: {blockNumber, txId, eventName, payload}`. ' +
        'Start with `?fromBlock=N` (default: new events only); after a disconnect the `Last-Event-ID` header ' +
        '(sent by EventSource automatically) resumes right after the last event received.',
      query: z.object({ fromBlock: decimalInt({ min: 0 }).optional() }),
      responses: { 200: { description: 'an event stream', content: { 'text/event-stream': z.string() } } },
      handler: async ({ query, req, res, user }) => {
        const audience = await audienceFor(deps, user, stateOf(req).logger);
        const last = parseLastEventId(req.get('last-event-id'));
        const start = last !== undefined ? last.block : query.fromBlock;
        const stream = await deps.ledger.events(identityOf(user), start === undefined ? undefined : BigInt(start));
        await sendEvents(req, res, registryEvents(stream, audience, last));
        return undefined;
      },
    }),
  ];
}
