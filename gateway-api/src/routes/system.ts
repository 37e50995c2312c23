import { z } from 'zod';
import { cachedFor } from '../cache';
import type { OrderingHealth } from '../fabric/ordering';
import { type Route, type RouteResult, defineRoute, ok } from '../http/route';
import { identityOf } from '../identity/users';
import type { RouteDeps } from './deps';

const healthSchema = z.object({
  status: z
    .enum(['ok', 'degraded', 'down'])
    .describe('down: the ledger cannot be read; degraded: a peer or orderer is down, or ordering lost its quorum'),
  ledger: z.object({ height: z.number().int(), currentBlockHash: z.string() }).nullable(),
  peers: z.array(z.object({ mspId: z.string(), peer: z.string(), endpoint: z.string(), reachable: z.boolean() })),
  orderers: z.array(
    z.object({ mspId: z.string(), orderer: z.string(), reachable: z.boolean(), leader: z.boolean().nullable() }),
  ),
  ordering: z
    .object({
      status: z.enum(['ok', 'degraded', 'unavailable']),
      reachable: z.number().int(),
      quorum: z.number().int(),
      leader: z.string().nullable(),
    })
    .nullable()
    .describe(
      'unavailable: fewer orderers run than the Raft quorum, so writes fail (503) until one returns; ' +
        'null when the network description lists no orderer operations endpoint',
    ),
  down: z.array(z.string()).describe('peers and orderers that do not answer'),
});

type Health = z.infer<typeof healthSchema>;

/** The orderers' part of the health answer (none when the network description lists no orderer). */
async function orderingPart(deps: RouteDeps): Promise<Pick<Health, 'orderers' | 'ordering'>> {
  if (deps.ordering === undefined) return { orderers: [], ordering: null };
  const { orderers, status, reachable, quorum, leader }: OrderingHealth = await deps.ordering.health();
  return { orderers, ordering: { status, reachable, quorum, leader } };
}

/** Peers' readiness, the orderers' and the chain height, as the system identity sees them. */
async function probe(deps: RouteDeps): Promise<RouteResult> {
  const [peers, ordering] = await Promise.all([deps.ledger.peers(), orderingPart(deps)]);
  let ledger: Health['ledger'] = null;
  if (deps.systemIdentity !== undefined && peers.some((p) => p.reachable)) {
    try {
      const info = await deps.ledger.chainInfo(deps.systemIdentity);
      ledger = { height: info.height, currentBlockHash: info.currentBlockHash };
    } catch {
      // Reported as status "down" below.
    }
  }
  const down = [
    ...peers.filter((p) => !p.reachable).map((p) => p.peer),
    ...ordering.orderers.filter((o) => !o.reachable).map((o) => o.orderer),
  ];
  const allUp = down.length === 0 && (ordering.ordering === null || ordering.ordering.status === 'ok');
  const status = ledger === null ? 'down' : allUp ? 'ok' : 'degraded';
  const body: Health = { status, ledger, peers, ...ordering, down };
  return { status: status === 'down' ? 503 : 200, body };
}

const DEFAULT_HEALTH_CACHE_MS = 3_000;

export function systemRoutes(deps: RouteDeps, openapi: () => unknown): Route[] {
  const health = cachedFor(deps.healthCacheMs ?? DEFAULT_HEALTH_CACHE_MS, () => probe(deps));
  return [
    defineRoute({
      method: 'get',
      path: '/v1/health',
      tag: 'system',
      auth: false,
      summary: 'Health: ledger height, whether each peer and orderer runs, ordering quorum (no authentication)',
      description:
        'One probe of the ledger answers every call for a few seconds (NCR_HEALTH_CACHE_MS, default 3000); ' +
        'rate limited per client address (NCR_PUBLIC_RATE_LIMIT_PER_MINUTE).',
      responses: {
        200: {
          description: 'ok, or degraded (a peer or orderer down, or no ordering quorum: see `ordering`)',
          schema: healthSchema,
        },
        503: { description: 'the ledger is unreachable', schema: healthSchema },
      },
      handler: () => health(),
    }),
    defineRoute({
      method: 'get',
      path: '/v1/openapi.json',
      tag: 'system',
      auth: false,
      summary: 'This OpenAPI 3 document',
      responses: { 200: { description: 'OpenAPI 3.0 document', schema: z.looseObject({}) } },
      handler: () => Promise.resolve(ok(openapi())),
    }),
    defineRoute({
      method: 'get',
      path: '/v1/me',
      tag: 'system',
      summary: 'Who am I: the gateway user and the ledger binding of their identity (accounts:WhoAmI)',
      responses: {
        200: {
          description: 'the caller',
          schema: z.object({
            user: z.object({
              name: z.string(),
              mspId: z.string(),
              enrollmentId: z.string(),
              accountId: z.string(),
              role: z.string(),
            }),
            ledger: z.looseObject({}),
          }),
        },
      },
      handler: async ({ user }) => {
        const { createdAt: _createdAt, ...profile } = user;
        return ok({ user: profile, ledger: await deps.registry.query(identityOf(user), 'accounts:WhoAmI') });
      },
    }),
  ];
}
