import { TRANSACTION_INPUT_SCHEMAS } from '@ncr/chaincode/domain';
import { z } from 'zod';
import type { TxInput, TxName } from '../fabric/registry';
import { type PlannedTransaction, type Route, created, defineRoute, ok } from '../http/route';
import { bodyWithout } from '../http/schemas';
import { identityOf } from '../identity/users';
import type { RouteDeps } from './deps';

/** One row of a domain's route table: the route, once given what routes need. */
export type RouteRow = (deps: RouteDeps) => Route;

/** A domain's routes, made from its rows in order (the order the OpenAPI document lists them). */
export function routeTable(rows: readonly RouteRow[]): (deps: RouteDeps) => Route[] {
  return (deps) => rows.map((row) => row(deps));
}

/** For each path parameter, the input field it fills (`{ id: 'projectId' }`). */
type FieldsOf<P extends z.ZodObject> = { readonly [K in keyof P['shape']]: string };

/** Path parameters, each filling the input field named in `fromPath`. */
interface PathFields<P extends z.ZodObject, M extends FieldsOf<P>> {
  readonly params: P;
  readonly fromPath: M;
}

/**
 * What differs from one transaction route to the next. `get` evaluates the transaction and answers 200 with its
 * result; `post` submits it (a write: `Idempotency-Key`, 201 with the committed transaction). The input is made of
 * the query (reads), the body (writes) and the path parameters. `put` is a `post` that replaces a whole resource.
 */
interface TransactionRow<N extends TxName> {
  readonly method: 'get' | 'post' | 'put';
  readonly path: string;
  readonly query?: z.ZodObject;
  /** The transaction (`projects:AddDocuments`); its input schema is the chaincode's (`TRANSACTION_INPUT_SCHEMAS`). */
  readonly tx: N;
  readonly summary: string;
  readonly description?: string;
  /** An example body for the OpenAPI document. */
  readonly example?: Readonly<Record<string, unknown>>;
  /** The description and JSON schema of the 200 (`get`) or 201 (`post`) answer. */
  readonly answer: string;
  readonly schema: z.ZodType;
}

/** The resource whose ID is the path's `:id`, the input's field `field` (`byId(ProjectIdSchema, 'projectId')`). */
export function byId<S extends z.ZodType, F extends string>(
  id: S,
  field: F,
): PathFields<z.ZodObject<{ id: S }>, { readonly id: F }> {
  return { params: z.object({ id }), fromPath: { id: field } };
}

/** The transactions whose input has every field in F (all of them when F is `never`). */
type TxTaking<F extends string> = { [N in TxName]: [F] extends [keyof TxInput<N>] ? N : never }[TxName];

type AnyRow = TransactionRow<TxName>;
type AnyPathFields = PathFields<z.ZodObject, FieldsOf<z.ZodObject>>;

/** A validated object's fields (query, body, params); nothing for a route without one. */
function asFields(value: unknown): Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value)) : {};
}

/** The input fields the path fills: `{ projectId: params.id }` for `fromPath: { id: 'projectId' }`. */
function fieldsFromPath(
  params: Readonly<Record<string, unknown>> | undefined,
  fromPath: Readonly<Record<string, string>>,
): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fromPath).map(([param, field]) => [field, params?.[param]]));
}

/**
 * A transaction route: the body schema is the input schema without the fields the path fills (no body when the
 * path fills them all); params + query + body go to the registry, whose input schema parses them (400 VALIDATION
 * naming the body), and the ledger is called as the user.
 */
function transactionRoute(deps: RouteDeps, tag: string, path: AnyPathFields | undefined, row: AnyRow): Route {
  const { tx, answer, schema, ...declared } = row;
  const fields: Readonly<Record<string, string>> = path?.fromPath ?? {};
  const write = declared.method !== 'get';
  const plan = (parts: { params: unknown; query: unknown; body: unknown }): PlannedTransaction => ({
    name: tx,
    input: { ...asFields(parts.query), ...asFields(parts.body), ...fieldsFromPath(asFields(parts.params), fields) },
  });
  return defineRoute({
    ...declared,
    tag,
    params: path?.params,
    write,
    body: write ? bodyWithout(TRANSACTION_INPUT_SCHEMAS[tx], Object.values(fields)) : undefined,
    responses: { [write ? 201 : 200]: { description: answer, schema } },
    transaction: plan,
    handler: async ({ params, query, body, user }) => {
      const { input } = plan({ params, query, body });
      const actor = identityOf(user);
      if (write) return created(await deps.registry.submitUntyped(actor, tx, input));
      return ok(await deps.registry.evaluateUntyped(actor, tx, input));
    },
  });
}

/**
 * The transaction routes of one resource, one {@link TransactionRow} each: they share the OpenAPI tag and, under a
 * path such as `/v1/projects/:id`, the path parameters and the input fields they fill, which every row's
 * transaction must take.
 */
export function transactionRows(tag: string, rows: readonly AnyRow[]): RouteRow[];
export function transactionRows<P extends z.ZodObject, M extends FieldsOf<P>>(
  tag: string,
  path: PathFields<P, M>,
  rows: readonly TransactionRow<TxTaking<M[keyof M]>>[],
): RouteRow[];
export function transactionRows(
  tag: string,
  ...shared: [readonly AnyRow[]] | [AnyPathFields, readonly AnyRow[]]
): RouteRow[] {
  const [path, rows] = shared.length === 1 ? [undefined, shared[0]] : shared;
  return rows.map((row) => (deps) => transactionRoute(deps, tag, path, row));
}
