import { isEventName, type EventName } from '@ncr/chaincode/domain';
import { z } from 'zod';
/**
 * The read model's SQLite schema. Record tables mirror the registry's world-state records (their canonical JSON
 * plus the columns queries filter on); `actions` is the append-only action log; `meta` holds the checkpoint,
 * written in the same SQLite transaction as the block it follows, so a crash can neither skip nor repeat a block.
 */
/**
 * Version 2: `meta.transaction_count`. Version 3: a transaction may make several actions (an issuance with a share of
 * proceeds makes two; a suspension cancels several retirement requests), each its own row, numbered by `part` within
 * its transaction (migrate.ts).
 */
export const SCHEMA_VERSION = 3;

export const DDL = `
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS settings (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  json         TEXT NOT NULL,
  block_number INTEGER NOT NULL,
  tx_id        TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS accounts (
  id           TEXT PRIMARY KEY,
  type         TEXT NOT NULL,
  status       TEXT NOT NULL,
  json         TEXT NOT NULL,
  block_number INTEGER NOT NULL,
  tx_id        TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS identities (
  msp_id        TEXT NOT NULL,
  enrollment_id TEXT NOT NULL,
  account_id    TEXT NOT NULL,
  role          TEXT NOT NULL,
  status        TEXT NOT NULL,
  json          TEXT NOT NULL,
  block_number  INTEGER NOT NULL,
  tx_id         TEXT NOT NULL,
  PRIMARY KEY (msp_id, enrollment_id)
) STRICT;

CREATE TABLE IF NOT EXISTS projects (
  id                   TEXT PRIMARY KEY,
  status               TEXT NOT NULL,
  developer_account_id TEXT NOT NULL,
  authorisation_id     TEXT,
  json                 TEXT NOT NULL,
  block_number         INTEGER NOT NULL,
  tx_id                TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS monitoring_reports (
  id           TEXT PRIMARY KEY,
  project_id   TEXT NOT NULL,
  status       TEXT NOT NULL,
  json         TEXT NOT NULL,
  block_number INTEGER NOT NULL,
  tx_id        TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS credit_blocks (
  id               TEXT PRIMARY KEY,
  owner_account_id TEXT NOT NULL,
  project_id       TEXT NOT NULL,
  vintage          INTEGER NOT NULL,
  status           TEXT NOT NULL,
  frozen           INTEGER NOT NULL,
  serial_start     INTEGER NOT NULL,
  serial_end       INTEGER NOT NULL,
  quantity         INTEGER NOT NULL,
  json             TEXT NOT NULL,
  block_number     INTEGER NOT NULL,
  tx_id            TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS credit_blocks_owner ON credit_blocks (owner_account_id, status);
CREATE INDEX IF NOT EXISTS credit_blocks_project ON credit_blocks (project_id, vintage, status);
CREATE INDEX IF NOT EXISTS credit_blocks_status ON credit_blocks (status, block_number);

CREATE TABLE IF NOT EXISTS authorisation_details (
  authorisation_id TEXT PRIMARY KEY,
  json             TEXT NOT NULL,
  block_number     INTEGER NOT NULL,
  tx_id            TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS actions (
  seq              INTEGER PRIMARY KEY AUTOINCREMENT,
  block_number     INTEGER NOT NULL,
  tx_index         INTEGER NOT NULL,
  tx_id            TEXT NOT NULL,
  part             INTEGER NOT NULL,
  at               TEXT NOT NULL,
  kind             TEXT NOT NULL,
  event_name       TEXT NOT NULL,
  project_id       TEXT,
  authorisation_id TEXT,
  block_id         TEXT,
  source_block_id  TEXT,
  split            INTEGER NOT NULL DEFAULT 0,
  vintage          INTEGER,
  serial_start     INTEGER,
  serial_end       INTEGER,
  quantity         INTEGER,
  from_account_id  TEXT,
  to_account_id    TEXT,
  purpose          TEXT,
  beneficiary      TEXT,
  reason           TEXT,
  payload_json     TEXT NOT NULL,
  block_json       TEXT,
  UNIQUE (block_number, tx_index, part),
  UNIQUE (tx_id, part)
) STRICT;
CREATE INDEX IF NOT EXISTS actions_at ON actions (at);
CREATE INDEX IF NOT EXISTS actions_kind ON actions (kind, at);
CREATE INDEX IF NOT EXISTS actions_kind_seq ON actions (kind, seq);
CREATE INDEX IF NOT EXISTS actions_from ON actions (from_account_id, seq);
CREATE INDEX IF NOT EXISTS actions_to ON actions (to_account_id, seq);
`;

/**
 * The action kind of each event in the log: the registry's own vocabulary, mapped to AEF actions by reports/aef. A
 * suspension's rows are the retirement requests it cancelled (none: no row).
 * Every event name must say whether it is an action (`null`: it is not), so a new or renamed event fails to compile
 * here instead of silently dropping rows from the AEF report.
 */
export const ACTION_KIND_BY_EVENT = {
  REGISTRY_INITIALISED: null,
  SETTINGS_UPDATED: null,
  AUTHORISATION_DETAILS_SET: null,
  WORKFLOW_PROFILE_UPDATED: null,
  ACCOUNT_APPLICATION_SUBMITTED: null,
  ACCOUNT_APPLICATION_REJECTED: null,
  ACCOUNT_CREATED: null,
  ACCOUNT_SUSPENDED: 'RETIREMENT_REQUEST_CANCELLATION',
  ACCOUNT_REACTIVATED: null,
  IDENTITY_BOUND: null,
  IDENTITY_REVOKED: null,
  PROJECT_REGISTERED: null,
  PROJECT_DOCUMENTS_ADDED: null,
  PROJECT_IDEA_NOTE_SUBMITTED: null,
  PROJECT_NO_OBJECTION_GIVEN: null,
  PROJECT_RESUBMITTED: null,
  PROJECT_VALIDATED: null,
  PROJECT_VALIDATION_REJECTED: null,
  PROJECT_AUTHORISED: 'AUTHORISATION',
  PROJECT_REJECTED: null,
  MONITORING_REPORT_SUBMITTED: null,
  MONITORING_REPORT_VERIFIED: null,
  MONITORING_REPORT_REJECTED: null,
  CREDITS_ISSUED: 'ISSUANCE',
  CREDITS_TRANSFERRED: 'TRANSFER',
  CREDITS_RETIRED: 'RETIREMENT',
  RETIREMENT_REQUESTED: 'RETIREMENT_REQUEST',
  RETIREMENT_REJECTED: 'RETIREMENT_REJECTION',
  CREDITS_CANCELLED: 'CANCELLATION',
  BLOCK_FROZEN: 'FREEZE',
  BLOCK_UNFROZEN: 'UNFREEZE',
  DOCUMENT_RECORDED: null,
  EXPORT_REQUESTED: 'EXPORT_REQUEST',
  ITMOS_TRANSFERRED: 'INTERNATIONAL_TRANSFER',
  EXPORT_ABANDONED: 'EXPORT_ABANDONMENT',
  ITMOS_ACQUIRED: 'ACQUISITION',
  BILATERAL_INITIALISED: null,
  TRANSFER_RECORDED: null,
  TRANSFER_ABANDONED: null,
} as const satisfies Record<EventName, string | null>;

/** The events that are actions. */
export type ActionEventName = {
  [N in EventName]: (typeof ACTION_KIND_BY_EVENT)[N] extends null ? never : N;
}[EventName];

export type ActionKind = (typeof ACTION_KIND_BY_EVENT)[ActionEventName];

const ACTION_KINDS: ReadonlySet<string | null> = new Set(Object.values(ACTION_KIND_BY_EVENT));
/** An action kind as the action log stores it (`kind` column). */
export const ActionKindSchema = z.custom<ActionKind>(
  (value) => typeof value === 'string' && ACTION_KINDS.has(value),
  'an action kind of the read model',
);

/** Whether `name` is an event the action log records (an unknown name is not). */
export function isActionEvent(name: string): name is ActionEventName {
  return isEventName(name) && ACTION_KIND_BY_EVENT[name] !== null;
}
