import { expect } from 'chai';
import { connect } from 'node:net';
import { type TestApp, call, errorOf, startTestApp } from './helpers';

/** Sends raw bytes and reads everything the server answers until it closes the connection. */
function rawExchange(url: string, request: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(port), hostname, () => {
      socket.write(request);
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}

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

  it('answers a 70,000-character path with 431 HEADERS_TOO_LARGE in the one error shape, then closes', async () => {
    const answer = await rawExchange(app.url, `GET /v1/${'a'.repeat(70_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
    const [head = '', body = ''] = answer.split('\r\n\r\n');
    expect(head).to.match(/^HTTP\/1\.1 431 /);
    expect(head).to.match(/\r\ncontent-type: application\/json; charset=utf-8/i);
    expect(head).to.match(/\r\nconnection: close/i);
    expect(JSON.parse(body)).to.deep.equal({
      error: { code: 'HEADERS_TOO_LARGE', message: 'the request URL or headers are too large' },
    });
  });

  it('answers an oversized request on a kept-alive connection after an answered one, and the server still serves', async () => {
    const answer = await rawExchange(
      app.url,
      'GET /v1/openapi.json HTTP/1.1\r\nHost: localhost\r\n\r\n' +
        `GET /v1/${'a'.repeat(70_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`,
    );
    expect(answer).to.match(/^HTTP\/1\.1 200 /);
    expect(answer).to.match(/HTTP\/1\.1 431 [^]*"code":"HEADERS_TOO_LARGE"/);
    expect((await call(app, 'GET', '/v1/health')).status).to.be.oneOf([200, 503]);
  });

  it('answers a malformed request line with 400 VALIDATION in the one error shape', async () => {
    const answer = await rawExchange(app.url, 'NOT A REQUEST\r\n\r\n');
    expect(answer).to.match(/^HTTP\/1\.1 400 /);
    expect(answer).to.include('"code":"VALIDATION"');
  });
});
