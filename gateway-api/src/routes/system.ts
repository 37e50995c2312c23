import { z } from 'zod';
import { type Route, defineRoute, ok } from '../http/route';
import { identityOf } from '../identity/users';
import type { RouteDeps } from './deps';

const healthSchema = z.object({
  status: z.enum(['ok', 'degraded', 'down']),
  ledger: z.object({ height: z.number().int(), currentBlockHash: z.string() }).nullable(),
  peers: z.array(z.object({ mspId: z.string(), peer: z.string(), endpoint: z.string(), reachable: z.boolean() })),
});

export function systemRoutes(deps: RouteDeps, openapi: () => unknown): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/health',
      tag: 'system',
      auth: false,
      summary: 'Health: ledger height and whether each peer is reachable (no authentication)',
      responses: {
        200: { description: 'ok, or degraded (some peer unreachable)', schema: healthSchema },
        503: { description: 'the ledger is unreachable', schema: healthSchema },
      },
      handler: async () => {
        const peers = await deps.ledger.peers();
        let ledger: z.infer<typeof healthSchema>['ledger'] = null;
        if (deps.systemIdentity !== undefined && peers.some((p) => p.reachable)) {
          try {
            const info = await deps.ledger.chainInfo(deps.systemIdentity);
            ledger = { height: info.height, currentBlockHash: info.currentBlockHash };
          } catch {
            // Reported as status "down" below.
          }
        }
        const status = ledger === null ? 'down' : peers.every((p) => p.reachable) ? 'ok' : 'degraded';
        return { status: status === 'down' ? 503 : 200, body: { status, ledger, peers } };
      },
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
