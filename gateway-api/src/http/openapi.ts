import {
  OpenAPIRegistry,
  OpenApiGeneratorV3,
  type RouteConfig,
  type ZodRequestBody,
  extendZodWithOpenApi,
} from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import type { ResponseSpec, Route } from './route';
import { errorBodySchema } from './schemas';

// Adds `.openapi()` to zod's prototypes (the shared `zod` instance, so the chaincode's schemas too).
extendZodWithOpenApi(z);

/** `/v1/projects/:id` → `/v1/projects/{id}` */
export function toOpenApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

const STANDARD_ERRORS: Readonly<Record<number, string>> = {
  400: 'invalid input (schema, malformed JSON, malformed percent-encoding); nothing was submitted to the ledger',
  401: 'missing or unknown API key',
  403:
    'not allowed for this user (chaincode FORBIDDEN), or a user who keeps its own key on a route the gateway would ' +
    'have to sign for (OFFLINE_SIGNING_REQUIRED: use the offline-signing routes)',
  404: 'not found',
  408: 'the request did not arrive in time (REQUEST_TIMEOUT)',
  409:
    'invalid state, insufficient credits, conflict after MVCC retries, Idempotency-Key in progress, endorsing ' +
    'peers that disagreed (ENDORSEMENT_MISMATCH, retry after Retry-After), or a kept file that no longer matches ' +
    'its digest (DOCUMENT_CORRUPT)',
  413: 'request body too large (PAYLOAD_TOO_LARGE), or an uploaded file over the profile limit (DOCUMENT_TOO_LARGE)',
  415:
    'request body in an unsupported encoding or charset (UNSUPPORTED_MEDIA_TYPE), or an uploaded file of a media ' +
    'type the profile does not allow (DOCUMENT_TYPE_NOT_ALLOWED)',
  422: 'Idempotency-Key reused with a different request',
  429: 'rate limit exceeded (per API key; per client address on routes without a key)',
  431: 'request URL or headers over the server limit (HEADERS_TOO_LARGE); the connection is closed',
  500: 'a gateway bug (INTERNAL; details only in the log)',
  502: 'the ledger rejected the transaction at commit (TRANSACTION_INVALID) or failed unexpectedly',
  503:
    'ledger unreachable (LEDGER_UNAVAILABLE), submitted with unknown commit status (COMMIT_STATUS_UNKNOWN + txId), ' +
    'or a document the site that keeps it did not give (DOCUMENT_UNAVAILABLE)',
};

/**
 * Parameter objects with freshly cloned fields: the generator calls `.openapi()` on each parameter schema, and
 * zod copies prototype methods onto instances when they are built, so schemas built before
 * `extendZodWithOpenApi` ran (the chaincode's, loaded first) lack it; a clone built now has it.
 */
function parameterObject(schema: z.ZodType): z.ZodObject {
  const shape = (schema as z.ZodObject).shape as Record<string, z.ZodType>;
  return z.object(Object.fromEntries(Object.entries(shape).map(([key, field]) => [key, field.clone()])));
}

/**
 * The error statuses a route can answer whatever its handler does, declared here once for every route: those of
 * the HTTP server and the middlewares (malformed input, timeout, oversized headers, rate limit, a bug, the ledger
 * unreachable), authentication, body parsing on routes that take a body, and the ledger's answers to writes.
 */
function errorStatusesFor(route: Route): number[] {
  const codes = [400, 404, 408, 429, 431, 500, 503];
  if (route.auth) codes.push(401, 403);
  if (route.body !== undefined || route.form !== undefined) codes.push(413, 415);
  if (route.method !== 'get') codes.push(409, 502);
  if (route.write) codes.push(422);
  return codes.sort((a, b) => a - b);
}

/** The OpenAPI content of a response: `content` as given, or `schema` as JSON; none for a response without a body. */
function contentOf(spec: ResponseSpec): Record<string, { schema: z.ZodType }> | undefined {
  if (spec.content !== undefined) {
    return Object.fromEntries(Object.entries(spec.content).map(([type, schema]) => [type, { schema }]));
  }
  return spec.schema === undefined ? undefined : { 'application/json': { schema: spec.schema } };
}

/** A route's declared responses, plus the error responses every route of its kind can give. */
function responsesOf(route: Route): RouteConfig['responses'] {
  const responses: RouteConfig['responses'] = {};
  for (const [status, spec] of Object.entries(route.responses)) {
    const content = contentOf(spec);
    responses[status] = { description: spec.description, ...(content === undefined ? {} : { content }) };
  }
  for (const status of errorStatusesFor(route)) {
    responses[String(status)] ??= {
      description: STANDARD_ERRORS[status] ?? 'error',
      content: { 'application/json': { schema: errorBodySchema } },
    };
  }
  return responses;
}

/** The request headers a route documents: `Idempotency-Key` on writes, and those it reads itself. */
function headersOf(route: Route, idempotencyHeader: z.ZodObject): { headers?: z.ZodObject } {
  const own = route.headers === undefined ? undefined : parameterObject(route.headers);
  if (!route.write) return own === undefined ? {} : { headers: own };
  return { headers: own === undefined ? idempotencyHeader : idempotencyHeader.extend(own.shape) };
}

/** A JSON request body, with its example when the route gives one. */
function requestBodyOf(schema: z.ZodType, example: unknown): ZodRequestBody {
  return { required: true, content: { 'application/json': { schema, ...(example === undefined ? {} : { example }) } } };
}

/** The OpenAPI 3 document, generated from the same route table that is mounted on Express. */
export function buildOpenApiDocument(
  routes: readonly Route[],
  version: string,
): ReturnType<OpenApiGeneratorV3['generateDocument']> {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'API key issued by the gateway (shown once at creation)',
  });
  const idempotencyHeader = z.object({
    'Idempotency-Key': z
      .string()
      .min(1)
      .max(255)
      .optional()
      .describe('retry-safe writes: the same key and request replays the stored response (24 h)'),
  });
  for (const route of routes) {
    const responses = responsesOf(route);
    registry.registerPath({
      method: route.method,
      path: toOpenApiPath(route.path),
      tags: [route.tag],
      summary: route.summary,
      ...(route.description === undefined ? {} : { description: route.description }),
      security: route.auth ? [{ [bearer.name]: [] }] : [],
      request: {
        ...(route.params === undefined ? {} : { params: parameterObject(route.params) }),
        ...(route.query === undefined ? {} : { query: parameterObject(route.query) }),
        ...headersOf(route, idempotencyHeader),
        ...(route.body === undefined ? {} : { body: requestBodyOf(route.body, route.example) }),
        ...(route.form === undefined
          ? {}
          : { body: { required: true, content: { 'multipart/form-data': { schema: route.form } } } }),
      },
      responses,
    });
  }
  return new OpenApiGeneratorV3(registry.definitions).generateDocument({
    openapi: '3.0.3',
    info: {
      title: 'National Carbon Registry gateway API',
      version,
      description:
        'REST over the registry chaincode on Hyperledger Fabric. Every write is a Fabric transaction signed by ' +
        "the acting user's own X.509 identity and answers 201 once committed, with `txId` and `blockNumber`. " +
        'Errors: `{ "error": { "code", "message", "txId"? } }`. Swagger UI at /docs, Prometheus metrics at /metrics.',
    },
    servers: [{ url: '/' }],
  });
}
