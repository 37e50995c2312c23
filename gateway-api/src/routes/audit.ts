import { z } from 'zod';
import { MAX_PAGE_SIZE } from '@ncr/chaincode/domain';
import { type Route, defineRoute, ok } from '../http/route';
import { decimalInt, looseObject } from '../http/schemas';
import { identityOf } from '../identity/users';
import type { RouteDeps } from './deps';

const integrityQuery = z.object({
  pageSize: decimalInt({ min: 1, max: MAX_PAGE_SIZE }).optional(),
  bookmark: z.string().max(64).optional(),
});

export function auditRoutes(deps: RouteDeps): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/audit/integrity',
      tag: 'audit',
      summary:
        'Checks the ledger invariants (no serial issued twice, every serial in exactly one block, conservation per ' +
        'issuance) one page of issuances at a time; follow `bookmark` until `complete` (government, certifiers)',
      query: integrityQuery,
      responses: { 200: { description: 'violations found on this page (expected: none)', schema: looseObject } },
      handler: async ({ query, user }) =>
        ok(await deps.registry.evaluate(identityOf(user), 'audit:VerifyIntegrity', query)),
    }),
  ];
}
