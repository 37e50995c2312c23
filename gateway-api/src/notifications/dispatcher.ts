import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../log';
import { type RetrySchedule, retryDelay } from './backoff';
import type { Send, SendResult } from './channels';
import type { DueDelivery, NotificationStore } from './store';

/** Deliveries sent at once in one pass. */
const BATCH = 16;

export interface DispatcherOptions {
  readonly store: NotificationStore;
  readonly retry: RetrySchedule;
  readonly pollMs: number;
  /** How long the dispatch lease lasts without renewal (a holder renews it on every pass). */
  readonly leaseMs: number;
  readonly webhook: Send;
  /** E-mail; undefined when the site has no SMTP server (such deliveries fail, and are retried, until it has). */
  readonly email: Send | undefined;
  readonly logger: Logger;
}

/** Whether the lease holder `owner` (`<host>:<pid>:<nonce>`) is a process of this host that has ended. */
function ownerGone(owner: string): boolean {
  const [host, pid] = owner.split(':');
  if (host !== hostname() || pid === undefined || !/^\d+$/.test(pid)) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Sends the outbox: each pass takes the dispatch lease (one dispatcher per notifications database, so per
 * organisation), then sends up to {@link BATCH} due deliveries at once and records each attempt: DELIVERED, the next
 * attempt after the back-off (backoff.ts), or FAILED after the last. At least once: a process killed after sending
 * but before recording sends again, with the same delivery ID.
 */
export class Dispatcher {
  readonly #o: DispatcherOptions;
  readonly #owner = `${hostname()}:${String(process.pid)}:${randomBytes(4).toString('hex')}`;
  #stopped = false;
  #wake: AbortController = new AbortController();
  #loop: Promise<void> | undefined;

  constructor(options: DispatcherOptions) {
    this.#o = options;
  }

  /** A method, not the field, in loop conditions: stop() runs concurrently, between awaits. */
  #running(): boolean {
    return !this.#stopped;
  }

  /** One pass at `now`: how many deliveries it attempted (0 when another process holds the lease). */
  async pass(now = Date.now()): Promise<number> {
    const { store } = this.#o;
    if (!store.holdLease(this.#owner, now, this.#o.leaseMs, ownerGone)) return 0;
    const due = store.due(now, BATCH);
    await Promise.all(due.map((delivery) => this.#attempt(delivery)));
    return due.length;
  }

  async #attempt(delivery: DueDelivery): Promise<void> {
    const number = delivery.attempts + 1;
    const send = delivery.subscription.url !== undefined ? this.#o.webhook : this.#o.email;
    const result: SendResult =
      send === undefined
        ? { ok: false, error: 'not sent: e-mail is off at this site (NCR_SMTP_URL)' }
        : await send(delivery, number);
    const at = Date.now();
    const delay = result.ok ? undefined : retryDelay(this.#o.retry, number);
    this.#o.store.recordAttempt(delivery.body.id, number, {
      at,
      status: result.status,
      error: result.error,
      delivered: result.ok,
      nextAttemptAt: delay === undefined ? undefined : at + delay,
    });
    const log = { delivery: delivery.body.id, attempt: number, ...result };
    if (result.ok) this.#o.logger.debug(log, 'notification delivered');
    else
      this.#o.logger.warn(
        { ...log, retryInMs: delay },
        delay === undefined ? 'notification failed' : 'notification attempt failed',
      );
  }

  /** Runs passes until {@link stop}: at once while work remains, else every `pollMs` or when woken. */
  start(): void {
    this.#loop ??= (async () => {
      while (this.#running()) {
        let attempted = 0;
        try {
          attempted = await this.pass();
        } catch (err) {
          this.#o.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'dispatch pass failed');
        }
        if (attempted === BATCH || !this.#running()) continue;
        await sleep(this.#o.pollMs, undefined, { signal: this.#wake.signal }).catch(() => undefined);
        if (this.#wake.signal.aborted) this.#wake = new AbortController();
      }
    })();
  }

  /** New deliveries are in the outbox: look now instead of at the next poll. */
  wake(): void {
    this.#wake.abort();
  }

  /** Stops after the pass under way and gives the lease up. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.wake();
    await this.#loop;
    this.#o.store.releaseLease(this.#owner);
  }
}
