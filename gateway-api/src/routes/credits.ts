import {
  AccountIdSchema,
  BlockIdSchema,
  BlockStatusSchema,
  CancelInputSchema,
  CreditBlockSchema,
  FreezeInputSchema,
  MAX_SERIAL,
  ProjectIdSchema,
  RetireInputSchema,
  SerialSchema,
  TransferInputSchema,
  UnfreezeInputSchema,
} from '@ncr/chaincode/domain';
import { z } from 'zod';
import { type Route, created, defineRoute, ok } from '../http/route';
import { bodyWithout, committedFields, decimalInt, looseObject, pageOf, pageQuery } from '../http/schemas';
import { identityOf } from '../identity/users';
import type { RouteDeps } from './deps';

const Block = CreditBlockSchema.meta({ id: 'CreditBlock' });
const blockParams = z.object({ id: BlockIdSchema });
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
    defineRoute({
      method: 'get',
      path: '/v1/credit-blocks',
      tag: 'credits',
      summary: 'List credit blocks by owner, project, status, vintage (a developer sees its own)',
      query: pageQuery.extend({
        owner: AccountIdSchema.optional(),
        project: ProjectIdSchema.optional(),
        status: BlockStatusSchema.optional(),
        vintage: decimalInt({ min: 1990, max: 2100 }).optional(),
      }),
      responses: { 200: { description: 'a page of blocks', schema: pageOf(Block) } },
      handler: async ({ query, user }) =>
        ok(await deps.registry.evaluate(identityOf(user), 'credits:ListBlocks', query)),
    }),
    defineRoute({
      method: 'get',
      path: '/v1/credit-blocks/:id',
      tag: 'credits',
      summary: 'Get a credit block',
      params: blockParams,
      responses: { 200: { description: 'the block', schema: Block } },
      handler: async ({ params, user }) =>
        ok(await deps.registry.evaluate(identityOf(user), 'credits:GetBlock', { blockId: params.id })),
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
    defineRoute({
      method: 'post',
      path: '/v1/transfers',
      tag: 'credits',
      summary: 'Transfer credits of a block to another account, splitting it when partial (owner ADMIN/MANAGER)',
      write: true,
      body: TransferInputSchema,
      responses: { 201: { description: 'transferred', schema: actionOutcome } },
      handler: async ({ body, user }) =>
        created(await deps.registry.submit(identityOf(user), 'credits:Transfer', body)),
    }),
    defineRoute({
      method: 'post',
      path: '/v1/retirements',
      tag: 'credits',
      summary: 'Retire credits for a beneficiary and purpose (owner ADMIN/MANAGER)',
      write: true,
      body: RetireInputSchema,
      responses: { 201: { description: 'retired', schema: actionOutcome } },
      handler: async ({ body, user }) => created(await deps.registry.submit(identityOf(user), 'credits:Retire', body)),
    }),
    defineRoute({
      method: 'post',
      path: '/v1/cancellations',
      tag: 'credits',
      summary: 'Cancel credits with a reason (government)',
      write: true,
      body: CancelInputSchema,
      responses: { 201: { description: 'cancelled', schema: actionOutcome } },
      handler: async ({ body, user }) => created(await deps.registry.submit(identityOf(user), 'credits:Cancel', body)),
    }),
  ];
}

/** Freezing and unfreezing a block (government). */
function creditFreezeRoutes(deps: RouteDeps): Route[] {
  return [
    defineRoute({
      method: 'post',
      path: '/v1/credit-blocks/:id/freeze',
      tag: 'credits',
      summary: 'Freeze a block, e.g. under investigation (government)',
      write: true,
      params: blockParams,
      body: bodyWithout(FreezeInputSchema, 'blockId'),
      responses: { 201: { description: 'frozen', schema: Block.extend(committedFields) } },
      handler: async ({ params, body, user }) =>
        created(
          await deps.registry.submit(identityOf(user), 'credits:Freeze', {
            ...(body as { reason: string }),
            blockId: params.id,
          }),
        ),
    }),
    defineRoute({
      method: 'post',
      path: '/v1/credit-blocks/:id/unfreeze',
      tag: 'credits',
      summary: 'Unfreeze a block (government)',
      write: true,
      params: blockParams,
      body: bodyWithout(UnfreezeInputSchema, 'blockId'),
      responses: { 201: { description: 'unfrozen', schema: Block.extend(committedFields) } },
      handler: async ({ params, body, user }) =>
        created(
          await deps.registry.submit(identityOf(user), 'credits:Unfreeze', {
            ...(body as { reason: string }),
            blockId: params.id,
          }),
        ),
    }),
  ];
}

/** Every credit route. */
export function creditRoutes(deps: RouteDeps): Route[] {
  return [...creditReadRoutes(deps), ...creditMovementRoutes(deps), ...creditFreezeRoutes(deps)];
}
