import { expect } from 'chai';
import { request } from 'node:http';
import type { Express } from 'express';
import pino from 'pino';
import { createApp } from '../../src/http/app';
import { SqliteIdempotencyStore } from '../../src/storage/idempotency-store';
import { toOpenApiPath } from '../../src/http/openapi';
import { Metrics } from '../../src/metrics';
import { type TestApp, call, startTestApp, stubLedger } from './helpers';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every `METHOD path` Express actually serves under /v1, read from the router stack. */
function expressRoutes(app: Express): string[] {
  const found: string[] = [];
  const walk = (stack: Layer[]): void => {
    for (const layer of stack) {
      if (layer.route !== undefined) {
        for (const [method, enabled] of Object.entries(layer.route.methods)) {
          if (enabled && method !== '_all') found.push(`${method.toUpperCase()} ${toOpenApiPath(layer.route.path)}`);
        }
      } else if (layer.handle?.stack !== undefined) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return found.filter((r) => r.split(' ')[1]?.startsWith('/v1/')).sort();
}

describe('OpenAPI document', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(async () => {
    await app.cleanup();
  });

  it('documents exactly the routes Express serves (no drift)', async () => {
    const ledger = stubLedger();
    const express = createApp({
      ledger,
      registry: undefined as never,
      onboarding: undefined as never,
      systemIdentity: undefined,
      users: { authenticate: () => undefined },
      idempotency: await SqliteIdempotencyStore.open(`${app.dir}/drift-idempotency.sqlite`),
      metrics: new Metrics({ defaultMetrics: false }),
      logger: pino({ level: 'silent' }),
    });
    const served = expressRoutes(express);
    const document = (await call(app, 'GET', '/v1/openapi.json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(document.paths)
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    expect(served.length).to.be.greaterThan(30);
    expect(documented).to.deep.equal(served);
  });

  it('documents the core routes: accounts, users, projects, monitoring, credits, ledger, events, webhooks', async () => {
    const document = (await call(app, 'GET', '/v1/openapi.json')).body as { paths: Record<string, unknown> };
    for (const path of [
      '/v1/health',
      '/v1/me',
      '/v1/accounts',
      '/v1/accounts/{id}',
      '/v1/accounts/{id}/suspend',
      '/v1/accounts/{id}/reactivate',
      '/v1/accounts/{id}/balance',
      '/v1/users',
      '/v1/projects',
      '/v1/projects/{id}',
      '/v1/projects/{id}/history',
      '/v1/projects/{id}/documents',
      '/v1/projects/{id}/validation',
      '/v1/projects/{id}/authorisation',
      '/v1/projects/{id}/monitoring-reports',
      '/v1/monitoring-reports/{id}',
      '/v1/monitoring-reports/{id}/verification',
      '/v1/monitoring-reports/{id}/issuance',
      '/v1/credit-blocks',
      '/v1/credit-blocks/{id}',
      '/v1/serials/{serial}',
      '/v1/transfers',
      '/v1/retirements',
      '/v1/cancellations',
      '/v1/credit-blocks/{id}/freeze',
      '/v1/credit-blocks/{id}/unfreeze',
      '/v1/ledger',
      '/v1/ledger/blocks/{number}',
      '/v1/ledger/transactions/{txId}',
      '/v1/events',
      '/v1/webhooks',
      '/v1/webhooks/{id}',
      '/v1/webhooks/{id}/deliveries',
      '/v1/openapi.json',
    ]) {
      expect(document.paths, path).to.have.property(path);
    }
  });

  it('marks writes with the Idempotency-Key header and bearer security, and health as public', async () => {
    const document = (await call(app, 'GET', '/v1/openapi.json')).body as {
      openapi: string;
      paths: Record<string, Record<string, { security: unknown[]; parameters?: { name: string }[] }>>;
    };
    expect(document.openapi).to.match(/^3\./);
    const transfer = document.paths['/v1/transfers']!.post!;
    expect(transfer.security).to.deep.equal([{ bearerAuth: [] }]);
    expect(transfer.parameters?.map((p) => p.name)).to.include('Idempotency-Key');
    expect(document.paths['/v1/health']!.get!.security).to.deep.equal([]);
  });

  it('documents the account applications: applying and the claim read without a key, the claim token header', async () => {
    const document = (await call(app, 'GET', '/v1/openapi.json')).body as {
      paths: Record<
        string,
        Record<string, { security: unknown[]; parameters?: { name: string; in: string }[]; responses: object }>
      >;
    };
    const applications = document.paths['/v1/account-applications']!;
    expect(applications.post!.security).to.deep.equal([]);
    expect(applications.post!.responses).to.have.property('202');
    expect(applications.get!.security).to.deep.equal([{ bearerAuth: [] }]);
    const claim = document.paths['/v1/account-applications/{id}']!.get!;
    expect(claim.security).to.deep.equal([]);
    const headers = claim.parameters?.filter((p) => p.in === 'header').map((p) => p.name);
    expect(headers).to.deep.equal(['X-Claim-Token']);
    expect(claim.responses).to.have.property('401');
    for (const decision of ['approve', 'reject']) {
      const operation = document.paths[`/v1/account-applications/{id}/${decision}`]!.post!;
      expect(operation.security, decision).to.deep.equal([{ bearerAuth: [] }]);
      expect(operation.parameters?.map((p) => p.name)).to.include('Idempotency-Key');
    }
  });

  it('shows request examples that the route itself accepts and sends to the ledger as they are', async () => {
    const document = (await call(app, 'GET', '/v1/openapi.json')).body as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { example?: unknown }> } }>>;
    };
    const examples = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).flatMap(([method, operation]) => {
        const example = operation.requestBody?.content['application/json']?.example;
        return example === undefined ? [] : [{ path, method, example }];
      }),
    );
    expect(examples.map(({ method, path }) => `${method} ${path}`)).to.deep.equal([
      'post /v1/projects',
      'post /v1/international-transfers',
      'put /v1/workflow-profile',
    ]);
    for (const { path, method, example } of examples) {
      app.ledger.submit.resetHistory();
      const reply = await call(app, method.toUpperCase(), path, { key: app.keys['dev-admin']!, body: example });
      expect(reply.status, JSON.stringify(reply.body)).to.not.equal(400);
      expect(app.ledger.submit.calledOnce, `${method} ${path} reached the ledger`).to.equal(true);
      expect(app.ledger.submit.firstCall.args[3]).to.deep.include(example);
    }
  });

  interface Operation {
    security: unknown[];
    requestBody?: unknown;
    responses: Record<string, { content?: Record<string, unknown> }>;
  }
  const operations = async (): Promise<[string, Operation][]> => {
    const document = (await call(app, 'GET', '/v1/openapi.json')).body as {
      paths: Record<string, Record<string, Operation>>;
    };
    return Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]): [string, Operation] => [
        `${method.toUpperCase()} ${path}`,
        operation,
      ]),
    );
  };

  it('declares on every route the errors the server and middlewares can answer, in the one error shape', async () => {
    for (const [key, operation] of await operations()) {
      const expected = ['400', '404', '408', '429', '431', '500', '503'];
      if (operation.security.length > 0) expected.push('401');
      if (operation.requestBody !== undefined) expected.push('413', '415');
      expect(Object.keys(operation.responses), key).to.include.members(expected);
      for (const status of ['431', '429', '400']) {
        expect(operation.responses[status]?.content, `${key} ${status}`).to.have.property('application/json');
      }
    }
  });

  it('declares 413 and 415 only on routes that take a body, since no other route reads one', async () => {
    for (const [key, operation] of await operations()) {
      const declared = Object.keys(operation.responses);
      if (operation.requestBody === undefined) expect(declared, key).to.not.include('413').and.not.include('415');
    }
    // fetch sends no body with GET: node:http does.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const body = JSON.stringify({ pad: 'x'.repeat(200_000) });
      const req = request(`${app.url}/v1/openapi.json`, {
        method: 'GET',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', reject);
      req.end(body);
    });
    expect(status).to.equal(200);
  });

  it('declares the three formats of the AEF report (XLSX, CSV, JSON) for its 200', async () => {
    const aef = (await operations()).find(([key]) => key === 'GET /v1/reports/aef')?.[1];
    expect(Object.keys(aef?.responses['200']?.content ?? {})).to.have.members([
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'text/csv',
      'application/json',
    ]);
  });

  it('describes the document upload as a multipart form (file, type, projectId) with its 413 and 415', async () => {
    const upload = (await operations()).find(([key]) => key === 'POST /v1/documents')?.[1] as
      | (Operation & { requestBody: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } })
      | undefined;
    const form = upload?.requestBody.content['multipart/form-data']?.schema;
    expect(Object.keys(upload?.requestBody.content ?? {})).to.deep.equal(['multipart/form-data']);
    expect(form?.properties.file).to.deep.include({ type: 'string', format: 'binary' });
    expect(Object.keys(form?.properties ?? {})).to.have.members(['file', 'type', 'projectId']);
    expect(Object.keys(upload?.responses ?? {})).to.include.members(['201', '413', '415']);
  });

  it('serves Swagger UI at /docs', async () => {
    const result = await call(app, 'GET', '/docs/');
    expect(result.status).to.equal(200);
    expect(result.text).to.include('swagger-ui');
  });
});
