import {
  AccountIdSchema,
  BlockIdSchema,
  BlockStatusSchema,
  MAX_SERIAL,
  ProjectIdSchema,
  SerialSchema,
} from '@ncr/chaincode/domain';
import { z } from 'zod';
import { defineRoute, ok } from '../http/route';
import { committedFields, decimalInt, looseObject, pageOf, pageQuery } from '../http/schemas';
import { identityOf } from '../identity/users';
import { Block } from './components';
import { type RouteRow, byId, routeTable, transactionRows } from './transaction-route';

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

/** Which block holds a serial now; the blocks it was split from only as ranges ({@link withParentsAsRanges}). */
const serialLookup: RouteRow = (deps) =>
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
  });

/** Credit blocks and serial look-up; transfers, retirements and cancellations; freezing and unfreezing a block. */
export const creditRoutes = routeTable([
  ...transactionRows('credits', [
    {
      method: 'get',
      path: '/v1/credit-blocks',
      query: pageQuery.extend({
        owner: AccountIdSchema.optional(),
        project: ProjectIdSchema.optional(),
        status: BlockStatusSchema.optional(),
        vintage: decimalInt({ min: 1990, max: 2100 }).optional(),
      }),
      tx: 'credits:ListBlocks',
      summary: 'List credit blocks by owner, project, status, vintage (a developer sees its own)',
      answer: 'a page of blocks',
      schema: pageOf(Block),
    },
  ]),
  ...transactionRows('credits', byId(BlockIdSchema, 'blockId'), [
    {
      method: 'get',
      path: '/v1/credit-blocks/:id',
      tx: 'credits:GetBlock',
      summary: 'Get a credit block',
      answer: 'the block',
      schema: Block,
    },
  ]),
  serialLookup,
  ...transactionRows('credits', [
    {
      method: 'post',
      path: '/v1/transfers',
      tx: 'credits:Transfer',
      summary: 'Transfer credits of a block to another account, splitting it when partial (owner ADMIN/MANAGER)',
      answer: 'transferred',
      schema: actionOutcome,
    },
    {
      method: 'post',
      path: '/v1/retirements',
      tx: 'credits:Retire',
      summary: 'Retire credits for a beneficiary and purpose (owner ADMIN/MANAGER)',
      answer: 'retired',
      schema: actionOutcome,
    },
    {
      method: 'post',
      path: '/v1/retirement-requests',
      tx: 'credits:RequestRetirement',
      summary:
        'Request a retirement the government approves, when the workflow profile asks: the credits are split into ' +
        'a PENDING_RETIREMENT block, locked until the decision (owner ADMIN/MANAGER)',
      answer: 'the request recorded; `moved` is the pending block',
      schema: actionOutcome,
    },
    {
      method: 'post',
      path: '/v1/cancellations',
      tx: 'credits:Cancel',
      summary: 'Cancel credits with a reason (government)',
      answer: 'cancelled',
      schema: actionOutcome,
    },
  ]),
  ...transactionRows('credits', byId(BlockIdSchema, 'blockId'), [
    {
      method: 'post',
      path: '/v1/retirements/:id/approve',
      tx: 'credits:ApproveRetirement',
      summary: 'Approve a retirement request: the pending block is RETIRED (government)',
      answer: 'retired; `moved` is the block',
      schema: actionOutcome,
    },
    {
      method: 'post',
      path: '/v1/retirements/:id/reject',
      tx: 'credits:RejectRetirement',
      summary: 'Reject a retirement request with a reason: the pending block is HELD again (government)',
      answer: 'held again; `moved` is the block',
      schema: actionOutcome,
    },
    {
      method: 'post',
      path: '/v1/credit-blocks/:id/freeze',
      tx: 'credits:Freeze',
      summary: 'Freeze a block, e.g. under investigation (government)',
      answer: 'frozen',
      schema: Block.extend(committedFields),
    },
    {
      method: 'post',
      path: '/v1/credit-blocks/:id/unfreeze',
      tx: 'credits:Unfreeze',
      summary: 'Unfreeze a block (government)',
      answer: 'unfrozen',
      schema: Block.extend(committedFields),
    },
  ]),
]);
