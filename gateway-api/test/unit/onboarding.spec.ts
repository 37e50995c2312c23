import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { LedgerUnavailableError } from '../../src/errors';
import { isUnreachable } from '../../src/identity/enrollment';
import type { Committed, LocatedTransaction } from '../../src/fabric/ledger';
import { currentJournal } from '../../src/fabric/submission';
import {
  type CallResult,
  type LedgerBinding,
  LEDGER_BINDINGS,
  type TestApp,
  call,
  errorOf,
  startTestApp,
  stubLedger,
} from './helpers';

const TX = 'a1'.repeat(32);

describe('onboarding: the user name is reserved before anything is done', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp();
  });
  afterEach(async () => {
    await app.cleanup();
  });

  const create = (as: string, name: string) =>
    call(app, 'POST', '/v1/users', { key: app.keys[as]!, body: { name, role: 'VIEWER' } });

  it('two organisations creating the same name at once: one 201, one 409 before any CA or ledger call', async () => {
    app.ledger.submit.callsFake(async (): Promise<Committed> => {
      await sleep(50);
      return { txId: TX, blockNumber: 3, result: {} };
    });
    const replies = await Promise.all([create('dev-admin', 'shared-00'), create('gov-admin', 'shared-00')]);
    expect(replies.map((r) => r.status).sort()).to.deep.equal([201, 409]);
    expect(errorOf(replies.find((r) => r.status === 409)!).code).to.equal('CONFLICT');
    expect(app.enroller.enrollNew.callCount).to.equal(1);
    expect(app.ledger.submit.callCount).to.equal(1);
  });

  it('frees the name when enrolling fails before the ledger write: a retry creates the user', async () => {
    app.enroller.enrollNew.onFirstCall().rejects(new LedgerUnavailableError('the CA is unreachable'));
    app.ledger.submit.resolves({ txId: TX, blockNumber: 3, result: {} });
    expect((await create('dev-admin', 'retry-me')).status).to.equal(503);
    expect(app.ledger.submit.called).to.equal(false);
    expect((await create('dev-admin', 'retry-me')).status).to.equal(201);
  });

  it('keeps the name and answers with the txId when the ledger write was sent and then failed', async () => {
    app.ledger.submit.callsFake(async (): Promise<Committed> => {
      await currentJournal()?.ordering({ txId: TX, envelope: Buffer.from('bind') });
      throw new LedgerUnavailableError();
    });
    const first = await create('dev-admin', 'maybe-bound');
    expect(first.status).to.equal(503);
    expect(errorOf(first)).to.include({ code: 'COMMIT_STATUS_UNKNOWN', txId: TX });
    const again = await create('gov-admin', 'maybe-bound');
    expect(again.status).to.equal(409);
    expect(app.ledger.submit.callCount).to.equal(1);
    expect(app.users.reservationOf('maybe-bound')).to.include({ txId: TX });
  });

  describe('after an unknown outcome', () => {
    const sentThenLost = async (): Promise<Committed> => {
      await currentJournal()?.ordering({ txId: TX, envelope: Buffer.from('bind') });
      throw new LedgerUnavailableError();
    };
    const bound = (validationCode: string) =>
      ({
        txId: TX,
        blockNumber: 6,
        validationCode,
        response: { status: 200, message: '', payload: { role: 'VIEWER' } },
      }) as unknown as LocatedTransaction;
    const createWithKey = (name: string) =>
      call(app, 'POST', '/v1/users', {
        key: app.keys['dev-admin']!,
        body: { name, role: 'VIEWER' },
        headers: { 'Idempotency-Key': `create-${name}` },
      });

    it('a retry by the same admin finishes the creation from the ledger: a working key, nothing submitted again', async () => {
      app.ledger.submit.callsFake(sentThenLost);
      expect((await create('dev-admin', 'lost-answer')).status).to.equal(503);
      app.ledger.transaction.resolves(bound('VALID'));
      const retry = await create('dev-admin', 'lost-answer');
      expect(retry.status).to.equal(201);
      const user = (retry.body as { user: { apiKey: string; enrollmentId: string }; txId: string }).user;
      expect((retry.body as { txId: string }).txId).to.equal(TX);
      expect(app.users.authenticate(user.apiKey)?.name).to.equal('lost-answer');
      expect(app.ledger.submit.callCount).to.equal(1);
      expect(app.users.reservationOf('lost-answer')).to.equal(undefined);
    });

    it('with an Idempotency-Key, the retry answers the new user and key, not a bare transaction', async () => {
      app.ledger.submit.callsFake(sentThenLost);
      expect((await createWithKey('lost-keyed')).status).to.equal(503);
      app.ledger.transaction.resolves(bound('VALID'));
      const retry = await createWithKey('lost-keyed');
      expect(retry.status).to.equal(201);
      const apiKey = (retry.body as { user?: { apiKey: string } }).user?.apiKey ?? '';
      expect(app.users.authenticate(apiKey)?.name).to.equal('lost-keyed');
      expect(app.ledger.submit.callCount).to.equal(1);
      const replay = await createWithKey('lost-keyed');
      expect(replay.headers.get('idempotent-replayed')).to.equal('true');
      expect(app.ledger.submit.callCount).to.equal(1);
    });

    it('when the binding committed invalid, the name is freed and the retry starts afresh', async () => {
      app.ledger.submit.onFirstCall().callsFake(sentThenLost);
      app.ledger.submit.onSecondCall().resolves({ txId: 'c'.repeat(64), blockNumber: 7, result: {} });
      expect((await create('dev-admin', 'was-invalid')).status).to.equal(503);
      app.ledger.transaction.resolves(bound('MVCC_READ_CONFLICT'));
      const retry = await create('dev-admin', 'was-invalid');
      expect(retry.status).to.equal(201);
      expect((retry.body as { txId: string }).txId).to.equal('c'.repeat(64));
      expect(app.ledger.submit.callCount).to.equal(2);
    });
  });
});

describe('onboarding: who may create users is asked of the ledger, not of the gateway user record', () => {
  let app: TestApp;
  afterEach(async () => {
    await app.cleanup();
  });

  /** A user the gateway records as an ADMIN of DEV-ACME, bound on the ledger as `bound` (or not at all). */
  const startWith = async (bound: LedgerBinding | undefined): Promise<string> => {
    const bindings = bound === undefined ? LEDGER_BINDINGS : { ...LEDGER_BINDINGS, demoted: bound };
    app = await startTestApp({ ledger: stubLedger(bindings) });
    const record = { name: 'demoted', mspId: 'DeveloperMSP', enrollmentId: 'demoted', accountId: 'DEV-ACME' };
    return (await app.users.create({ ...record, role: 'ADMIN' })).apiKey;
  };
  const createAs = (key: string) => call(app, 'POST', '/v1/users', { key, body: { name: 'newcomer', role: 'VIEWER' } });
  const expectRefusedBeforeAnything = (result: CallResult): void => {
    expect(result.status, result.text).to.equal(403);
    expect(errorOf(result).code).to.equal('FORBIDDEN');
    expect(app.enroller.enrollNew.called).to.equal(false);
    expect(app.ledger.submit.called).to.equal(false);
    expect(app.users.reservationOf('newcomer')).to.equal(undefined);
  };

  it('refuses (403) a cached ADMIN whom the ledger binds as VIEWER, before any CA call or ledger write', async () => {
    const key = await startWith({ accountId: 'DEV-ACME', type: 'DEVELOPER', role: 'VIEWER' });
    expectRefusedBeforeAnything(await createAs(key));
  });

  it('refuses (403) a cached ADMIN whose identity the ledger binds to no account', async () => {
    const key = await startWith(undefined);
    expectRefusedBeforeAnything(await createAs(key));
  });

  it("binds the new user to the account the ledger names as the caller's", async () => {
    const key = await startWith({ accountId: 'DEV-OTHER', type: 'DEVELOPER', role: 'ADMIN' });
    app.ledger.submit.resolves({ txId: TX, blockNumber: 3, result: {} });
    const result = await createAs(key);
    expect(result.status, result.text).to.equal(201);
    expect(app.ledger.submit.firstCall.args[3]).to.deep.include({ accountId: 'DEV-OTHER', role: 'VIEWER' });
    expect((result.body as { user: { accountId: string } }).user.accountId).to.equal('DEV-OTHER');
  });
});

describe('a CA that does not answer (fabric-ca-client connection failures) is 503, not 500', () => {
  it('counts refused connections and every "Calling <endpoint> endpoint failed" timeout as unreachable', () => {
    for (const message of [
      'Calling register endpoint failed, CONNECTION Timeout',
      'Calling enroll endpoint failed, READ Timeout',
      'Calling register endpoint failed with error [Error: connect ECONNREFUSED 127.0.0.1:7054]',
    ]) {
      expect(isUnreachable(new Error(message)), message).to.equal(true);
    }
    expect(isUnreachable(Object.assign(new Error('connect failed'), { code: 'ECONNREFUSED' }))).to.equal(true);
  });

  it('does not count what the CA answered (a refused registration) as unreachable', () => {
    const refused =
      'fabric-ca request register failed with errors [[ { code: 74, message: "Identity already registered" } ]]';
    expect(isUnreachable(new Error(refused))).to.equal(false);
  });
});
