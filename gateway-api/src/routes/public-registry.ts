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

/** What differs from one row-listing route to the next: its path, its summary, and how it reads its rows. */
interface RowsRoute {
  readonly what: string;
  readonly summary: string;
  readonly read: (store: ReadModelStore, fields: PublicFields) => unknown[];
}

const ROW_ROUTES: readonly RowsRoute[] = [
  {
    what: 'projects',
    summary: 'Projects (ID, title, sector, host region, status, methodology, as configured)',
    read: (store, fields) => publicProjects(store, fields.projects),
  },
  {
    what: 'issuances',
    summary: 'Issuances, newest first',
    read: (store, fields) => publicActions(store, 'ISSUANCE', fields.issuances),
  },
  {
    what: 'retirements',
    summary: 'Retirements, newest first (beneficiary and purpose only when published)',
    read: (store, fields) => publicActions(store, 'RETIREMENT', fields.retirements),
  },
  {
    what: 'totals',
    summary: 'Credits (tCO2e) by vintage and status',
    read: (store) => publicTotals(store).map((t) => ({ ...t })),
  },
];

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
    // Rows from the read model with the block height they reflect.
    ...ROW_ROUTES.map(({ what, summary, read }) =>
      defineRoute({
        ...route,
        path: `/v1/public/${what}`,
        summary,
        responses: { 200: { description: what, schema: rows } },
        handler: () => {
          const fields = publicFields(deps);
          return Promise.resolve(
            ok(withStore(deps, (store) => ({ items: read(store, fields), blockHeight: store.status().blockHeight }))),
          );
        },
      }),
    ),
  ];
}
