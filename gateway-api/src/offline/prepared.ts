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

interface Entry<S> {
  readonly owner: string;
  state: S;
  expiresAt: number;
  /** A step runs: another one on the same ID waits its turn (409). */
  busy: boolean;
}

/**
 * Transactions on their way through the offline-signing steps, in memory: bounded (per user and in all), each
 * forgotten `ttlMs` after its last step. A user sees only its own (another user's ID is 404, as an unknown or
 * expired one), and one step at a time runs on an ID. A restart forgets them all: nothing of an unsent
 * transaction reached the ledger, and the client prepares it again.
 */
export class PreparedTransactions<S> {
  readonly #limits: PreparedLimits;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry<S>>();

  constructor(limits: PreparedLimits = DEFAULT_PREPARED_LIMITS, now: () => number = Date.now) {
    this.#limits = limits;
    this.#now = now;
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
    this.#entries.set(id, { owner, state, expiresAt, busy: false });
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
    };
    const forget = (): void => {
      this.#entries.delete(id);
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
