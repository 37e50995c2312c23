import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { type Logger, runWithLogger } from '../log';
import type { Metrics } from '../metrics';
import { setState, stateOf } from './context';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Gives every request an ID (the caller's `X-Request-Id` when it is safe, else a UUID), echoes it, makes a
 * child logger carrying it the current logger for everything the request does (ledger calls log their txId
 * through it), and records latency by route template when the response finishes.
 */
export function observability(logger: Logger, metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const given = req.get('x-request-id');
    const requestId = given !== undefined && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
    const child = logger.child({ requestId });
    setState(req, { requestId, logger: child });
    res.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const routePath = (req.route as { path?: unknown } | undefined)?.path;
      const route = typeof routePath === 'string' ? `${req.baseUrl}${routePath}` : 'unmatched';
      metrics.httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
      const user = stateOf(req).user?.name;
      child.info(
        {
          method: req.method,
          route,
          url: req.originalUrl,
          status: res.statusCode,
          ms: Math.round(seconds * 1000),
          user,
        },
        'request completed',
      );
    });
    runWithLogger(child, next);
  };
}
