import { z } from 'zod';
import { NotFoundError } from '../errors';
import type { PublicFields } from '../explorer/config';
import { publicActions, publicProjects, publicTotals } from '../explorer/public';
import { type Route, defineRoute, ok } from '../http/route';
import type { ReadModelStore } from '../read-model/store';
import type { RouteDeps } from './deps';
import { withStore } from './reports';

const PUBLIC = 'No key; rate limited per client address. Only the fields explorer-config/config.json publishes.';
const rows = z.object({ items: z.array(z.record(z.string(), z.unknown())), blockHeight: z.number().int() });

/** The published fields, or 404 when the gateway runs without an explorer configuration. */
function publicFields(deps: RouteDeps): PublicFields {
  if (deps.explorer === undefined) throw new NotFoundError('the public register is not configured on this gateway');
  return deps.explorer.config.public;
}

/** Rows from the read model with the block height they reflect. */
function fromReadModel(deps: RouteDeps, read: (store: ReadModelStore, fields: PublicFields) => unknown[]) {
  const fields = publicFields(deps);
  return Promise.resolve(
    ok(withStore(deps, (store) => ({ items: read(store, fields), blockHeight: store.status().blockHeight }))),
  );
}

/** The public register: what every national registry publishes, from the read model, without a key. */
export function publicRegistryRoutes(deps: RouteDeps): Route[] {
  const route = { method: 'get', tag: 'public', auth: false, description: PUBLIC } as const;
  return [
    defineRoute({
      ...route,
      path: '/v1/public/about',
      summary: "The public register's title and the fields it publishes",
      responses: {
        200: {
          description: 'title and fields',
          schema: z.object({ title: z.string(), fields: z.record(z.string(), z.array(z.string())) }),
        },
      },
      handler: () => {
        const fields = publicFields(deps);
        return Promise.resolve(ok({ title: deps.explorer?.config.publicTitle ?? '', fields }));
      },
    }),
    defineRoute({
      ...route,
      path: '/v1/public/projects',
      summary: 'Projects (ID, title, sector, host region, status, methodology, as configured)',
      responses: { 200: { description: 'projects', schema: rows } },
      handler: () => fromReadModel(deps, (store, fields) => publicProjects(store, fields.projects)),
    }),
    defineRoute({
      ...route,
      path: '/v1/public/issuances',
      summary: 'Issuances, newest first',
      responses: { 200: { description: 'issuances', schema: rows } },
      handler: () => fromReadModel(deps, (store, fields) => publicActions(store, 'ISSUANCE', fields.issuances)),
    }),
    defineRoute({
      ...route,
      path: '/v1/public/retirements',
      summary: 'Retirements, newest first (beneficiary and purpose only when published)',
      responses: { 200: { description: 'retirements', schema: rows } },
      handler: () => fromReadModel(deps, (store, fields) => publicActions(store, 'RETIREMENT', fields.retirements)),
    }),
    defineRoute({
      ...route,
      path: '/v1/public/totals',
      summary: 'Credits (tCO2e) by vintage and status',
      responses: { 200: { description: 'totals', schema: rows } },
      handler: () => fromReadModel(deps, (store) => publicTotals(store).map((t) => ({ ...t }))),
    }),
  ];
}
