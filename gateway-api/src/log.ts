import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/** The root logger: JSON lines on stdout. Authorization headers and keys are redacted wherever they appear. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'ncr-gateway' },
    redact: {
      paths: ['req.headers.authorization', 'apiKey', '*.apiKey', 'privateKey', '*.privateKey', 'secret', '*.secret'],
      censor: '[redacted]',
    },
  });
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
