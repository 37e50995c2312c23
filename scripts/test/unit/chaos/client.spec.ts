import { expect } from 'chai';
import { backoffMs, nextStep } from '../../../src/chaos/client';
import { DEFAULT_FAULTS, FAULTS, parseFaults } from '../../../src/chaos/options';

describe('chaos client: what a careful client does after each answer', () => {
  it('stops at 2xx (acknowledged) and at a 4xx that refuses the request', () => {
    expect(nextStep({ status: 201, code: 'OK' })).to.equal('acked');
    expect(nextStep({ status: 200, code: 'OK' })).to.equal('acked');
    for (const [status, code] of [
      [400, 'VALIDATION'],
      [403, 'FORBIDDEN'],
      [404, 'NOT_FOUND'],
      [409, 'INSUFFICIENT_CREDITS'],
      [409, 'INVALID_STATE'],
      [422, 'IDEMPOTENCY_KEY_REUSED'],
    ] as const) {
      expect(nextStep({ status, code }), `${status} ${code}`).to.equal('refused');
    }
  });

  it('sends the same request again (same key) without an answer, on 5xx, 429 and the 409s that mean "not yet"', () => {
    for (const [status, code] of [
      [0, 'NETWORK ECONNREFUSED'],
      [0, 'TIMEOUT'],
      [502, 'LEDGER_ERROR'],
      [503, 'COMMIT_STATUS_UNKNOWN'],
      [503, 'LEDGER_UNAVAILABLE'],
      [429, 'RATE_LIMITED'],
      [409, 'IDEMPOTENCY_IN_PROGRESS'],
      [409, 'ENDORSEMENT_MISMATCH'],
      [409, 'CONFLICT'],
    ] as const) {
      expect(nextStep({ status, code }), `${status} ${code}`).to.equal('retry');
    }
  });

  it('waits as the server says (Retry-After, at most 5 s), else 250 ms doubling up to 2 s', () => {
    expect([0, 1, 2, 3, 4, 10].map((n) => backoffMs(n))).to.deep.equal([250, 500, 1000, 2000, 2000, 2000]);
    expect(backoffMs(0, 1)).to.equal(1000);
    expect(backoffMs(5, 2)).to.equal(2000);
    expect(backoffMs(0, 120)).to.equal(5000);
  });
});

describe('chaos options', () => {
  it('takes faults in the order typed, once each, and refuses unknown names', () => {
    expect(parseFaults('gateway, orderer-follower,gateway')).to.deep.equal(['gateway', 'orderer-follower']);
    expect(() => parseFaults('gateway,orderer-nope')).to.throw(/unknown: orderer-nope/);
    expect(() => parseFaults(' , ')).to.throw(/none given/);
  });

  it('defaults to every fault: the orderers, each organisation’s peer, chaincode service and CA, the gateway, the read model and its disk', () => {
    expect(DEFAULT_FAULTS).to.deep.equal([
      'orderer-leader',
      'orderer-follower',
      'orderers-two',
      'peer-government',
      'peer-certifier',
      'peer-developer',
      'chaincode-government',
      'chaincode-certifier',
      'chaincode-developer',
      'ca-government',
      'ca-certifier',
      'ca-developer',
      'gateway',
      'read-model',
      'read-model-disk',
    ]);
    for (const fault of DEFAULT_FAULTS) expect(FAULTS).to.include(fault);
  });
});
