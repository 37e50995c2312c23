import { z } from 'zod';

/** The explorer's answers, as the OpenAPI document describes them (routes/explorer.ts). */
export const TXID = z.string().regex(/^[0-9a-f]{64}$/, 'a Fabric transaction ID (64 hex characters)');
export const channelQuery = z.object({ channel: z.string().min(1).max(249).optional() });
const identity = z.object({ mspId: z.string(), commonName: z.string().nullable() });

export const transaction = z
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
export const blockRow = z.object({
  number: z.number().int(),
  hash: z.string(),
  previousHash: z.string(),
  dataHash: z.string(),
  txCount: z.number().int(),
  time: z.string().nullable(),
  raw: z.string().describe('the block as the peer returned it (protobuf common.Block), base64'),
});
export const block = blockRow
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
export const summary = z.object({
  title: z.string(),
  channels: z.array(z.string()).describe('the channels the explorer shows (explorer-config/config.json)'),
  channel: z.string(),
  chain: z.object({ height: z.number().int(), currentBlockHash: z.string(), previousBlockHash: z.string() }),
  transactionCount: z
    .number()
    .int()
    .nullable()
    .describe('every transaction in blocks [0, transactionCountHeight), from the read model (null: not available)'),
  transactionCountHeight: z.number().int().nullable().describe('the block height the read model has reached'),
  organisations: z.array(z.string()),
  nodes: z.array(node),
  raftLeader: z.string().nullable(),
  chaincodes: z.union([
    z.array(z.looseObject({ name: z.string(), sequence: z.number() })),
    z.object({ unavailable: z.string() }),
  ]),
});

export const accountActions = z.object({
  items: z.array(
    z
      .looseObject({ seq: z.number().int(), ...transaction.pick({ txId: true, blockNumber: true }).shape })
      .extend({ at: z.string(), kind: z.string() })
      .describe('an action of the log: also projectId, blockId, serials, quantity, from and to accounts, purpose'),
  ),
  next: z.number().int().nullable().describe('`before` for the next (older) page; null on the last page'),
  blockHeight: z.number().int(),
});
