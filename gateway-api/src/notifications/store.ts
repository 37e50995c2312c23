import type Database from 'better-sqlite3';
import { BlockSequenceError } from '../read-model/store-types';
import { openPrivateDatabase } from '../storage/sqlite-file';
import { type DeliveryRow, type SubscriptionRow, deliveryOf, shownSubscription, subscriptionOf } from './rows';
import type { Delivery, DeliveryBody, Subscription, SubscriptionRecord } from './schemas';
import { NOTIFICATIONS_DDL } from './store-schema';

/** An outbox row the fan-out adds: one event for one subscription. */
export interface NewDelivery {
  readonly id: string;
  readonly subscriptionId: string;
  readonly blockNumber: number;
  readonly txId: string;
  /** The event as GET /v1/events shows it (`NoticeEventSchema`), as JSON. */
  readonly eventJson: string;
}

/** A delivery whose attempt is due, with what sending it needs. */
export interface DueDelivery {
  readonly subscription: SubscriptionRecord;
  readonly body: DeliveryBody;
  /** Attempts made so far. */
  readonly attempts: number;
}

/** What one attempt came to: delivered, or failed with the time of the next attempt (none: given up). */
export interface AttemptOutcome {
  readonly at: number;
  readonly status?: number | undefined;
  readonly error?: string | undefined;
  readonly delivered: boolean;
  readonly nextAttemptAt?: number | undefined;
}

/** The block fields the checkpoint follows. */
interface BlockPosition {
  readonly number: number;
  readonly hash: string;
  readonly previousHash: string;
}

/**
 * The notifications database (store-schema.ts), opened by the gateway (subscriptions) and by the read-model process
 * (outbox, dispatch): WAL, owner-only, each change one transaction taken with the write lock up front, waiting up to
 * 5 s for the other process.
 */
export class NotificationStore {
  readonly #db: Database.Database;

  private constructor(db: Database.Database) {
    this.#db = db;
  }

  static open(file: string): NotificationStore {
    const db = openPrivateDatabase(file, NOTIFICATIONS_DDL);
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    return new NotificationStore(db);
  }

  close(): void {
    this.#db.close();
  }

  #write<T>(change: () => T): T {
    return this.#db.transaction(change).immediate();
  }

  #meta(key: string): string | undefined {
    return this.#db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(key)?.value;
  }

  /** Adds a subscription unless its account already has `limit`; false then. */
  addSubscription(record: SubscriptionRecord, createdAt: number, limit: number): boolean {
    return this.#write(() => {
      const count = this.#db
        .prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM subscriptions WHERE account_id = ?')
        .get(record.accountId);
      if ((count?.n ?? 0) >= limit) return false;
      this.#db
        .prepare(
          'INSERT INTO subscriptions (id, account_id, account_type, url, email, secret, event_types, from_block, ' +
            'created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          record.id,
          record.accountId,
          record.accountType,
          record.url ?? null,
          record.email ?? null,
          record.secret ?? null,
          JSON.stringify(record.eventTypes),
          record.fromBlock,
          record.createdBy,
          createdAt,
        );
      return true;
    });
  }

  #subscriptionRows(where: string, ...params: string[]): SubscriptionRow[] {
    return this.#db
      .prepare<string[], SubscriptionRow>(`SELECT * FROM subscriptions ${where} ORDER BY created_at, id`)
      .all(...params);
  }

  /** An account's subscriptions, oldest first. */
  subscriptions(accountId: string): Subscription[] {
    return this.#subscriptionRows('WHERE account_id = ?', accountId).map((row) =>
      shownSubscription(subscriptionOf(row)),
    );
  }

  /** One of an account's subscriptions (another account's is not found). */
  subscription(accountId: string, id: string): Subscription | undefined {
    const [row] = this.#subscriptionRows('WHERE account_id = ? AND id = ?', accountId, id);
    return row === undefined ? undefined : shownSubscription(subscriptionOf(row));
  }

  /** Removes one of an account's subscriptions with its deliveries (pending ones are not sent). */
  removeSubscription(accountId: string, id: string): Subscription | undefined {
    return this.#write(() => {
      const found = this.subscription(accountId, id);
      if (found !== undefined) this.#db.prepare('DELETE FROM subscriptions WHERE id = ?').run(id);
      return found;
    });
  }

  /** The next block the fan-out expects; undefined before its first block (it then takes whichever comes). */
  nextBlock(): number | undefined {
    const next = this.#meta('next_block');
    return next === undefined ? undefined : Number(next);
  }

  /**
   * Records a block's deliveries and moves the checkpoint past it, in one SQLite transaction: a crash leaves both or
   * neither, so a restart neither loses nor repeats a delivery. `fanOut` runs inside it, on every subscription as it
   * stands. A block already recorded is skipped (0); one out of sequence, or not chaining onto the last one (a
   * ledger reset under an old database), is refused.
   */
  recordBlock(
    block: BlockPosition,
    fanOut: (subscriptions: readonly SubscriptionRecord[]) => readonly NewDelivery[],
    now: number,
  ): number {
    return this.#write(() => {
      const next = this.nextBlock();
      if (next !== undefined && block.number < next) return 0;
      if (next !== undefined && block.number > next) {
        throw new BlockSequenceError(`notifications: expected block ${String(next)}, received ${String(block.number)}`);
      }
      const last = this.#meta('last_block_hash');
      if (last !== undefined && block.previousHash !== last) {
        throw new BlockSequenceError(
          `notifications: block ${String(block.number)} does not chain onto the last one recorded: the ledger was ` +
            'reset; delete the notifications database (NCR_NOTIFY_DB) to start again',
        );
      }
      const deliveries = fanOut(this.#subscriptionRows('').map((row) => subscriptionOf(row)));
      const insert = this.#db.prepare(
        'INSERT OR IGNORE INTO deliveries (id, subscription_id, block_number, tx_id, event_json, status, ' +
          "next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, 'PENDING', ?, ?)",
      );
      for (const d of deliveries) insert.run(d.id, d.subscriptionId, d.blockNumber, d.txId, d.eventJson, now, now);
      const set = this.#db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
      set.run('next_block', String(block.number + 1));
      set.run('last_block_hash', block.hash);
      return deliveries.length;
    });
  }

  /** Up to `limit` PENDING deliveries whose next attempt is due at `now`, the longest waiting first. */
  due(now: number, limit: number): DueDelivery[] {
    const rows = this.#db
      .prepare<[number, number], DeliveryRow>(
        "SELECT * FROM deliveries WHERE status = 'PENDING' AND next_attempt_at <= ? ORDER BY next_attempt_at, seq " +
          'LIMIT ?',
      )
      .all(now, limit);
    const subscriptionRow = this.#db.prepare<[string], SubscriptionRow>('SELECT * FROM subscriptions WHERE id = ?');
    return rows.flatMap((row) => {
      const found = subscriptionRow.get(row.subscription_id);
      if (found === undefined) return [];
      const subscription = subscriptionOf(found);
      const { id, eventId, event } = deliveryOf(row, []);
      const body = { id, subscriptionId: subscription.id, accountId: subscription.accountId, eventId, event };
      return [{ subscription, attempts: row.attempts, body }];
    });
  }

  /** Records attempt number `number` of a delivery and what follows: DELIVERED, the next attempt, or FAILED. */
  recordAttempt(id: string, number: number, outcome: AttemptOutcome): void {
    this.#write(() => {
      const status = outcome.delivered ? 'DELIVERED' : outcome.nextAttemptAt === undefined ? 'FAILED' : 'PENDING';
      const changed = this.#db
        .prepare(
          'UPDATE deliveries SET status = ?, attempts = ?, next_attempt_at = ?, last_status = ?, last_error = ?, ' +
            "delivered_at = ? WHERE id = ? AND status = 'PENDING'",
        )
        .run(
          status,
          number,
          status === 'PENDING' ? (outcome.nextAttemptAt ?? null) : null,
          outcome.status ?? null,
          outcome.error ?? null,
          outcome.delivered ? outcome.at : null,
          id,
        );
      if (changed.changes === 0) return; // its subscription was removed meanwhile
      this.#db
        .prepare('INSERT OR REPLACE INTO attempts (delivery_id, number, at, status, error) VALUES (?, ?, ?, ?, ?)')
        .run(id, number, outcome.at, outcome.status ?? null, outcome.error ?? null);
    });
  }

  /** A subscription's deliveries, newest first: up to `limit` before outbox position `before`, and the next cursor. */
  deliveries(subscriptionId: string, limit: number, before?: number): { items: Delivery[]; next: number | null } {
    const rows = this.#db
      .prepare<[string, number, number], DeliveryRow>(
        'SELECT * FROM deliveries WHERE subscription_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?',
      )
      .all(subscriptionId, before ?? Number.MAX_SAFE_INTEGER, limit);
    const attempts = this.#db.prepare<
      [string],
      { number: number; at: number; status: number | null; error: string | null }
    >('SELECT number, at, status, error FROM attempts WHERE delivery_id = ? ORDER BY number');
    const items = rows.map((row) => deliveryOf(row, attempts.all(row.id)));
    return { items, next: rows.length === limit ? (rows.at(-1)?.seq ?? null) : null };
  }

  /**
   * Takes or renews the dispatch lease for `owner` until `now + ttlMs`: true when `owner` holds it, false while
   * another holder's lease runs and `gone` does not say that holder has ended. Only the holder dispatches: one
   * dispatcher per notifications database.
   */
  holdLease(owner: string, now: number, ttlMs: number, gone: (holder: string) => boolean): boolean {
    return this.#write(() => {
      const held = this.#db
        .prepare<[], { owner: string; expires_at: number }>(
          "SELECT owner, expires_at FROM lease WHERE name = 'dispatch'",
        )
        .get();
      if (held !== undefined && held.owner !== owner && held.expires_at > now && !gone(held.owner)) return false;
      this.#db
        .prepare("INSERT OR REPLACE INTO lease (name, owner, expires_at) VALUES ('dispatch', ?, ?)")
        .run(owner, now + ttlMs);
      return true;
    });
  }

  /** Gives the lease up (a clean stop), so another process may dispatch at once. */
  releaseLease(owner: string): void {
    this.#db.prepare("DELETE FROM lease WHERE name = 'dispatch' AND owner = ?").run(owner);
  }
}
