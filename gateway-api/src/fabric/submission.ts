import { AsyncLocalStorage } from 'node:async_hooks';
import { CommitStatusUnknownError, NotFoundError } from '../errors';
import type { IdentityRef } from '../identity/credentials';
import type { Committed, Ledger, LocatedTransaction } from './ledger';

/** An endorsed transaction about to be sent for ordering: its ID and its serialised (unsigned) envelope. */
export interface OrderingTransaction {
  readonly txId: string;
  /** `Transaction.getBytes()`: the same transaction can be sent again from these bytes (same txId). */
  readonly envelope: Uint8Array;
}

/**
 * Told about every transaction of the current request before it can change the ledger, so that the request can
 * be recorded as "sent, outcome unknown" with its txId first. A rejection stops the submission (nothing sent).
 */
export interface SubmissionJournal {
  ordering(transaction: OrderingTransaction): Promise<void>;
}

const journals = new AsyncLocalStorage<SubmissionJournal>();

/** Runs `fn` with `journal` told about every transaction the ledger facade submits inside it. */
export function withJournal<T>(journal: SubmissionJournal, fn: () => Promise<T>): Promise<T> {
  return journals.run(journal, fn);
}

/** The journal of the current request, if any. */
export function currentJournal(): SubmissionJournal | undefined {
  return journals.getStore();
}

/**
 * Looks up a transaction that was sent for ordering, to settle an unknown outcome: undefined while it is not on the
 * ledger; a failure to look is 503 COMMIT_STATUS_UNKNOWN (the outcome is still not known).
 */
export async function sentTransaction(
  ledger: Pick<Ledger, 'transaction'>,
  actor: IdentityRef,
  txId: string,
): Promise<LocatedTransaction | undefined> {
  try {
    return await ledger.transaction(actor, txId);
  } catch (err) {
    if (err instanceof NotFoundError) return undefined;
    throw new CommitStatusUnknownError(txId, { cause: err });
  }
}

/** A transaction found on the ledger, as the write that sent it answered it when it committed. */
export function committedAs(tx: LocatedTransaction): Committed {
  return { txId: tx.txId, blockNumber: tx.blockNumber, result: tx.response?.payload ?? null };
}
