import { expect } from 'chai';
import { chaincodeCode, validationCodeName } from '../../../src/bench/fabric';
import { parseConcurrency, parsePhases, parsePositive } from '../../../src/bench/options';
import { errorCodeOf, restOutcome } from '../../../src/bench/rest';

describe('bench options and failure codes', () => {
  it('reads concurrency levels sorted and without duplicates, and refuses anything else', () => {
    expect(parseConcurrency('64,1,16,16')).to.deep.equal([1, 16, 64]);
    expect(() => parseConcurrency('1,x')).to.throw('--concurrency');
    expect(() => parseConcurrency('0')).to.throw('--concurrency');
    expect(() => parseConcurrency('')).to.throw('--concurrency');
  });

  it('reads phases in their canonical order and names unknown ones', () => {
    expect(parsePhases('aef, raw,rest')).to.deep.equal(['raw', 'rest', 'aef']);
    expect(() => parsePhases('raw,warp')).to.throw('unknown: warp');
    expect(() => parsePhases('')).to.throw('--phases');
  });

  it('reads positive numbers with a floor', () => {
    expect(parsePositive('--duration', '2.5')).to.equal(2.5);
    expect(parsePositive('--aef-actions', '0', 0)).to.equal(0);
    expect(() => parsePositive('--duration', '0')).to.throw('--duration');
  });

  it('names Fabric validation codes', () => {
    expect(validationCodeName(0)).to.equal('VALID');
    expect(validationCodeName(11)).to.equal('MVCC_READ_CONFLICT');
    expect(validationCodeName(9999)).to.equal('VALIDATION_CODE_9999');
  });

  it('finds the registry error code inside a peer message', () => {
    expect(chaincodeCode('chaincode response 500, INSUFFICIENT_CREDITS: block has 3')).to.equal('INSUFFICIENT_CREDITS');
    expect(chaincodeCode('ProposalResponsePayloads do not match')).to.equal(undefined);
  });

  it('groups REST answers by status and the API error code', () => {
    expect(restOutcome({ status: 201, body: {} }, 201)).to.deep.equal({ ok: true });
    expect(restOutcome({ status: 429, body: { error: { code: 'RATE_LIMITED' } } }, 201)).to.deep.equal({
      ok: false,
      code: 'HTTP 429 RATE_LIMITED',
    });
    expect(restOutcome({ status: 502, body: 'Bad gateway' }, 201)).to.deep.equal({ ok: false, code: 'HTTP 502 -' });
    expect(errorCodeOf({ error: { code: 42 } })).to.equal(undefined);
  });
});
