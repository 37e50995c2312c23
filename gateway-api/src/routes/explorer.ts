import { z } from 'zod';
import { NotFoundError } from '../errors';
import type { Explorer } from '../explorer/service';
import { type Route, defineRoute, ok } from '../http/route';
import { decimalInt } from '../http/schemas';
import { type GatewayUser, identityOf } from '../identity/users';
import { requireGovernmentUser } from './caller';
import type { RouteDeps } from './deps';

const GOVERNMENT_ONLY = 'Government and auditor users only; anyone else gets 403 FORBIDDEN (docs/explorer.md).';
const TXID = z.string().regex(/^[0-9a-f]{64}$/, 'a Fabric transaction ID (64 hex characters)');
const channelQuery = z.object({ channel: z.string().min(1).max(249).optional() });
const identity = z.object({ mspId: z.string(), commonName: z.string().nullable() });

const transaction = z
  .looseObject({
    txId: z.string(),
    type: z.string(),
    timestamp: z.string().nullable(),
    creator: identity.nullable(),
    validationCode: z.string(),
    chaincode: z.string().nullable(),
    function: z.string().nullable(),
    blockNumber: z.number().int(),
    index: z.number().int(),
    args: z.array(z.unknown()),
    endorsingOrganisations: z.array(z.string()),
    reads: z.array(z.object({ namespace: z.string(), key: z.string(), version: z.unknown() })),
    writes: z.array(z.looseObject({ namespace: z.string(), key: z.string(), isDelete: z.boolean() })),
    events: z.array(z.object({ chaincode: z.string(), name: z.string(), payload: z.unknown() })),
  })
  .meta({ id: 'ExplorerTransaction' });
const blockRow = z.object({
  number: z.number().int(),
  hash: z.string(),
  previousHash: z.string(),
  dataHash: z.string(),
  txCount: z.number().int(),
  time: z.string().nullable(),
  raw: z.string().describe('the block as the peer returned it (protobuf common.Block), base64'),
});
const block = blockRow
  .omit({ txCount: true, time: true })
  .extend({
    transactions: z.array(transaction),
  })
  .meta({ id: 'ExplorerBlock' });
const node = z.object({
  name: z.string(),
  mspId: z.string(),
  kind: z.enum(['peer', 'orderer']),
  operationsUrl: z.string(),
  up: z.boolean(),
  height: z.number().nullable(),
  raftLeader: z.boolean().nullable(),
});
const summary = z.object({
  title: z.string(),
  channels: z.array(z.string()).describe('the channels the explorer shows (explorer-config/config.json)'),
  channel: z.string(),
  chain: z.object({ height: z.number().int(), currentBlockHash: z.string(), previousBlockHash: z.string() }),
  transactionCount: z.number().int(),
  organisations: z.array(z.string()),
  nodes: z.array(node),
  raftLeader: z.string().nullable(),
  chaincodes: z.union([
    z.array(z.looseObject({ name: z.string(), sequence: z.number() })),
    z.object({ unavailable: z.string() }),
  ]),
});

/** The explorer, the caller (a government or auditor user, else 403) and the channel asked for (else 404). */
async function explorerFor(
  deps: RouteDeps,
  user: GatewayUser,
  channel: string | undefined,
): Promise<{ explorer: Explorer; channel: string }> {
  const explorer = deps.explorer;
  if (explorer === undefined) throw new NotFoundError('the explorer is not configured on this gateway');
  await requireGovernmentUser(deps, user, 'the block explorer');
  const chosen = channel ?? explorer.config.channels[0] ?? '';
  if (!explorer.config.channels.includes(chosen)) throw new NotFoundError(`channel ${chosen} is not in the explorer`);
  return { explorer, channel: chosen };
}

const ROUTE = { method: 'get', tag: 'explorer', description: GOVERNMENT_ONLY } as const;

/** The dashboard and the block list. */
function overviewRoutes(deps: RouteDeps): Route[] {
  return [
    defineRoute({
      ...ROUTE,
      path: '/v1/explorer/summary',
      summary: 'Dashboard: height, transaction count, organisations, nodes (operations endpoints), chaincodes',
      query: channelQuery,
      responses: { 200: { description: 'the channel at a glance', schema: summary } },
      handler: async ({ query, user }) => {
        const { explorer, channel } = await explorerFor(deps, user, query.channel);
        return ok({
          title: explorer.config.title,
          channels: explorer.config.channels,
          ...(await explorer.summary(identityOf(user), channel)),
        });
      },
    }),
    defineRoute({
      ...ROUTE,
      path: '/v1/explorer/blocks',
      summary: 'Blocks, newest first: `limit` blocks below `before` (default: the chain height)',
      query: channelQuery.extend({
        before: decimalInt({ min: 1 }).optional(),
        limit: decimalInt({ min: 1, max: 50 }).default(20),
      }),
      responses: { 200: { description: 'a page of blocks', schema: z.object({ items: z.array(blockRow) }) } },
      handler: async ({ query, user }) => {
        const { explorer, channel } = await explorerFor(deps, user, query.channel);
        return ok({ items: await explorer.blocks(identityOf(user), channel, query.limit, query.before) });
      },
    }),
  ];
}

/** One block (raw bytes, peers' hashes) and one transaction. */
function detailRoutes(deps: RouteDeps): Route[] {
  return [
    defineRoute({
      ...ROUTE,
      path: '/v1/explorer/blocks/:number',
      summary: 'A block with its raw bytes (to verify its hashes) and every transaction in full',
      params: z.object({ number: decimalInt({ min: 0 }) }),
      query: channelQuery,
      responses: { 200: { description: 'the block', schema: block } },
      handler: async ({ params, query, user }) => {
        const { explorer, channel } = await explorerFor(deps, user, query.channel);
        return ok(await explorer.block(identityOf(user), channel, params.number));
      },
    }),
    defineRoute({
      ...ROUTE,
      path: '/v1/explorer/blocks/:number/peers',
      summary: "The block's header hash as each organisation's peer holds it",
      params: z.object({ number: decimalInt({ min: 0 }) }),
      query: channelQuery,
      responses: {
        200: {
          description: 'one entry per organisation',
          schema: z.object({
            items: z.array(
              z.object({
                mspId: z.string(),
                peer: z.string(),
                hash: z.string().nullable(),
                error: z.string().nullable(),
              }),
            ),
          }),
        },
      },
      handler: async ({ params, query, user }) => {
        const { explorer, channel } = await explorerFor(deps, user, query.channel);
        return ok({ items: await explorer.peerHashes(identityOf(user), channel, params.number) });
      },
    }),
    defineRoute({
      ...ROUTE,
      path: '/v1/explorer/transactions/:txId',
      summary: 'A transaction: creator, validation code, endorsers, function, arguments, reads, writes, events',
      params: z.object({ txId: TXID }),
      query: channelQuery,
      responses: { 200: { description: 'the transaction', schema: transaction } },
      handler: async ({ params, query, user }) => {
        const { explorer, channel } = await explorerFor(deps, user, query.channel);
        return ok(await explorer.transaction(identityOf(user), channel, params.txId));
      },
    }),
  ];
}

/** The block explorer's views of the ledger (qscc, `_lifecycle`, the nodes' operations endpoints). */
export function explorerRoutes(deps: RouteDeps): Route[] {
  return [...overviewRoutes(deps), ...detailRoutes(deps)];
}
