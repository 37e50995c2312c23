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
import type { WrittenKey } from '../fabric/blocks';
import type { CommittedBlock, CommittedTransaction } from './decode';
import { ACTION_KIND_BY_EVENT } from './schema';

interface Where {
  readonly blockNumber: number;
  readonly txId: string;
}

type Statements = ReturnType<typeof prepare>;
const statements = new WeakMap<Database.Database, Statements>();

function prepare(db: Database.Database) {
  return {
    settings: db.prepare(
      'INSERT INTO settings (id, json, block_number, tx_id) VALUES (1, @json, @blockNumber, @txId) ' +
        'ON CONFLICT (id) DO UPDATE SET json = excluded.json, block_number = excluded.block_number, tx_id = excluded.tx_id',
    ),
    account: db.prepare(
      'INSERT OR REPLACE INTO accounts (id, type, status, json, block_number, tx_id) ' +
        'VALUES (@id, @type, @status, @json, @blockNumber, @txId)',
    ),
    identity: db.prepare(
      'INSERT OR REPLACE INTO identities (msp_id, enrollment_id, account_id, role, status, json, block_number, tx_id) ' +
        'VALUES (@mspId, @enrollmentId, @accountId, @role, @status, @json, @blockNumber, @txId)',
    ),
    project: db.prepare(
      'INSERT OR REPLACE INTO projects (id, status, developer_account_id, authorisation_id, json, block_number, tx_id) ' +
        'VALUES (@id, @status, @developer, @authorisationId, @json, @blockNumber, @txId)',
    ),
    report: db.prepare(
      'INSERT OR REPLACE INTO monitoring_reports (id, project_id, status, json, block_number, tx_id) ' +
        'VALUES (@id, @projectId, @status, @json, @blockNumber, @txId)',
    ),
    block: db.prepare(
      'INSERT OR REPLACE INTO credit_blocks (id, owner_account_id, project_id, vintage, status, frozen, serial_start, ' +
        'serial_end, quantity, json, block_number, tx_id) VALUES (@id, @owner, @projectId, @vintage, @status, @frozen, ' +
        '@serialStart, @serialEnd, @quantity, @json, @blockNumber, @txId)',
    ),
    details: db.prepare(
      'INSERT OR REPLACE INTO authorisation_details (authorisation_id, json, block_number, tx_id) ' +
        'VALUES (@authorisationId, @json, @blockNumber, @txId)',
    ),
    action: db.prepare(
      'INSERT INTO actions (block_number, tx_index, tx_id, at, kind, event_name, project_id, authorisation_id, block_id, ' +
        'source_block_id, split, vintage, serial_start, serial_end, quantity, from_account_id, to_account_id, purpose, ' +
        'beneficiary, reason, payload_json, block_json) VALUES (@blockNumber, @txIndex, @txId, @at, @kind, @eventName, ' +
        '@projectId, @authorisationId, @blockId, @sourceBlockId, @split, @vintage, @serialStart, @serialEnd, @quantity, ' +
        '@fromAccountId, @toAccountId, @purpose, @beneficiary, @reason, @payloadJson, @blockJson)',
    ),
    deletes: {
      [OBJECT.account]: db.prepare('DELETE FROM accounts WHERE id = ?'),
      [OBJECT.binding]: db.prepare('DELETE FROM identities WHERE msp_id = ? AND enrollment_id = ?'),
      [OBJECT.project]: db.prepare('DELETE FROM projects WHERE id = ?'),
      [OBJECT.report]: db.prepare('DELETE FROM monitoring_reports WHERE id = ?'),
      [OBJECT.block]: db.prepare('DELETE FROM credit_blocks WHERE id = ?'),
      [OBJECT.authorisationDetails]: db.prepare('DELETE FROM authorisation_details WHERE authorisation_id = ?'),
    } as Record<string, Database.Statement | undefined>,
  };
}

/** Applies one written record; index keys and counters are not projected (the tables have their own indexes). */
function applyWrite(s: Statements, write: WrittenKey, where: Where): void {
  if (write.key === SETTINGS_KEY) {
    if (!write.isDelete) s.settings.run({ json: canonicalJson(SettingsSchema.parse(write.value)), ...where });
    return;
  }
  const composite = splitCompositeKey(write.key);
  if (composite === undefined) return;
  if (write.isDelete) {
    s.deletes[composite.objectType]?.run(...composite.attributes);
    return;
  }
  RECORDS[composite.objectType]?.(s, write.value, where);
}

type RecordWriter = (s: Statements, value: unknown, where: Where) => void;

/** How each record type's written value lands in its table (columns the read model queries, plus its JSON). */
const RECORDS: Readonly<Record<string, RecordWriter | undefined>> = {
  [OBJECT.account]: (s, value, where) => {
    const a = AccountSchema.parse(value);
    s.account.run({ id: a.id, type: a.type, status: a.status, json: canonicalJson(a), ...where });
  },
  [OBJECT.binding]: (s, value, where) => {
    const b = IdentityBindingSchema.parse(value);
    s.identity.run({
      ...pick(b, ['mspId', 'enrollmentId', 'accountId', 'role', 'status']),
      json: canonicalJson(b),
      ...where,
    });
  },
  [OBJECT.project]: (s, value, where) => {
    const p = ProjectSchema.parse(value);
    s.project.run({
      id: p.id,
      status: p.status,
      developer: p.developerAccountId,
      authorisationId: p.authorisation?.authorisationId ?? null,
      json: canonicalJson(p),
      ...where,
    });
  },
  [OBJECT.report]: (s, value, where) => {
    const r = MonitoringReportSchema.parse(value);
    s.report.run({ id: r.id, projectId: r.projectId, status: r.status, json: canonicalJson(r), ...where });
  },
  [OBJECT.block]: (s, value, where) => {
    const b = CreditBlockSchema.parse(value);
    s.block.run({
      ...pick(b, ['id', 'projectId', 'vintage', 'status', 'serialStart', 'serialEnd', 'quantity']),
      owner: b.ownerAccountId,
      frozen: b.frozen ? 1 : 0,
      json: canonicalJson(b),
      ...where,
    });
  },
  [OBJECT.authorisationDetails]: (s, value, where) => {
    const d = AuthorisationDetailsSchema.parse(value);
    s.details.run({ authorisationId: d.authorisationId, json: canonicalJson(d), ...where });
  },
};

function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, value[k]])) as Pick<T, K>;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const int = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : null);

/** The action-log row of a transaction whose event is an action (issuance, transfer, ... authorisation). */
function applyAction(s: Statements, block: CommittedBlock, tx: CommittedTransaction): boolean {
  const event = tx.event;
  if (event === undefined || !(event.name in ACTION_KIND_BY_EVENT)) return false;
  const kind = ACTION_KIND_BY_EVENT[event.name as keyof typeof ACTION_KIND_BY_EVENT];
  const p = event.payload;
  const blockId = str(p.blockId);
  // The acted-on block as this transaction wrote it: it carries the authorisation snapshot the AEF needs.
  const written = blockId === null ? undefined : tx.writes.find((w) => w.key === compositeKey(OBJECT.block, [blockId]));
  const movedBlock = written?.value === undefined ? undefined : CreditBlockSchema.parse(written.value);
  const from = kind === 'TRANSFER' ? str(p.fromAccountId) : str(p.ownerAccountId);
  s.action.run({
    blockNumber: block.number,
    txIndex: tx.index,
    txId: tx.txId,
    at: tx.at,
    kind,
    eventName: event.name,
    projectId: str(p.projectId),
    authorisationId: str(p.authorisationId) ?? movedBlock?.authorisation.authorisationId ?? null,
    blockId,
    sourceBlockId: str(p.sourceBlockId) ?? blockId,
    split: p.split === true ? 1 : 0,
    vintage: int(p.vintage) ?? movedBlock?.vintage ?? null,
    serialStart: int(p.serialStart),
    serialEnd: int(p.serialEnd),
    quantity: int(p.quantity) ?? int(p.authorisedQuantity),
    fromAccountId: kind === 'ISSUANCE' ? null : from,
    toAccountId: kind === 'ISSUANCE' ? str(p.ownerAccountId) : str(p.toAccountId),
    purpose: str(p.purpose) ?? str(p.purposes),
    beneficiary: str(p.beneficiary),
    reason: str(p.reason),
    payloadJson: canonicalJson(p),
    blockJson: movedBlock === undefined ? null : canonicalJson(movedBlock),
  });
  return true;
}

/**
 * Projects one committed block: for each VALID transaction in block order, its registry writes (records) and
 * its action (one row per transaction: Fabric transactions emit one event each). Invalid transactions are
 * skipped: their writes never reached the world state. Must run inside the caller's SQLite transaction.
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
    if (applyAction(s, block, tx)) actions++;
  }
  return { valid, actions };
}
