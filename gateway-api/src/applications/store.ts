import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type Database from 'better-sqlite3';
import { ConflictError } from '../errors';
import { openPrivateDatabase } from '../storage/sqlite-file';

const CLAIM_PREFIX = 'ncrclaim_';

/** A claim token: 32 random bytes, base64url, with a recognisable prefix (for secret scanners). Shown once. */
export function generateClaimToken(): string {
  return `${CLAIM_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** The only form in which a claim token is kept: its SHA-256, hex (256 random bits: no dictionary to attack). */
export function claimDigest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** An application ID as the chaincode's `ApplicationIdSchema` takes it: `APP-` and 80 random bits in hex. */
export function newApplicationId(): string {
  return `APP-${randomBytes(10).toString('hex').toUpperCase()}`;
}

/** The person to contact about an application: personal data, kept by the site only, never on the ledger. */
export interface Contact {
  readonly name: string;
  readonly email: string;
}

/** What the applying site keeps of an application beside the ledger's record. */
export interface LocalApplication {
  readonly id: string;
  readonly claimSha256: string;
  /** The gateway user name reserved for the applicant's first ADMIN. */
  readonly adminName: string;
  readonly contact: Contact;
  /** The ledger transaction that records it, once sent for ordering. */
  readonly txId?: string;
  readonly createdAt: number;
  /** When the admin's API key was handed out (it is shown once). */
  readonly keyIssuedAt?: number;
}

const DDL = `
CREATE TABLE IF NOT EXISTS applications (
  id            TEXT PRIMARY KEY,
  claim_sha256  TEXT NOT NULL,
  admin_name    TEXT NOT NULL,
  contact_name  TEXT NOT NULL,
  contact_email TEXT NOT NULL,
  tx_id         TEXT,
  created_at    INTEGER NOT NULL,
  key_issued_at INTEGER
) STRICT;`;

interface Row {
  readonly id: string;
  readonly claim_sha256: string;
  readonly admin_name: string;
  readonly contact_name: string;
  readonly contact_email: string;
  readonly tx_id: string | null;
  readonly created_at: number;
  readonly key_issued_at: number | null;
}

function applicationOf(row: Row): LocalApplication {
  return {
    id: row.id,
    claimSha256: row.claim_sha256,
    adminName: row.admin_name,
    contact: { name: row.contact_name, email: row.contact_email },
    ...(row.tx_id === null ? {} : { txId: row.tx_id }),
    createdAt: row.created_at,
    ...(row.key_issued_at === null ? {} : { keyIssuedAt: row.key_issued_at }),
  };
}

/**
 * The applying site's own records of account applications (`applications.sqlite` in the gateway's state folder,
 * owner-only): the contact, the SHA-256 of the claim token, the admin's reserved user name, whether its API key was
 * handed out. Each change is its own SQLite transaction, on disk when the call returns.
 */
export class SqliteApplicationStore {
  readonly #db: Database.Database;
  readonly #now: () => number;

  private constructor(db: Database.Database, now: () => number) {
    this.#db = db;
    this.#now = now;
  }

  static open(file: string, now: () => number = Date.now): SqliteApplicationStore {
    return new SqliteApplicationStore(openPrivateDatabase(file, DDL), now);
  }

  /** Records a new application before anything is sent to the ledger; CONFLICT if the ID is taken. */
  insert(application: Pick<LocalApplication, 'id' | 'claimSha256' | 'adminName' | 'contact'>): void {
    const { id, claimSha256, adminName, contact } = application;
    const inserted = this.#db
      .prepare(
        'INSERT OR IGNORE INTO applications (id, claim_sha256, admin_name, contact_name, contact_email, created_at) ' +
          'VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(id, claimSha256, adminName, contact.name, contact.email, this.#now());
    if (inserted.changes !== 1) throw new ConflictError(`account application ${id} already exists`);
  }

  /** Notes the transaction that records it on the ledger, as it is sent. */
  markSent(id: string, txId: string): void {
    this.#db.prepare('UPDATE applications SET tx_id = ? WHERE id = ?').run(txId, id);
  }

  /** Forgets an application the ledger never recorded (its transaction was not sent, or committed invalid). */
  remove(id: string): void {
    this.#db.prepare('DELETE FROM applications WHERE id = ?').run(id);
  }

  get(id: string): LocalApplication | undefined {
    const row = this.#db.prepare<[string], Row>('SELECT * FROM applications WHERE id = ?').get(id);
    return row === undefined ? undefined : applicationOf(row);
  }

  /** The application, if `token` is its claim token (compared in constant time); undefined otherwise. */
  claim(id: string, token: string): LocalApplication | undefined {
    const application = this.get(id);
    if (application === undefined) return undefined;
    const given = Buffer.from(claimDigest(token), 'hex');
    const kept = Buffer.from(application.claimSha256, 'hex');
    return given.length === kept.length && timingSafeEqual(given, kept) ? application : undefined;
  }

  /** Records that the admin's API key was handed out; true only the first time. */
  markKeyIssued(id: string): boolean {
    const updated = this.#db
      .prepare('UPDATE applications SET key_issued_at = ? WHERE id = ? AND key_issued_at IS NULL')
      .run(this.#now(), id);
    return updated.changes === 1;
  }

  close(): void {
    this.#db.close();
  }
}
