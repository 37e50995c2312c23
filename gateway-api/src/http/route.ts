import { describeIssues } from '@ncr/chaincode/domain';
import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import { z } from 'zod';
import { ValidationError } from '../errors';
import type { Committed } from '../fabric/ledger';
import type { TxName } from '../fabric/registry';
import type { GatewayUser } from '../identity/users';
import { stateOf } from './context';

type Method = 'get' | 'post' | 'put' | 'delete';

/** What a handler returns: a status and a JSON body; `undefined` when it wrote the response itself (SSE). */
export interface RouteResult {
  readonly status: number;
  readonly body: unknown;
}

interface HandlerInput<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  /** The authenticated user; for routes with `auth: false` there is none. */
  readonly user: GatewayUser;
  readonly req: Request;
  readonly res: Response;
}

export interface ResponseSpec {
  readonly description: string;
  /** The JSON body. */
  readonly schema?: z.ZodType;
  /** The body by media type, for an answer that is not JSON or comes in several formats (instead of `schema`). */
  readonly content?: Readonly<Record<string, z.ZodType>>;
}

/** What a route declares about itself: Express mounts it and the OpenAPI document describes it from this. */
interface RouteDeclaration<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  readonly method: Method;
  /** Express path (`/v1/projects/:id`); the OpenAPI path is derived from it. */
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  /**
   * A `multipart/form-data` body (an upload), which the handler reads itself as it streams: its parts, described
   * here for the OpenAPI document (a file part as a string of format binary). Never with `body`.
   */
  readonly form?: z.ZodObject;
  /**
   * Request headers the route reads itself (a claim token): validated before the handler runs, documented in OpenAPI.
   * Names as OpenAPI shows them; Express matches them case-insensitively.
   */
  readonly headers?: z.ZodObject;
  /** An example body, shown in the OpenAPI document (a unit test checks that the body schema accepts it). */
  readonly example?: Readonly<Record<string, unknown>>;
  readonly responses: Readonly<Record<number, ResponseSpec>>;
}

/** The registry transaction a route runs, and its input (not parsed yet by the transaction's schema). */
export interface PlannedTransaction {
  readonly name: TxName;
  readonly input: unknown;
}

/** A request's raw parts, as Express gives them (path parameters, query string, JSON body). */
interface RawInput {
  readonly params: unknown;
  readonly query: unknown;
  readonly body: unknown;
}

export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> extends RouteDeclaration<
  P,
  Q,
  B
> {
  /** Defaults to true: `Authorization: Bearer <key>` required. */
  readonly auth?: boolean;
  /**
   * Open to users who keep their own key (custody external), for whom the gateway cannot sign: the offline-signing
   * routes. Every other authenticated route answers them 403 `OFFLINE_SIGNING_REQUIRED`.
   */
  readonly offline?: boolean;
  /**
   * For routes that run one registry transaction: which, with which input. The offline-signing routes prepare the
   * same transaction from the same validated request.
   */
  readonly transaction?: (input: { params: z.output<P>; query: z.output<Q>; body: z.output<B> }) => PlannedTransaction;
  /**
   * A ledger write: accepts `Idempotency-Key`, answers 201 with the committed transaction. Handlers of such
   * routes return {@link created}, so that a stored or recovered response is always `{txId, blockNumber, ...}`.
   */
  readonly write?: boolean;
  /**
   * For writes whose answer is made after the commit (user onboarding: the API key), true for the requests that
   * are such: when a retry finds the transaction of an unknown outcome committed, the handler runs again and
   * finishes from the ledger (any attempt to submit is refused), instead of a response rebuilt from the
   * transaction.
   */
  readonly resumable?: (body: z.output<B>) => boolean;
  readonly handler: (input: HandlerInput<z.output<P>, z.output<Q>, z.output<B>>) => Promise<RouteResult | undefined>;
}

/** A route with its types erased, ready to mount and to document. */
export interface Route extends RouteDeclaration<z.ZodType, z.ZodType, z.ZodType> {
  readonly auth: boolean;
  readonly offline: boolean;
  readonly write: boolean;
  /**
   * For a route that runs one registry transaction: validates a request's parts with the route's schemas, as
   * `accept` does (ValidationError on bad input), and answers the transaction it would run.
   */
  readonly plan?: (raw: RawInput) => PlannedTransaction;
  /**
   * Parses params, query and body with the route's schemas (ValidationError on bad input) and binds the handler to
   * the parsed values, so that their types never have to be recovered.
   */
  readonly accept: (req: Request, res: Response, user: GatewayUser | undefined) => AcceptedRequest;
}

interface ValidatedInput {
  readonly params: unknown;
  readonly query: unknown;
  readonly body: unknown;
}

/** A request its route accepted: the validated input and the handler to run on it. */
interface AcceptedRequest {
  /** What the route's schemas made of params, query and body (idempotency compares requests by it). */
  readonly input: ValidatedInput;
  /** The route's `resumable` for this body. */
  readonly resumable: boolean;
  readonly run: () => Promise<RouteResult | undefined>;
}

/** Parses `value` with `schema`, or throws ValidationError describing the issues at `where` (params, query, body). */
function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ValidationError(describeIssues(parsed.error, where));
  return parsed.data;
}

function parseWith<S extends z.ZodType>(schema: S | undefined, value: unknown, where: string): z.output<S> {
  if (schema === undefined) return undefined as z.output<S>;
  return parseInput(schema, value, where);
}

const _EMPTY = z.undefined();

export function defineRoute<
  P extends z.ZodType = typeof _EMPTY,
  Q extends z.ZodType = typeof _EMPTY,
  B extends z.ZodType = typeof _EMPTY,
>(spec: RouteSpec<P, Q, B>): Route {
  const { auth, offline, write, resumable, handler, transaction, ...declared } = spec;
  const headersOf = (req: Request): void => {
    if (declared.headers === undefined) return;
    const names = Object.keys(declared.headers.shape);
    parseInput(declared.headers, Object.fromEntries(names.map((name) => [name, req.get(name)])), 'headers');
  };
  const parse = (raw: RawInput) => ({
    params: parseWith(declared.params, raw.params, 'params'),
    query: parseWith(declared.query, raw.query, 'query'),
    body: parseWith(declared.body, raw.body, 'body'),
  });
  return {
    ...declared,
    auth: auth ?? true,
    offline: offline ?? false,
    write: write ?? false,
    ...(transaction === undefined ? {} : { plan: (raw: RawInput) => transaction(parse(raw)) }),
    accept: (req, res, user) => {
      if (declared.body !== undefined && !req.is('application/json')) {
        // Checked after the path and query, as before: a bad parameter is named first.
        parseWith(declared.params, req.params, 'params');
        parseWith(declared.query, req.query, 'query');
        throw new ValidationError('the request body must be JSON (Content-Type: application/json)');
      }
      const { params, query, body } = parse(req);
      headersOf(req);
      return {
        input: { params, query, body },
        resumable: resumable?.(body) ?? false,
        // Routes with auth: false must not read `user`; every other route runs after authentication.
        run: () => handler({ params, query, body, user: user as GatewayUser, req, res }),
      };
    },
  };
}

/** The body of a committed write: the chaincode's result with the transaction ID and block number. */
export function committedBody(committed: Committed): Record<string, unknown> {
  const { txId, blockNumber, result } = committed;
  const fields =
    typeof result === 'object' && result !== null && !Array.isArray(result)
      ? (result as Record<string, unknown>)
      : { result };
  return { ...fields, txId, blockNumber };
}

/** 201 with {@link committedBody}. */
export function created(committed: Committed): RouteResult {
  return { status: 201, body: committedBody(committed) };
}

export const ok = (body: unknown): RouteResult => ({ status: 200, body });

/** Runs around a route's handler (idempotency): may answer itself, or call `accepted.run` and see its outcome. */
export type AroundHandler = (
  req: Request,
  res: Response,
  accepted: AcceptedRequest,
) => Promise<RouteResult | undefined>;

export interface RouteMiddlewares {
  /** Before validation: authentication, rate limiting, body parsing. */
  readonly before: (route: Route) => RequestHandler[];
  /** After validation, around the handler: idempotency. */
  readonly around: (route: Route) => AroundHandler | undefined;
}

/**
 * Mounts routes: `before` middlewares, validation (so invalid input never reaches idempotency or the ledger),
 * then the handler, wrapped by `around` if given. Errors go to the central error handler.
 */
export function mountRoutes(router: Router, routes: readonly Route[], middlewares: RouteMiddlewares): void {
  for (const route of routes) {
    const around = middlewares.around(route);
    const handle = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
      try {
        const accepted = route.accept(req, res, stateOf(req).user);
        const result = await (around === undefined ? accepted.run() : around(req, res, accepted));
        if (result !== undefined && !res.headersSent) res.status(result.status).json(result.body);
      } catch (err) {
        next(err);
      }
    };
    router[route.method](route.path, ...middlewares.before(route), (req, res, next) => {
      void handle(req, res, next);
    });
  }
}
