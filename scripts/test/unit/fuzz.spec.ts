import { expect } from 'chai';
import fc from 'fast-check';
import { ERROR_CODES, HTTP_STATUS_BY_ERROR_CODE } from '@ncr/chaincode/domain';
import { UnauthenticatedError, LedgerUnavailableError } from '@ncr/gateway-api';
import { loopbackUrl, parseRateLimit } from '../../src/fuzz/client';
import { type OpenApiDocument, mediaType, operationsOf } from '../../src/fuzz/openapi';
import { type Reply, type Snapshot, checkReply, diffSnapshots, errorShape, errorTable } from '../../src/fuzz/oracles';
import { NO_KEY, UNKNOWN_KEY, generateRequest } from '../../src/fuzz/requests';
import { percentEncode } from '../../src/fuzz/url';
import {
  type FuzzReport,
  type Violation,
  curlFor,
  groupViolations,
  renderSummary,
  shellQuote,
} from '../../src/fuzz/summary';
import { nodesOf, replaceAt } from '../../src/fuzz/nodes';
import { settingsToRestore } from '../../src/fuzz/restore';
import { categoryOf, validValue } from '../../src/fuzz/values';

const errorResponse = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };

/** A two-route document shaped like the gateway's (zod-to-openapi output). */
const document: OpenApiDocument = {
  components: {
    schemas: {
      Error: { type: 'object', properties: { error: { type: 'object' } } },
      Hash: { type: 'string', pattern: '^[a-f0-9]{64}$' },
    },
  },
  paths: {
    '/v1/credit-blocks/{id}/freeze': {
      post: {
        security: [{ bearerAuth: [] }],
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^B-[0-9A-F]{16}-\\d+$' } },
          { name: 'Idempotency-Key', in: 'header', schema: { type: 'string' } },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  reason: { type: 'string', minLength: 1, maxLength: 256 },
                  quantity: { type: 'integer', minimum: 1, maximum: 9007199254740991 },
                  document: { type: 'object', properties: { sha256: { $ref: '#/components/schemas/Hash' } } },
                },
                required: ['reason', 'quantity'],
                additionalProperties: false,
              },
            },
          },
        },
        responses: { '201': { content: { 'application/json': {} } }, '400': errorResponse, '403': errorResponse },
      },
    },
    '/v1/reports/aef': {
      get: {
        security: [{ bearerAuth: [] }],
        parameters: [{ name: 'year', in: 'query', required: true, schema: { type: 'integer', minimum: 1990 } }],
        responses: { '200': { content: { 'application/json': {} } }, '400': errorResponse, '503': {} },
      },
    },
    '/v1/health': { get: { security: [], responses: { '200': { content: { 'application/json': {} } } } } },
  },
};

const operations = operationsOf(document);
const freeze = operations[0]!;
const aef = operations[1]!;

const json = (status: number, body: unknown, contentType = 'application/json; charset=utf-8'): Reply => ({
  status,
  contentType,
  body: Buffer.from(JSON.stringify(body)),
});

describe('fuzz: reading the OpenAPI document', () => {
  it('lists each operation with its parameters, body, auth, write flag and declared media types', () => {
    expect(operations.map((op) => op.key)).to.deep.equal([
      'POST /v1/credit-blocks/{id}/freeze',
      'GET /v1/reports/aef',
      'GET /v1/health',
    ]);
    expect(freeze.pathParams.map((p) => p.name)).to.deep.equal(['id']);
    expect(freeze.write).to.equal(true);
    expect(freeze.auth).to.equal(true);
    expect(freeze.body?.required).to.deep.equal(['reason', 'quantity']);
    expect(aef.queryParams).to.deep.equal([
      { name: 'year', required: true, schema: { type: 'integer', minimum: 1990 } },
    ]);
    expect(aef.write).to.equal(false);
    expect(aef.responses.get(200)).to.deep.equal(['application/json']);
    expect(aef.responses.get(503)).to.deep.equal([]);
    expect(operations[2]!.auth).to.equal(false);
  });

  it('reduces a Content-Type header to its media type', () => {
    expect(mediaType('Text/CSV; charset=utf-8')).to.equal('text/csv');
    expect(mediaType(undefined)).to.equal('');
  });
});

describe('fuzz: values and requests', () => {
  const ctx = { document, pool: { block: ['B-0123456789ABCDEF-0'], bookmark: ['\u0000ncr.account\u0000X\u0000'] } };

  it('aims parameters at harvested identifiers by name or by the collection before {id}', () => {
    expect(categoryOf('blockId')).to.equal('block');
    expect(categoryOf('id', '/v1/credit-blocks/{id}/freeze')).to.equal('block');
    expect(categoryOf('id', '/v1/monitoring-reports/{id}')).to.equal('report');
    expect(categoryOf('title')).to.equal(undefined);
  });

  it('generates strings that match a pattern longer than the default length (no endless filtering)', () => {
    const values = fc.sample(validValue(ctx, { $ref: '#/components/schemas/Hash' }), { seed: 3, numRuns: 30 });
    for (const value of values) expect(value).to.match(/^[a-f0-9]{64}$/);
  });

  it('lists nodes with their schemas and replaces or removes one without touching the original', () => {
    const value = { reason: 'r', quantity: 5, document: { sha256: 'a' } };
    const nodes = nodesOf(document, freeze.body!, value);
    expect(nodes.map((node) => node.path.join('.'))).to.deep.equal([
      '',
      'reason',
      'quantity',
      'document',
      'document.sha256',
    ]);
    expect(replaceAt(value, ['document', 'sha256'], 7)).to.deep.equal({
      reason: 'r',
      quantity: 5,
      document: { sha256: 7 },
    });
    expect(replaceAt(value, ['quantity'], undefined)).to.deep.equal({ reason: 'r', document: { sha256: 'a' } });
    expect(value.quantity).to.equal(5);
  });

  it('percent-encodes every byte but unreserved characters, lone surrogates as U+FFFD', () => {
    expect(percentEncode('a b/\u0000é')).to.equal('a%20b%2F%00%C3%A9');
    expect(percentEncode('\ud800')).to.equal('%EF%BF%BD');
  });

  it('regenerates the same request from the same seed and index, for every route and caller', () => {
    const callers = ['gov-admin', 'auditor'];
    const again = generateRequest({ ...ctx }, operations, callers, 11, 5);
    expect(generateRequest({ ...ctx }, operations, callers, 11, 5)).to.deep.equal(again);
    const requests = Array.from({ length: 300 }, (_, i) => generateRequest(ctx, operations, callers, 11, i));
    expect(new Set(requests.map((r) => r.operation)).size).to.equal(3);
    expect(new Set(requests.map((r) => r.caller))).to.deep.equal(new Set([...callers, NO_KEY, UNKNOWN_KEY]));
    expect(new Set(requests.map((r) => r.intent))).to.deep.equal(new Set(['valid', 'invalid']));
    for (const request of requests.filter((r) => r.intent === 'valid' && r.operation === freeze.key)) {
      const body = JSON.parse(request.body ?? 'null') as Record<string, unknown>;
      expect(body).to.include.keys('reason', 'quantity');
      expect(request.target).to.match(/^\/v1\/credit-blocks\/B-[0-9A-F]{16}-\d+\/freeze$/);
    }
    const unknown = requests.filter((r) => r.caller === UNKNOWN_KEY);
    expect(unknown.every((r) => r.headers.authorization !== undefined)).to.equal(true);
  });
});

describe('fuzz: oracles', () => {
  const table = errorTable();

  it('derives the error table from the chaincode codes and the gateway error classes', () => {
    for (const code of ERROR_CODES) expect(table.get(code)?.has(HTTP_STATUS_BY_ERROR_CODE[code])).to.equal(true);
    const unauthenticated = new UnauthenticatedError();
    expect(table.get(unauthenticated.code)?.has(unauthenticated.status)).to.equal(true);
    const unavailable = new LedgerUnavailableError();
    expect(table.get(unavailable.code)?.has(unavailable.status)).to.equal(true);
  });

  it('accepts a declared error with a code from the table and the matching status', () => {
    expect(
      checkReply(freeze, json(403, { error: { code: 'FORBIDDEN', message: 'no', txId: 'abc' } }), table),
    ).to.deep.equal([]);
  });

  it('flags 5xx, a foreign error shape, a code outside the table, a code with another status', () => {
    expect(
      checkReply(aef, json(503, { error: { code: 'LEDGER_UNAVAILABLE', message: '' } }), table).map((f) => f.kind),
    ).to.deep.equal(['server-error']);
    expect(checkReply(freeze, json(400, { message: 'bad' }), table).map((f) => f.kind)).to.deep.equal(['error-shape']);
    expect(
      checkReply(freeze, json(400, { error: { code: 'VALIDATION', message: 'x', stack: 'at' } }), table)[0]?.kind,
    ).to.equal('error-shape');
    expect(checkReply(freeze, json(400, { error: { code: 'MADE_UP', message: 'x' } }), table)[0]?.kind).to.equal(
      'unknown-code',
    );
    expect(checkReply(freeze, json(400, { error: { code: 'FORBIDDEN', message: 'x' } }), table)[0]?.kind).to.equal(
      'code-status',
    );
  });

  it('flags a status the route does not declare and a 2xx content type it does not declare', () => {
    const notDeclared = checkReply(freeze, json(404, { error: { code: 'NOT_FOUND', message: 'x' } }), table);
    expect(notDeclared.map((f) => f.kind)).to.deep.equal(['undeclared-status']);
    const csv: Reply = { status: 200, contentType: 'text/csv; charset=utf-8', body: Buffer.from('a,b') };
    expect(checkReply(aef, csv, table).map((f) => f.kind)).to.deep.equal(['content-type']);
    expect(checkReply(aef, json(200, {}), table)).to.deep.equal([]);
  });

  it('checks the error shape of a request sent with a method the route lacks', () => {
    expect(
      checkReply(undefined, json(404, { error: { code: 'NOT_FOUND', message: 'no route' } }), table),
    ).to.deep.equal([]);
    const bare: Reply = { status: 431, contentType: undefined, body: Buffer.alloc(0) };
    expect(errorShape(bare)).to.deep.equal({ problem: 'content type (none) instead of application/json' });
  });

  it('names every difference between two snapshots, and none between equal ones', () => {
    const before: Snapshot = { height: 10, accounts: { A: '{"total":5}', B: '{"total":0}' } };
    expect(diffSnapshots(before, { ...before })).to.deep.equal([]);
    expect(diffSnapshots(before, { height: 11, accounts: { A: '{"total":4}', C: '{}' } })).to.deep.equal([
      'ledger height 10 → 11',
      'account A: {"total":5} → {"total":4}',
      'account B disappeared',
      'account C appeared',
    ]);
  });
});

describe('fuzz: client guards and summary', () => {
  it('talks to loopback only', () => {
    expect(loopbackUrl('http://127.0.0.1:3000').port).to.equal('3000');
    expect(() => loopbackUrl('http://example.org:3000')).to.throw('only talks to a gateway on this machine');
    expect(() => loopbackUrl('https://127.0.0.1:3000')).to.throw();
  });

  it('reads the draft-7 RateLimit header', () => {
    expect(parseRateLimit('limit=600, remaining=12, reset=31')).to.deep.equal({ remaining: 12, reset: 31 });
    expect(parseRateLimit(undefined)).to.equal(undefined);
  });

  it('quotes any bytes for bash and builds a curl command that reads the demo key', () => {
    expect(shellQuote("it's\n\u0000é")).to.equal("$'it\\x27s\\x0a\\x00\\xc3\\xa9'");
    const curl = curlFor(
      {
        operation: freeze.key,
        caller: 'gov-admin',
        method: 'POST',
        target: '/v1/credit-blocks/X/freeze',
        headers: { 'content-type': 'application/json' },
        body: '{"reason":"r"}',
        intent: 'valid',
        mutation: undefined,
      },
      'http://127.0.0.1:3000',
    );
    expect(curl).to.equal(
      "curl -sS -X POST $'http://127.0.0.1:3000/v1/credit-blocks/X/freeze' -H $'content-type: application/json' " +
        `-H "Authorization: Bearer $(jq -r '.[] | select(.name == "gov-admin") | .apiKey' .ncr/users.json)" ` +
        `--data-binary $'{"reason":"r"}'`,
    );
  });

  const violation = (caller: string, index: number): Violation => ({
    kind: 'server-error',
    operation: 'GET /v1/projects',
    caller,
    status: 502,
    code: 'LEDGER_ERROR',
    detail: 'answered 502 LEDGER_ERROR',
    seed: 7,
    index,
    request: undefined,
    curl: undefined,
  });

  it('groups violations by kind, route, caller and code, keeping the first example', () => {
    const groups = groupViolations([violation('a', 1), violation('b', 2), violation('a', 3)]);
    expect(groups.map((g) => [g.key, g.count, g.first.index])).to.deep.equal([
      ['server-error | GET /v1/projects | a | 502 LEDGER_ERROR', 2, 1],
      ['server-error | GET /v1/projects | b | 502 LEDGER_ERROR', 1, 2],
    ]);
  });

  it('renders requests per route and caller, the status histogram, state checks and violations', () => {
    const report: FuzzReport = {
      seed: 7,
      baseUrl: 'http://127.0.0.1:3000',
      startedAt: '2026-01-01T00:00:00.000Z',
      durationMs: 2000,
      requests: 3,
      perRoute: { 'GET /v1/projects': { a: 2, b: 1 } },
      statuses: { '200': 1, '502': 2 },
      state: { checked: 1, skipped: 0 },
      violations: [violation('a', 1)],
    };
    const text = renderSummary(report, '/tmp/r.json');
    expect(text).to.contain('3 requests in 2.0 s (1.5/s), seed 7');
    expect(text).to.match(/GET \/v1\/projects\s+2\s+1\s+3/);
    expect(text).to.contain('200: 1   502: 2');
    expect(text).to.contain('compared around 1 phases');
    expect(text).to.contain('1 × server-error | GET /v1/projects | a | 502 LEDGER_ERROR');
    expect(text).to.contain('JSON report: /tmp/r.json');
    expect(renderSummary({ ...report, violations: [] })).to.contain('Violations: none');
  });
});

describe('fuzz: putting the settings back', () => {
  const initial = {
    name: 'National Carbon Registry (demo)',
    ndcPeriod: { firstYear: 2021, lastYear: 2030 },
    cooperativeApproaches: [{ id: 'CA0001', partnerParties: ['CHE'] }],
    authorisedEntities: [],
  };

  it('writes the initial settings back, keeping list items a fuzz write added (the ledger never removes an ID)', () => {
    const entity = { id: '1S0', name: 'x' };
    const now = {
      name: ',',
      ndcPeriod: { firstYear: 2100, lastYear: 2100 },
      cooperativeApproaches: [
        { id: 'CA0001', partnerParties: ['FRA'] },
        { id: 'CA0002', partnerParties: ['CHE'] },
      ],
      authorisedEntities: [entity],
    };
    expect(settingsToRestore(initial, now)).to.deep.equal({
      ...initial,
      cooperativeApproaches: [initial.cooperativeApproaches[0], now.cooperativeApproaches[1]],
      authorisedEntities: [entity],
    });
  });

  it('writes the initial settings as they were when nothing was added', () => {
    expect(settingsToRestore(initial, { ...initial, name: 'other' })).to.deep.equal(initial);
  });
});
