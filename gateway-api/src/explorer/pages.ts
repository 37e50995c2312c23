import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type RequestHandler, type Router } from 'express';
import { findRepoRoot } from '../config/config';
import { NotFoundError } from '../errors';

/** Where `npm run build` puts the explorer's bundle (explorer/, built with Vite). */
const explorerDist = (): string => path.join(findRepoRoot(), 'explorer', 'dist');

/** Same origin only, no inline script: the pages load their bundle and talk to this gateway, nothing else. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/**
 * The explorer (`/explorer/`, for government and auditor keys) and the public register (`/registry/`), static files
 * served behind the per-address limit; the data comes from the API with the user's own key.
 */
export function explorerPages(limit: RequestHandler, dist: string = explorerDist()): Router {
  const router = express.Router();
  router.use(['/explorer', '/registry'], limit, (_req, res, next) => {
    res.set('Content-Security-Policy', CSP);
    res.set('X-Content-Type-Options', 'nosniff');
    if (!existsSync(dist)) {
      next(new NotFoundError(`the explorer is not built (${dist} is missing: run npm run build)`));
      return;
    }
    next();
  });
  // One page for both (the path picks the app); non-strict routing: `/explorer` also answers `/explorer/`.
  const page: RequestHandler = (_req, res) => {
    res.sendFile(path.join(dist, 'index.html'));
  };
  router.get('/explorer', page);
  router.get('/registry', page);
  router.use('/explorer', express.static(dist, { index: false, fallthrough: true }));
  return router;
}
