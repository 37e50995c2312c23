import fc from 'fast-check';
import { bodyArb } from './body';
import type { Operation } from './openapi';
import { type Part, partsOf } from './parts';
import { pathArb, queryArb } from './url';
import type { GenContext } from './values';

/** Who sends a request: a demo user (by name), no key at all, or a key the gateway never issued. */
export const NO_KEY = '(no key)';

export const UNKNOWN_KEY = '(unknown key)';

/** One generated HTTP request, complete except for the caller's API key (added when it is sent). */
export interface FuzzRequest {
  /** Operation key (`POST /v1/transfers`) the request was generated for. */
  readonly operation: string;
  /** Demo user name, {@link NO_KEY} or {@link UNKNOWN_KEY}. */
  readonly caller: string;
  /** Usually the operation's method; PUT, DELETE or PATCH when the request probes a wrong method. */
  readonly method: string;
  /** Path and query string, percent-encoded as sent. */
  readonly target: string;
  /** Headers other than the caller's `Authorization` (an unknown caller's made-up header is here). */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
  /** Generated to be accepted by the schemas (it may still be refused by the chaincode), or to be refused. */
  readonly intent: 'valid' | 'invalid';
  /** What was made invalid, for the report (`body: quantity`, `content-type`, `path: id`…). */
  readonly mutation: string | undefined;
}

const UNKNOWN_AUTHORIZATION: readonly string[] = ['Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'bearer  ', 'Token abc'];

const WRONG_METHODS: readonly string[] = ['PUT', 'DELETE', 'PATCH'];

/** Idempotency keys shared across requests, so that some are reused for a different request. */
const SHARED_IDEMPOTENCY_KEYS: readonly string[] = ['fuzz-shared-1', 'fuzz-shared-2'];

function unknownKeyHeader(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.stringMatching(/^[0-9a-f]{64}$/).map((hex) => `Bearer ncr_${hex}`) },
    { weight: 1, arbitrary: fc.constantFrom(...UNKNOWN_AUTHORIZATION) },
  );
}

interface Pieces {
  readonly path: string;
  readonly query: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
  readonly method: string;
  readonly mutation: string | undefined;
}

function idempotencyHeader(broken: boolean): fc.Arbitrary<Record<string, string>> {
  if (broken) {
    return fc
      .constantFrom('a'.repeat(256), 'with space', 'clé', '', '\t', 'tab\tinside')
      .map((key) => ({ 'idempotency-key': key }));
  }
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant({}) },
    {
      weight: 2,
      arbitrary: fc.stringMatching(/^[\x21-\x7e]{1,40}$/).map((key) => ({ 'idempotency-key': `fuzz-${key}` })),
    },
    { weight: 1, arbitrary: fc.constantFrom(...SHARED_IDEMPOTENCY_KEYS).map((key) => ({ 'idempotency-key': key })) },
  );
}

function piecesArb(ctx: GenContext, operation: Operation, part: Part | undefined): fc.Arbitrary<Pieces> {
  const broken: (string | undefined)[] = part === 'path' ? operation.pathParams.map((p) => p.name) : [undefined];
  const query = queryArb(ctx, operation, part === 'query');
  const idempotency = operation.write ? idempotencyHeader(part === 'idempotency-key') : fc.constant({});
  const body = bodyArb(ctx, operation, part);
  const method = part === 'method' ? fc.constantFrom(...WRONG_METHODS) : fc.constant(operation.method);
  const variants = broken.map((name) =>
    fc.record({ path: pathArb(ctx, operation, name), query, idempotency, body, method }).map((pieces): Pieces => ({
      path: pieces.path,
      query: pieces.query.query,
      headers: { ...pieces.idempotency, ...pieces.body.headers },
      body: pieces.body.body,
      method: pieces.method,
      mutation:
        part === 'path'
          ? `path: ${name ?? ''}`
          : part === 'query'
            ? pieces.query.mutation
            : part === 'body' || part === 'raw-body' || part === 'content-type' || part === 'body-on-get'
              ? pieces.body.mutation
              : part,
    })),
  );
  return fc.oneof(...variants);
}

/** Requests for one operation: valid-looking (60 %) or with exactly one part broken (40 %). */
function requestFor(ctx: GenContext, operation: Operation, callers: readonly string[]): fc.Arbitrary<FuzzRequest> {
  const parts = partsOf(operation);
  const valid = piecesArb(ctx, operation, undefined);
  const invalid = fc.oneof(...parts.map((part) => piecesArb(ctx, operation, part)));
  const caller = fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom(NO_KEY, UNKNOWN_KEY) },
    { weight: 4, arbitrary: fc.constantFrom(...callers) },
  );
  const pieces = fc.oneof(
    { weight: 3, arbitrary: valid.map((p) => ({ ...p, intent: 'valid' as const })) },
    { weight: 2, arbitrary: invalid.map((p) => ({ ...p, intent: 'invalid' as const })) },
  );
  return fc.tuple(pieces, caller, unknownKeyHeader()).map(([p, who, unknownHeader]): FuzzRequest => ({
    operation: operation.key,
    caller: who,
    method: p.method,
    target: `${p.path}${p.query}`,
    headers: who === UNKNOWN_KEY ? { ...p.headers, authorization: unknownHeader } : p.headers,
    body: p.body,
    intent: p.intent,
    mutation: p.mutation,
  }));
}

/** The seed of request `index` of a run seeded with `seed`: each request can be regenerated on its own. */
function requestSeed(seed: number, index: number): number {
  return (seed ^ Math.imul(index + 1, 0x9e3779b1)) | 0;
}

const generators = new WeakMap<GenContext, fc.Arbitrary<FuzzRequest>>();

/**
 * Request `index` of a run: the operation is drawn uniformly, then a request for it. Depends only on the seed,
 * the document and the harvested pool, so a run is reproducible against the same registry state. The
 * arbitraries are built once per context (building them is what costs).
 */
export function generateRequest(
  ctx: GenContext,
  operations: readonly Operation[],
  callers: readonly string[],
  seed: number,
  index: number,
): FuzzRequest {
  let arbitrary = generators.get(ctx);
  if (arbitrary === undefined) {
    arbitrary = fc.oneof(...operations.map((operation) => requestFor(ctx, operation, callers)));
    generators.set(ctx, arbitrary);
  }
  const [request] = fc.sample(arbitrary, { seed: requestSeed(seed, index), numRuns: 1 });
  if (request === undefined) throw new Error('fast-check produced no sample');
  return request;
}
