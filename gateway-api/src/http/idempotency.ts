import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { canonicalJson } from '@ncr/chaincode/domain';
import { z } from 'zod';
import { ApiError, ConflictError, NotFoundError, ValidationError } from '../errors';
import type { Ledger } from '../fabric/ledger';
import { identityOf } from '../identity/users';
import { JsonDocument } from '../storage/atomic-file';
import { stateOf } from './context';
import { committedBody } from './route';

/**
 * `Idempotency-Key` on ledger writes, so that a client retry never doubles a transfer.
 *
 * - Scope: (user, key). A key is remembered for {@link RETENTION_MS}.
 * - Same key, same request (route + validated input) after success → the stored response is replayed
 *   (same status and body, header `Idempotent-Replayed: true`); no new transaction.
 * - Same key, different request → 422 `IDEMPOTENCY_KEY_REUSED`.
 * - Same key while the first request is still running → 409 `IDEMPOTENCY_IN_PROGRESS`.
 * - Failures are not stored (nothing changed on the ledger), so a retry runs again — except when the outcome is
 *   unknown (submitted, commit status unreadable): the txId is stored, and a retry looks the transaction up on
 *   the ledger instead of submitting again: committed VALID → the response is rebuilt and replayed; committed
 *   invalid → the request runs again; not found yet → 409 `IDEMPOTENCY_IN_PROGRESS`.
 * Records persist in `.ncr/gateway/idempotency.json`, so restarts keep them. `apiKey` fields are redacted
 * before storing (keys exist in clear only in the first response).
 */
export const RETENTION_MS = 24 * 60 * 60 * 1000;

const recordSchema = z.object({
  requestHash: z.string(),
  state: z.enum(['completed', 'unknown']),
  status: z.number().int().optional(),
  body: z.unknown().optional(),
  txId: z.string().optional(),
  createdAt: z.number(),
});
export type IdempotencyRecord = z.infer<typeof recordSchema>;

const storedSchema = z.object({ version: z.literal(1), records: z.record(z.string(), recordSchema) });
type Stored = z.infer<typeof storedSchema>;

export interface IdempotencyStore {
  get(scope: string): IdempotencyRecord | undefined;
  put(scope: string, record: IdempotencyRecord): Promise<void>;
  delete(scope: string): Promise<void>;
}

/** Persistent store: a JSON document written atomically, expired records pruned on every write. */
export class FileIdempotencyStore implements IdempotencyStore {
  readonly #doc: JsonDocument<Stored>;
  readonly #now: () => number;

  private constructor(doc: JsonDocument<Stored>, now: () => number) {
    this.#doc = doc;
    this.#now = now;
  }

  static async open(file: string, now: () => number = Date.now): Promise<FileIdempotencyStore> {
    const doc = await JsonDocument.open<Stored>(
      file,
      (raw) => storedSchema.parse(raw),
      () => ({ version: 1, records: {} }),
    );
    return new FileIdempotencyStore(doc, now);
  }

  get(scope: string): IdempotencyRecord | undefined {
    const record = this.#doc.value.records[scope];
    return record !== undefined && this.#now() - record.createdAt < RETENTION_MS ? record : undefined;
  }

  #prune(doc: Stored): void {
    const now = this.#now();
    for (const [scope, record] of Object.entries(doc.records)) {
      if (now - record.createdAt >= RETENTION_MS) Reflect.deleteProperty(doc.records, scope);
    }
  }

  put(scope: string, record: IdempotencyRecord): Promise<void> {
    return this.#doc.update((doc) => {
      this.#prune(doc);
      doc.records[scope] = record;
    });
  }

  delete(scope: string): Promise<void> {
    return this.#doc.update((doc) => {
      this.#prune(doc);
      Reflect.deleteProperty(doc.records, scope);
    });
  }
}

export const REDACTED = '[redacted: shown once]';

/** API keys are never stored in clear: a replayed response carries this placeholder instead. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'apiKey' ? REDACTED : redactSecrets(v)]));
}

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

function replay(res: Response, status: number, body: unknown): void {
  res.setHeader('Idempotent-Replayed', 'true');
  res.status(status).json(body);
}

export function idempotency(store: IdempotencyStore, ledger: Ledger, now: () => number = Date.now): RequestHandler {
  const inFlight = new Set<string>();

  const resolveUnknown = async (req: Request, scope: string, record: IdempotencyRecord): Promise<boolean> => {
    const user = stateOf(req).user;
    if (record.txId === undefined || user === undefined) return false;
    try {
      const tx = await ledger.transaction(identityOf(user), record.txId);
      if (tx.validationCode !== 'VALID') {
        await store.delete(scope);
        return false;
      }
      const body = committedBody({ txId: tx.txId, blockNumber: tx.blockNumber, result: tx.response?.payload ?? null });
      await store.put(scope, { ...record, state: 'completed', status: 201, body });
      return true;
    } catch (err) {
      if (err instanceof NotFoundError) {
        throw new ApiError(
          409,
          'IDEMPOTENCY_IN_PROGRESS',
          `the outcome of transaction ${record.txId} is not known yet; retry later`,
          { txId: record.txId },
        );
      }
      throw err;
    }
  };

  const middleware = async (req: Request, res: Response): Promise<boolean> => {
    const key = req.get('idempotency-key');
    if (key === undefined) return true;
    if (!KEY_PATTERN.test(key)) throw new ValidationError('Idempotency-Key must be 1 to 255 visible ASCII characters');
    const state = stateOf(req);
    if (state.user === undefined) throw new Error('idempotency needs an authenticated user');
    const scope = `${state.user.name}|${key}`;
    const requestHash = createHash('sha256')
      .update(
        `${req.method} ${req.baseUrl}${(req.route as { path: string }).path}\n${canonicalJson(state.input ?? {})}`,
      )
      .digest('hex');
    if (inFlight.has(scope)) {
      throw new ConflictError('a request with this Idempotency-Key is still in progress');
    }
    let record = store.get(scope);
    if (record !== undefined && record.requestHash !== requestHash) {
      throw new ApiError(422, 'IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used for a different request');
    }
    inFlight.add(scope);
    let released = false;
    const release = (): void => {
      if (!released) inFlight.delete(scope);
      released = true;
    };
    try {
      if (record?.state === 'unknown' && (await resolveUnknown(req, scope, record))) record = store.get(scope);
      if (record?.state === 'completed') {
        release();
        replay(res, record.status ?? 200, record.body);
        return false;
      }
    } catch (err) {
      release();
      throw err;
    }
    res.on('close', release);
    // Persist before the response leaves, so a crash right after cannot lose a completed write.
    const send = res.json.bind(res);
    res.json = (body: unknown) => {
      const status = res.statusCode;
      const error = (body as { error?: { code?: unknown; txId?: unknown } } | null)?.error;
      let persist: Promise<void> | undefined;
      if (status >= 200 && status < 300) {
        persist = store.put(scope, {
          requestHash,
          state: 'completed',
          status,
          body: redactSecrets(body),
          createdAt: now(),
        });
      } else if (error?.code === 'COMMIT_STATUS_UNKNOWN' && typeof error.txId === 'string') {
        persist = store.put(scope, { requestHash, state: 'unknown', txId: error.txId, createdAt: now() });
      }
      if (persist === undefined) {
        release();
        return send(body);
      }
      persist.then(
        () => {
          release();
          send(body);
        },
        (err: unknown) => {
          release();
          state.logger.error({ err }, 'could not persist an idempotency record');
          send(body);
        },
      );
      return res;
    };
    return true;
  };

  return (req, res, next) => {
    middleware(req, res).then(
      (proceed) => {
        if (proceed) next();
      },
      (err: unknown) => {
        next(err);
      },
    );
  };
}
