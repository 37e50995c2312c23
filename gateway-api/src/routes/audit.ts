import { z } from 'zod';
import { MAX_PAGE_SIZE, VerifyIntegrityInputSchema } from '@ncr/chaincode/domain';
import type { Route } from '../http/route';
import { decimalInt, looseObject } from '../http/schemas';
import type { RouteDeps } from './deps';
import { transactionRoute } from './transaction-route';

const integrityQuery = z.object({
  pageSize: decimalInt({ min: 1, max: MAX_PAGE_SIZE }).optional(),
  bookmark: z.string().max(64).optional(),
});

export function auditRoutes(deps: RouteDeps): Route[] {
  return [
    transactionRoute(deps, {
      method: 'get',
      path: '/v1/audit/integrity',
      tag: 'audit',
      summary:
        'Checks the ledger invariants (no serial issued twice, every serial in exactly one block, conservation per ' +
        'issuance) one page of issuances at a time; follow `bookmark` until `complete` (government, certifiers)',
      tx: 'audit:VerifyIntegrity',
      input: VerifyIntegrityInputSchema,
      query: integrityQuery,
      responses: { 200: { description: 'violations found on this page (expected: none)', schema: looseObject } },
    }),
  ];
}
