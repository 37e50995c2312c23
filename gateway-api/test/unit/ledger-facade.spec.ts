import { StatusCode } from '@hyperledger/fabric-gateway';
import { expect } from 'chai';
import pino from 'pino';
import sinon from 'sinon';
import type { FabricConnections } from '../../src/fabric/connections';
import { FabricLedger } from '../../src/fabric/ledger';
import { type OrderingTransaction, withJournal } from '../../src/fabric/submission';
import { Metrics } from '../../src/metrics';

const actor = { mspId: 'DeveloperMSP', enrollmentId: 'alice' };

/**
 * A stand-in for one Contract: each proposal gets the next txId, and its transaction commits with the next code
 * in `codes`. `events` records the order of endorsement, journal and ordering calls.
 */
function setup(codes: number[], mvccRetries = 2, sendFails?: Error) {
  let n = 0;
  const events: string[] = [];
  const newProposal = sinon.stub().callsFake(() => {
    const code = codes[Math.min(n, codes.length - 1)]!;
    const txId = `${n++}`.padStart(64, '0');
    return {
      getTransactionId: () => txId,
      endorse: () => {
        events.push(`endorse ${txId.slice(-1)}`);
        return Promise.resolve({
          getTransactionId: () => txId,
          getBytes: () => Buffer.from(`envelope ${txId.slice(-1)}`),
          getResult: () => Buffer.from('{"ok":true}'),
          submit: () => {
            events.push(`send ${txId.slice(-1)}`);
            if (sendFails !== undefined) return Promise.reject(sendFails);
            return Promise.resolve({
              getStatus: () =>
                Promise.resolve({ code, successful: code === StatusCode.VALID, blockNumber: 5n, transactionId: txId }),
            });
          },
        });
      },
    };
  });
  const getContract = sinon.stub().returns({ newProposal });
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
  return { ledger, newProposal, getContract, metrics, events };
}

describe('ledger facade: submit', () => {
  it('sends one JSON argument to <chaincode>/<contract> and returns txId, block number and parsed result', async () => {
    const { ledger, newProposal, getContract } = setup([StatusCode.VALID]);
    const committed = await ledger.submit(actor, 'credits', 'Transfer', { blockId: 'B-1', quantity: 1 });
    expect(committed).to.deep.equal({ txId: '0'.repeat(64), blockNumber: 5, result: { ok: true } });
    expect(getContract.firstCall.args).to.deep.equal(['registry', 'credits']);
    expect(newProposal.firstCall.args).to.deep.equal(['Transfer', { arguments: ['{"blockId":"B-1","quantity":1}'] }]);
  });

  it('re-proposes the whole transaction after an MVCC read conflict, then succeeds', async () => {
    const { ledger, newProposal, metrics } = setup([StatusCode.MVCC_READ_CONFLICT, StatusCode.VALID]);
    const committed = await ledger.submit(actor, 'credits', 'Transfer', {});
    expect(newProposal.callCount).to.equal(2);
    expect(committed.txId).to.equal('1'.padStart(64, '0'));
    const text = await metrics.registry.metrics();
    expect(text).to.include('ncr_fabric_commit_status_total{code="MVCC_READ_CONFLICT"} 1');
    expect(text).to.include('ncr_fabric_commit_status_total{code="VALID"} 1');
  });

  it('re-proposes after a phantom read conflict (a range read in an update) as after an MVCC one', async () => {
    const { ledger, newProposal } = setup([StatusCode.PHANTOM_READ_CONFLICT, StatusCode.VALID]);
    const committed = await ledger.submit(actor, 'credits', 'RequestRetirement', {});
    expect(newProposal.callCount).to.equal(2);
    expect(committed.txId).to.equal('1'.padStart(64, '0'));
  });

  it('gives up after the bounded retries with 409 CONFLICT carrying the last txId', async () => {
    const { ledger, newProposal } = setup([StatusCode.MVCC_READ_CONFLICT], 2);
    let error: { status?: number; code?: string; txId?: string } = {};
    try {
      await ledger.submit(actor, 'credits', 'Transfer', {});
    } catch (err) {
      error = err as typeof error;
    }
    expect(newProposal.callCount).to.equal(3);
    expect(error).to.include({ status: 409, code: 'CONFLICT', txId: '2'.padStart(64, '0') });
  });

  it('does not retry other invalid codes: ENDORSEMENT_POLICY_FAILURE is 502 TRANSACTION_INVALID at once', async () => {
    const { ledger, newProposal } = setup([StatusCode.ENDORSEMENT_POLICY_FAILURE]);
    let error: { status?: number; code?: string; validationCode?: string } = {};
    try {
      await ledger.submit(actor, 'credits', 'Transfer', {});
    } catch (err) {
      error = err as typeof error;
    }
    expect(newProposal.callCount).to.equal(1);
    expect(error).to.include({
      status: 502,
      code: 'TRANSACTION_INVALID',
      validationCode: 'ENDORSEMENT_POLICY_FAILURE',
    });
  });
});

describe('ledger facade: what happens after endorsement', () => {
  it('tells the journal each txId and envelope after endorsement and before sending it, again on a re-proposal', async () => {
    const { ledger, events } = setup([StatusCode.MVCC_READ_CONFLICT, StatusCode.VALID]);
    const journal = {
      ordering: (tx: OrderingTransaction) => {
        events.push(`journal ${tx.txId.slice(-1)} ${Buffer.from(tx.envelope).toString()}`);
        return Promise.resolve();
      },
    };
    await withJournal(journal, () => ledger.submit(actor, 'credits', 'Transfer', {}));
    expect(events).to.deep.equal([
      'endorse 0',
      'journal 0 envelope 0',
      'send 0',
      'endorse 1',
      'journal 1 envelope 1',
      'send 1',
    ]);
  });

  it('sends nothing when the journal cannot record the transaction', async () => {
    const { ledger, events } = setup([StatusCode.VALID]);
    const journal = { ordering: () => Promise.reject(new Error('disk full')) };
    let error: { code?: string } = {};
    try {
      await withJournal(journal, () => ledger.submit(actor, 'credits', 'Transfer', {}));
    } catch (err) {
      error = err as typeof error;
    }
    expect(error.code).to.equal('INTERNAL');
    expect(events).to.deep.equal(['endorse 0']);
  });

  it('answers a plain gRPC UNAVAILABLE while sending as COMMIT_STATUS_UNKNOWN with the txId', async () => {
    const down = Object.assign(new Error('14 UNAVAILABLE: orderer gone'), { code: 14 });
    const { ledger } = setup([StatusCode.VALID], 2, down);
    let error: { status?: number; code?: string; txId?: string } = {};
    try {
      await ledger.submit(actor, 'credits', 'Transfer', {});
    } catch (err) {
      error = err as typeof error;
    }
    expect(error).to.include({ status: 503, code: 'COMMIT_STATUS_UNKNOWN', txId: '0'.repeat(64) });
  });
});
