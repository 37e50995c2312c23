import type { z } from 'zod';
import type { TxInput, TxName } from '../fabric/registry';
import { type Route, type RouteDeclaration, created, defineRoute, ok, parseInput } from '../http/route';
import { type InputSchema, bodyWithout } from '../http/schemas';
import { identityOf } from '../identity/users';
import type { RouteDeps } from './deps';

/**
 * A route that is one registry transaction: `get` evaluates it, `post` submits it (a write, 201 with the committed
 * transaction). Its input is made of the query (reads), the body (writes) and path parameters, each filling the
 * input field named in `fromPath`.
 */
export interface TransactionRouteSpec<
  N extends TxName,
  S extends InputSchema & z.ZodType<TxInput<N>>,
  P extends z.ZodObject,
  Q extends z.ZodObject,
> extends Omit<RouteDeclaration<P, Q, z.ZodType>, 'body'> {
  /** The transaction (`projects:AddDocuments`) and its input schema, the one the chaincode shares. */
  readonly tx: N;
  readonly input: S;
  /** Path parameter → the input field it fills (`{ id: 'projectId' }`); a write's body is the input without them. */
  readonly fromPath?: { readonly [K in keyof z.output<P>]: keyof TxInput<N> & string };
}

/** The input fields the path fills: `{ projectId: params.id }` for `fromPath: { id: 'projectId' }`. */
function fieldsFromPath(
  params: Readonly<Record<string, unknown>> | undefined,
  fromPath: Readonly<Record<string, string>>,
): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fromPath).map(([param, field]) => [field, params?.[param]]));
}

/**
 * One declaration per transaction route: derives the body schema (the input without the fields the path fills; no
 * body when the path fills them all), parses params + query + body into the transaction's typed input with its
 * own schema (400 VALIDATION naming the body, as the facade would) and calls the ledger as the user.
 */
export function transactionRoute<
  N extends TxName,
  S extends InputSchema & z.ZodType<TxInput<N>>,
  P extends z.ZodObject,
  Q extends z.ZodObject,
>(deps: RouteDeps, spec: TransactionRouteSpec<N, S, P, Q>): Route {
  const { tx, input, fromPath, ...declared } = spec;
  const fields: Readonly<Record<string, string>> = fromPath ?? {};
  const write = declared.method === 'post';
  // Typed as the transaction's input, which the constraint on S guarantees its output is.
  const inputSchema: z.ZodType<TxInput<N>> = input;
  return defineRoute({
    ...declared,
    write,
    body: write ? bodyWithout(input, Object.values(fields)) : undefined,
    handler: async ({ params, query, body, user }) => {
      const parsed = parseInput(inputSchema, { ...query, ...body, ...fieldsFromPath(params, fields) }, 'body');
      const actor = identityOf(user);
      if (write) return created(await deps.registry.submit(actor, tx, parsed));
      return ok(await deps.registry.evaluate(actor, tx, parsed));
    },
  });
}
