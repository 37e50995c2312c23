import http from 'node:http';
import { gatewayOf } from '../lib/api';
import type { Reply } from './oracles';

/**
 * Raw HTTP to the gateway with node:http (not fetch), so that odd methods, bodies on GET, any Content-Type and
 * malformed percent-escapes go out exactly as generated. Loopback only. Paces each API key under the gateway's
 * per-key rate limit using its `RateLimit` header, so that 429s do not drown the findings.
 */

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const MAX_BODY_BYTES = 2 * 1024 * 1024;
/** A fresh connection per request: a kept-alive socket the server closed while idle would fail as a hang-up. */
const agent = new http.Agent({ keepAlive: false });

/** Refuses anything but a loopback http URL: the fuzzer never sends its traffic elsewhere. */
export function loopbackUrl(text: string): URL {
  const url = new URL(text);
  if (url.protocol !== 'http:' || !LOOPBACK.has(url.hostname)) {
    throw new Error(`the fuzzer only talks to a gateway on this machine (http://127.0.0.1:…), not ${text}`);
  }
  return url;
}

export interface Outgoing {
  readonly method: string;
  readonly target: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
}

export type Answer = (Reply & { readonly ms: number }) | { readonly failure: string; readonly ms: number };

/** `limit=600, remaining=12, reset=31` (draft-7 `RateLimit`) → remaining and seconds to reset. */
export function parseRateLimit(header: string | undefined): { remaining: number; reset: number } | undefined {
  if (header === undefined) return undefined;
  const remaining = /remaining=(\d+)/.exec(header)?.[1];
  const reset = /reset=(\d+)/.exec(header)?.[1];
  return remaining === undefined || reset === undefined
    ? undefined
    : { remaining: Number(remaining), reset: Number(reset) };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class FuzzClient {
  readonly #base: URL;
  readonly #timeoutMs: number;
  readonly #reserve: number;
  readonly #windows = new Map<string, { remaining: number; resetAt: number }>();

  constructor(baseUrl: string, options: { timeoutMs?: number; reserve?: number } = {}) {
    this.#base = loopbackUrl(baseUrl);
    this.#timeoutMs = options.timeoutMs ?? 60_000;
    this.#reserve = options.reserve ?? 8;
  }

  get baseUrl(): string {
    return this.#base.origin;
  }

  /**
   * Sends one request with `apiKey` as bearer (none when undefined) to the gateway of that key (each organisation's
   * gateway knows its own users: lib/api.ts), else to the base URL; answers or says why there was no answer.
   */
  async send(request: Outgoing, apiKey: string | undefined): Promise<Answer> {
    if (apiKey !== undefined) await this.#pace(apiKey);
    const base = apiKey === undefined ? this.#base : loopbackUrl(gatewayOf(apiKey, this.#base.origin));
    const started = Date.now();
    const headers: Record<string, string> = { ...request.headers };
    if (apiKey !== undefined) headers.authorization = `Bearer ${apiKey}`;
    if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
    return new Promise<Answer>((resolve) => {
      const done = (answer: Answer): void => {
        resolve(answer);
      };
      let req: http.ClientRequest;
      try {
        req = http.request({
          host: base.hostname.replace(/^\[|\]$/g, ''),
          port: base.port,
          method: request.method,
          path: request.target,
          headers,
          timeout: this.#timeoutMs,
          agent,
        });
      } catch (err) {
        done({ failure: `not sent: ${err instanceof Error ? err.message : String(err)}`, ms: 0 });
        return;
      }
      req.on('timeout', () => {
        req.destroy(new Error(`no answer within ${this.#timeoutMs} ms`));
      });
      req.on('error', (err) => {
        done({ failure: err.message, ms: Date.now() - started });
      });
      req.on('response', (res) => {
        if (apiKey !== undefined) this.#observe(apiKey, res.headers.ratelimit);
        const status = res.statusCode ?? 0;
        const contentType = res.headers['content-type'];
        if ((contentType ?? '').startsWith('text/event-stream')) {
          // An open event stream: its headers are the answer; close it.
          res.destroy();
          done({ status, contentType, body: Buffer.alloc(0), ms: Date.now() - started });
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_BODY_BYTES) chunks.push(chunk);
        });
        res.on('end', () => {
          done({ status, contentType, body: Buffer.concat(chunks), ms: Date.now() - started });
        });
        res.on('error', (err) => {
          done({ failure: `answer cut: ${err.message}`, ms: Date.now() - started });
        });
      });
      req.end(request.body);
    });
  }

  /** GET as JSON, for harvesting and snapshots; throws on anything but 200. */
  async getJson(target: string, apiKey: string | undefined): Promise<unknown> {
    const answer = await this.send({ method: 'GET', target, headers: {}, body: undefined }, apiKey);
    if ('failure' in answer) throw new Error(`GET ${target}: ${answer.failure}`);
    if (answer.status !== 200)
      throw new Error(`GET ${target}: ${answer.status} ${answer.body.toString('utf8').slice(0, 300)}`);
    return JSON.parse(answer.body.toString('utf8')) as unknown;
  }

  #observe(apiKey: string, header: string | string[] | undefined): void {
    const parsed = parseRateLimit(Array.isArray(header) ? header[0] : header);
    if (parsed !== undefined) {
      this.#windows.set(apiKey, { remaining: parsed.remaining, resetAt: Date.now() + parsed.reset * 1000 });
    }
  }

  async #pace(apiKey: string): Promise<void> {
    const window = this.#windows.get(apiKey);
    if (window === undefined) return;
    if (window.remaining <= this.#reserve && Date.now() < window.resetAt) {
      await sleep(window.resetAt - Date.now() + 250);
      this.#windows.delete(apiKey);
      return;
    }
    window.remaining -= 1;
  }
}
