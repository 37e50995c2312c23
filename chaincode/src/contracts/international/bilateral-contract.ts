import type { Context } from 'fabric-contract-api';
import {
  AbandonTransferInputSchema,
  conflict,
  EVENTS,
  ExportRequestSchema,
  forbidden,
  GetBilateralSettingsInputSchema,
  GetTransferInputSchema,
  InitBilateralInputSchema,
  invalidState,
  RecordTransferInputSchema,
  termsMismatch,
  termsOf,
  validation,
  type BilateralSettings,
  type BilateralTransfer,
} from '../../domain';
import { callerIdentity, isOrgAdmin, type Identity } from '../common/auth';
import type { WorldState } from '../common/state';
import { contractOf, read, submit, type TransactionTable } from '../common/transactions';
import { emit, txInfo } from '../common/tx';
import { BILATERAL_SETTINGS, BILATERAL_TRANSFERS, requireOnChannel } from './transfer-state';

/**
 * The bilateral channel of a cooperative approach (docs/international.md): its two Parties' governments, the one
 * decision on each transfer request. No registry accounts live here; a decision is signed by an organisation admin of
 * the transferring Party and endorsed by both Parties' peers (the channel's chaincode policy).
 */

type Party = BilateralSettings['parties'][number];

/** The caller: an organisation admin of one of the two Parties' MSPs. FORBIDDEN otherwise. */
function partySigner(ctx: Context, settings: BilateralSettings): { signer: Identity; party: Party } {
  const signer = callerIdentity(ctx);
  const party = settings.parties.find((entry) => entry.mspId === signer.mspId);
  if (party === undefined || !isOrgAdmin(ctx)) {
    throw forbidden(`only an organisation admin of ${settings.parties.map((p) => p.mspId).join(' or ')} may decide`);
  }
  return { signer, party };
}

/** The Party whose peer endorses this proposal (`ws.peerMspId()`): FORBIDDEN for a peer of neither. */
function peerParty(ws: WorldState, settings: BilateralSettings): Party {
  const mspId = ws.peerMspId();
  const party = settings.parties.find((entry) => entry.mspId === mspId);
  if (party === undefined)
    throw forbidden(`peer organisation ${mspId} is no Party of ${settings.cooperativeApproachId}`);
  return party;
}

/** A request is decided once: CONFLICT when RecordTransfer or AbandonTransfer already wrote its key. */
async function assertUndecided(ws: WorldState, requestId: string): Promise<void> {
  const existing = await BILATERAL_TRANSFERS.get(ws, requestId);
  if (existing !== undefined) throw conflict(`transfer request ${requestId} was already ${existing.status}`);
}

/**
 * The transferring Party's export request, read by its own peer on its national channel: it must be PENDING (and,
 * for a record, state the same terms). Only the peer of the Party that signs runs this read (the other Party's
 * channel would refuse the signer); the other peer checks that it is the counterpart.
 */
async function pendingRequest(ws: WorldState, party: Party, requestId: string) {
  const request = await requireOnChannel(
    ws,
    party.channel,
    'international:GetExport',
    { requestId },
    ExportRequestSchema,
    `no transfer request ${requestId}`,
  );
  if (request.status !== 'PENDING') throw invalidState(`transfer request ${requestId} is ${request.status}`);
  return request;
}

/** Writes the one decision and emits its event. */
async function decide(ctx: Context, ws: WorldState, decision: BilateralTransfer): Promise<BilateralTransfer> {
  await ws.write(BILATERAL_TRANSFERS.key(ws, decision.requestId), decision);
  const common = { requestId: decision.requestId, cooperativeApproachId: decision.cooperativeApproachId };
  if (decision.terms !== undefined) {
    const { transferringParty, acquiringParty, quantity } = decision.terms;
    const fields = { transferringParty, acquiringParty, quantity, signer: decision.signer, txId: decision.txId };
    emit(ctx, EVENTS.TRANSFER_RECORDED, { ...common, ...fields });
  } else {
    emit(ctx, EVENTS.TRANSFER_ABANDONED, {
      ...common,
      reason: decision.reason ?? '',
      signer: decision.signer,
      txId: decision.txId,
    });
  }
  return decision;
}

const BILATERAL_TRANSACTIONS = {
  /**
   * Sets the two Parties of the channel's cooperative approach once (registry, MSP, national channel). Caller: an
   * organisation admin of one of them; both peers endorse. Emits BILATERAL_INITIALISED.
   */
  InitBilateral: submit(InitBilateralInputSchema, async (ws, input, ctx) => {
    const { signer } = partySigner(ctx, input);
    peerParty(ws, input);
    if ((await BILATERAL_SETTINGS.get(ws, input.cooperativeApproachId)) !== undefined) {
      throw conflict(`the bilateral channel of ${input.cooperativeApproachId} is initialised already`);
    }
    await ws.write(BILATERAL_SETTINGS.key(ws, input.cooperativeApproachId), input);
    const { txId } = txInfo(ctx);
    const parties = input.parties.map((p) => p.party);
    emit(ctx, EVENTS.BILATERAL_INITIALISED, {
      cooperativeApproachId: input.cooperativeApproachId,
      parties,
      signer,
      txId,
    });
    return input;
  }),

  /**
   * Records a transfer on the terms of the transferring Party's PENDING request: its peer reads the request on its
   * national channel and finds the same terms; the acquiring Party's peer checks it is the acquiring Party. Writes the
   * request's one key, so AbandonTransfer can no longer. Caller: an organisation admin of the transferring Party.
   * Emits TRANSFER_RECORDED.
   */
  RecordTransfer: submit(RecordTransferInputSchema, async (ws, terms, ctx) => {
    const settings = await BILATERAL_SETTINGS.require(ws, terms.cooperativeApproachId);
    const { signer, party: signing } = partySigner(ctx, settings);
    if (signing.party !== terms.transferringParty) throw forbidden(`${signer.mspId} is not the transferring Party`);
    const acquiring = settings.parties.find((entry) => entry.party === terms.acquiringParty);
    if (acquiring === undefined || acquiring.party === signing.party) {
      throw validation(`${terms.acquiringParty} is not the other Party of ${settings.cooperativeApproachId}`);
    }
    if (signing.registryId !== terms.transferringRegistryId) {
      throw validation(`the registry of ${signing.party} is ${signing.registryId}`);
    }
    await assertUndecided(ws, terms.requestId);
    const own = peerParty(ws, settings);
    if (own.party === signing.party) {
      const differing = termsMismatch(termsOf(await pendingRequest(ws, own, terms.requestId)), terms);
      if (differing.length > 0) throw invalidState(`the request differs in ${differing.join(', ')}`);
    }
    const { txId, at } = txInfo(ctx);
    const { requestId, cooperativeApproachId } = terms;
    return decide(ctx, ws, { requestId, cooperativeApproachId, status: 'RECORDED', terms, signer, at, txId });
  }),

  /**
   * Abandons a PENDING request instead of recording it: its Party's peer reads it on its national channel. Writes the
   * request's one key, so RecordTransfer can no longer. Caller: an organisation admin of the transferring Party.
   * Emits TRANSFER_ABANDONED.
   */
  AbandonTransfer: submit(AbandonTransferInputSchema, async (ws, input, ctx) => {
    const settings = await BILATERAL_SETTINGS.require(ws, input.cooperativeApproachId);
    const { signer, party: signing } = partySigner(ctx, settings);
    await assertUndecided(ws, input.requestId);
    if (peerParty(ws, settings).party === signing.party) await pendingRequest(ws, signing, input.requestId);
    const { txId, at } = txInfo(ctx);
    const { requestId, cooperativeApproachId, reason } = input;
    return decide(ctx, ws, { requestId, cooperativeApproachId, status: 'ABANDONED', reason, signer, at, txId });
  }),

  /** Returns the decision on a transfer request (NOT_FOUND while undecided). Caller: any member of the channel. */
  GetTransfer: read(GetTransferInputSchema, (ws, input) => BILATERAL_TRANSFERS.require(ws, input.requestId)),

  /** Returns the channel's settings. Caller: any member of the channel. */
  GetBilateralSettings: read(GetBilateralSettingsInputSchema, (ws, input) =>
    BILATERAL_SETTINGS.require(ws, input.cooperativeApproachId),
  ),
} satisfies TransactionTable;

/** The bilateral channel's contract: settings and the one decision per international transfer request. */
export class BilateralContract extends contractOf('bilateral', BILATERAL_TRANSACTIONS) {}
