import { randomUUID } from 'node:crypto';
import { ApiTransport } from '../lib/api';
import { orgOf } from '@ncr/gateway-api/network-config';
import { network } from '../network/client';
import { thrownCode } from './loop';
import type { Outcome } from './stats';

/** The bench's REST client: loopback only, every failure becomes `<status> <error code>`. */

export interface Reply {
  readonly status: number;
  readonly body: unknown;
}

/**
 * The government's gateway (.ncr/public/network.json), which serves requests whose key no gateway handed out; each
 * user's requests go to their own organisation's gateway (lib/api.ts).
 */
export function gatewayUrl(): string {
  return orgOf(network(), 'GovernmentMSP').gatewayUrl;
}

export function errorCodeOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
  const error: unknown = body.error;
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

/** `201`/`200` as expected is success; anything else is grouped by HTTP status and the API's error code. */
export function restOutcome(reply: Reply, expected: number): Outcome {
  if (reply.status === expected) return { ok: true };
  return { ok: false, code: `HTTP ${reply.status} ${errorCodeOf(reply.body) ?? '-'}` };
}

/** A fixture request the API refused: keeps the status and error code so failures group by them. */
export class RestError extends Error {
  constructor(
    readonly method: string,
    readonly route: string,
    readonly reply: Reply,
  ) {
    super(`${method} ${route} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    this.name = 'RestError';
  }

  get code(): string {
    return `HTTP ${this.reply.status} ${errorCodeOf(this.reply.body) ?? '-'}`;
  }
}

const RETRIES = 3;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class Rest {
  /** Fixture writes retried, by the code of the answer that caused the retry. */
  readonly retries: Record<string, number> = {};

  readonly #api: ApiTransport;

  constructor(
    readonly baseUrl: string,
    private readonly onRetry: (error: RestError) => void = () => undefined,
  ) {
    this.#api = new ApiTransport(baseUrl, 180_000);
  }

  async call(
    method: string,
    route: string,
    key: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> {
    const { status, text } = await this.#api.send(method, route, key, body, headers);
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text) as unknown;
    } catch {
      // not JSON (XLSX, CSV): keep the text
    }
    return { status, body: parsed };
  }

  /** One timed attempt for a closed loop: network errors are failures too, never exceptions. */
  async attempt(method: string, route: string, key: string, expected: number, body?: unknown): Promise<Outcome> {
    try {
      return restOutcome(await this.call(method, route, key, body), expected);
    } catch (err) {
      const cause = err instanceof Error && err.cause instanceof Error ? ` ${err.cause.message}` : '';
      return { ok: false, code: `NETWORK ${thrownCode(err)}${cause}` };
    }
  }

  /**
   * A fixture write that must commit (201). It carries an Idempotency-Key, so it is retried on a 5xx (e.g. peers
   * endorsing at different heights) as a careful client would, without risk of doing the work twice; each retry
   * is counted in `retries`. Throws RestError with the last answer otherwise.
   */
  async write(route: string, key: string, body: unknown = {}): Promise<Record<string, unknown>> {
    const headers = { 'idempotency-key': `bench-${randomUUID()}` };
    for (let attempt = 1; ; attempt++) {
      const reply = await this.call('POST', route, key, body, headers);
      if (reply.status === 201) return asRecord(reply.body);
      const error = new RestError('POST', route, reply);
      if (reply.status < 500 || attempt > RETRIES) throw error;
      this.retries[error.code] = (this.retries[error.code] ?? 0) + 1;
      this.onRetry(error);
      await sleep(500 * attempt);
    }
  }

  async read(route: string, key: string): Promise<Record<string, unknown>> {
    const reply = await this.call('GET', route, key);
    if (reply.status !== 200) throw new RestError('GET', route, reply);
    return asRecord(reply.body);
  }
}

export function asRecord(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`expected a JSON object, got ${JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}

export function stringField(record: Record<string, unknown>, name: string): string {
  const value = record[name];
  if (typeof value !== 'string') throw new Error(`field ${name} is not a string in ${JSON.stringify(record)}`);
  return value;
}

export function numberField(record: Record<string, unknown>, name: string): number {
  const value = record[name];
  if (typeof value !== 'number') throw new Error(`field ${name} is not a number in ${JSON.stringify(record)}`);
  return value;
}
