import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { RateLimitedError } from '../errors';
import { userOf } from './context';

/** Per-API-key limit (fixed one-minute window), after authentication; 429 RATE_LIMITED beyond it. */
export function ratePerKey(limitPerMinute: number): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: limitPerMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (req) => userOf(req)?.name ?? 'anonymous',
    handler: (_req, _res, next) => {
      next(new RateLimitedError(`more than ${limitPerMinute} requests in a minute; slow down`));
    },
    validate: { keyGeneratorIpFallback: false },
  });
}

/**
 * Per-client-address limit (fixed one-minute window) for the endpoints that need no API key: without it, anyone
 * who can reach the gateway could make it probe the ledger or render metrics as fast as they can send.
 */
export function ratePerClient(limitPerMinute: number): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: limitPerMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, _res, next) => {
      next(new RateLimitedError(`more than ${limitPerMinute} unauthenticated requests in a minute; slow down`));
    },
  });
}
