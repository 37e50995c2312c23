import {
  AcquisitionSchema,
  bilateralChannel,
  BilateralTransferSchema,
  ExportRequestSchema,
  termsOf,
  type BilateralTransfer,
  type ExportRequest,
} from '@ncr/chaincode/domain';
import type { Logger } from '../log';
import { RegistryRejection, type RegistryChannel } from './channel';

/**
 * The relayer of one registry (docs/international.md): from committed events, it takes the next step of each
 * international transfer this registry is a Party of, reading the ledgers first so that a step already taken is never
 * taken again: the transferring side records the decision on the bilateral channel and applies it on its own
 * channel; the acquiring side applies a recorded transfer on its own channel. At least once: the event checkpoint
 * moves only after its steps committed, so a relayer killed between a step and its checkpoint redoes the reads and
 * finds the step done.
 */

/** A relayer that took its last allowed step (NCR_RELAYER_MAX_STEPS): it stops before moving any checkpoint. */
export class StepLimitReached extends Error {
  constructor(steps: number) {
    super(`stopped after ${steps} step(s) (NCR_RELAYER_MAX_STEPS), before moving the event checkpoint`);
    this.name = 'StepLimitReached';
  }
}

export interface RelayerOptions {
  /** This registry's own channel and the bilateral channel of a cooperative approach (by channel name). */
  readonly national: RegistryChannel;
  readonly bilateral: (channel: string) => RegistryChannel;
  /** This registry's Party (its settings). */
  readonly party: string;
  readonly logger: Logger;
  /** Steps to take before stopping (tests of a relayer killed after each step); unlimited when undefined. */
  readonly maxSteps?: number | undefined;
}

const exportOf = (value: unknown): ExportRequest | undefined =>
  value === undefined ? undefined : ExportRequestSchema.parse(value);
const decisionOf = (value: unknown): BilateralTransfer | undefined =>
  value === undefined ? undefined : BilateralTransferSchema.parse(value);

export class Relayer {
  readonly #o: RelayerOptions;
  #steps = 0;

  constructor(options: RelayerOptions) {
    this.#o = options;
  }

  /** Commits one write; counts it against the step limit (stopping right after the last one allowed). */
  async #step(channel: RegistryChannel, transaction: string, arg: unknown): Promise<void> {
    try {
      const txId = await channel.write(transaction, arg);
      this.#o.logger.info({ channel: channel.name, transaction, txId }, 'international transfer step committed');
    } catch (err) {
      // A peer or orderer away: thrown, the event is retried from the checkpoint. A refusal by the chaincode is final
      // for this event: another run took the step first (CONFLICT, INVALID_STATE), or the step cannot be taken yet
      // (an acquiring account missing): logged, the transfer stays in `npm run reconcile -- --transfers`, and the
      // relayer goes on with the next events instead of blocking them (docs/international.md, failure cases).
      if (!(err instanceof RegistryRejection)) throw err;
      this.#o.logger.warn({ channel: channel.name, transaction, reason: err.message }, 'step refused');
    }
    this.#steps++;
    if (this.#o.maxSteps !== undefined && this.#steps >= this.#o.maxSteps) throw new StepLimitReached(this.#steps);
  }

  /**
   * The transferring side: a PENDING request of this registry gets its bilateral decision (RecordTransfer on the
   * request's terms, unless a decision exists), then that decision applied here (CompleteExport).
   */
  async driveExport(requestId: string): Promise<void> {
    const request = exportOf(await this.#o.national.read('international:GetExport', { requestId }));
    if (request?.status !== 'PENDING') return;
    const bilateral = this.#o.bilateral(bilateralChannel(request.cooperativeApproachId));
    const read = async () => decisionOf(await bilateral.read('bilateral:GetTransfer', { requestId }));
    let decision = await read();
    if (decision === undefined) {
      await this.#step(bilateral, 'bilateral:RecordTransfer', termsOf(request));
      decision = await read();
      if (decision === undefined) return; // refused: the request stays PENDING (reconcile lists it)
    }
    const outcome = decision.status === 'RECORDED' ? 'TRANSFERRED' : 'ABANDONED';
    await this.#step(this.#o.national, 'international:CompleteExport', {
      requestId,
      outcome,
      bilateralTxId: decision.txId,
    });
  }

  /** The acquiring side: a transfer recorded for this Party is acquired once (RecordAcquisition). */
  async driveAcquisition(channel: string, requestId: string): Promise<void> {
    const decision = decisionOf(await this.#o.bilateral(channel).read('bilateral:GetTransfer', { requestId }));
    if (decision?.status !== 'RECORDED' || decision.terms?.acquiringParty !== this.#o.party) return;
    const acquired = await this.#o.national.read('international:GetAcquisition', { requestId });
    if (acquired !== undefined) {
      AcquisitionSchema.parse(acquired);
      return;
    }
    await this.#step(this.#o.national, 'international:RecordAcquisition', {
      ...decision.terms,
      bilateralTxId: decision.txId,
    });
  }

  /** The steps an event of the national channel calls for. */
  async onNational(eventName: string, payload: unknown): Promise<void> {
    if (eventName !== 'EXPORT_REQUESTED') return;
    await this.driveExport(requestIdOf(payload));
  }

  /** The steps an event of a bilateral channel calls for: this registry's side of the decided request. */
  async onBilateral(channel: string, eventName: string, payload: unknown): Promise<void> {
    if (eventName !== 'TRANSFER_RECORDED' && eventName !== 'TRANSFER_ABANDONED') return;
    const requestId = requestIdOf(payload);
    const ours = await this.#o.national.read('international:GetExport', { requestId });
    if (ours !== undefined) await this.driveExport(requestId);
    else await this.driveAcquisition(channel, requestId);
  }
}

function requestIdOf(payload: unknown): string {
  const id =
    typeof payload === 'object' && payload !== null ? (payload as { requestId?: unknown }).requestId : undefined;
  if (typeof id !== 'string') throw new Error('an international transfer event without requestId');
  return id;
}
