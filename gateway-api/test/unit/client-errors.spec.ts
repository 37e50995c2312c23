import { expect } from 'chai';
import { type TestApp, call, errorOf, startTestApp } from './helpers';

describe('requests refused before any route runs', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(async () => {
    await app.cleanup();
  });

  for (const [method, pathname] of [
    ['GET', '/v1/ledger/blocks/%'],
    ['POST', '/v1/monitoring-reports/%ZZ/issuance'],
    ['GET', '/v1/projects/%E0%A4%A'],
  ] as const) {
    it(`answers ${method} ${pathname} (a path parameter that is not valid percent-encoding) with 400 VALIDATION, before authentication`, async () => {
      const result = await call(app, method, pathname, method === 'POST' ? { body: {} } : {});
      expect(result.status, result.text).to.equal(400);
      expect(result.headers.get('content-type')).to.match(/^application\/json/);
      expect(result.body).to.have.all.keys('error');
      expect(errorOf(result)).to.have.all.keys('code', 'message');
      expect(errorOf(result).code).to.equal('VALIDATION');
      expect(app.ledger.evaluate.called || app.ledger.submit.called).to.equal(false);
    });
  }
});
