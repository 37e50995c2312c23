import {
  BilateralTransferSchema,
  bilateralChannel,
  CompleteExportInputSchema,
  CreditBlockSchema,
  EVENTS,
  exportTerms,
  GetAcquisitionInputSchema,
  GetExportInputSchema,
  invalidState,
  ListAcquisitionsInputSchema,
  ListExportsInputSchema,
  OBJECT,
  RecordAcquisitionInputSchema,
  RequestExportInputSchema,
  termsMismatch,
  termsOf,
  transferRequestId,
  validation,
  acquiredBlock,
  assertExportAllowed,
  conflict,
  type BilateralTransfer,
  type CompleteExportInput,
  type CreditBlock,
  type ExportRequest,
  type ReadScope,
  type RecordAcquisitionInput,
  type RequestExportInput,
  type TransferTerms,
} from '../../domain';
import { ACCOUNTS } from '../accounts/account-state';
import { assertCanReadHoldings, readScope, type ActorRule } from '../common/auth';
import type { WorldState } from '../common/state';
import { contractOf, read, write, type TransactionTable } from '../common/transactions';
import { recorded, updated } from '../common/tx';
import { nothing, type WriteSpec } from '../common/write';
import { applyAction, blockEventFields, blockOf, BLOCKS, saveBlock } from '../credits/block-state';
import { PROJECTS } from '../projects/project-state';
import { AUTHORISATION_DETAILS, requireSettings } from '../registry/settings-state';
import { ACQUISITIONS, EXPORTS, requireOnChannel, saveExport } from './transfer-state';

/** A government decision applied on this registry's own channel: ADMIN or MANAGER of a government account. */
const government = (action: string): ActorRule => ({ action, types: ['GOVERNMENT'] });

/**
 * The bilateral decision on a request as this registry's government peer reads it on the cooperative approach's
 * channel, when this peer is the government's (`ws.peerMspId()`); undefined on the other endorsing peers, which are
 * not on that channel: they write what the input states, and the government peer's endorsement, required by the
 * chaincode and key-level policies, is the one that checked it.
 */
async function checkedDecision(
  ws: WorldState,
  cooperativeApproachId: string,
  requestId: string,
  bilateralTxId: string,
): Promise<BilateralTransfer | undefined> {
  const { governmentMspId } = await requireSettings(ws);
  if (ws.peerMspId() !== governmentMspId) return undefined;
  const channel = bilateralChannel(cooperativeApproachId);
  const decision = await requireOnChannel(
    ws,
    channel,
    'bilateral:GetTransfer',
    { requestId },
    BilateralTransferSchema,
    `no bilateral decision on transfer request ${requestId}`,
  );
  if (decision.txId !== bilateralTxId) {
    throw validation(`the bilateral decision on ${requestId} is transaction ${decision.txId}, not ${bilateralTxId}`);
  }
  return decision;
}

/** The bilateral record must have recorded exactly these terms. */
function assertRecorded(decision: BilateralTransfer, terms: TransferTerms): void {
  if (decision.status !== 'RECORDED' || decision.terms === undefined) {
    throw invalidState(`transfer request ${decision.requestId} was ${decision.status} on the bilateral channel`);
  }
  const differing = termsMismatch(decision.terms, terms);
  if (differing.length > 0) {
    throw invalidState(`the bilateral record of ${decision.requestId} differs in ${differing.join(', ')}`);
  }
}

/** The request a transaction applies a decision to: it must still be PENDING (each decision applies once). */
function pending(request: ExportRequest): void {
  if (request.status !== 'PENDING') {
    throw invalidState(`transfer request ${request.id} is ${request.status}: its decision was applied already`);
  }
}

/** Applies the bilateral decision on a PENDING request: the locked block becomes TRANSFERRED, or HELD again. */
const completeExport: WriteSpec<CompleteExportInput, ExportRequest> = {
  rule: government('apply international transfer decisions'),
  load: (ws, input) => EXPORTS.require(ws, input.requestId),
  check: ({ record }) => {
    pending(record);
  },
  apply: async ({ ws, input, record: request, tx, emit }) => {
    const decision = await checkedDecision(ws, request.cooperativeApproachId, request.id, input.bilateralTxId);
    if (decision !== undefined && input.outcome === 'TRANSFERRED') assertRecorded(decision, termsOf(request));
    if (decision !== undefined && input.outcome === 'ABANDONED' && decision.status !== 'ABANDONED') {
      throw invalidState(`transfer request ${request.id} was ${decision.status}, not ABANDONED`);
    }
    const block = await BLOCKS.require(ws, request.blockId);
    if (block.status !== 'PENDING_EXPORT' || block.exportRequest?.requestId !== request.id) {
      throw invalidState(`credit block ${block.id} is not locked for transfer request ${request.id}`);
    }
    const transferred = input.outcome === 'TRANSFERRED';
    const stamp = updated(tx);
    const transfer = { bilateralTxId: input.bilateralTxId, at: tx.at, txId: tx.txId };
    const moved = CreditBlockSchema.parse(
      transferred
        ? { ...block, status: 'TRANSFERRED', transfer, ...stamp }
        : { ...block, status: 'HELD', exportRequest: undefined, ...stamp },
    );
    await saveBlock(ws, moved, block);
    const next = { ...request, status: input.outcome, bilateralTxId: input.bilateralTxId, ...stamp };
    await saveExport(ws, next, request);
    const fields = {
      ...blockEventFields({ moved }),
      requestId: request.id,
      fromAccountId: request.fromAccountId,
      acquiringParty: request.acquiringParty,
      toAccountId: request.toAccountId,
      cooperativeApproachId: request.cooperativeApproachId,
      bilateralTxId: input.bilateralTxId,
    };
    if (transferred) emit(EVENTS.ITMOS_TRANSFERRED, { ...fields, itmo: request.itmo });
    else emit(EVENTS.EXPORT_ABANDONED, fields);
    return next;
  },
};

/** The holder's request: `quantity` units split off a HELD block and locked (PENDING_EXPORT) for the transfer. */
const requestExport: WriteSpec<RequestExportInput, CreditBlock> = {
  load: blockOf,
  rule: (block) => ({ action: 'transfer these credits abroad', accountId: block.ownerAccountId }),
  apply: async ({ ws, input, record: block, actor, tx, emit }) => {
    const settings = await requireSettings(ws);
    const details = await AUTHORISATION_DETAILS.get(ws, block.authorisation.authorisationId);
    assertExportAllowed(block, settings, details, input);
    const requestId = transferRequestId(tx.txId);
    if ((await EXPORTS.get(ws, requestId)) !== undefined) {
      throw conflict(`transfer request ${requestId} already exists; retry the transaction`);
    }
    const { partyId: acquiringParty, toAccountId, cooperativeApproachId } = input;
    const exportRequest = { requestId, acquiringParty, toAccountId, cooperativeApproachId, ...recorded(actor, tx) };
    const outcome = await applyAction(ws, tx, block, input.quantity, { status: 'PENDING_EXPORT', exportRequest });
    const { mitigationType } = await PROJECTS.require(ws, block.projectId);
    const terms = exportTerms(outcome.moved, settings, input, { requestId, mitigationType });
    const request: ExportRequest = {
      ...terms,
      id: requestId,
      blockId: outcome.moved.id,
      status: 'PENDING',
      requestedBy: actor.ref,
      createdAt: tx.at,
      createdTxId: tx.txId,
      ...updated(tx),
    };
    await saveExport(ws, request);
    const fields = {
      requestId,
      fromAccountId: block.ownerAccountId,
      acquiringParty,
      toAccountId,
      cooperativeApproachId,
    };
    emit(EVENTS.EXPORT_REQUESTED, { ...blockEventFields(outcome), ...fields });
    return request;
  },
};

/**
 * The acquiring registry applies a recorded transfer once: a HELD block for the acquiring account with the first
 * transferring Party's serials and ITMO IDs. Its government peer checks the terms against the bilateral record.
 */
const recordAcquisition: WriteSpec<RecordAcquisitionInput, undefined> = {
  rule: government('apply international transfer decisions'),
  load: nothing,
  apply: async ({ ws, input, actor, tx, emit }) => {
    const { bilateralTxId, ...given } = input;
    const terms = termsOf(given);
    if ((await ACQUISITIONS.get(ws, terms.requestId)) !== undefined) {
      throw invalidState(`transfer request ${terms.requestId} was acquired already`);
    }
    const settings = await requireSettings(ws);
    if (terms.acquiringParty !== settings.party) {
      throw validation(`transfer request ${terms.requestId} is for ${terms.acquiringParty}, not ${settings.party}`);
    }
    const decision = await checkedDecision(ws, terms.cooperativeApproachId, terms.requestId, bilateralTxId);
    if (decision !== undefined) assertRecorded(decision, terms);
    const account = await ACCOUNTS.require(ws, terms.toAccountId);
    if (account.status !== 'ACTIVE' || account.type === 'CERTIFIER') {
      throw invalidState(`account ${account.id} cannot hold the acquired units`);
    }
    const block = acquiredBlock(terms, bilateralTxId, tx);
    if ((await BLOCKS.get(ws, block.id)) !== undefined) {
      throw conflict(`credit block ${block.id} already exists; retry the transaction`);
    }
    await saveBlock(ws, block);
    const acquisition = {
      ...terms,
      blockId: block.id,
      bilateralTxId,
      acquiredBy: actor.ref,
      createdAt: tx.at,
      createdTxId: tx.txId,
      ...updated(tx),
    };
    await ws.write(ACQUISITIONS.key(ws, terms.requestId), acquisition);
    emit(EVENTS.ITMOS_ACQUIRED, {
      requestId: terms.requestId,
      blockId: block.id,
      ownerAccountId: block.ownerAccountId,
      transferringParty: terms.transferringParty,
      transferringRegistryId: terms.transferringRegistryId,
      cooperativeApproachId: terms.cooperativeApproachId,
      projectId: terms.projectId,
      vintage: terms.vintage,
      quantity: terms.quantity,
      serialStart: terms.serialStart,
      serialEnd: terms.serialEnd,
      serialNumber: terms.serialNumber,
      itmo: terms.itmo,
      bilateralTxId,
    });
    return acquisition;
  },
};

/** Government identities, and the holder account's for its own requests (as for its blocks). */
async function readableExport(ws: WorldState, requestId: string, scope: ReadScope): Promise<ExportRequest> {
  const request = await EXPORTS.require(ws, requestId);
  assertCanReadHoldings(scope, request.fromAccountId);
  return request;
}

const INTERNATIONAL_TRANSACTIONS = {
  /**
   * Asks to transfer `quantity` ITMOs of a HELD block to an account of a partner Party's registry under a cooperative
   * approach: the units are split off and locked (PENDING_EXPORT) under a new request ID until the bilateral decision
   * is applied. Caller: ADMIN or MANAGER of the owner account. Emits EXPORT_REQUESTED.
   */
  RequestExport: write(RequestExportInputSchema, requestExport),

  /**
   * Applies the bilateral decision on a PENDING request once: TRANSFERRED (the locked block becomes TRANSFERRED,
   * terminal) or ABANDONED (HELD again). The government's peer checks the decision on the bilateral channel. Caller:
   * government ADMIN or MANAGER (the gateway's relayer). Emits ITMOS_TRANSFERRED or EXPORT_ABANDONED.
   */
  CompleteExport: write(CompleteExportInputSchema, completeExport),

  /**
   * Applies a transfer recorded on the bilateral channel in the acquiring registry, once: a HELD block for the
   * acquiring account. The government's peer checks the terms against the bilateral record. Caller: government ADMIN
   * or MANAGER (the gateway's relayer). Emits ITMOS_ACQUIRED.
   */
  RecordAcquisition: write(RecordAcquisitionInputSchema, recordAcquisition),

  /** Returns a transfer request. Caller: government or certifier identities, or the requesting holder's. */
  GetExport: read(GetExportInputSchema, async (ws, input, ctx) =>
    readableExport(ws, input.requestId, await readScope(ctx, ws)),
  ),

  /** Lists transfer requests, optionally of one status. Caller: government or certifier identities. */
  ListExports: read(ListExportsInputSchema, async (ws, input, ctx) => {
    assertCanReadHoldings(await readScope(ctx, ws), '*');
    return input.status === undefined
      ? EXPORTS.page(ws, input)
      : EXPORTS.pageBy(ws, OBJECT.exportByStatus, [input.status], input);
  }),

  /** Returns the acquisition of a transfer request. Caller: government or certifier identities. */
  GetAcquisition: read(GetAcquisitionInputSchema, async (ws, input, ctx) => {
    assertCanReadHoldings(await readScope(ctx, ws), '*');
    return ACQUISITIONS.require(ws, input.requestId);
  }),

  /** Lists acquisitions. Caller: government or certifier identities. */
  ListAcquisitions: read(ListAcquisitionsInputSchema, async (ws, input, ctx) => {
    assertCanReadHoldings(await readScope(ctx, ws), '*');
    return ACQUISITIONS.page(ws, input);
  }),
} satisfies TransactionTable;

/** International transfers on a national channel: requests, their decisions applied, acquisitions. */
export class InternationalContract extends contractOf('international', INTERNATIONAL_TRANSACTIONS) {}
