import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { canonicalJson } from '@ncr/chaincode/domain';
import {
  ApiError,
  CommitStatusUnknownError,
  IdempotencyInProgressError,
  IdempotencyKeyReusedError,
  ValidationError,
  toApiError,
} from '../errors';
import type { Ledger } from '../fabric/ledger';
import { type SubmissionJournal, committedAs, sentTransaction, withJournal } from '../fabric/submission';
import { type GatewayUser, identityOf } from '../identity/users';
import type { IdempotencyRecord, IdempotencyStore } from '../storage/idempotency-store';
import { stateOf } from './context';
import { type AroundHandler, type RouteResult, committedBody } from './route';

/**
 * `Idempotency-Key` on ledger writes, so that a client retry never doubles a transfer.
 *
 * - Scope: (user, key). A key is remembered for 24 hours (`RETENTION_MS`, storage/idempotency-store.ts).
 * - The key is taken from the moment the request is accepted until its handler settles, whatever the client
 *   does meanwhile (a client that timed out and retries gets 409 `IDEMPOTENCY_IN_PROGRESS`, with the txId once
 *   one was sent for ordering).
 * - Before a transaction is sent for ordering, the request is recorded as `unknown` with the txId and the
 *   endorsed transaction (fabric/submission.ts). A success replaces it by the stored response; a transaction
 *   that committed invalid removes it (nothing changed); any other failure keeps it and is answered
 *   503 `COMMIT_STATUS_UNKNOWN` with the txId.
 * - Same key, same request (route + validated input) after success → the stored response is replayed (same
 *   status and body, header `Idempotent-Replayed: true`); no new transaction.
 * - Same key after an unknown outcome → resolved on the ledger, never by a new transaction: the txId is looked
 *   up (qscc); if it is not there, the very same endorsed transaction is sent again (the ledger commits a txId
 *   at most once) and looked up again. Committed VALID → the 201 is rebuilt and replayed; committed invalid →
 *   the request runs again; still not visible → 409 `IDEMPOTENCY_IN_PROGRESS` with the txId. A `resumable`
 *   route (onboarding: the API key is made after the commit) is run again instead of replayed when its
 *   transaction committed VALID: it finishes the request from the ledger without submitting anything.
 * - Same key, different request → 422 `IDEMPOTENCY_KEY_REUSED`.
 * - Failures before anything was sent are not stored (nothing changed on the ledger), so a retry runs again.
 * Records persist in `.ncr/gateway/idempotency.sqlite` (storage/idempotency-store.ts), so restarts keep them. `apiKey` fields are redacted
 * before storing (keys exist in clear only in the first response).
 */
/** What stands for an API key wherever it is shown again (a replay, a second read): keys exist in clear once. */
export const SHOWN_ONCE = '[redacted: shown once]';

/** API keys are never stored in clear: a replayed response carries this placeholder instead. */
function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'apiKey' ? SHOWN_ONCE : redactSecrets(v)]));
}

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** A transaction that committed with a non-VALID code changed nothing: the request may run again. */
function committedInvalid(error: ApiError, txId: string): boolean {
  return error.txId === txId && error.validationCode !== undefined;
}

function replay(res: Response, status: number, body: unknown): RouteResult {
  res.setHeader('Idempotent-Replayed', 'true');
  return { status, body };
}

/** The idempotency wrapper's state: the store, the ledger, and the requests running in this process. */
class IdempotentWrites {
  readonly #store: IdempotencyStore;
  readonly #ledger: Ledger;
  readonly #now: () => number;
  /** Requests running in this process, by scope, with the txId once one was sent for ordering. */
  readonly #running = new Map<string, { txId?: string }>();

  constructor(store: IdempotencyStore, ledger: Ledger, now: () => number) {
    this.#store = store;
    this.#ledger = ledger;
    this.#now = now;
  }

  /**
   * Resolves an unknown outcome on the ledger: the committed response; `'committed'` when it committed VALID and
   * the route finishes such requests itself (`resumable`); undefined when it changed nothing and may run again.
   */
  async #resolve(
    user: GatewayUser,
    scope: string,
    record: IdempotencyRecord & { txId: string },
    resumable: boolean,
  ): Promise<RouteResult | 'committed' | undefined> {
    const actor = identityOf(user);
    const lookUp = () => sentTransaction(this.#ledger, actor, record.txId);
    let tx = await lookUp();
    if (tx === undefined && record.envelope !== undefined) {
      try {
        await this.#ledger.resubmit(actor, Buffer.from(record.envelope, 'base64'));
      } catch (err) {
        throw new CommitStatusUnknownError(record.txId, { cause: err });
      }
      tx = await lookUp();
    }
    if (tx === undefined) throw new IdempotencyInProgressError(record.txId);
    if (tx.validationCode !== 'VALID') {
      await this.#store.delete(scope);
      return undefined;
    }
    if (resumable) return 'committed';
    const body = committedBody(committedAs(tx));
    const { envelope: _sent, ...kept } = record;
    await this.#store.put(scope, { ...kept, state: 'completed', status: 201, body });
    return { status: 201, body };
  }

  async #execute(
    req: Request,
    scope: string,
    requestHash: string,
    entry: { txId?: string },
    run: () => Promise<RouteResult | undefined>,
    resuming: boolean,
  ): Promise<RouteResult | undefined> {
    const journal: SubmissionJournal = {
      ordering: async ({ txId, envelope }) => {
        // Finishing a committed request must never send another transaction for this key.
        if (resuming) throw new Error(`a resumed request tried to send transaction ${txId}`);
        entry.txId = txId;
        await this.#store.put(scope, {
          requestHash,
          state: 'unknown',
          txId,
          envelope: Buffer.from(envelope).toString('base64'),
          createdAt: this.#now(),
        });
      },
    };
    let result: RouteResult | undefined;
    try {
      result = await withJournal(journal, run);
    } catch (err) {
      const error = toApiError(err);
      const txId = entry.txId;
      if (txId === undefined) throw error;
      if (committedInvalid(error, txId)) {
        await this.#store.delete(scope);
        throw error;
      }
      // Sent for ordering, then something failed: the ledger decides, and a retry will ask it.
      throw error instanceof CommitStatusUnknownError && error.txId === txId
        ? error
        : new CommitStatusUnknownError(txId, { cause: error });
    }
    if (result !== undefined && result.status >= 200 && result.status < 300) {
      // Persist before the response leaves, so a crash right after cannot lose a completed write. If it cannot
      // be stored, the `unknown` record (when a txId was sent) still lets a retry find the transaction.
      try {
        await this.#store.put(scope, {
          requestHash,
          state: 'completed',
          status: result.status,
          body: redactSecrets(result.body),
          ...(entry.txId === undefined ? {} : { txId: entry.txId }),
          createdAt: this.#now(),
        });
      } catch (err) {
        stateOf(req).logger.error({ err }, 'could not persist an idempotency record');
      }
    }
    return result;
  }

  around(): AroundHandler {
    return async (req, res, { input, resumable, run }) => {
      const key = req.get('idempotency-key');
      if (key === undefined) return run();
      if (!KEY_PATTERN.test(key))
        throw new ValidationError('Idempotency-Key must be 1 to 255 visible ASCII characters');
      const state = stateOf(req);
      const user = state.user;
      if (user === undefined) throw new Error('idempotency needs an authenticated user');
      const scope = `${user.name}|${key}`;
      const requestHash = createHash('sha256')
        .update(`${req.method} ${req.baseUrl}${(req.route as { path: string }).path}\n${canonicalJson(input)}`)
        .digest('hex');
      const other = this.#running.get(scope);
      if (other !== undefined) throw new IdempotencyInProgressError(other.txId);
      const record = this.#store.get(scope);
      if (record !== undefined && record.requestHash !== requestHash) {
        throw new IdempotencyKeyReusedError();
      }
      // Taken until this request settles; never released early (a client going away does not stop the handler).
      const entry: { txId?: string } = record?.txId === undefined ? {} : { txId: record.txId };
      this.#running.set(scope, entry);
      try {
        if (record?.state === 'completed') return replay(res, record.status ?? 200, record.body);
        if (record?.state === 'unknown' && record.txId !== undefined) {
          const resolved = await this.#resolve(user, scope, { ...record, txId: record.txId }, resumable);
          if (resolved === 'committed') return await this.#execute(req, scope, requestHash, entry, run, true);
          if (resolved !== undefined) return replay(res, resolved.status, resolved.body);
          delete entry.txId;
        }
        return await this.#execute(req, scope, requestHash, entry, run, false);
      } finally {
        this.#running.delete(scope);
      }
    };
  }
}

/** The idempotency wrapper for write routes (see the module comment). */
export function idempotency(store: IdempotencyStore, ledger: Ledger, now: () => number = Date.now): AroundHandler {
  return new IdempotentWrites(store, ledger, now).around();
}
