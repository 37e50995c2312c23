import { z } from 'zod';
import { MAX_PAGE_SIZE } from '@ncr/chaincode/domain';
import { decimalInt, looseObject } from '../http/schemas';
import { routeTable, transactionRows } from './transaction-route';

const integrityQuery = z.object({
  pageSize: decimalInt({ min: 1, max: MAX_PAGE_SIZE }).optional(),
  bookmark: z.string().max(64).optional(),
});

export const auditRoutes = routeTable(
  transactionRows('audit', [
    {
      method: 'get',
      path: '/v1/audit/integrity',
      query: integrityQuery,
      tx: 'audit:VerifyIntegrity',
      summary:
        'Checks the ledger invariants (no serial issued twice, every serial in exactly one block, conservation per ' +
        'issuance) in serial order, `pageSize` blocks per page (at most 6 key reads each, also inside one large ' +
        'issuance); follow `bookmark` until `complete` (government, certifiers)',
      answer: 'violations found on this page (expected: none)',
      schema: looseObject,
    },
  ]),
);
