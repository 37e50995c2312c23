import { z } from 'zod';
import { type Route, defineRoute, ok } from '../http/route';
import { decimalInt } from '../http/schemas';
import { identityOf } from '../identity/users';
import { requireGovernmentUser } from './caller';
import type { RouteDeps } from './deps';

const RAW_LEDGER = 'the raw ledger';
const GOVERNMENT_ONLY = 'Government and auditor users only; anyone else gets 403 FORBIDDEN (docs/api.md).';

const identity = z.object({ mspId: z.string(), commonName: z.string().nullable() });
const txSummary = z.object({
  txId: z.string(),
  type: z.string().describe('ENDORSER_TRANSACTION, CONFIG, ...'),
  timestamp: z.string().nullable(),
  creator: identity.nullable(),
  validationCode: z.string().describe('VALID, MVCC_READ_CONFLICT, ENDORSEMENT_POLICY_FAILURE, ...'),
  chaincode: z.string().nullable(),
  function: z.string().nullable().describe('contract:Transaction'),
});
const blockSchema = z
  .object({
    number: z.number().int(),
    hash: z.string().describe('SHA-256 of the block header (hex), as Fabric computes it'),
    previousHash: z.string(),
    dataHash: z.string(),
    transactions: z.array(txSummary),
  })
  .meta({ id: 'LedgerBlock' });
const txDetail = txSummary
  .extend({
    blockNumber: z.number().int(),
    args: z.array(z.unknown()),
    endorsers: z.array(identity),
    endorsingOrganisations: z.array(z.string()),
    writes: z.array(
      z.object({ namespace: z.string(), key: z.string(), isDelete: z.boolean(), value: z.unknown().optional() }),
    ),
    response: z.object({ status: z.number(), message: z.string(), payload: z.unknown() }).nullable(),
  })
  .meta({ id: 'LedgerTransaction' });

/**
 * Raw views of the ledger through qscc, for government and auditor users only: transaction arguments, written
 * values and results show every account's holdings, which the chaincode shows a developer only for its own.
 */
export function ledgerRoutes(deps: RouteDeps): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/ledger',
      tag: 'ledger',
      description: GOVERNMENT_ONLY,
      summary: 'Chain height and the current and previous block hashes (qscc GetChainInfo)',
      responses: {
        200: {
          description: 'chain info',
          schema: z.object({ height: z.number().int(), currentBlockHash: z.string(), previousBlockHash: z.string() }),
        },
      },
      handler: async ({ user }) => {
        await requireGovernmentUser(deps, user, RAW_LEDGER);
        return ok(await deps.ledger.chainInfo(identityOf(user)));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/ledger/blocks/:number',
      tag: 'ledger',
      description: GOVERNMENT_ONLY,
      summary: 'A block: header hashes and each transaction (qscc GetBlockByNumber, decoded with fabric-protos)',
      params: z.object({ number: decimalInt({ min: 0 }) }),
      responses: { 200: { description: 'the block', schema: blockSchema } },
      handler: async ({ params, user }) => {
        await requireGovernmentUser(deps, user, RAW_LEDGER);
        const { details: _details, ...block } = await deps.ledger.block(identityOf(user), params.number);
        return ok(block);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/ledger/transactions/:txId',
      tag: 'ledger',
      description: GOVERNMENT_ONLY,
      summary: 'A transaction: block, validation code, creator, endorsing organisations, function, args, writes',
      params: z.object({ txId: z.string().regex(/^[0-9a-f]{64}$/, 'a Fabric transaction ID (64 hex characters)') }),
      responses: { 200: { description: 'the transaction', schema: txDetail } },
      handler: async ({ params, user }) => {
        await requireGovernmentUser(deps, user, RAW_LEDGER);
        return ok(await deps.ledger.transaction(identityOf(user), params.txId));
      },
    }),
  ];
}
