import {
  AccountSchema,
  AuthorisationDetailsSchema,
  CreditBlockSchema,
  IdentityBindingSchema,
  MonitoringReportSchema,
  ProjectSchema,
  OBJECT,
  SETTINGS_KEY,
  SettingsSchema,
  canonicalJson,
  compositeKey,
  splitCompositeKey,
} from '@ncr/chaincode/domain';
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import type { WrittenKey } from '../fabric/blocks';
import { actionColumns } from './action-columns';
import type { CommittedBlock, CommittedTransaction } from './decode';
import { ACTION_KIND_BY_EVENT, isActionEvent } from './schema';

interface Where {
  readonly blockNumber: number;
  readonly txId: string;
}

type Statements = ReturnType<typeof prepare>;
const statements = new WeakMap<Database.Database, Statements>();

/** How the written value of one record type lands in its table: the columns queries filter on, plus its JSON. */
interface RecordTable {
  readonly upsert: string;
  readonly remove: string;
  /** The named parameters of `upsert` for a written value, parsed with the record's schema. */
  readonly row: (value: unknown, where: Where) => Record<string, string | number | null>;
}

/** Record fields that fit one SQLite cell. */
type FlatField<T> = { [K in keyof T]-?: T[K] extends string | number | boolean | undefined ? K : never }[keyof T] &
  string;

const columnOf = (field: string): string => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A SQLite cell: booleans as 0 and 1, absent values as NULL. */
function cell(value: unknown): string | number | null {
  if (typeof value === 'boolean') return value ? 1 : 0;
  return typeof value === 'string' || typeof value === 'number' ? value : null;
}

/**
 * Table `table` of a record type (schema.ts): a column per record field in `key` (the record's ID) and `fields`,
 * named in snake case, then the `computed` columns, the record's JSON and where it was written.
 */
function recordTable<T>(
  table: string,
  schema: z.ZodType<T>,
  key: readonly FlatField<T>[],
  fields: readonly FlatField<T>[],
  computed: Readonly<Record<string, (record: T) => string | null>> = {},
): RecordTable {
  const columns = [...key, ...fields].map((field) => [columnOf(field), field] as const);
  const names = [...columns.map(([name]) => name), ...Object.keys(computed), 'json', 'block_number', 'tx_id'];
  return {
    upsert: `INSERT OR REPLACE INTO ${table} (${names.join(', ')}) VALUES (${names.map((n) => `@${n}`).join(', ')})`,
    remove: `DELETE FROM ${table} WHERE ${key.map((field) => `${columnOf(field)} = ?`).join(' AND ')}`,
    row: (value, where) => {
      const record = schema.parse(value);
      return {
        ...Object.fromEntries(columns.map(([name, field]) => [name, cell(record[field])])),
        ...Object.fromEntries(Object.entries(computed).map(([name, read]) => [name, read(record)])),
        json: canonicalJson(record),
        block_number: where.blockNumber,
        tx_id: where.txId,
      };
    },
  };
}

/** The record types the read model keeps, by the object type of their composite key. */
const RECORDS: Readonly<Record<string, RecordTable>> = {
  [OBJECT.account]: recordTable('accounts', AccountSchema, ['id'], ['type', 'status']),
  [OBJECT.binding]: recordTable(
    'identities',
    IdentityBindingSchema,
    ['mspId', 'enrollmentId'],
    ['accountId', 'role', 'status'],
  ),
  [OBJECT.project]: recordTable('projects', ProjectSchema, ['id'], ['status', 'developerAccountId'], {
    authorisation_id: (p) => p.authorisation?.authorisationId ?? null,
  }),
  [OBJECT.report]: recordTable('monitoring_reports', MonitoringReportSchema, ['id'], ['projectId', 'status']),
  [OBJECT.block]: recordTable(
    'credit_blocks',
    CreditBlockSchema,
    ['id'],
    ['ownerAccountId', 'projectId', 'vintage', 'status', 'frozen', 'serialStart', 'serialEnd', 'quantity'],
  ),
  [OBJECT.authorisationDetails]: recordTable(
    'authorisation_details',
    AuthorisationDetailsSchema,
    ['authorisationId'],
    [],
  ),
};

function prepare(db: Database.Database) {
  return {
    settings: db.prepare(
      'INSERT INTO settings (id, json, block_number, tx_id) VALUES (1, @json, @blockNumber, @txId) ' +
        'ON CONFLICT (id) DO UPDATE SET json = excluded.json, block_number = excluded.block_number, tx_id = excluded.tx_id',
    ),
    records: new Map(
      Object.entries(RECORDS).map(([objectType, table]) => [
        objectType,
        { row: table.row, upsert: db.prepare(table.upsert), remove: db.prepare(table.remove) },
      ]),
    ),
    action: db.prepare(
      'INSERT INTO actions (block_number, tx_index, tx_id, part, at, kind, event_name, project_id, authorisation_id, ' +
        'block_id, source_block_id, split, vintage, serial_start, serial_end, quantity, from_account_id, to_account_id, ' +
        'purpose, beneficiary, reason, payload_json, block_json) VALUES (@blockNumber, @txIndex, @txId, @part, @at, @kind, @eventName, ' +
        '@projectId, @authorisationId, @blockId, @sourceBlockId, @split, @vintage, @serialStart, @serialEnd, @quantity, ' +
        '@fromAccountId, @toAccountId, @purpose, @beneficiary, @reason, @payloadJson, @blockJson)',
    ),
  };
}

/** Applies one written record; index keys and counters are not projected (the tables have their own indexes). */
function applyWrite(s: Statements, write: WrittenKey, where: Where): void {
  if (write.key === SETTINGS_KEY) {
    if (!write.isDelete) s.settings.run({ json: canonicalJson(SettingsSchema.parse(write.value)), ...where });
    return;
  }
  const composite = splitCompositeKey(write.key);
  const table = composite === undefined ? undefined : s.records.get(composite.objectType);
  if (composite === undefined || table === undefined) return;
  if (write.isDelete) table.remove.run(...composite.attributes);
  else table.upsert.run(table.row(write.value, where));
}

/** The action-log rows of a transaction whose event is an action (issuance, transfer, ... authorisation). */
function applyActions(s: Statements, block: CommittedBlock, tx: CommittedTransaction): number {
  const event = tx.event;
  if (event === undefined || !isActionEvent(event.name)) return 0;
  const { name: eventName, payload } = event;
  const rows = actionColumns(eventName, payload);
  const payloadJson = canonicalJson(payload);
  const kind = ACTION_KIND_BY_EVENT[eventName];
  rows.forEach((c, part) => {
    const blockId = c.blockId ?? null;
    // The acted-on block as this transaction wrote it: it carries the authorisation snapshot the AEF needs.
    const key = blockId === null ? undefined : compositeKey(OBJECT.block, [blockId]);
    const written = key === undefined ? undefined : tx.writes.find((w) => w.key === key);
    const movedBlock = written?.value === undefined ? undefined : CreditBlockSchema.parse(written.value);
    s.action.run({
      blockNumber: block.number,
      txIndex: tx.index,
      txId: tx.txId,
      part,
      at: tx.at,
      kind,
      eventName,
      projectId: c.projectId ?? null,
      authorisationId: c.authorisationId ?? movedBlock?.authorisation.authorisationId ?? null,
      blockId,
      sourceBlockId: c.sourceBlockId ?? blockId,
      split: c.split === true ? 1 : 0,
      vintage: c.vintage ?? movedBlock?.vintage ?? null,
      serialStart: c.serialStart ?? null,
      serialEnd: c.serialEnd ?? null,
      quantity: c.quantity ?? null,
      fromAccountId: c.fromAccountId ?? null,
      toAccountId: c.toAccountId ?? null,
      purpose: c.purpose ?? null,
      beneficiary: c.beneficiary ?? null,
      reason: c.reason ?? null,
      payloadJson,
      blockJson: movedBlock === undefined ? null : canonicalJson(movedBlock),
    });
  });
  return rows.length;
}

/**
 * Projects one committed block: for each VALID transaction in block order, its registry writes (records) and
 * its actions (from its one event: one row per block it acted on, usually one). Invalid transactions are skipped:
 * their writes never reached the world state. Must run inside the caller's SQLite transaction.
 */
export function projectBlock(db: Database.Database, block: CommittedBlock): { valid: number; actions: number } {
  let s = statements.get(db);
  if (s === undefined) {
    s = prepare(db);
    statements.set(db, s);
  }
  let valid = 0;
  let actions = 0;
  for (const tx of block.transactions) {
    if (tx.validationCode !== 'VALID' || (tx.writes.length === 0 && tx.event === undefined)) continue;
    valid++;
    const where = { blockNumber: block.number, txId: tx.txId };
    for (const write of tx.writes) applyWrite(s, write, where);
    actions += applyActions(s, block, tx);
  }
  return { valid, actions };
}
