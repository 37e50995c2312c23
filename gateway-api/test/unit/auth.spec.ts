import { expect } from 'chai';
import { type TestApp, call, errorOf, startTestApp } from './helpers';

describe('gateway authentication', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp();
  });
  afterEach(async () => {
    await app.cleanup();
  });

  it('answers 401 UNAUTHENTICATED in the one error shape when the Authorization header is missing', async () => {
    const result = await call(app, 'GET', '/v1/me');
    expect(result.status).to.equal(401);
    expect(result.body).to.deep.equal({ error: { code: 'UNAUTHENTICATED', message: 'missing or unknown API key' } });
    expect(result.headers.get('www-authenticate')).to.equal('Bearer');
    expect(app.ledger.evaluate.called).to.equal(false);
  });

  it('answers 401 for an unknown key and for a malformed header', async () => {
    expect((await call(app, 'GET', '/v1/me', { key: 'ncr_' + 'x'.repeat(43) })).status).to.equal(401);
    expect((await call(app, 'GET', '/v1/me', { headers: { authorization: 'Basic abc' } })).status).to.equal(401);
    expect((await call(app, 'GET', '/v1/me', { key: app.keys['dev-admin']!.slice(0, -1) })).status).to.equal(401);
  });

  it("acts as the key's user: /v1/me asks the ledger as that user's identity", async () => {
    app.ledger.evaluate.resolves({ mspId: 'DeveloperMSP', enrollmentId: 'dev-admin', binding: null });
    const result = await call(app, 'GET', '/v1/me', { key: app.keys['dev-admin']! });
    expect(result.status).to.equal(200);
    expect((result.body as { user: { name: string } }).user.name).to.equal('dev-admin');
    expect(app.ledger.evaluate.firstCall.args.slice(0, 3)).to.deep.equal([
      { mspId: 'DeveloperMSP', enrollmentId: 'dev-admin' },
      'accounts',
      'WhoAmI',
    ]);
  });

  it('does not require a key for health and the OpenAPI document', async () => {
    expect((await call(app, 'GET', '/v1/openapi.json')).status).to.equal(200);
    const health = await call(app, 'GET', '/v1/health');
    expect(health.status).to.equal(503);
    expect((health.body as { status: string }).status).to.equal('down');
  });

  it('picks up users written to users.json by another process (the demo bootstrap) without a restart', async () => {
    const { UserDirectory } = await import('../../src/identity/users');
    const other = await UserDirectory.open(`${app.dir}/users.json`);
    const { apiKey } = await other.create({
      name: 'late-user',
      mspId: 'DeveloperMSP',
      enrollmentId: 'late-user',
      accountId: 'DEV-ACME',
      role: 'VIEWER',
    });
    app.ledger.evaluate.resolves({});
    expect((await call(app, 'GET', '/v1/me', { key: apiKey })).status).to.equal(200);
  });

  it('limits requests per API key with 429 RATE_LIMITED', async () => {
    await app.cleanup();
    app = await startTestApp({ rateLimitPerMinute: 2 });
    app.ledger.evaluate.resolves({});
    const key = app.keys['dev-admin']!;
    expect((await call(app, 'GET', '/v1/me', { key })).status).to.equal(200);
    expect((await call(app, 'GET', '/v1/me', { key })).status).to.equal(200);
    const third = await call(app, 'GET', '/v1/me', { key });
    expect(third.status).to.equal(429);
    expect(errorOf(third).code).to.equal('RATE_LIMITED');
    expect((await call(app, 'GET', '/v1/me', { key: app.keys['gov-admin']! })).status).to.equal(200);
  });
});
