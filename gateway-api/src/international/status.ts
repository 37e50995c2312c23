import {
  AcquisitionSchema,
  BilateralTransferSchema,
  ExportRequestSchema,
  type Acquisition,
  type BilateralTransfer,
  type ExportRequest,
} from '@ncr/chaincode/domain';
import { z } from 'zod';

/**
 * Where an international transfer stands in one registry (docs/international.md, the protocol's steps):
 * - transferring registry: `REQUESTED` (units locked, no bilateral decision yet), `RECORDED` or `ABANDONED` (decided on
 *   the bilateral channel, not applied here yet), `TRANSFERRED` or `UNLOCKED` (applied here: done);
 * - acquiring registry: `RECORDED` (decided, not acquired yet), `ACQUIRED` (done).
 */
const TRANSFER_STEPS = ['REQUESTED', 'RECORDED', 'ABANDONED', 'TRANSFERRED', 'UNLOCKED', 'ACQUIRED'] as const;

export const TransferStatusSchema = z
  .object({
    requestId: z.string(),
    step: z.enum(TRANSFER_STEPS),
    /** Whether this registry has nothing left to do for it. */
    done: z.boolean(),
    request: ExportRequestSchema.optional().describe('the transferring registry: its request (locked units)'),
    decision: BilateralTransferSchema.optional().describe('the one decision on the bilateral channel'),
    acquisition: AcquisitionSchema.optional().describe('the acquiring registry: its acquisition (held units)'),
  })
  .meta({ id: 'InternationalTransfer' });

export type TransferStatus = z.infer<typeof TransferStatusSchema>;

/**
 * The step of a transfer from what this registry's ledger and the bilateral channel hold; undefined when neither
 * knows it (or the decision is for another Party).
 */
export function transferStatus(
  requestId: string,
  request: ExportRequest | undefined,
  decision: BilateralTransfer | undefined,
  acquisition: Acquisition | undefined,
): TransferStatus {
  const parts = {
    requestId,
    ...(request === undefined ? {} : { request }),
    ...(decision === undefined ? {} : { decision }),
    ...(acquisition === undefined ? {} : { acquisition }),
  };
  if (acquisition !== undefined) return { ...parts, step: 'ACQUIRED', done: true };
  if (request?.status === 'TRANSFERRED') return { ...parts, step: 'TRANSFERRED', done: true };
  if (request?.status === 'ABANDONED') return { ...parts, step: 'UNLOCKED', done: true };
  if (decision === undefined) return { ...parts, step: 'REQUESTED', done: false };
  // Without a request here this is the acquiring registry: an abandoned transfer leaves it nothing to do.
  if (decision.status === 'ABANDONED') return { ...parts, step: 'ABANDONED', done: request === undefined };
  return { ...parts, step: 'RECORDED', done: false };
}
