import { status as GrpcStatus, Metadata, type ServiceError } from '@grpc/grpc-js';
import { EndorseError, GatewayError } from '@hyperledger/fabric-gateway';
import { expect } from 'chai';
import { EndorsementMismatchError } from '../../src/errors';
import { endorseConsistently } from '../../src/fabric/endorsement';
import { isEndorsementMismatch, mapFabricError } from '../../src/fabric/errors';
import { call, startTestApp } from './helpers';

const TX = 'cd'.repeat(32);

function serviceError(code: GrpcStatus, message: string): ServiceError {
  return Object.assign(new Error(message), { code, details: message, metadata: new Metadata() });
}

/** What the peer gateway answers when two endorsers simulated the proposal at different heights. */
function mismatch(transactionId = TX): EndorseError {
  const message = 'failed to collect enough transaction endorsements, see attached details for more info';
  return new EndorseError({
    code: GrpcStatus.ABORTED,
    details: [{ address: '127.0.0.1:8051', mspId: 'CertifierMSP', message: 'ProposalResponsePayloads do not match' }],
    cause: serviceError(GrpcStatus.ABORTED, message),
    transactionId,
    message: `10 ABORTED: ${message}`,
  });
}

const silent = { warn: () => undefined };

/** A proposal whose endorsement answers from `outcomes`, one per proposal made. */
function proposals(outcomes: (Error | string)[]): {
  make: () => { endorse(): Promise<string>; getTransactionId(): string };
  made: () => number;
} {
  let made = 0;
  return {
    made: () => made,
    make: () => {
      const outcome = outcomes[made++];
      return {
        getTransactionId: () => `tx-${made}`,
        endorse: () => (outcome instanceof Error ? Promise.reject(outcome) : Promise.resolve(outcome ?? 'none')),
      };
    },
  };
}

describe('endorsing peers that return different results', () => {
  it('are recognised by the detail the peer gateway attaches, and not when a chaincode code is there', () => {
    expect(isEndorsementMismatch(mismatch())).to.equal(true);
    const rejected = new EndorseError({
      code: GrpcStatus.ABORTED,
      details: [
        { address: 'a', mspId: 'GovernmentMSP', message: 'chaincode response 500, INSUFFICIENT_CREDITS: 5 held' },
        { address: 'b', mspId: 'CertifierMSP', message: 'ProposalResponsePayloads do not match' },
      ],
      cause: serviceError(GrpcStatus.ABORTED, 'x'),
      transactionId: TX,
    });
    expect(isEndorsementMismatch(rejected)).to.equal(false);
    expect(mapFabricError(rejected)).to.include({ status: 409, code: 'INSUFFICIENT_CREDITS' });
    expect(isEndorsementMismatch(new Error('ProposalResponsePayloads do not match'))).to.equal(false);
  });

  it('map to a retryable 409 ENDORSEMENT_MISMATCH with Retry-After, never 502', () => {
    const mapped = mapFabricError(mismatch());
    expect(mapped).to.be.instanceOf(EndorsementMismatchError);
    expect(mapped).to.include({ status: 409, code: 'ENDORSEMENT_MISMATCH', txId: TX, retryAfterSeconds: 1 });
  });

  it('are endorsed again once, with a new proposal, and the second endorsement is used', async () => {
    const made = proposals([mismatch(), 'endorsed']);
    expect(await endorseConsistently(made.make, silent, 0)).to.equal('endorsed');
    expect(made.made()).to.equal(2);
  });

  it('a second mismatch is thrown as it is (mapped to 409 by the caller), with no third endorsement', async () => {
    const made = proposals([mismatch('tx-a'), mismatch('tx-b'), 'never']);
    const err: unknown = await endorseConsistently(made.make, silent, 0).catch((e: unknown) => e);
    expect(isEndorsementMismatch(err)).to.equal(true);
    expect(made.made()).to.equal(2);
  });

  it('other endorsement failures are not endorsed again', async () => {
    const unavailable = new GatewayError({
      code: GrpcStatus.UNAVAILABLE,
      details: [],
      cause: serviceError(GrpcStatus.UNAVAILABLE, 'down'),
    });
    const made = proposals([unavailable, 'never']);
    const err: unknown = await endorseConsistently(made.make, silent, 0).catch((e: unknown) => e);
    expect(err).to.equal(unavailable);
    expect(made.made()).to.equal(1);
  });

  it('are answered 409 with the Retry-After header and the one error body', async () => {
    const app = await startTestApp();
    try {
      app.ledger.submit.rejects(mapFabricError(mismatch()));
      const result = await call(app, 'POST', '/v1/transfers', {
        key: app.keys['dev-admin']!,
        body: { blockId: 'B-0A1B2C3D4E5F6A7B-0', quantity: 1, toAccountId: 'DEV-BETA' },
      });
      expect(result.status).to.equal(409);
      expect(result.headers.get('retry-after')).to.equal('1');
      expect((result.body as { error: { code: string; txId: string } }).error).to.include({
        code: 'ENDORSEMENT_MISMATCH',
        txId: TX,
      });
    } finally {
      await app.cleanup();
    }
  });
});

describe('a peer the endorsement policy needs is down', () => {
  it('is 503 LEDGER_UNAVAILABLE (retry later), not 502', () => {
    const message =
      'no combination of peers can be derived which satisfy the endorsement policy: required chaincodes are not ' +
      'installed on sufficient peers';
    const err = new EndorseError({
      code: GrpcStatus.FAILED_PRECONDITION,
      details: [],
      cause: serviceError(GrpcStatus.FAILED_PRECONDITION, message),
      transactionId: TX,
      message: `9 FAILED_PRECONDITION: ${message}`,
    });
    expect(mapFabricError(err)).to.include({ status: 503, code: 'LEDGER_UNAVAILABLE', txId: TX });
  });

  /** The error the peer gateway answers when one endorser (the government peer) failed with `detail`. */
  function abortedEndorsement(detail: string): EndorseError {
    const message = 'failed to collect enough transaction endorsements, see attached details for more info';
    return new EndorseError({
      code: GrpcStatus.ABORTED,
      details: [{ address: '127.0.0.1:7051', mspId: 'GovernmentMSP', message: detail }],
      cause: serviceError(GrpcStatus.ABORTED, message),
      transactionId: TX,
      message: `10 ABORTED: ${message}`,
    });
  }

  it('is 503 LEDGER_UNAVAILABLE when the peer gateway could not reach an endorser it still knew', () => {
    const err = abortedEndorsement(
      'rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp ' +
        '127.0.0.1:7051: connect: connection refused"',
    );
    expect(mapFabricError(err)).to.include({
      status: 503,
      code: 'LEDGER_UNAVAILABLE',
      txId: TX,
      message: 'the ledger is unreachable: no endorsement from GovernmentMSP (127.0.0.1:7051); try again later',
    });
  });

  it('is 503 LEDGER_UNAVAILABLE when an endorser could not reach its chaincode service in time', () => {
    const err = abortedEndorsement(
      'error in simulation: failed to execute transaction 4666: could not launch chaincode registry_1:0880: ' +
        'connection to registry_1:0880 failed: error cannot create connection for registry_1:0880: error ' +
        'creating grpc connection to 127.0.0.1:7100: failed to create new connection: context deadline exceeded',
    );
    expect(mapFabricError(err)).to.include({ status: 503, code: 'LEDGER_UNAVAILABLE', txId: TX });
  });
});
