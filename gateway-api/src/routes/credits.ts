import {
  AccountIdSchema,
  BlockIdSchema,
  BlockStatusSchema,
  CancelInputSchema,
  CreditBlockSchema,
  FreezeInputSchema,
  GetBlockInputSchema,
  ListBlocksInputSchema,
  MAX_SERIAL,
  ProjectIdSchema,
  RetireInputSchema,
  SerialSchema,
  TransferInputSchema,
  UnfreezeInputSchema,
} from '@ncr/chaincode/domain';
import { z } from 'zod';
import { type Route, defineRoute, ok } from '../http/route';
import { committedFields, decimalInt, looseObject, pageOf, pageQuery } from '../http/schemas';
import { identityOf } from '../identity/users';
import type { RouteDeps } from './deps';
import { transactionRoute } from './transaction-route';

const Block = CreditBlockSchema.meta({ id: 'CreditBlock' });
/** The block in the path: `:id` is the input's `blockId`. */
const ofBlock = { params: z.object({ id: BlockIdSchema }), fromPath: { id: 'blockId' } } as const;
/** Transfer, retirement and cancellation answer with the blocks they touched (kept, moved part, lineage). */
const actionOutcome = looseObject.extend(committedFields);

/** A parent in a serial's lineage: which block, which serials; never its owner or state. */
const parentRef = z.object({
  id: BlockIdSchema,
  parentBlockId: BlockIdSchema.optional(),
  serialStart: SerialSchema,
  serialEnd: SerialSchema,
});
const heldEntry = z.looseObject({ block: z.looseObject({}), history: z.array(z.unknown()) });
const serialLookupSchema = z
  .looseObject({
    serial: SerialSchema,
    itmoId: z.string().optional(),
    block: Block,
    lineage: z
      .array(z.union([heldEntry, z.object({ block: parentRef })]))
      .describe('first the block holding the serial (with its history), then each block it was split from'),
    lineageTruncated: z.boolean(),
  })
  .meta({ id: 'SerialLookup' });

const lineageOf = z.looseObject({ lineage: z.array(z.unknown()) });
const parentEntry = z.looseObject({ block: parentRef.loose() });

/**
 * Keeps the first lineage entry (the block holding the serial, which the chaincode let the caller read) and reduces
 * every parent to {@link parentRef}: a parent may now belong to another account, whose holdings the caller may not
 * read. Projected here, on the way out, whatever the chaincode put in; a parent of unexpected shape is left out.
 */
export function withParentsAsRanges(result: unknown): unknown {
  const parsed = lineageOf.safeParse(result);
  if (!parsed.success) return result;
  const [held, ...parents] = parsed.data.lineage;
  const refs = parents.flatMap((entry) => {
    const parent = parentEntry.safeParse(entry);
    if (!parent.success) return [];
    const { id, parentBlockId, serialStart, serialEnd } = parent.data.block;
    return [{ block: { id, ...(parentBlockId === undefined ? {} : { parentBlockId }), serialStart, serialEnd } }];
  });
  return { ...parsed.data, lineage: held === undefined ? [] : [held, ...refs] };
}

/** Credit blocks and serial look-up. */
function creditReadRoutes(deps: RouteDeps): Route[] {
  return [
    transactionRoute(deps, {
      method: 'get',
      path: '/v1/credit-blocks',
      tag: 'credits',
      summary: 'List credit blocks by owner, project, status, vintage (a developer sees its own)',
      tx: 'credits:ListBlocks',
      input: ListBlocksInputSchema,
      query: pageQuery.extend({
        owner: AccountIdSchema.optional(),
        project: ProjectIdSchema.optional(),
        status: BlockStatusSchema.optional(),
        vintage: decimalInt({ min: 1990, max: 2100 }).optional(),
      }),
      responses: { 200: { description: 'a page of blocks', schema: pageOf(Block) } },
    }),
    transactionRoute(deps, {
      method: 'get',
      path: '/v1/credit-blocks/:id',
      tag: 'credits',
      summary: 'Get a credit block',
      tx: 'credits:GetBlock',
      input: GetBlockInputSchema,
      ...ofBlock,
      responses: { 200: { description: 'the block', schema: Block } },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/serials/:serial',
      tag: 'credits',
      summary: 'Which block holds a serial now, and its history',
      params: z.object({ serial: decimalInt({ min: 1, max: MAX_SERIAL }).pipe(SerialSchema) }),
      description:
        'The block holding the serial comes in full with its history (the chaincode checks the caller may read ' +
        "it); the blocks it was split from, which may be other accounts' holdings, only as IDs and serial ranges.",
      responses: { 200: { description: 'the serial', schema: serialLookupSchema } },
      handler: async ({ params, user }) =>
        ok(
          withParentsAsRanges(
            await deps.registry.evaluate(identityOf(user), 'credits:LookupSerial', { serial: params.serial }),
          ),
        ),
    }),
  ];
}

/** Transfers, retirements and cancellations. */
function creditMovementRoutes(deps: RouteDeps): Route[] {
  return [
    transactionRoute(deps, {
      method: 'post',
      path: '/v1/transfers',
      tag: 'credits',
      summary: 'Transfer credits of a block to another account, splitting it when partial (owner ADMIN/MANAGER)',
      tx: 'credits:Transfer',
      input: TransferInputSchema,
      responses: { 201: { description: 'transferred', schema: actionOutcome } },
    }),
    transactionRoute(deps, {
      method: 'post',
      path: '/v1/retirements',
      tag: 'credits',
      summary: 'Retire credits for a beneficiary and purpose (owner ADMIN/MANAGER)',
      tx: 'credits:Retire',
      input: RetireInputSchema,
      responses: { 201: { description: 'retired', schema: actionOutcome } },
    }),
    transactionRoute(deps, {
      method: 'post',
      path: '/v1/cancellations',
      tag: 'credits',
      summary: 'Cancel credits with a reason (government)',
      tx: 'credits:Cancel',
      input: CancelInputSchema,
      responses: { 201: { description: 'cancelled', schema: actionOutcome } },
    }),
  ];
}

/** Freezing and unfreezing a block (government). */
function creditFreezeRoutes(deps: RouteDeps): Route[] {
  return [
    transactionRoute(deps, {
      method: 'post',
      path: '/v1/credit-blocks/:id/freeze',
      tag: 'credits',
      summary: 'Freeze a block, e.g. under investigation (government)',
      tx: 'credits:Freeze',
      input: FreezeInputSchema,
      ...ofBlock,
      responses: { 201: { description: 'frozen', schema: Block.extend(committedFields) } },
    }),
    transactionRoute(deps, {
      method: 'post',
      path: '/v1/credit-blocks/:id/unfreeze',
      tag: 'credits',
      summary: 'Unfreeze a block (government)',
      tx: 'credits:Unfreeze',
      input: UnfreezeInputSchema,
      ...ofBlock,
      responses: { 201: { description: 'unfrozen', schema: Block.extend(committedFields) } },
    }),
  ];
}

/** Every credit route. */
export function creditRoutes(deps: RouteDeps): Route[] {
  return [...creditReadRoutes(deps), ...creditMovementRoutes(deps), ...creditFreezeRoutes(deps)];
}
