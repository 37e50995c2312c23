import { setTimeout as sleep } from 'node:timers/promises';
import { errorCodeOf } from '../bench/rest';
import type { ApiTransport } from '../lib/api';

/**
 * A careful REST client, as the chaos run's clients are: every write carries an Idempotency-Key, and the same
 * request is sent again with the same key after anything that does not say how it ended (no answer, a timeout,
 * a 5xx, 429, a retryable 409), until the gateway answers 2xx (acknowledged) or a 4xx that refuses it.
 */

/** One HTTP exchange of a write. Times are milliseconds since the start of the run. */
export interface Attempt {
  readonly sentAt: number;
  readonly ms: number;
  /** HTTP status; 0 when no answer came (connection refused or dropped, timeout). */
  readonly status: number;
  /** The API's error code, `OK` for 2xx, or `NETWORK <cause>` / `TIMEOUT` without an answer. */
  readonly code: string;
  readonly txId?: string;
  /** `Idempotent-Replayed: true`: the answer of an earlier attempt of this key (or of its transaction). */
  readonly replayed: boolean;
  readonly retryAfterS?: number;
}

export type WriteKind = 'transfer' | 'retire' | 'report' | 'verify' | 'issue';

export interface WriteRequest {
  /** The Idempotency-Key, unique per request. */
  readonly key: string;
  readonly kind: WriteKind;
  readonly client: string;
  /** What the write acts on (block, project and period, monitoring report): how it is found on the ledger. */
  readonly subject: string;
  readonly quantity: number;
  readonly route: string;
  readonly body: unknown;
}

export interface WriteRecord extends WriteRequest {
  readonly attempts: Attempt[];
  outcome: 'acked' | 'refused' | 'unresolved';
  txId?: string;
  result?: Record<string, unknown>;
}

/** 409 codes that say "not yet": the same request with the same key may succeed later. */
const RETRYABLE_409 = new Set(['IDEMPOTENCY_IN_PROGRESS', 'ENDORSEMENT_MISMATCH', 'CONFLICT']);

/** What a careful client does after an attempt. */
export function nextStep(attempt: Pick<Attempt, 'status' | 'code'>): 'acked' | 'refused' | 'retry' {
  if (attempt.status >= 200 && attempt.status < 300) return 'acked';
  if (attempt.status === 0 || attempt.status >= 500 || attempt.status === 429) return 'retry';
  if (attempt.status === 409 && RETRYABLE_409.has(attempt.code)) return 'retry';
  return 'refused';
}

/** Pause before retry `n` (0-based): the server's Retry-After when given, else 250 ms doubling up to 2 s. */
export function backoffMs(n: number, retryAfterS?: number): number {
  if (retryAfterS !== undefined) return Math.min(5_000, retryAfterS * 1000);
  return Math.min(2_000, 250 * 2 ** n);
}

function txIdOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const holder: unknown = 'error' in body ? body.error : body;
  if (typeof holder !== 'object' || holder === null || !('txId' in holder)) return undefined;
  return typeof holder.txId === 'string' ? holder.txId : undefined;
}

function networkCode(err: unknown): string {
  if (err instanceof Error && err.name === 'TimeoutError') return 'TIMEOUT';
  const cause: unknown = err instanceof Error ? err.cause : undefined;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : undefined;
  return `NETWORK ${code ?? (err instanceof Error ? err.name : 'error')}`;
}

export interface HttpOptions {
  /** The gateway, with a deadline per attempt. */
  readonly api: ApiTransport;
  /** Milliseconds since the start of the run. */
  readonly now: () => number;
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** One POST of a write with its key; never throws: a failure to get an answer is an attempt with status 0. */
async function post(
  http: HttpOptions,
  request: WriteRequest,
  apiKey: string,
): Promise<{ attempt: Attempt; body: unknown }> {
  const sentAt = http.now();
  try {
    const answer = await http.api.send('POST', request.route, apiKey, request.body, {
      'idempotency-key': request.key,
    });
    const body = parsed(answer.text);
    const retryAfter = Number(answer.headers.get('retry-after') ?? Number.NaN);
    const txId = txIdOf(body);
    const attempt: Attempt = {
      sentAt,
      ms: http.now() - sentAt,
      status: answer.status,
      code: answer.ok ? 'OK' : (errorCodeOf(body) ?? '-'),
      replayed: answer.headers.get('idempotent-replayed') === 'true',
      ...(txId === undefined ? {} : { txId }),
      ...(Number.isFinite(retryAfter) ? { retryAfterS: retryAfter } : {}),
    };
    return { attempt, body };
  } catch (err) {
    return {
      attempt: { sentAt, ms: http.now() - sentAt, status: 0, code: networkCode(err), replayed: false },
      body: null,
    };
  }
}

/**
 * Sends `record` until it is acknowledged or refused, or until `giveUpAt` (then it stays `unresolved`). The
 * record is filled in place, so that a run stopped meanwhile still sees every attempt made.
 */
export async function perform(http: HttpOptions, record: WriteRecord, apiKey: string, giveUpAt: number): Promise<void> {
  for (let n = 0; ; n++) {
    const { attempt, body } = await post(http, record, apiKey);
    record.attempts.push(attempt);
    const step = nextStep(attempt);
    if (step !== 'retry') {
      record.outcome = step;
      if (step === 'acked') {
        if (attempt.txId !== undefined) record.txId = attempt.txId;
        if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
          record.result = Object.fromEntries(Object.entries(body));
        }
      }
      return;
    }
    if (http.now() >= giveUpAt) return;
    await sleep(backoffMs(n, attempt.retryAfterS));
  }
}

/** A fresh record for a request: unresolved until {@link perform} says otherwise. */
export const newRecord = (request: WriteRequest): WriteRecord => ({ ...request, attempts: [], outcome: 'unresolved' });
