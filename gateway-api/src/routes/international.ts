import {
  AcquisitionSchema,
  ExportRequestSchema,
  EXPORT_STATUSES,
  TransferRequestIdSchema,
  SettingsSchema,
  TextSchema,
  type Acquisition,
  type BilateralTransfer,
  type ExportRequest,
} from '@ncr/chaincode/domain';
import type { IdentityRef } from '../identity/credentials';
import { z } from 'zod';
import { ApiError, ForbiddenError, NotFoundError } from '../errors';
import { created, defineRoute, ok } from '../http/route';
import { committedFields, committedOf, pageOf, pageQuery } from '../http/schemas';
import { callerAccount } from '../identity/caller-account';
import { identityOf } from '../identity/users';
import { transferStatus, TransferStatusSchema } from '../international/status';
import type { RouteDeps } from './deps';
import { routeTable, transactionRows, type RouteRow } from './transaction-route';

const Request = ExportRequestSchema.meta({ id: 'InternationalTransferRequest' });
const AcquisitionRecord = AcquisitionSchema.meta({ id: 'Acquisition' });

/** A read that may answer NOT_FOUND: undefined then. */
async function found<T>(read: () => Promise<unknown>, schema: z.ZodType<T>): Promise<T | undefined> {
  try {
    return schema.parse(await read());
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return undefined;
    throw err;
  }
}

/**
 * The decision on a request on its cooperative approach's bilateral channel; for a request this registry holds no
 * record of, the decisions of its cooperative approaches (settings) naming this Party as acquiring Party.
 */
async function decisionOf(
  deps: RouteDeps,
  who: IdentityRef,
  requestId: string,
  known: { readonly cooperativeApproachId: string } | undefined,
): Promise<BilateralTransfer | undefined> {
  const read = deps.bilateralDecision;
  if (read === undefined) return undefined;
  if (known !== undefined) return read(known.cooperativeApproachId, requestId);
  const settings = SettingsSchema.parse(await deps.registry.query(who, 'registry:GetSettings'));
  for (const approach of settings.cooperativeApproaches) {
    const decision = await read(approach.id, requestId);
    if (decision?.terms?.acquiringParty === settings.party || decision?.status === 'ABANDONED') return decision;
  }
  return undefined;
}

/** Where one transfer stands in this registry: its request or acquisition here, and the bilateral decision. */
const transferById: RouteRow = (deps: RouteDeps) =>
  defineRoute({
    method: 'get',
    path: '/v1/international-transfers/:id',
    tag: 'international',
    summary:
      'Where an international transfer stands: the request or acquisition here, the bilateral decision, the step',
    description:
      'The transferring registry answers with its request (government or the requesting holder), the acquiring ' +
      'registry with its acquisition (government); both with the decision recorded on the bilateral channel and ' +
      '`step`: REQUESTED, RECORDED or ABANDONED (not applied here yet), TRANSFERRED, UNLOCKED or ACQUIRED (done).',
    params: z.object({ id: TransferRequestIdSchema }),
    responses: { 200: { description: 'the transfer', schema: TransferStatusSchema } },
    handler: async ({ params, user }) => {
      const who = identityOf(user);
      const requestId = params.id;
      const request: ExportRequest | undefined = await found(
        () => deps.registry.evaluate(who, 'international:GetExport', { requestId }),
        ExportRequestSchema,
      );
      const acquisition: Acquisition | undefined =
        request === undefined
          ? await found(
              () => deps.registry.evaluate(who, 'international:GetAcquisition', { requestId }),
              AcquisitionSchema,
            )
          : undefined;
      const decision = await decisionOf(deps, who, requestId, request ?? acquisition);
      if (request === undefined && acquisition === undefined && decision === undefined) {
        throw new NotFoundError(`no international transfer ${requestId} of this registry`);
      }
      return ok(transferStatus(requestId, request, decision, acquisition));
    },
  });

/**
 * The transferring government abandons a PENDING request (a government ADMIN, checked on the ledger): the decision is
 * written on the bilateral channel, so it can never be recorded, and the relayer unlocks the units.
 */
const abandon: RouteRow = (deps: RouteDeps) =>
  defineRoute({
    method: 'post',
    path: '/v1/international-transfers/:id/abandon',
    tag: 'international',
    summary: 'Abandon a PENDING international transfer request before it is recorded (government ADMIN)',
    params: z.object({ id: TransferRequestIdSchema }),
    body: z.strictObject({ reason: TextSchema }),
    responses: {
      201: {
        description: 'abandoned on the bilateral channel',
        schema: committedOf(z.object({ requestId: z.string() })),
      },
    },
    handler: async ({ params, body, user }) => {
      const who = identityOf(user);
      const caller = await callerAccount(deps.registry, who);
      if (caller?.type !== 'GOVERNMENT' || caller.role !== 'ADMIN') {
        throw new ForbiddenError('only a government ADMIN abandons an international transfer request');
      }
      const request = ExportRequestSchema.parse(
        await deps.registry.evaluate(who, 'international:GetExport', { requestId: params.id }),
      );
      if (deps.bilateralAbandon === undefined) throw new NotFoundError('this gateway is on no bilateral channel');
      return created(await deps.bilateralAbandon(request.cooperativeApproachId, request.id, body.reason));
    },
  });

/** International transfers of ITMOs to and from a partner Party's registry (docs/international.md). */
export const internationalRoutes = routeTable([
  ...transactionRows('international', [
    {
      method: 'post',
      path: '/v1/international-transfers',
      tx: 'international:RequestExport',
      summary:
        'Request an international transfer: the units are split off and locked (PENDING_EXPORT) until the decision ' +
        "on the cooperative approach's bilateral channel is applied (owner ADMIN/MANAGER)",
      example: {
        blockId: 'B-0A1B2C3D4E5F6A7B-0',
        quantity: 100,
        partyId: 'CHE',
        toAccountId: 'GOV-CHE',
        cooperativeApproachId: 'CA0001',
      },
      answer: 'the request (its `id`, the locked block)',
      schema: Request.extend(committedFields),
    },
    {
      method: 'get',
      path: '/v1/international-transfers',
      query: pageQuery.extend({ status: z.enum(EXPORT_STATUSES).optional() }),
      tx: 'international:ListExports',
      summary: 'List the international transfer requests of this registry, by status (government)',
      answer: 'a page of requests',
      schema: pageOf(Request),
    },
    {
      method: 'get',
      path: '/v1/international-acquisitions',
      query: pageQuery,
      tx: 'international:ListAcquisitions',
      summary: "List the units this registry acquired from partner Parties' registries (government)",
      answer: 'a page of acquisitions',
      schema: pageOf(AcquisitionRecord),
    },
  ]),
  transferById,
  abandon,
]);
