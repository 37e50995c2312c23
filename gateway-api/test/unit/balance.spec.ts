import { expect } from 'chai';
import sinon from 'sinon';
import { ReadModelStore } from '../../src/read-model/store';
import { type TestApp, call, errorOf, startTestApp, stubLedger } from './helpers';

/** A read model at `height` whose DEV-ACME holds two lines (given out of order) in three blocks. */
function readModelAt(height: number): sinon.SinonStubbedInstance<ReadModelStore> {
  const store = sinon.createStubInstance(ReadModelStore);
  store.status.returns({ blockHeight: height, lastBlockHash: null, lastTransactionAt: null });
  store.snapshot.callsFake((read) => read());
  store.hasAccount.callsFake((id) => id === 'DEV-ACME' || id === 'DEV-BETA');
  store.heldBalance.returns({
    lines: [
      { projectId: 'GHA-P-00000000B2', vintage: 2024, quantity: 30, frozenQuantity: 0 },
      { projectId: 'GHA-P-00000000A1', vintage: 2025, quantity: 70, frozenQuantity: 20 },
    ],
    blocks: 3,
  });
  return store;
}

describe('GET /v1/accounts/:id/balance', () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.cleanup();
    app = undefined;
  });
  const balance = (id: string, user = 'dev-admin', query = '') =>
    call(app!, 'GET', `/v1/accounts/${id}/balance${query}`, { key: app!.keys[user]! });

  it('answers from the read model once it holds the caller’s peer’s blocks: one sum, lines sorted, its height', async () => {
    const store = readModelAt(7);
    app = await startTestApp({ readModel: () => store, peerHeight: () => 7 });
    const reply = await balance('DEV-ACME');
    expect(reply.status).to.equal(200);
    expect(reply.body).to.deep.equal({
      accountId: 'DEV-ACME',
      lines: [
        { projectId: 'GHA-P-00000000A1', vintage: 2025, quantity: 70, frozenQuantity: 20 },
        { projectId: 'GHA-P-00000000B2', vintage: 2024, quantity: 30, frozenQuantity: 0 },
      ],
      total: 100,
      frozen: 20,
      blocks: 3,
      complete: true,
      bookmark: '',
      blockHeight: 7,
    });
    expect(app.ledger.evaluate.calledWith(sinon.match.any, 'accounts', 'GetBalance')).to.equal(false);
  });

  it('refuses another company’s balance to a developer (403), and tells an unknown account (404)', async () => {
    const store = readModelAt(7);
    app = await startTestApp({ readModel: () => store, peerHeight: () => 7 });
    const other = await balance('DEV-BETA');
    expect(other.status).to.equal(403);
    expect(errorOf(other).message).to.contain('may not read holdings of account DEV-BETA');
    expect(store.heldBalance.called).to.equal(false);
    const unknown = await balance('DEV-ZZZ', 'gov-admin');
    expect(unknown.status).to.equal(404);
    expect((await balance('DEV-BETA', 'gov-admin')).status).to.equal(200);
  });

  it('asks the chaincode when the read model stays behind the caller’s peer, or for a continuation bookmark', async () => {
    const ledger = stubLedger();
    const fromChaincode = { accountId: 'DEV-ACME', lines: [], total: 0, frozen: 0, blocks: 0, complete: true };
    ledger.evaluate.withArgs(sinon.match.any, 'accounts', 'GetBalance').resolves(fromChaincode);
    const store = readModelAt(5);
    app = await startTestApp({ ledger, readModel: () => store, peerHeight: () => 7 });
    const behind = await balance('DEV-ACME');
    expect(behind.body).to.deep.equal(fromChaincode);
    expect(store.close.called).to.equal(true);
    const continued = await balance('DEV-ACME', 'dev-admin', '?bookmark=x');
    expect(continued.body).to.deep.equal(fromChaincode);
    expect(ledger.evaluate.withArgs(sinon.match.any, 'accounts', 'GetBalance').callCount).to.equal(2);
    expect(ledger.evaluate.withArgs(sinon.match.any, 'accounts', 'GetBalance').secondCall.args[3]).to.deep.equal({
      accountId: 'DEV-ACME',
      bookmark: 'x',
    });
  });
});
