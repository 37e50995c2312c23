import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  type BalanceLine,
  AccountSchema,
  AuthorisationDetailsSchema,
  CreditBlockSchema,
  IdentityBindingSchema,
  MonitoringReportSchema,
  ProjectSchema,
  SettingsSchema,
  type Account,
  type AuthorisationDetails,
  type CreditBlock,
  type IdentityBinding,
  type MonitoringReport,
  type Project,
  type Settings,
} from '@ncr/chaincode/domain';
import Database from 'better-sqlite3';
import type { z } from 'zod';
import type { CommittedBlock } from './decode';
import { projectBlock } from './projection';
import { type ScannedCandidate, scanTaskCandidates } from './task-candidates';
import { type ActionRow, type RawAction, actionRow } from './action-row';
import { CREDIT_ACTIONS_SQL, type CreditAction, creditActions } from './credit-actions';
import type { ActionKind } from './schema';
import { prepareSchema } from './migrate';
import {
  type ApplyOptions,
  BlockSequenceError,
  type ProjectPosition,
  type ReadModelStatus,
  type TaskParty,
  type TaskPosition,
  ReadModelNotReadyError,
} from './store-types';

/**
 * The read model's SQLite database. One writer (the follower process) and any number of readers (the gateway,
 * reconcile), in WAL mode so that readers never block the writer and always see whole blocks.
 */
export class ReadModelStore {
  readonly #db: Database.Database;
  readonly file: string;

  private constructor(db: Database.Database, file: string) {
    this.#db = db;
    this.file = file;
  }

  /** Opens (creating if needed) the database for the follower. */
  static openWriter(file: string): ReadModelStore {
    mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    // FULL: a committed block (and its checkpoint) survives a power cut, not only a process kill.
    db.pragma('synchronous = FULL');
    try {
      prepareSchema(db, file);
    } catch (err) {
      db.close();
      throw err;
    }
    return new ReadModelStore(db, file);
  }

  /** Opens the database read-only; ReadModelNotReadyError while its follower has created the file but no table yet. */
  static openReader(file: string): ReadModelStore {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get() === undefined) {
      db.close();
      throw new ReadModelNotReadyError(`${file} has no tables yet: its follower is creating them`);
    }
    return new ReadModelStore(db, file);
  }

  close(): void {
    this.#db.close();
  }

  /** Copies the database as it stands to `file` (SQLite's online backup: the writer goes on meanwhile). */
  async backupTo(file: string): Promise<void> {
    await this.#db.backup(file);
  }

  #meta(key: string): string | null {
    const row = this.#db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(key);
    return row?.value ?? null;
  }

  status(): ReadModelStatus {
    return {
      blockHeight: Number(this.#meta('block_height') ?? '0'),
      lastBlockHash: this.#meta('last_block_hash'),
      lastTransactionAt: this.#meta('last_transaction_at'),
    };
  }

  /**
   * Every transaction in blocks [0, blockHeight), valid or not, configuration ones included (the ledger's own count);
   * null for a database of schema version 1, which the follower rebuilds.
   */
  transactionCount(): number | null {
    const count = this.#meta('transaction_count');
    return count === null ? null : Number(count);
  }

  /**
   * Projects block `blockHeight` and moves the checkpoint past it, in one SQLite transaction: either both are
   * durable or neither is. Refuses a block out of sequence or one that does not chain onto the last block's hash
   * (a reset ledger under an old database).
   */
  applyBlock(block: CommittedBlock, options: ApplyOptions = {}): { valid: number; actions: number } {
    const apply = this.#db.transaction(() => {
      const status = this.status();
      if (block.number !== status.blockHeight) {
        throw new BlockSequenceError(`expected block ${status.blockHeight}, received block ${block.number}`);
      }
      if (status.lastBlockHash !== null && block.previousHash !== status.lastBlockHash) {
        throw new BlockSequenceError(
          `block ${block.number} does not chain onto block ${block.number - 1} of this database ` +
            `(previous hash ${block.previousHash}, expected ${status.lastBlockHash}): the ledger was reset; ` +
            `delete ${this.file} to rebuild`,
        );
      }
      const counts = projectBlock(this.#db, block);
      const set = this.#db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
      set.run('block_height', String(block.number + 1));
      set.run('last_block_hash', block.hash);
      set.run('transaction_count', String(Number(this.#meta('transaction_count')) + block.transactions.length));
      const newest = block.transactions.at(-1)?.at;
      if (newest !== undefined && newest !== '') set.run('last_transaction_at', newest);
      options.beforeCommit?.(block);
      return counts;
    });
    return apply.immediate();
  }

  /** Runs reads in one read transaction: a consistent snapshot at one block height. */
  snapshot<T>(read: () => T): T {
    return this.#db.transaction(read).deferred();
  }

  #records<S extends z.ZodType>(sql: string, schema: S, ...params: string[]): z.output<S>[] {
    return this.#db
      .prepare<string[], { json: string }>(sql)
      .all(...params)
      .map((row) => schema.parse(JSON.parse(row.json)));
  }

  settings(): Settings | undefined {
    return this.#records('SELECT json FROM settings WHERE id = 1', SettingsSchema)[0];
  }

  accounts(): Account[] {
    return this.#records('SELECT json FROM accounts ORDER BY id', AccountSchema);
  }

  identities(): IdentityBinding[] {
    return this.#records('SELECT json FROM identities ORDER BY msp_id, enrollment_id', IdentityBindingSchema);
  }

  projects(): Project[] {
    return this.#records('SELECT json FROM projects ORDER BY id', ProjectSchema);
  }

  project(id: string): Project | undefined {
    return this.#records('SELECT json FROM projects WHERE id = ?', ProjectSchema, id)[0];
  }

  monitoringReports(): MonitoringReport[] {
    return this.#records('SELECT json FROM monitoring_reports ORDER BY id', MonitoringReportSchema);
  }

  creditBlocks(): CreditBlock[] {
    return this.#records('SELECT json FROM credit_blocks ORDER BY id', CreditBlockSchema);
  }

  authorisationDetails(): AuthorisationDetails[] {
    return this.#records(
      'SELECT json FROM authorisation_details ORDER BY authorisation_id',
      AuthorisationDetailsSchema,
    );
  }

  /** The action log in ledger order (block, then position in the block). */
  actions(): ActionRow[] {
    const rows = this.#db.prepare<[], RawAction>('SELECT * FROM actions ORDER BY block_number, tx_index, part').all();
    return rows.map(actionRow);
  }

  /**
   * Projects, most recently written first, then by ID: up to `limit` after `after` (the position of the last one of
   * the previous page), each with its own position.
   */
  projectsPage(limit: number, after?: ProjectPosition): { project: Project; position: ProjectPosition }[] {
    const rows = this.#db
      .prepare<[number, number, string, number], { json: string; block_number: number }>(
        'SELECT json, block_number FROM projects WHERE block_number < ? OR (block_number = ? AND id > ?) ' +
          'ORDER BY block_number DESC, id LIMIT ?',
      )
      .all(after?.block ?? Number.MAX_SAFE_INTEGER, after?.block ?? 0, after?.id ?? '', limit);
    return rows.map((row) => {
      const project = ProjectSchema.parse(JSON.parse(row.json));
      return { project, position: { block: row.block_number, id: project.id } };
    });
  }

  /** The projects and reports a task scan examines (task-candidates.ts): up to `limit` after `after`. */
  taskCandidates(party: TaskParty, limit: number, after?: TaskPosition): ScannedCandidate[] {
    return scanTaskCandidates(this.#db, party, limit, after);
  }

  /** Actions of one kind, newest first: up to `limit` before log position `before`. */
  actionsOfKind(kind: ActionKind, limit: number, before?: number): ActionRow[] {
    const rows = this.#db
      .prepare<[string, number, number], RawAction>(
        'SELECT * FROM actions WHERE kind = ? AND seq < ? ORDER BY seq DESC LIMIT ?',
      )
      .all(kind, before ?? Number.MAX_SAFE_INTEGER, limit);
    return rows.map(actionRow);
  }

  /** Whether the account exists (as of the read model's height). */
  hasAccount(accountId: string): boolean {
    return (
      this.#db.prepare<[string], { id: string }>('SELECT id FROM accounts WHERE id = ?').get(accountId) !== undefined
    );
  }

  /** An account's HELD credits by project and vintage (frozen ones also apart), and how many blocks they are in. */
  heldBalance(accountId: string): { lines: BalanceLine[]; blocks: number } {
    const lines = this.#db
      .prepare<[string], BalanceLine & { blocks: number }>(
        'SELECT project_id AS projectId, vintage, SUM(quantity) AS quantity, ' +
          'SUM(CASE WHEN frozen = 1 THEN quantity ELSE 0 END) AS frozenQuantity, COUNT(*) AS blocks ' +
          "FROM credit_blocks WHERE owner_account_id = ? AND status = 'HELD' GROUP BY project_id, vintage",
      )
      .all(accountId);
    return {
      lines: lines.map(({ blocks: _, ...line }) => line),
      blocks: lines.reduce((sum, line) => sum + line.blocks, 0),
    };
  }

  /** Credits by vintage and status: the sum of every block's current quantity, by vintage then status. */
  totalsByVintageAndStatus(): { vintage: number; status: string; quantity: number }[] {
    return this.#db
      .prepare<[], { vintage: number; status: string; quantity: number }>(
        'SELECT vintage, status, SUM(quantity) AS quantity FROM credit_blocks GROUP BY vintage, status ' +
          'ORDER BY vintage, status',
      )
      .all();
  }

  /** An account's actions (credits from or to it), newest first: up to `limit` before log position `before`. */
  accountActions(accountId: string, limit: number, before?: number): ActionRow[] {
    const rows = this.#db
      .prepare<[string, string, number, number], RawAction>(
        'SELECT * FROM actions WHERE (from_account_id = ? OR to_account_id = ?) AND seq < ? ORDER BY seq DESC LIMIT ?',
      )
      .all(accountId, accountId, before ?? Number.MAX_SAFE_INTEGER, limit);
    return rows.map(actionRow);
  }

  /**
   * The actions on a credit block (issuances, transfers, retirements, cancellations, freezes) in blocks
   * [0, blockHeight), in ledger order, read row by row (one row in memory at a time). The log only grows, so two
   * reads up to the same height give the same actions, in a snapshot or not.
   */
  *creditActionsBefore(blockHeight: number): Generator<CreditAction, void, undefined> {
    yield* creditActions(this.#db.prepare<[number]>(CREDIT_ACTIONS_SQL).iterate(blockHeight));
  }

  /** Every table's rows as text, for comparing two databases (a rebuilt one must equal the original). */
  dump(): Record<string, string[]> {
    const tables = [
      'meta',
      'settings',
      'accounts',
      'identities',
      'projects',
      'monitoring_reports',
      'credit_blocks',
      'authorisation_details',
      'actions',
    ];
    return Object.fromEntries(
      tables.map((t) => [
        t,
        this.#db
          .prepare(`SELECT * FROM ${t} ORDER BY 1, 2`)
          .all()
          .map((row) => JSON.stringify(row)),
      ]),
    );
  }
}
