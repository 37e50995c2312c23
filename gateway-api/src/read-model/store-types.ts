import type { CommittedBlock } from './decode';

/** The read model store's types and errors. */
/** Where a project stands in the public list: the block that last wrote it, and its ID. */
export interface ProjectPosition {
  readonly block: number;
  readonly id: string;
}

/** Where the read model stands: blocks [0, blockHeight) are projected. */
export interface ReadModelStatus {
  readonly blockHeight: number;
  readonly lastBlockHash: string | null;
  /** Timestamp of the newest transaction projected (ledger time, not wall-clock). */
  readonly lastTransactionAt: string | null;
}

export class BlockSequenceError extends Error {}

/** The database exists but its follower has not created its tables yet. */
export class ReadModelNotReadyError extends Error {}

export interface ApplyOptions {
  /** Test hook: called inside the SQLite transaction after the projection, before the commit. */
  readonly beforeCommit?: (block: CommittedBlock) => void;
}
