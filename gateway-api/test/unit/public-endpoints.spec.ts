import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { type TestApp, call, errorOf, startTestApp, stubLedger } from './helpers';

const chain = { height: 12, currentBlockHash: 'ab'.repeat(32), previousBlockHash: 'cd'.repeat(32) };
const peer = { mspId: 'GovernmentMSP', peer: 'peer0', endpoint: '127.0.0.1:7051', reachable: true };

describe('unauthenticated endpoints: /v1/health and /metrics', () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.cleanup();
    app = undefined;
  });

  it('health probes the ledger once for many calls within the cache window', async () => {
    const ledger = stubLedger();
    ledger.chainInfo.resolves(chain);
    ledger.peers.resolves([peer]);
    app = await startTestApp({ ledger, healthCacheMs: 60_000 });
    const replies = await Promise.all(Array.from({ length: 10 }, () => call(app!, 'GET', '/v1/health')));
    for (const reply of replies) {
      expect(reply.status).to.equal(200);
      expect((reply.body as { ledger: { height: number } }).ledger.height).to.equal(12);
    }
    expect(ledger.chainInfo.callCount).to.equal(1);
    expect(ledger.peers.callCount).to.equal(1);
  });

  it('health probes again once the cache window has passed', async () => {
    const ledger = stubLedger();
    ledger.chainInfo.resolves(chain);
    ledger.peers.resolves([peer]);
    app = await startTestApp({ ledger, healthCacheMs: 50 });
    await call(app, 'GET', '/v1/health');
    await call(app, 'GET', '/v1/health');
    expect(ledger.chainInfo.callCount).to.equal(1);
    await sleep(80);
    ledger.chainInfo.rejects(new Error('down'));
    const down = await call(app, 'GET', '/v1/health');
    expect(ledger.chainInfo.callCount).to.equal(2);
    expect(down.status).to.equal(503);
  });

  for (const target of ['/v1/health', '/metrics']) {
    it(`${target}: the request beyond the per-client limit is 429 RATE_LIMITED`, async () => {
      const ledger = stubLedger();
      ledger.chainInfo.resolves(chain);
      ledger.peers.resolves([peer]);
      const limit = 5;
      app = await startTestApp({ ledger, publicRateLimitPerMinute: limit });
      for (let i = 0; i < limit; i++) {
        const reply = await call(app, 'GET', target);
        expect(reply.status, `request ${i + 1}`).to.equal(200);
      }
      const refused = await call(app, 'GET', target);
      expect(refused.status).to.equal(429);
      expect(errorOf(refused).code).to.equal('RATE_LIMITED');
      expect(refused.headers.get('ratelimit-policy')).to.match(/^5;w=60/);
    });
  }
});
