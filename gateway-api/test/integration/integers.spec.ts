import { expect } from 'chai';
import { api, errorCode } from './support';

/** Integers in paths and queries, through REST on the real network: one spelling per number, 400 for the others. */
describe('integers in paths and queries on the real network', () => {
  it('the canonical forms answer', async () => {
    expect((await api('GET', '/v1/ledger/blocks/0', 'auditor')).status).to.equal(200);
    expect((await api('GET', '/v1/credit-blocks?pageSize=1', 'gov-admin')).status).to.equal(200);
  });

  for (const target of [
    '/v1/serials/0x10',
    '/v1/serials/1e3',
    '/v1/serials/%2016',
    '/v1/ledger/blocks/00',
    '/v1/ledger/blocks/0x0',
    '/v1/events?fromBlock=',
    '/v1/events?fromBlock=+1',
    '/v1/credit-blocks?pageSize=1e1',
    '/v1/credit-blocks?vintage=02024',
    '/v1/audit/integrity?pageSize=%201',
  ]) {
    it(`GET ${target} is 400 VALIDATION`, async () => {
      const reply = await api('GET', target, 'auditor');
      expect(reply.status, JSON.stringify(reply.body)).to.equal(400);
      expect(errorCode(reply)).to.equal('VALIDATION');
    });
  }
});
