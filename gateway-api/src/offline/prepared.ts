import { randomBytes } from 'node:crypto';
import { ConflictError, NotFoundError, RateLimitedError } from '../errors';

/** How long a prepared transaction waits for its next step, and how many may wait at once. */
export interface PreparedLimits {
  /** Each step renews it: a prepared transaction not taken further within this time is forgotten. */
  readonly ttlMs: number;
  /** In the whole gateway. */
  readonly maxTotal: number;
  /** Per user, so that one user cannot take every place. */
  readonly maxPerOwner: number;
}

const DEFAULT_PREPARED_LIMITS: PreparedLimits = { ttlMs: 10 * 60_000, maxTotal: 1_000, maxPerOwner: 20 };

/** A prepared ID: `ptx_` and 128 random bits, base64url. */
export const PREPARED_ID_PATTERN = /^ptx_[A-Za-z0-9_-]{22}$/;

/** One prepared transaction as kept on disk: its state encoded by the {@link StateCodec}. */
export interface PreparedRecord {
  readonly id: string;
  readonly owner: string;
  readonly expiresAt: number;
  readonly state: string;
}

/** Where prepared transactions outlive the process (storage/prepared-store.ts); expired ones are dropped. */
export interface PreparedPersistence {
  load(now: number): PreparedRecord[];
  save(record: PreparedRecord, now: number): void;
  forget(id: string): void;
}

export interface StateCodec<S> {
  encode(state: S): string;
  decode(text: string): S;
}

/**
 * JSON in which every byte array (Uint8Array, Buffer) is `{"$bytes": base64}`: the states of the signing steps. It
 * reads back what it wrote into the gateway's own owner-only database, and trusts it as such.
 */
export function bytesJson<S>(): StateCodec<S> {
  return {
    encode: (state) =>
      JSON.stringify(state, function (this: Record<string, unknown>, key: string, value: unknown) {
        const original = this[key];
        return original instanceof Uint8Array ? { $bytes: Buffer.from(original).toString('base64') } : value;
      }),
    decode: (text) =>
      JSON.parse(text, (_key, value: unknown) =>
        typeof value === 'object' && value !== null && '$bytes' in value && typeof value.$bytes === 'string'
          ? new Uint8Array(Buffer.from(value.$bytes, 'base64'))
          : value,
      ) as S,
  };
}

interface Entry<S> {
  readonly owner: string;
  state: S;
  expiresAt: number;
  /** A step runs: another one on the same ID waits its turn (409). */
  busy: boolean;
}

/**
 * Transactions on their way through the offline-signing steps: bounded (per user and in all), each forgotten
 * `ttlMs` after its last step. A user sees only its own (another user's ID is 404, as an unknown or expired one),
 * and one step at a time runs on an ID. With a {@link PreparedPersistence}, every state a step reaches is on disk
 * before the step answers, and a restarted gateway takes them back: a repeated submit after a crash sends the same
 * signed transaction again (the ledger commits a txId once) rather than leaving the client to prepare a new one.
 */
export class PreparedTransactions<S> {
  readonly #limits: PreparedLimits;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry<S>>();
  readonly #disk: { readonly store: PreparedPersistence; readonly codec: StateCodec<S> } | undefined;

  constructor(
    limits: PreparedLimits = DEFAULT_PREPARED_LIMITS,
    now: () => number = Date.now,
    disk?: { readonly store: PreparedPersistence; readonly codec: StateCodec<S> },
  ) {
    this.#limits = limits;
    this.#now = now;
    this.#disk = disk;
    for (const record of disk?.store.load(now()) ?? []) {
      const state = disk?.codec.decode(record.state);
      if (state !== undefined) {
        this.#entries.set(record.id, { owner: record.owner, state, expiresAt: record.expiresAt, busy: false });
      }
    }
  }

  #keep(id: string, entry: Entry<S>): void {
    this.#disk?.store.save(
      { id, owner: entry.owner, expiresAt: entry.expiresAt, state: this.#disk.codec.encode(entry.state) },
      this.#now(),
    );
  }

  #prune(): void {
    const now = this.#now();
    for (const [id, entry] of this.#entries) if (!entry.busy && entry.expiresAt <= now) this.#entries.delete(id);
  }

  /** Keeps `state` under a new ID; 429 `RATE_LIMITED` when the user, or the gateway, holds as many as allowed. */
  create(owner: string, state: S): { id: string; expiresAt: Date } {
    this.#prune();
    const mine = [...this.#entries.values()].filter((entry) => entry.owner === owner).length;
    if (mine >= this.#limits.maxPerOwner || this.#entries.size >= this.#limits.maxTotal) {
      const seconds = Math.ceil(this.#limits.ttlMs / 1000);
      throw new RateLimitedError(
        `too many prepared transactions waiting (${mine} of yours): take them further or let them expire (${seconds} s)`,
        { retryAfterSeconds: seconds },
      );
    }
    const id = `ptx_${randomBytes(16).toString('base64url')}`;
    const expiresAt = this.#now() + this.#limits.ttlMs;
    const entry = { owner, state, expiresAt, busy: false };
    this.#keep(id, entry);
    this.#entries.set(id, entry);
    return { id, expiresAt: new Date(expiresAt) };
  }

  /**
   * Runs one step on the state of `id`: `save` records the state the step reached (kept even if the step then
   * fails, e.g. once a transaction was sent), and renews the expiry. 404 when the ID is unknown, expired or
   * another user's; 409 `CONFLICT` while another step runs on it.
   */
  async step<R>(
    id: string,
    owner: string,
    run: (state: S, save: (next: S) => void, forget: () => void) => Promise<R>,
  ): Promise<R> {
    this.#prune();
    const entry = this.#entries.get(id);
    if (entry?.owner !== owner) throw new NotFoundError(`prepared transaction ${id} not found (unknown or expired)`);
    if (entry.busy) throw new ConflictError(`another step of prepared transaction ${id} is running; retry later`);
    entry.busy = true;
    const save = (next: S): void => {
      entry.state = next;
      entry.expiresAt = this.#now() + this.#limits.ttlMs;
      this.#keep(id, entry);
    };
    const forget = (): void => {
      this.#entries.delete(id);
      this.#disk?.store.forget(id);
    };
    try {
      return await run(entry.state, save, forget);
    } finally {
      entry.busy = false;
    }
  }

  /** When `id` expires, for the answers; undefined once it is gone. */
  expiresAt(id: string): Date | undefined {
    const entry = this.#entries.get(id);
    return entry === undefined ? undefined : new Date(entry.expiresAt);
  }
}
