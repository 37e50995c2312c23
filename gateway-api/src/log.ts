import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/** Names of fields that hold a credential, redacted at the top level and up to two levels down. */
const SECRET_FIELDS = [
  'authorization',
  'apiKey',
  'claimToken',
  'privateKey',
  'secret',
  'enrollmentSecret',
  'password',
  'walletKey',
  'WALLET_KEY',
];

const LOG_REDACT_PATHS: readonly string[] = SECRET_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]);

/**
 * The root logger: JSON lines on stdout (or `destination`). Authorization headers, API keys, private keys, CA
 * secrets and the wallet key are redacted wherever they appear, up to three levels deep (`err.request.secret`).
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'ncr-gateway' },
    redact: { paths: [...LOG_REDACT_PATHS], censor: '[redacted]' },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}

interface RequestContext {
  readonly logger: Logger;
}

const context = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` with `logger` (a child carrying the request ID) as the current logger. */
export function runWithLogger<T>(logger: Logger, fn: () => T): T {
  return context.run({ logger }, fn);
}

/** The current request's logger, or `fallback` outside any request. */
export function currentLogger(fallback: Logger): Logger {
  return context.getStore()?.logger ?? fallback;
}
