import type { TaskKind } from '../tasks/select';
import type { CommittedBlock } from './decode';

/** The read model store's types and errors. */
/** Where a project stands in the public list: the block that last wrote it, and its ID. */
export interface ProjectPosition {
  readonly block: number;
  readonly id: string;
}

/** Where a project, report or pending block stands in the task scan: the block that last wrote it, its kind, its ID. */
export interface TaskPosition {
  readonly block: number;
  readonly kind: TaskKind;
  readonly id: string;
}

/** The parties a task scan keeps to (none: every project and report), and whether it examines retirement requests. */
export interface TaskParty {
  readonly developerAccountId?: string;
  readonly certifierAccountId?: string;
  /** The government decides retirement requests: its scan examines every PENDING_RETIREMENT block too. */
  readonly retirementRequests?: true;
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
