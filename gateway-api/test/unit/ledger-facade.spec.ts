import { StatusCode } from '@hyperledger/fabric-gateway';
import { expect } from 'chai';
import pino from 'pino';
import sinon from 'sinon';
import type { FabricConnections } from '../../src/fabric/connections';
import { FabricLedger } from '../../src/fabric/ledger';
import { Metrics } from '../../src/metrics';

const actor = { mspId: 'DeveloperMSP', enrollmentId: 'alice' };

/** A stand-in for one Contract: each submitAsync commits with the next code in `codes`. */
function setup(codes: number[], mvccRetries = 2) {
  let n = 0;
  const submitAsync = sinon.stub().callsFake(() => {
    const code = codes[Math.min(n, codes.length - 1)]!;
    const txId = `${n++}`.padStart(64, '0');
    return Promise.resolve({
      getTransactionId: () => txId,
      getResult: () => Buffer.from('{"ok":true}'),
      getStatus: () =>
        Promise.resolve({ code, successful: code === StatusCode.VALID, blockNumber: 5n, transactionId: txId }),
    });
  });
  const getContract = sinon.stub().returns({ submitAsync });
  const connections = {
    chaincodeName: 'registry',
    channelName: 'ncr',
    networkFor: () => ({ getContract }),
  } as unknown as FabricConnections;
  const metrics = new Metrics({ defaultMetrics: false });
  const ledger = new FabricLedger({
    connections,
    credentials: {
      get: () => Promise.resolve({ ...actor, certificate: 'c', privateKey: 'k' }),
      put: () => Promise.resolve(),
    },
    metrics,
    logger: pino({ level: 'silent' }),
    mvccRetries,
  });
  return { ledger, submitAsync, getContract, metrics };
}

describe('ledger facade: submit', () => {
  it('sends one JSON argument to <chaincode>/<contract> and returns txId, block number and parsed result', async () => {
    const { ledger, submitAsync, getContract } = setup([StatusCode.VALID]);
    const committed = await ledger.submit(actor, 'credits', 'Transfer', { blockId: 'B-1', quantity: 1 });
    expect(committed).to.deep.equal({ txId: '0'.repeat(64), blockNumber: 5, result: { ok: true } });
    expect(getContract.firstCall.args).to.deep.equal(['registry', 'credits']);
    expect(submitAsync.firstCall.args).to.deep.equal(['Transfer', { arguments: ['{"blockId":"B-1","quantity":1}'] }]);
  });

  it('re-proposes the whole transaction after an MVCC read conflict, then succeeds', async () => {
    const { ledger, submitAsync, metrics } = setup([StatusCode.MVCC_READ_CONFLICT, StatusCode.VALID]);
    const committed = await ledger.submit(actor, 'credits', 'Transfer', {});
    expect(submitAsync.callCount).to.equal(2);
    expect(committed.txId).to.equal('1'.padStart(64, '0'));
    const text = await metrics.registry.metrics();
    expect(text).to.include('ncr_fabric_commit_status_total{code="MVCC_READ_CONFLICT"} 1');
    expect(text).to.include('ncr_fabric_commit_status_total{code="VALID"} 1');
  });

  it('gives up after the bounded retries with 409 CONFLICT carrying the last txId', async () => {
    const { ledger, submitAsync } = setup([StatusCode.MVCC_READ_CONFLICT], 2);
    let error: { status?: number; code?: string; txId?: string } = {};
    try {
      await ledger.submit(actor, 'credits', 'Transfer', {});
    } catch (err) {
      error = err as typeof error;
    }
    expect(submitAsync.callCount).to.equal(3);
    expect(error).to.include({ status: 409, code: 'CONFLICT', txId: '2'.padStart(64, '0') });
  });

  it('does not retry other invalid codes: ENDORSEMENT_POLICY_FAILURE is 502 TRANSACTION_INVALID at once', async () => {
    const { ledger, submitAsync } = setup([StatusCode.ENDORSEMENT_POLICY_FAILURE]);
    let error: { status?: number; code?: string; validationCode?: string } = {};
    try {
      await ledger.submit(actor, 'credits', 'Transfer', {});
    } catch (err) {
      error = err as typeof error;
    }
    expect(submitAsync.callCount).to.equal(1);
    expect(error).to.include({
      status: 502,
      code: 'TRANSACTION_INVALID',
      validationCode: 'ENDORSEMENT_POLICY_FAILURE',
    });
  });
});
