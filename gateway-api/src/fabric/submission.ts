import { AsyncLocalStorage } from 'node:async_hooks';

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
