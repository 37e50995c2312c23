import { readFileSync, statSync } from 'node:fs';
import { RoleSchema } from '@ncr/chaincode/domain';
import { z } from 'zod';
import { ConflictError, NotFoundError } from '../errors';
import { JsonDocument } from '../storage/atomic-file';
import { generateApiKey, hashApiKey, looksLikeApiKey } from './api-keys';
import { type IdentityRef, identityRefFields } from './credentials';

/**
 * Who holds a user's private key: the gateway's wallet (`gateway`, the default when absent), or the user alone
 * (`external`: the wallet holds its certificate only, and its writes are signed offline, docs/api.md).
 */
export const CustodySchema = z.enum(['gateway', 'external']);
export type Custody = z.infer<typeof CustodySchema>;

/** A gateway user: one API key, one ledger identity, bound on the ledger to one account with one role. */
const gatewayUserSchema = z.object({
  name: z.string().min(1),
  ...identityRefFields,
  accountId: z.string().min(1),
  role: RoleSchema,
  custody: CustodySchema.optional(),
  createdAt: z.string(),
});
export type GatewayUser = z.infer<typeof gatewayUserSchema>;

/** Whether the user keeps its own key, so that the gateway cannot sign for it. */
export function signsOffline(user: Pick<GatewayUser, 'custody'>): boolean {
  return user.custody === 'external';
}

/**
 * A user name taken by a creation in progress: reserved before any CA or ledger call, so that two creations of
 * the same name cannot both act. `txId` is set once the ledger write was sent: from then on the reservation is
 * never released automatically (the binding may exist).
 */
const reservationSchema = z.object({
  name: z.string().min(1),
  ...identityRefFields,
  reservedAt: z.string(),
  /** Who started the creation, the account and role it binds: only the same creation may finish it. */
  by: z.string().optional(),
  accountId: z.string().optional(),
  role: RoleSchema.optional(),
  custody: CustodySchema.optional(),
  txId: z.string().optional(),
});
export type Reservation = z.infer<typeof reservationSchema>;

const storedSchema = z.object({
  version: z.literal(1),
  users: z.array(gatewayUserSchema.extend({ apiKeySha256: z.string().regex(/^[0-9a-f]{64}$/) })),
  reservations: z.array(reservationSchema).default([]),
});
type Stored = z.infer<typeof storedSchema>;

function mtimeOf(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

export function identityOf(user: GatewayUser): IdentityRef {
  return { mspId: user.mspId, enrollmentId: user.enrollmentId };
}

/** Users and their API key hashes, persisted in `.ncr/gateway/users.json` (atomic writes). */
export class UserDirectory {
  readonly #file: string;
  readonly #doc: JsonDocument<Stored>;
  #byHash = new Map<string, GatewayUser>();
  #loadedMtimeMs: number;

  private constructor(file: string, doc: JsonDocument<Stored>) {
    this.#file = file;
    this.#doc = doc;
    this.#loadedMtimeMs = mtimeOf(file);
    this.#reindex();
  }

  static async open(file: string): Promise<UserDirectory> {
    return new UserDirectory(file, await UserDirectory.#load(file));
  }

  static #load(file: string): Promise<JsonDocument<Stored>> {
    return JsonDocument.open<Stored>(
      file,
      (raw) => storedSchema.parse(raw),
      () => ({ version: 1, users: [], reservations: [] }),
    );
  }

  /**
   * Picks up users added by another process (the demo bootstrap runs beside the server) when the file changed.
   * Called on an authentication miss, so a known key costs no file access.
   */
  #reloadIfChanged(): void {
    const mtime = mtimeOf(this.#file);
    if (mtime === this.#loadedMtimeMs) return;
    try {
      const raw = JSON.parse(readFileSync(this.#file, 'utf8')) as unknown;
      const stored = storedSchema.parse(raw);
      this.#doc.replaceInMemory(stored);
      this.#loadedMtimeMs = mtime;
      this.#reindex();
    } catch {
      // A torn or invalid file is ignored: atomic writes make this transient.
    }
  }

  #reindex(): void {
    this.#byHash = new Map(this.#doc.value.users.map(({ apiKeySha256, ...user }) => [apiKeySha256, user]));
  }

  /** The user an API key belongs to, or undefined. The key itself is never stored or logged. */
  authenticate(apiKey: string): GatewayUser | undefined {
    if (!looksLikeApiKey(apiKey)) return undefined;
    const hash = hashApiKey(apiKey);
    const known = this.#byHash.get(hash);
    if (known !== undefined) return known;
    this.#reloadIfChanged();
    return this.#byHash.get(hash);
  }

  findByName(name: string): GatewayUser | undefined {
    return this.list().find((user) => user.name === name);
  }

  list(): GatewayUser[] {
    return this.#doc.value.users.map(({ apiKeySha256: _hash, ...user }) => user);
  }

  /** Adds a user with a fresh API key and returns the key: the only time it exists in clear. */
  async create(user: Omit<GatewayUser, 'createdAt'>): Promise<{ user: GatewayUser; apiKey: string }> {
    return this.#add(user, () => {
      if (this.#taken(user.name)) throw new ConflictError(`user ${user.name} already exists`);
    });
  }

  async #add(
    user: Omit<GatewayUser, 'createdAt'>,
    check: (doc: Stored) => void,
  ): Promise<{ user: GatewayUser; apiKey: string }> {
    const apiKey = generateApiKey();
    const created: GatewayUser = { ...user, createdAt: new Date().toISOString() };
    await this.#doc.update((doc) => {
      check(doc);
      doc.reservations = doc.reservations.filter((r) => r.name !== user.name);
      doc.users.push({ ...created, apiKeySha256: hashApiKey(apiKey) });
    });
    this.#reindex();
    this.#loadedMtimeMs = mtimeOf(this.#file);
    return { user: created, apiKey };
  }

  #taken(name: string): boolean {
    const doc = this.#doc.value;
    return doc.users.some((u) => u.name === name) || doc.reservations.some((r) => r.name === name);
  }

  /**
   * Takes `name` for a creation in progress, atomically (the check and the write run as one step of the
   * document's serial queue): 409 if a user or another reservation holds it.
   */
  async reserve(
    name: string,
    identity: IdentityRef,
    intent: { by: string; accountId: string | undefined; role: GatewayUser['role']; custody?: Custody | undefined },
  ): Promise<Reservation> {
    const { accountId, custody, ...rest } = intent;
    const reservation: Reservation = {
      name,
      ...identity,
      ...rest,
      ...(accountId === undefined ? {} : { accountId }),
      ...(custody === undefined ? {} : { custody }),
      reservedAt: new Date().toISOString(),
    };
    await this.#doc.update((doc) => {
      if (this.#taken(name)) throw new ConflictError(`user ${name} already exists`);
      doc.reservations.push(reservation);
    });
    return reservation;
  }

  /** The reservation holding `name`, if any. */
  reservationOf(name: string): Reservation | undefined {
    return this.#doc.value.reservations.find((r) => r.name === name);
  }

  /** Notes that the ledger write of a reservation was sent: it stays taken whatever happens next. */
  async markSent(name: string, txId: string): Promise<void> {
    await this.#doc.update((doc) => {
      const reservation = doc.reservations.find((r) => r.name === name);
      if (reservation !== undefined) reservation.txId = txId;
    });
  }

  /**
   * Frees a reservation whose creation failed before its ledger write was sent, or (with `txId`) whose ledger
   * write is known to have committed invalid.
   */
  async release(name: string, txId?: string): Promise<void> {
    await this.#doc.update((doc) => {
      doc.reservations = doc.reservations.filter((r) => r.name !== name || r.txId !== txId);
    });
  }

  /** Turns a reservation into a user with a fresh API key (the binding is on the ledger). */
  complete(reservation: Reservation, binding: { accountId: string; role: GatewayUser['role'] }) {
    const { name, mspId, enrollmentId, custody } = reservation;
    return this.#add(
      { name, mspId, enrollmentId, ...binding, ...(custody === undefined ? {} : { custody }) },
      (doc) => {
        if (doc.users.some((u) => u.name === name)) throw new ConflictError(`user ${name} already exists`);
      },
    );
  }

  /** Replaces a user's API key (the old one stops working at once) and returns the new key. */
  async rotateKey(name: string): Promise<string> {
    const apiKey = generateApiKey();
    await this.#doc.update((doc) => {
      const entry = doc.users.find((u) => u.name === name);
      if (entry === undefined) throw new NotFoundError(`user ${name} does not exist`);
      entry.apiKeySha256 = hashApiKey(apiKey);
    });
    this.#reindex();
    this.#loadedMtimeMs = mtimeOf(this.#file);
    return apiKey;
  }
}
