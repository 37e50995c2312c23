import { z } from 'zod';
import { NotFoundError } from '../errors';
import type { PublicFields } from '../explorer/config';
import { publicActions, publicProjects, publicTotals } from '../explorer/public';
import { type Route, defineRoute, ok } from '../http/route';
import { decimalInt } from '../http/schemas';
import type { ReadModelStore } from '../read-model/store';
import type { ProjectPosition } from '../read-model/store-types';
import type { RouteDeps } from './deps';
import { withStore } from './reports';

const PUBLIC = 'No key; rate limited per client address. Only the fields explorer-config/config.json publishes.';
const PUBLIC_ROUTE = { method: 'get', tag: 'public', auth: false, description: PUBLIC } as const;
const rowItems = z.array(z.record(z.string(), z.unknown()));
const limit = decimalInt({ min: 1, max: 100 }).default(50).describe('rows a page (at most 100)');
/** `before` of the action pages: the `next` of the previous page (a position in the action log). */
const beforeQuery = z.object({
  limit,
  before: decimalInt({ min: 1 }).optional().describe('the `next` of the previous page'),
});
/** `after` of the project pages: the `next` of the previous page, `<block>.<project ID>`. */
const projectsQuery = z.object({
  limit,
  after: z
    .string()
    .regex(/^\d{1,15}\.[A-Z]{3}-P-[0-9A-F]{10}$/, 'the `next` of the previous page, such as 42.GHA-P-0A1B2C3D4E')
    .transform((after): ProjectPosition => {
      const [block = '', id = ''] = after.split('.');
      return { block: Number(block), id };
    })
    .optional()
    .describe('the `next` of the previous page'),
});
const pageOfRows = (next: z.ZodType) =>
  z.object({ items: rowItems, next: next.nullable(), blockHeight: z.number().int() });

/** The published fields, or 404 when the gateway runs without an explorer configuration. */
function publicFields(deps: RouteDeps): PublicFields {
  if (deps.explorer === undefined) throw new NotFoundError('the public register is not configured on this gateway');
  return deps.explorer.config.public;
}

/** A page of a list: rows, the position after them (null at the end), for the next page's query. */
interface Page {
  readonly items: unknown[];
  readonly next: string | number | null;
}

/** What differs from one list route to the next: its path, summary, query, and how it reads a page. */
interface ListRoute<Q extends z.ZodObject> {
  readonly what: string;
  readonly summary: string;
  readonly query: Q;
  readonly next: z.ZodType;
  readonly read: (store: ReadModelStore, fields: PublicFields, query: z.output<Q>) => Page;
}

const listRoute = <Q extends z.ZodObject>(spec: ListRoute<Q>) => spec;

const actionsList = (what: 'issuances' | 'retirements', kind: 'ISSUANCE' | 'RETIREMENT', summary: string) =>
  listRoute({
    what,
    summary,
    query: beforeQuery,
    next: z.number().int(),
    read: (store, fields, query) => publicActions(store, kind, fields[what], query.limit, query.before),
  });

const PROJECTS = listRoute({
  what: 'projects',
  summary: 'Projects, most recently written first (ID, title, sector, host region, status, methodology, as configured)',
  query: projectsQuery,
  next: z.string(),
  read: (store, fields, query) => {
    const page = publicProjects(store, fields.projects, query.limit, query.after);
    return { items: page.items, next: page.next === null ? null : `${page.next.block}.${page.next.id}` };
  },
});

/** What `read` makes of the read model, in one snapshot, with the block height it reflects. */
function atOneHeight<T extends object>(
  deps: RouteDeps,
  read: (store: ReadModelStore) => T,
): T & { blockHeight: number } {
  return withStore(deps, (store) =>
    store.snapshot(() => ({ ...read(store), blockHeight: store.status().blockHeight })),
  );
}

/** A list route: a page from the read model, with the block height it reflects. */
function listOf<Q extends z.ZodObject>(deps: RouteDeps, spec: ListRoute<Q>): Route {
  return defineRoute({
    ...PUBLIC_ROUTE,
    path: `/v1/public/${spec.what}`,
    summary: spec.summary,
    query: spec.query,
    responses: { 200: { description: `a page of ${spec.what}`, schema: pageOfRows(spec.next) } },
    handler: ({ query }) => {
      const fields = publicFields(deps);
      return Promise.resolve(ok(atOneHeight(deps, (store) => spec.read(store, fields, query))));
    },
  });
}

/** The public register: what every national registry publishes, from the read model, without a key. */
export function publicRegistryRoutes(deps: RouteDeps): Route[] {
  return [
    defineRoute({
      ...PUBLIC_ROUTE,
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
    listOf(deps, PROJECTS),
    listOf(deps, actionsList('issuances', 'ISSUANCE', 'Issuances, newest first')),
    listOf(
      deps,
      actionsList(
        'retirements',
        'RETIREMENT',
        'Retirements, newest first (beneficiary and purpose only when published)',
      ),
    ),
    defineRoute({
      ...PUBLIC_ROUTE,
      path: '/v1/public/totals',
      summary: 'Credits (tCO2e) by vintage and status',
      responses: {
        200: {
          description: 'totals',
          schema: z.object({ items: rowItems, blockHeight: z.number().int() }),
        },
      },
      handler: () => {
        publicFields(deps);
        return Promise.resolve(ok(atOneHeight(deps, (store) => ({ items: publicTotals(store) }))));
      },
    }),
  ];
}
