import { AccountIdSchema } from '@ncr/chaincode/domain';
import { z } from 'zod';
import { NotFoundError, ReadModelUnavailableError } from '../errors';
import type { Explorer } from '../explorer/service';
import { defineRoute, ok } from '../http/route';
import { TXID, accountActions, block, blockRow, channelQuery, summary, transaction } from '../explorer/schemas';
import type { ActionRow } from '../read-model/action-row';
import { decimalInt } from '../http/schemas';
import { sendEvents } from '../http/sse';
import { piped } from '../streams';
import type { IdentityRef } from '../identity/credentials';
import { type GatewayUser, identityOf } from '../identity/users';
import { requireGovernmentUser } from './caller';
import type { RouteDeps } from './deps';
import { withStore } from './reports';
import { type RouteRow, routeTable } from './transaction-route';

const GOVERNMENT_ONLY = 'Government and auditor users only; anyone else gets 403 FORBIDDEN (docs/explorer.md).';

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

/** What the explorer route reads with: the explorer, the channel asked for, and the caller as a ledger identity. */
interface ExplorerCall {
  readonly explorer: Explorer;
  readonly channel: string;
  readonly actor: IdentityRef;
}

/** What differs from one explorer route to the next; every one takes `?channel=` and is for government users. */
interface ExplorerRow<P extends z.ZodType, Q extends z.ZodType<{ channel?: string | undefined }>> {
  readonly path: string;
  readonly summary: string;
  readonly params?: P;
  readonly query: Q;
  /** The description and JSON schema of the 200 answer. */
  readonly answer: string;
  readonly schema: z.ZodType;
  readonly read: (
    call: ExplorerCall,
    input: { params: z.output<P>; query: z.output<Q> },
    deps: RouteDeps,
  ) => Promise<unknown>;
}

function explorerRoute<P extends z.ZodType, Q extends z.ZodType<{ channel?: string | undefined }>>(
  row: ExplorerRow<P, Q>,
): RouteRow {
  const { answer, schema, read, ...declared } = row;
  return (deps) =>
    defineRoute({
      ...ROUTE,
      ...declared,
      responses: { 200: { description: answer, schema } },
      handler: async ({ params, query, user }) => {
        const { explorer, channel } = await explorerFor(deps, user, query.channel);
        return ok(await read({ explorer, channel, actor: identityOf(user) }, { params, query }, deps));
      },
    });
}

/**
 * The read model's running count of transactions (it follows every block of the registry's channel, so the dashboard
 * never reads the chain for it), with the block height it reflects; null for another channel or without a read model.
 */
function transactionCount(
  deps: RouteDeps,
  { explorer, channel }: ExplorerCall,
): { transactionCount: number | null; transactionCountHeight: number | null } {
  const none = { transactionCount: null, transactionCountHeight: null };
  if (channel !== explorer.registryChannel) return none;
  try {
    return withStore(deps, (store) =>
      store.snapshot(() => ({
        transactionCount: store.transactionCount(),
        transactionCountHeight: store.status().blockHeight,
      })),
    );
  } catch (err) {
    if (err instanceof ReadModelUnavailableError) return none;
    throw err;
  }
}

/** An action as the account history shows it: the log's columns, without the payload and block copies. */
function actionView(a: ActionRow): Omit<ActionRow, 'payload' | 'block'> {
  const { payload: _payload, block: _block, ...view } = a;
  return view;
}

const blockNumber = z.object({ number: decimalInt({ min: 0 }) });

const peerHashes = z.object({
  items: z.array(
    z.object({ mspId: z.string(), peer: z.string(), hash: z.string().nullable(), error: z.string().nullable() }),
  ),
});

/** `Last-Event-ID` of the block stream is a block number: resuming starts right after it. */
function resumeFrom(lastEventId: string | undefined): number | undefined {
  const match = lastEventId === undefined ? null : /^\d{1,15}$/.exec(lastEventId.trim());
  return match === null ? undefined : Number(match[0]) + 1;
}

/** Every block as it is committed (block events: configuration blocks too), as server-sent events. */
const blockStream: RouteRow = (deps) =>
  defineRoute({
    ...ROUTE,
    path: '/v1/explorer/stream',
    summary: 'Server-sent events, one per committed block (number, hashes, transaction count, time), resumable',
    description:
      `${GOVERNMENT_ONLY} Each event: \`id: <block number>\`, \`event: block\`, \`data: {number, hash, ` +
      'previousHash, dataHash, txCount, time}`. Start with `?fromBlock=N` (default: the next block); the ' +
      '`Last-Event-ID` header resumes right after that block.',
    query: channelQuery.extend({ fromBlock: decimalInt({ min: 0 }).optional() }),
    responses: { 200: { description: 'a block stream', content: { 'text/event-stream': z.string() } } },
    handler: async ({ query, req, res, user }) => {
      const { explorer, channel } = await explorerFor(deps, user, query.channel);
      const from = resumeFrom(req.get('last-event-id')) ?? query.fromBlock;
      const blocks = await explorer.follow(identityOf(user), channel, from);
      await sendEvents(
        req,
        res,
        piped(blocks, async function* (headlines) {
          for await (const data of headlines) yield { id: String(data.number), event: 'block', data };
        }),
      );
      return undefined;
    },
  });

/** The block explorer's views of the ledger (qscc, `_lifecycle`, the nodes' operations endpoints). */
export const explorerRoutes = routeTable([
  explorerRoute({
    path: '/v1/explorer/summary',
    summary: 'Dashboard: height, transaction count, organisations, nodes (operations endpoints), chaincodes',
    query: channelQuery,
    answer: 'the channel at a glance',
    schema: summary,
    read: async (call, _input, deps) => ({
      title: call.explorer.config.title,
      channels: call.explorer.config.channels,
      ...(await call.explorer.summary(call.actor, call.channel)),
      ...transactionCount(deps, call),
    }),
  }),
  explorerRoute({
    path: '/v1/explorer/blocks',
    summary: 'Blocks, newest first: `limit` blocks below `before` (default: the chain height)',
    query: channelQuery.extend({
      before: decimalInt({ min: 1 }).optional(),
      limit: decimalInt({ min: 1, max: 50 }).default(20),
    }),
    answer: 'a page of blocks',
    schema: z.object({ items: z.array(blockRow) }),
    read: async ({ explorer, channel, actor }, { query }) => ({
      items: await explorer.blocks(actor, channel, query.limit, query.before),
    }),
  }),
  explorerRoute({
    path: '/v1/explorer/blocks/:number',
    summary: 'A block with its raw bytes (to verify its hashes) and every transaction in full',
    params: blockNumber,
    query: channelQuery,
    answer: 'the block',
    schema: block,
    read: ({ explorer, channel, actor }, { params }) => explorer.block(actor, channel, params.number),
  }),
  explorerRoute({
    path: '/v1/explorer/blocks/:number/peers',
    summary: "The block's header hash as each organisation's peer holds it",
    params: blockNumber,
    query: channelQuery,
    answer: 'one entry per organisation',
    schema: peerHashes,
    read: async ({ explorer, channel, actor }, { params }) => ({
      items: await explorer.peerHashes(actor, channel, params.number),
    }),
  }),
  explorerRoute({
    path: '/v1/explorer/transactions/:txId',
    summary: 'A transaction: creator, validation code, endorsers, function, arguments, reads, writes, events',
    params: z.object({ txId: TXID }),
    query: channelQuery,
    answer: 'the transaction',
    schema: transaction,
    read: ({ explorer, channel, actor }, { params }) => explorer.transaction(actor, channel, params.txId),
  }),
  explorerRoute({
    path: '/v1/explorer/accounts/:id/actions',
    summary: "An account's history: the registry's actions on credits from or to it, newest first, a page at a time",
    params: z.object({ id: AccountIdSchema }),
    query: channelQuery.extend({
      before: decimalInt({ min: 1 }).optional().describe('the `next` of the previous page'),
      limit: decimalInt({ min: 1, max: 100 }).default(20),
    }),
    answer: 'a page of actions, with the block height the read model reflects',
    schema: accountActions,
    read: (_call, { params, query }, deps) =>
      Promise.resolve(
        withStore(deps, (store) =>
          store.snapshot(() => {
            const items = store.accountActions(params.id, query.limit, query.before).map(actionView);
            const last = items.at(-1);
            const next = items.length === query.limit && last !== undefined ? last.seq : null;
            return { items, next, blockHeight: store.status().blockHeight };
          }),
        ),
      ),
  }),
  blockStream,
]);
