import { HTTP_STATUS_BY_ERROR_CODE } from '@ncr/chaincode/domain';
import { expect } from 'chai';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import * as errors from '../../src/errors';
import { readModelOpener } from '../../src/read-model/disk';
import { type CallResult, type TestApp, call, errorOf, startTestApp } from './helpers';

type ApiErrorClass = new (...args: string[]) => errors.ApiError;

const isApiErrorClass = (value: unknown): value is ApiErrorClass =>
  typeof value === 'function' && value.prototype instanceof errors.ApiError;

/** Code → status of every ApiError class errors.ts exports whose code does not depend on its arguments. */
function exportedTable(): Map<string, number> {
  const table = new Map<string, number>();
  for (const exported of Object.values(errors)) {
    if (!isApiErrorClass(exported)) continue;
    const sample = new exported('x', 'x');
    if (Number.isInteger(sample.status)) table.set(sample.code, sample.status);
  }
  return table;
}

const SOURCE = path.resolve(__dirname, '../../../src');

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe('the error table: every code the gateway answers is an ApiError class of errors.ts', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp({ rateLimitPerMinute: 3 });
  });
  afterEach(async () => {
    await app.cleanup();
  });

  const expectInTable = (result: CallResult, status: number, code: string): void => {
    expect(result.status, result.text).to.equal(status);
    expect(errorOf(result).code).to.equal(code);
    expect(exportedTable().get(code), `${code} has no exported class`).to.equal(status);
  };
  const transfer = { blockId: 'B-0A1B2C3D4E5F6A7B-0', quantity: 5, toAccountId: 'DEV-BETA' };

  it('has one exported class per code of API_ERRORS, answering the status the table gives', () => {
    const table = exportedTable();
    for (const [code, { status }] of Object.entries(errors.API_ERRORS)) {
      expect(table.get(code), code).to.equal(status);
    }
    expect([...table.keys()].sort()).to.deep.equal(Object.keys(errors.API_ERRORS).sort());
  });

  it('builds no ApiError with a code of its own outside errors.ts', async () => {
    const offenders: string[] = [];
    for (const file of await sourceFiles(SOURCE)) {
      if (path.relative(SOURCE, file) === 'errors.ts') continue;
      const text = await readFile(file, 'utf8');
      if (/new ApiError\(|extends ApiError\b/.test(text)) offenders.push(path.relative(SOURCE, file));
    }
    expect(offenders).to.deep.equal([]);
  });

  it('answers a body over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const rawBody = JSON.stringify({ ...transfer, pad: 'x'.repeat(200_000) });
    expectInTable(
      await call(app, 'POST', '/v1/transfers', { key: app.keys['dev-admin']!, rawBody }),
      413,
      'PAYLOAD_TOO_LARGE',
    );
  });

  it('answers a body in an unknown encoding with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const result = await call(app, 'POST', '/v1/transfers', {
      key: app.keys['dev-admin']!,
      body: transfer,
      headers: { 'content-encoding': 'x-unknown' },
    });
    expectInTable(result, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers an Idempotency-Key reused for another request with 422 IDEMPOTENCY_KEY_REUSED', async () => {
    app.ledger.submit.resolves({ txId: 'c'.repeat(64), blockNumber: 7, result: {} });
    const send = (body: unknown) =>
      call(app, 'POST', '/v1/transfers', { key: app.keys['dev-admin']!, body, headers: { 'Idempotency-Key': 'k' } });
    expect((await send(transfer)).status).to.equal(201);
    expectInTable(await send({ ...transfer, quantity: 6 }), 422, 'IDEMPOTENCY_KEY_REUSED');
  });

  it('answers past the per-key limit with 429 RATE_LIMITED', async () => {
    const read = () => call(app, 'GET', '/v1/reports/read-model', { key: app.keys['gov-admin']! });
    for (let i = 0; i < 3; i++) await read();
    expectInTable(await read(), 429, 'RATE_LIMITED');
  });

  it('answers a report without a read model with 503 READ_MODEL_UNAVAILABLE', async () => {
    const result = await call(app, 'GET', '/v1/reports/read-model', { key: app.keys['gov-admin']! });
    expectInTable(result, 503, 'READ_MODEL_UNAVAILABLE');
  });

  it("answers a report while the read model's disk is full with 503 READ_MODEL_DISK_FULL and Retry-After", async () => {
    await app.cleanup();
    const statfs = () => ({ bavail: 3, bsize: 4096 });
    app = await startTestApp({ readModel: readModelOpener(path.join(app.dir, 'registry.sqlite'), 1_048_576, statfs) });
    const result = await call(app, 'GET', '/v1/reports/read-model', { key: app.keys['gov-admin']! });
    expectInTable(result, 503, 'READ_MODEL_DISK_FULL');
    expect(result.headers.get('retry-after')).to.equal('5');
    expect(errorOf(result).message).to.contain('(12288 bytes free)');
  });

  it("docs/api.md's error table lists every exported code and every chaincode code under its status", async () => {
    const docs = await readFile(path.resolve(SOURCE, '../../docs/api.md'), 'utf8');
    const rows = new Map<number, string>();
    for (const match of docs.matchAll(/^\| (\d{3}) +\| ([^|]+)\|/gm)) rows.set(Number(match[1]), match[2] ?? '');
    for (const [code, status] of [...exportedTable(), ...Object.entries(HTTP_STATUS_BY_ERROR_CODE)]) {
      expect(rows.get(status) ?? '', `${status} ${code}`).to.include(`\`${code}\``);
    }
  });
});
