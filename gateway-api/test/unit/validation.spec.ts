import { expect } from 'chai';
import { type TestApp, call, errorOf, startTestApp } from './helpers';

describe('input validation before any transaction', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp();
  });
  afterEach(async () => {
    await app.cleanup();
  });

  const transfer = { blockId: 'B-0A1B2C3D4E5F6A7B-0', quantity: 5, toAccountId: 'DEV-BETA' };

  it('rejects a malformed JSON body with 400 VALIDATION and never calls the ledger', async () => {
    const result = await call(app, 'POST', '/v1/transfers', { key: app.keys['dev-admin']!, rawBody: '{"blockId":' });
    expect(result.status).to.equal(400);
    expect(errorOf(result).code).to.equal('VALIDATION');
    expect(app.ledger.submit.called).to.equal(false);
  });

  it('rejects a body failing the shared chaincode schema (negative quantity, unknown field) with 400', async () => {
    for (const body of [
      { ...transfer, quantity: -1 },
      { ...transfer, quantity: 1.5 },
      { ...transfer, extra: true },
      { blockId: transfer.blockId },
    ]) {
      const result = await call(app, 'POST', '/v1/transfers', { key: app.keys['dev-admin']!, body });
      expect(result.status, JSON.stringify(body)).to.equal(400);
      expect(errorOf(result).message).to.match(/^body/);
    }
    expect(app.ledger.submit.called).to.equal(false);
  });

  it("applies the chaincode's cross-field rules to body + path parameters (verification without quantity)", async () => {
    const result = await call(app, 'POST', '/v1/monitoring-reports/GHA-P-0A1B2C3D4E-M-0A1B2C3D/verification', {
      key: app.keys['dev-admin']!,
      body: { approved: true, report: { uri: 'https://x.org/r.pdf', sha256: 'a'.repeat(64) } },
    });
    expect(result.status).to.equal(400);
    expect(errorOf(result).message).to.include('verifiedReductions');
    expect(app.ledger.submit.called).to.equal(false);
  });

  it('rejects malformed path and query parameters with 400', async () => {
    const key = app.keys['dev-admin']!;
    expect((await call(app, 'GET', '/v1/projects/not-a-project', { key })).status).to.equal(400);
    expect((await call(app, 'GET', '/v1/credit-blocks?pageSize=1000', { key })).status).to.equal(400);
    expect((await call(app, 'GET', '/v1/ledger/blocks/-1', { key })).status).to.equal(400);
    expect(app.ledger.evaluate.called).to.equal(false);
  });

  it('requires a JSON content type for bodies', async () => {
    const result = await call(app, 'POST', '/v1/transfers', {
      key: app.keys['dev-admin']!,
      rawBody: JSON.stringify(transfer),
      headers: { 'content-type': 'text/plain' },
    });
    expect(result.status).to.equal(400);
  });

  it('limits the body size (413 PAYLOAD_TOO_LARGE)', async () => {
    const result = await call(app, 'POST', '/v1/transfers', {
      key: app.keys['dev-admin']!,
      body: { ...transfer, padding: 'x'.repeat(200_000) },
    });
    expect(result.status).to.equal(413);
    expect(errorOf(result).code).to.equal('PAYLOAD_TOO_LARGE');
  });

  it('passes valid input to the ledger as the typed transaction, path parameters merged in, and answers 201', async () => {
    app.ledger.submit.resolves({ txId: 'f'.repeat(64), blockNumber: 42, result: { id: 'B-1', quantity: 5 } });
    const result = await call(app, 'POST', '/v1/credit-blocks/B-0A1B2C3D4E5F6A7B-0/freeze', {
      key: app.keys['gov-admin']!,
      body: { reason: 'investigation' },
    });
    expect(result.status).to.equal(201);
    expect(result.body).to.deep.equal({ id: 'B-1', quantity: 5, txId: 'f'.repeat(64), blockNumber: 42 });
    expect(app.ledger.submit.firstCall.args).to.deep.equal([
      { mspId: 'GovernmentMSP', enrollmentId: 'gov-admin' },
      'credits',
      'Freeze',
      { reason: 'investigation', blockId: 'B-0A1B2C3D4E5F6A7B-0' },
    ]);
  });
});
