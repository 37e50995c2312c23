import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../log';
import { isEndorsementMismatch } from './errors';

/** Pause before endorsing again: about the time a peer takes to commit the block its neighbour already has. */
const REENDORSE_PAUSE_MS = 150;

/**
 * Endorses a fresh proposal from `newProposal`. When the endorsing peers returned different results (one had not
 * yet committed a block the other had), it endorses a new proposal once more after a short pause: endorsement
 * changes nothing on the ledger, so this is safe. A second mismatch is thrown (409 ENDORSEMENT_MISMATCH).
 */
export async function endorseConsistently<T>(
  newProposal: () => { endorse(): Promise<T>; getTransactionId(): string },
  log: Pick<Logger, 'warn'>,
  pauseMs = REENDORSE_PAUSE_MS,
): Promise<T> {
  const first = newProposal();
  try {
    return await first.endorse();
  } catch (err) {
    if (!isEndorsementMismatch(err)) throw err;
    log.warn({ txId: first.getTransactionId() }, 'endorsing peers returned different results; endorsing again');
  }
  await sleep(pauseMs);
  return newProposal().endorse();
}
