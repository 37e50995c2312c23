import express, { type Express, type RequestHandler } from 'express';
import swaggerUi from 'swagger-ui-express';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import { accountRoutes } from '../routes/accounts';
import { applicationRoutes } from '../routes/applications';
import { auditRoutes } from '../routes/audit';
import { creditRoutes } from '../routes/credits';
import { documentRoutes } from '../routes/documents';
import { internationalRoutes } from '../routes/international';
import type { RouteDeps } from '../routes/deps';
import { eventRoutes } from '../routes/events';
import { explorerRoutes } from '../routes/explorer';
import { explorerPages } from '../explorer/pages';
import { ledgerRoutes } from '../routes/ledger';
import { monitoringRoutes } from '../routes/monitoring';
import { projectRoutes } from '../routes/projects';
import { publicRegistryRoutes } from '../routes/public-registry';
import { taskRoutes } from '../routes/tasks';
import { registryRoutes } from '../routes/registry';
import { reportRoutes } from '../routes/reports';
import { systemRoutes } from '../routes/system';
import { offlineRoutes } from '../routes/transactions';
import { webhookRoutes } from '../routes/webhooks';
import { type Authenticator, requireApiKey, requireCustody } from './auth';
import { errorHandler, notFound } from './error-handler';
import type { IdempotencyStore } from '../storage/idempotency-store';
import { idempotency } from './idempotency';
import { buildOpenApiDocument } from './openapi';
import { ratePerClient, ratePerKey } from './rate-limit';
import { type Route, mountRoutes } from './route';
import { observability } from './observability';

const API_VERSION = '1.0.0';

export interface AppDeps extends RouteDeps {
  readonly users: Authenticator;
  readonly idempotency: IdempotencyStore;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly bodyLimit?: string;
  readonly rateLimitPerMinute?: number;
  /** Requests per minute per client address on the unauthenticated endpoints (health, metrics, OpenAPI, docs). */
  readonly publicRateLimitPerMinute?: number;
}

/** The resource routes, in the order the OpenAPI document lists them (after the system routes). */
const RESOURCE_ROUTES: readonly ((deps: RouteDeps) => Route[])[] = [
  accountRoutes,
  applicationRoutes,
  projectRoutes,
  monitoringRoutes,
  creditRoutes,
  internationalRoutes,
  ledgerRoutes,
  auditRoutes,
  documentRoutes,
  registryRoutes,
  taskRoutes,
  reportRoutes,
  eventRoutes,
  webhookRoutes,
  explorerRoutes,
  publicRegistryRoutes,
];

/** Every API route, in one table: mounted on Express and documented in OpenAPI from the same objects. */
export function buildRoutes(deps: RouteDeps, openapi: () => unknown): Route[] {
  const routes: Route[] = [...systemRoutes(deps, openapi), ...RESOURCE_ROUTES.flatMap((table) => table(deps))];
  routes.push(...offlineRoutes(deps, () => routes));
  return routes;
}

/** The Express application, without listening (see main.ts). */
export function createApp(deps: AppDeps): Express {
  let document: unknown;
  const openapi = (): unknown => (document ??= buildOpenApiDocument(routes, API_VERSION));
  const routes = buildRoutes(deps, openapi);

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(observability(deps.logger, deps.metrics));

  const publicLimit = ratePerClient(deps.publicRateLimitPerMinute ?? 300);
  app.get('/metrics', publicLimit, (_req, res, next) => {
    deps.metrics.registry.metrics().then(
      (text) => {
        res.type(deps.metrics.registry.contentType).send(text);
      },
      (err: unknown) => {
        next(err);
      },
    );
  });
  app.use(
    '/docs',
    publicLimit,
    swaggerUi.serve,
    swaggerUi.setup(undefined, { swaggerOptions: { url: '/v1/openapi.json' } }),
  );

  app.use(explorerPages(publicLimit));

  const auth = requireApiKey(deps.users);
  const limit = ratePerKey(deps.rateLimitPerMinute ?? 600);
  const idempotent = idempotency(deps.idempotency, deps.ledger);
  // Only routes that take a body read one: a body sent to any other route is never parsed (no 413 or 415 there).
  const json = express.json({ limit: deps.bodyLimit ?? '100kb', type: ['application/json', 'application/*+json'] });
  const router = express.Router();
  mountRoutes(router, routes, {
    before: (route): RequestHandler[] => [
      ...(route.auth ? [auth, limit, ...(route.offline ? [] : [requireCustody])] : [publicLimit]),
      ...(route.body === undefined ? [] : [json]),
    ],
    around: (route) => (route.write ? idempotent : undefined),
  });
  app.use(router);
  app.use(notFound);
  app.use(errorHandler);
  return app;
}
