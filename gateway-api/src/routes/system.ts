import { z } from 'zod';
import { type Route, type RouteResult, defineRoute, ok } from '../http/route';
import { identityOf } from '../identity/users';
import type { RouteDeps } from './deps';

const healthSchema = z.object({
  status: z.enum(['ok', 'degraded', 'down']),
  ledger: z.object({ height: z.number().int(), currentBlockHash: z.string() }).nullable(),
  peers: z.array(z.object({ mspId: z.string(), peer: z.string(), endpoint: z.string(), reachable: z.boolean() })),
});

type Health = z.infer<typeof healthSchema>;

/** Peers' readiness and the chain height, as the system identity sees them. */
async function probe(deps: RouteDeps): Promise<RouteResult> {
  const peers = await deps.ledger.peers();
  let ledger: Health['ledger'] = null;
  if (deps.systemIdentity !== undefined && peers.some((p) => p.reachable)) {
    try {
      const info = await deps.ledger.chainInfo(deps.systemIdentity);
      ledger = { height: info.height, currentBlockHash: info.currentBlockHash };
    } catch {
      // Reported as status "down" below.
    }
  }
  const status = ledger === null ? 'down' : peers.every((p) => p.reachable) ? 'ok' : 'degraded';
  const body: Health = { status, ledger, peers };
  return { status: status === 'down' ? 503 : 200, body };
}

/**
 * `fn`'s answer reused for `ttlMs` after it settles, and shared by callers that arrive while it runs, so that
 * however often an unauthenticated client asks, the ledger is probed at most once per window.
 */
export function cachedFor<T>(ttlMs: number, fn: () => Promise<T>, now: () => number = Date.now): () => Promise<T> {
  let cached: { readonly value: Promise<T>; expiresAt: number } | undefined;
  return () => {
    if (cached !== undefined && now() < cached.expiresAt) return cached.value;
    const entry = { value: fn(), expiresAt: Number.POSITIVE_INFINITY };
    cached = entry;
    const settled = (): void => {
      entry.expiresAt = now() + ttlMs;
    };
    entry.value.then(settled, settled);
    return entry.value;
  };
}

export const DEFAULT_HEALTH_CACHE_MS = 3_000;

export function systemRoutes(deps: RouteDeps, openapi: () => unknown): Route[] {
  const health = cachedFor(deps.healthCacheMs ?? DEFAULT_HEALTH_CACHE_MS, () => probe(deps));
  return [
    defineRoute({
      method: 'get',
      path: '/v1/health',
      tag: 'system',
      auth: false,
      summary: 'Health: ledger height and whether each peer is reachable (no authentication)',
      description:
        'One probe of the ledger answers every call for a few seconds (NCR_HEALTH_CACHE_MS, default 3000); ' +
        'rate limited per client address (NCR_PUBLIC_RATE_LIMIT_PER_MINUTE).',
      responses: {
        200: { description: 'ok, or degraded (some peer unreachable)', schema: healthSchema },
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
