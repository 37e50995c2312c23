import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  AccountSchema,
  AuthorisationDetailsSchema,
  CreditBlockSchema,
  IdentityBindingSchema,
  MonitoringReportSchema,
  ProjectSchema,
  SettingsSchema,
  eventPayloadSchema,
  type Account,
  type AuthorisationDetails,
  type CreditBlock,
  type EventPayload,
  type IdentityBinding,
  type MonitoringReport,
  type Project,
  type Settings,
} from '@ncr/chaincode/domain';
import Database from 'better-sqlite3';
import type { z } from 'zod';
import type { CommittedBlock } from './decode';
import { projectBlock } from './projection';
import {
  ACTION_KIND_BY_EVENT,
  type ActionEventName,
  type ActionKind,
  DDL,
  SCHEMA_VERSION,
  isActionEvent,
} from './schema';

/** Where the read model stands: blocks [0, blockHeight) are projected. */
export interface ReadModelStatus {
  readonly blockHeight: number;
  readonly lastBlockHash: string | null;
  /** Timestamp of the newest transaction projected (ledger time, not wall-clock). */
  readonly lastTransactionAt: string | null;
}

/** One row of the action log. */
export interface ActionRow {
  readonly seq: number;
  readonly blockNumber: number;
  readonly txIndex: number;
  readonly txId: string;
  readonly at: string;
  readonly kind: ActionKind;
  readonly eventName: ActionEventName;
  readonly projectId: string | null;
  readonly authorisationId: string | null;
  readonly blockId: string | null;
  readonly sourceBlockId: string | null;
  readonly split: boolean;
  readonly vintage: number | null;
  readonly serialStart: number | null;
  readonly serialEnd: number | null;
  readonly quantity: number | null;
  readonly fromAccountId: string | null;
  readonly toAccountId: string | null;
  readonly purpose: string | null;
  readonly beneficiary: string | null;
  readonly reason: string | null;
  /** The event's payload, parsed with its schema. */
  readonly payload: EventPayload<ActionEventName>;
  /** The acted-on block as the transaction wrote it (credit actions only). */
  readonly block: CreditBlock | null;
}

interface RawAction {
  seq: number;
  block_number: number;
  tx_index: number;
  tx_id: string;
  at: string;
  event_name: string;
  project_id: string | null;
  authorisation_id: string | null;
  block_id: string | null;
  source_block_id: string | null;
  split: number;
  vintage: number | null;
  serial_start: number | null;
  serial_end: number | null;
  quantity: number | null;
  from_account_id: string | null;
  to_account_id: string | null;
  purpose: string | null;
  beneficiary: string | null;
  reason: string | null;
  payload_json: string;
  block_json: string | null;
}

/** One row of the action log, its payload parsed with its event's schema (the kind follows from the event). */
function actionRow(r: RawAction): ActionRow {
  const eventName = r.event_name;
  if (!isActionEvent(eventName)) throw new Error(`action log row ${r.seq}: ${eventName} is not an action event`);
  return {
    seq: r.seq,
    blockNumber: r.block_number,
    txIndex: r.tx_index,
    txId: r.tx_id,
    at: r.at,
    kind: ACTION_KIND_BY_EVENT[eventName],
    eventName,
    projectId: r.project_id,
    authorisationId: r.authorisation_id,
    blockId: r.block_id,
    sourceBlockId: r.source_block_id,
    split: r.split === 1,
    vintage: r.vintage,
    serialStart: r.serial_start,
    serialEnd: r.serial_end,
    quantity: r.quantity,
    fromAccountId: r.from_account_id,
    toAccountId: r.to_account_id,
    purpose: r.purpose,
    beneficiary: r.beneficiary,
    reason: r.reason,
    payload: eventPayloadSchema(eventName).parse(JSON.parse(r.payload_json)),
    block: r.block_json === null ? null : CreditBlockSchema.parse(JSON.parse(r.block_json)),
  };
}

export class BlockSequenceError extends Error {}

export interface ApplyOptions {
  /** Test hook: called inside the SQLite transaction after the projection, before the commit. */
  readonly beforeCommit?: (block: CommittedBlock) => void;
}

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
    db.exec(DDL);
    const version = db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'schema_version'").get();
    if (version === undefined) {
      db.prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?)").run(String(SCHEMA_VERSION));
    } else if (version.value !== String(SCHEMA_VERSION)) {
      db.close();
      throw new Error(`${file} has schema version ${version.value}, expected ${SCHEMA_VERSION}: delete it to rebuild`);
    }
    return new ReadModelStore(db, file);
  }

  /** Opens an existing database read-only (the gateway and reconcile never write). */
  static openReader(file: string): ReadModelStore {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    return new ReadModelStore(db, file);
  }

  close(): void {
    this.#db.close();
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

  #records<S extends z.ZodType>(sql: string, schema: S): z.output<S>[] {
    return this.#db
      .prepare<[], { json: string }>(sql)
      .all()
      .map((row) => schema.parse(JSON.parse(row.json)));
  }

  settings(): Settings | undefined {
    const row = this.#db.prepare<[], { json: string }>('SELECT json FROM settings WHERE id = 1').get();
    return row === undefined ? undefined : SettingsSchema.parse(JSON.parse(row.json));
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
    const rows = this.#db.prepare<[], RawAction>('SELECT * FROM actions ORDER BY block_number, tx_index').all();
    return rows.map(actionRow);
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
