import fc from 'fast-check';
import type { Operation, Parameter } from './openapi';
import { type GenContext, NON_CANONICAL_INTEGERS, categoryOf, invalidValue, nastyString, validValue } from './values';

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

/** Percent-encodes the UTF-8 bytes of everything but RFC 3986 unreserved characters (lone surrogates → U+FFFD). */
export function percentEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Path segments sent as they are (not encoded): malformed escapes, traversal, encoded slashes. */
const RAW_SEGMENTS: readonly string[] = ['%', '%ZZ', '%E0%A4%A', '%2F', '..', '.', '%00', '%2e%2e', 'a%2Fb'];

const MALFORMED_JSON: readonly string[] = [
  '{',
  '{"a":',
  '[1,2',
  'nul',
  '{"quantity": 1e309}',
  '{"a":1,"a":2}',
  '\ufeff{}',
  '{}garbage',
  '',
  '   ',
  'true',
  '"string"',
  '123',
  '[]',
  'null',
  '{/* comment */}',
  '{"a": NaN}',
  "{'single': 'quotes'}",
  '{"__proto__": {"polluted": true}}',
  '{"constructor": {"prototype": {"polluted": true}}}',
  `${'['.repeat(3000)}${']'.repeat(3000)}`,
  `{"title":"${'a'.repeat(120_000)}"}`,
];

const WRONG_CONTENT_TYPES: readonly string[] = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/merge-patch+json',
  'APPLICATION/JSON',
  'application/xml',
  '',
];

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

/** A query or path value as text: a pooled identifier, or the schema's value in canonical decimal. */
function validText(ctx: GenContext, parameter: Parameter, pathTemplate?: string): fc.Arbitrary<string> {
  const category = categoryOf(parameter.name, pathTemplate);
  const pooled = category === undefined ? [] : (ctx.pool[category] ?? []);
  const fromSchema = validValue(ctx, parameter.schema, parameter.name).map((value) =>
    typeof value === 'string' ? value : JSON.stringify(value),
  );
  return pooled.length === 0
    ? fromSchema
    : fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...pooled) }, { weight: 1, arbitrary: fromSchema });
}

function invalidText(parameter: Parameter): fc.Arbitrary<string> {
  const integer = parameter.schema.type === 'integer' || parameter.schema.type === 'number';
  return integer
    ? fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...NON_CANONICAL_INTEGERS) },
        { weight: 1, arbitrary: nastyString() },
      )
    : nastyString();
}

/** Which part of an invalid request is broken; only parts the operation has. */
type Part = 'path' | 'query' | 'body' | 'raw-body' | 'content-type' | 'idempotency-key' | 'method' | 'body-on-get';

function partsOf(operation: Operation): Part[] {
  const parts: Part[] = ['query', 'method'];
  if (operation.pathParams.length > 0) parts.push('path', 'path');
  if (operation.body !== undefined) parts.push('body', 'body', 'body', 'raw-body', 'content-type');
  if (operation.write) parts.push('idempotency-key');
  if (operation.method === 'GET') parts.push('body-on-get');
  return parts;
}

interface Pieces {
  readonly path: string;
  readonly query: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
  readonly method: string;
  readonly mutation: string | undefined;
}

function queryString(pairs: readonly (readonly [string, string])[]): string {
  return pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&')}`;
}

function pathArb(ctx: GenContext, operation: Operation, broken: string | undefined): fc.Arbitrary<string> {
  const segments = operation.pathParams.map((parameter) => {
    if (parameter.name !== broken) return validText(ctx, parameter, operation.path).map(percentEncode);
    return fc.oneof(
      { weight: 3, arbitrary: invalidText(parameter).map(percentEncode) },
      { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
    );
  });
  return fc
    .tuple(...segments)
    .map((values) =>
      operation.pathParams.reduce(
        (path, parameter, index) => path.replace(`{${parameter.name}}`, values[index] ?? ''),
        operation.path,
      ),
    );
}

function queryArb(
  ctx: GenContext,
  operation: Operation,
  broken: boolean,
): fc.Arbitrary<{ query: string; mutation?: string }> {
  const entries = operation.queryParams.map((parameter) =>
    fc
      .tuple(fc.boolean(), validText(ctx, parameter))
      .map(([include, value]) => (include || parameter.required ? [[parameter.name, value] as const] : [])),
  );
  const valid = fc.tuple(...entries).map((lists) => lists.flat());
  if (!broken) return valid.map((pairs) => ({ query: queryString(pairs) }));
  const breakOne =
    operation.queryParams.length === 0
      ? []
      : [
          fc
            .tuple(
              fc.constantFrom(...operation.queryParams),
              fc.constantFrom<'value' | 'repeat' | 'drop'>('value', 'repeat', 'drop'),
            )
            .chain(([parameter, how]) => invalidText(parameter).map((bad) => ({ parameter, how, bad }))),
        ];
  const unknown = fc.tuple(fc.constantFrom('unknown', 'pageSize[]', 'a[b]', ''), nastyString());
  return fc
    .tuple(
      valid,
      fc.oneof(
        ...breakOne,
        unknown.map(([name, value]) => ({ unknownName: name, value })),
      ),
    )
    .map(([pairs, change]) => {
      if ('unknownName' in change) {
        return {
          query: queryString([...pairs, [change.unknownName, change.value]]),
          mutation: `query: unknown ${change.unknownName}`,
        };
      }
      const others = pairs.filter(([name]) => name !== change.parameter.name);
      const own = pairs.find(([name]) => name === change.parameter.name)?.[1] ?? '1';
      const mutation = `query: ${change.parameter.name} (${change.how})`;
      if (change.how === 'repeat')
        return {
          query: queryString([...pairs, [change.parameter.name, own], [change.parameter.name, change.bad]]),
          mutation,
        };
      if (change.how === 'drop' && change.parameter.required) return { query: queryString(others), mutation };
      return { query: queryString([...others, [change.parameter.name, change.bad]]), mutation };
    });
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

interface BodyPieces {
  readonly body: string | undefined;
  readonly headers: Record<string, string>;
  readonly mutation?: string;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

function bodyArb(ctx: GenContext, operation: Operation, part: Part | undefined): fc.Arbitrary<BodyPieces> {
  const schema = operation.body;
  if (part === 'body-on-get') {
    return fc.constantFrom(...MALFORMED_JSON.slice(0, 6), '{"a":1}').map((body) => ({
      body,
      headers: JSON_HEADERS,
      mutation: 'body on GET',
    }));
  }
  if (schema === undefined) return fc.constant({ body: undefined, headers: {} });
  const valid = validValue(ctx, schema).map((value) => JSON.stringify(value));
  switch (part) {
    case 'body':
      return invalidValue(ctx, schema).map((value) => ({
        body: JSON.stringify(value),
        headers: JSON_HEADERS,
        mutation: 'body: one field',
      }));
    case 'raw-body':
      return fc
        .constantFrom(...MALFORMED_JSON)
        .map((body) => ({ body, headers: JSON_HEADERS, mutation: 'body: malformed JSON' }));
    case 'content-type':
      return fc.tuple(valid, fc.constantFrom(...WRONG_CONTENT_TYPES)).map(([body, type]): BodyPieces => ({
        body,
        headers: type === '' ? {} : { 'content-type': type },
        mutation: `content-type: ${type === '' ? 'none' : type}`,
      }));
    default:
      return valid.map((body) => ({ body, headers: JSON_HEADERS }));
  }
}

/** Requests for one operation: valid-looking (60 %) or with exactly one part broken (40 %). */
export function requestFor(
  ctx: GenContext,
  operation: Operation,
  callers: readonly string[],
): fc.Arbitrary<FuzzRequest> {
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
export function requestSeed(seed: number, index: number): number {
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
