/**
 * The notifications database (`$NCR_HOME/gateway/notifications.sqlite`): the gateway writes subscriptions, the
 * read-model process the outbox. `meta` holds the fan-out's checkpoint (the next block, the last block's hash);
 * `deliveries` is the outbox, one row per (subscription, event), written in the same SQLite transaction as the
 * checkpoint it follows; `attempts` lists each try; `lease` names the one process that dispatches.
 */
export const NOTIFICATIONS_DDL = `
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS subscriptions (
  id           TEXT PRIMARY KEY,
  account_id   TEXT NOT NULL,
  account_type TEXT NOT NULL,
  url          TEXT,
  email        TEXT,
  secret       TEXT,
  event_types  TEXT NOT NULL,
  from_block   INTEGER NOT NULL,
  created_by   TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  CHECK ((url IS NULL) <> (email IS NULL))
) STRICT;
CREATE INDEX IF NOT EXISTS subscriptions_account ON subscriptions (account_id, created_at);

CREATE TABLE IF NOT EXISTS deliveries (
  seq             INTEGER PRIMARY KEY AUTOINCREMENT,
  id              TEXT NOT NULL UNIQUE,
  subscription_id TEXT NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
  block_number    INTEGER NOT NULL,
  tx_id           TEXT NOT NULL,
  event_json      TEXT NOT NULL,
  status          TEXT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER,
  last_status     INTEGER,
  last_error      TEXT,
  delivered_at    INTEGER,
  created_at      INTEGER NOT NULL,
  UNIQUE (subscription_id, block_number, tx_id)
) STRICT;
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS deliveries_subscription ON deliveries (subscription_id, seq);

CREATE TABLE IF NOT EXISTS attempts (
  delivery_id TEXT NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
  number      INTEGER NOT NULL,
  at          INTEGER NOT NULL,
  status      INTEGER,
  error       TEXT,
  PRIMARY KEY (delivery_id, number)
) STRICT;

CREATE TABLE IF NOT EXISTS lease (
  name       TEXT PRIMARY KEY,
  owner      TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;
`;
