import { status as GrpcStatus, Metadata, type ServiceError } from '@grpc/grpc-js';
import { CommitError, CommitStatusError, EndorseError, GatewayError, StatusCode } from '@hyperledger/fabric-gateway';
// SubmitError is exported as a type only; the test needs the class to build one.
import { SubmitError } from '@hyperledger/fabric-gateway/dist/submiterror';
import { HTTP_STATUS_BY_ERROR_CODE } from '@ncr/chaincode/domain';
import { expect } from 'chai';
import { ApiError } from '../../src/errors';
import { mapFabricError, parseChaincodeMessage } from '../../src/fabric/errors';
import { type TestApp, call, startTestApp } from './helpers';

function serviceError(code: GrpcStatus, message: string): ServiceError {
  return Object.assign(new Error(message), { code, details: message, metadata: new Metadata() });
}

const TX = 'ab'.repeat(32);

function endorseError(detail: string): EndorseError {
  return new EndorseError({
    code: GrpcStatus.ABORTED,
    details: [{ address: '127.0.0.1:7051', mspId: 'GovernmentMSP', message: `chaincode response 500, ${detail}` }],
    cause: serviceError(GrpcStatus.ABORTED, 'failed to endorse transaction, see attached details for more info'),
    transactionId: TX,
    message: '10 ABORTED: failed to endorse transaction, see attached details for more info',
  });
}

describe('Fabric error mapping', () => {
  for (const [code, status] of Object.entries(HTTP_STATUS_BY_ERROR_CODE)) {
    it(`maps a chaincode ${code} rejection at endorsement to HTTP ${status}, keeping the txId`, () => {
      const mapped = mapFabricError(endorseError(`${code}: something about it`));
      expect(mapped).to.be.instanceOf(ApiError);
      expect(mapped).to.include({ status, code, message: 'something about it', txId: TX });
    });
  }

  it('finds the code in an evaluate error message (no details)', () => {
    const err = new GatewayError({
      code: GrpcStatus.UNKNOWN,
      details: [],
      cause: serviceError(GrpcStatus.UNKNOWN, 'x'),
      message:
        '2 UNKNOWN: evaluate call to endorser returned error: chaincode response 500, NOT_FOUND: project P does not exist',
    });
    expect(mapFabricError(err)).to.include({ status: 404, code: 'NOT_FOUND', message: 'project P does not exist' });
  });

  it('ignores words that merely look like codes inside other words', () => {
    expect(parseChaincodeMessage(['XNOT_FOUND: nope'])).to.equal(undefined);
    expect(parseChaincodeMessage(['chaincode response 500, CONFLICT: taken'])).to.deep.equal({
      code: 'CONFLICT',
      detail: 'taken',
    });
  });

  for (const code of [GrpcStatus.UNAVAILABLE, GrpcStatus.DEADLINE_EXCEEDED]) {
    it(`maps gRPC ${GrpcStatus[code]} to 503 LEDGER_UNAVAILABLE`, () => {
      const err = new GatewayError({ code, details: [], cause: serviceError(code, 'down') });
      expect(mapFabricError(err)).to.include({ status: 503, code: 'LEDGER_UNAVAILABLE' });
    });
  }

  for (const code of [GrpcStatus.UNAVAILABLE, GrpcStatus.DEADLINE_EXCEEDED]) {
    it(`maps gRPC ${GrpcStatus[code]} while sending an endorsed transaction to 503 COMMIT_STATUS_UNKNOWN with the txId`, () => {
      // The orderer may have received it: the outcome is unknown, not "nothing happened".
      const err = new SubmitError({ code, details: [], cause: serviceError(code, 'down'), transactionId: TX });
      expect(mapFabricError(err)).to.include({ status: 503, code: 'COMMIT_STATUS_UNKNOWN', txId: TX });
    });
  }

  it('maps an unreadable commit status to 503 COMMIT_STATUS_UNKNOWN with the txId', () => {
    const err = new CommitStatusError({
      code: GrpcStatus.DEADLINE_EXCEEDED,
      details: [],
      cause: serviceError(GrpcStatus.DEADLINE_EXCEEDED, 'deadline'),
      transactionId: TX,
    });
    expect(mapFabricError(err)).to.include({ status: 503, code: 'COMMIT_STATUS_UNKNOWN', txId: TX });
  });

  it('maps an MVCC conflict at commit to 409 CONFLICT and other invalid codes to 502 TRANSACTION_INVALID', () => {
    const mvcc = new CommitError({ code: StatusCode.MVCC_READ_CONFLICT, transactionId: TX });
    expect(mapFabricError(mvcc)).to.include({ status: 409, code: 'CONFLICT', validationCode: 'MVCC_READ_CONFLICT' });
    const policy = new CommitError({ code: StatusCode.ENDORSEMENT_POLICY_FAILURE, transactionId: TX });
    expect(mapFabricError(policy)).to.include({
      status: 502,
      code: 'TRANSACTION_INVALID',
      validationCode: 'ENDORSEMENT_POLICY_FAILURE',
      txId: TX,
    });
  });

  it('maps an unclassified Fabric error to 502 LEDGER_ERROR and anything else to 500 INTERNAL', () => {
    const err = new GatewayError({
      code: GrpcStatus.INTERNAL,
      details: [],
      cause: serviceError(GrpcStatus.INTERNAL, 'boom'),
    });
    expect(mapFabricError(err)).to.include({ status: 502, code: 'LEDGER_ERROR' });
    expect(mapFabricError(new TypeError('bug'))).to.include({
      status: 500,
      code: 'INTERNAL',
      message: 'internal error',
    });
  });
});

describe('central error handler', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp();
  });
  afterEach(async () => {
    await app.cleanup();
  });

  it('answers a chaincode rejection in the one body shape, with the txId and no stack', async () => {
    app.ledger.submit.rejects(mapFabricError(endorseError('INSUFFICIENT_CREDITS: block holds 5 credits, 9 requested')));
    const result = await call(app, 'POST', '/v1/transfers', {
      key: app.keys['dev-admin']!,
      body: { blockId: 'B-0A1B2C3D4E5F6A7B-0', quantity: 9, toAccountId: 'DEV-BETA' },
    });
    expect(result.status).to.equal(409);
    expect(result.body).to.deep.equal({
      error: { code: 'INSUFFICIENT_CREDITS', message: 'block holds 5 credits, 9 requested', txId: TX },
    });
  });

  it('hides the message and stack of an unexpected failure', async () => {
    app.ledger.evaluate.rejects(new Error('secret internal path /etc/x at line 3'));
    const result = await call(app, 'GET', '/v1/accounts/DEV-ACME', { key: app.keys['dev-admin']! });
    expect(result.status).to.equal(500);
    expect(result.body).to.deep.equal({ error: { code: 'INTERNAL', message: 'internal error' } });
    expect(result.text).to.not.include('secret');
  });

  it('answers unknown routes with 404 in the same shape', async () => {
    const result = await call(app, 'GET', '/v1/nothing-here', { key: app.keys['dev-admin']! });
    expect(result.status).to.equal(404);
    expect((result.body as { error: { code: string } }).error.code).to.equal('NOT_FOUND');
  });
});
