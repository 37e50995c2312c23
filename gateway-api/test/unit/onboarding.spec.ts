import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { LedgerUnavailableError } from '../../src/errors';
import type { Committed } from '../../src/fabric/ledger';
import { currentJournal } from '../../src/fabric/submission';
import { type TestApp, call, errorOf, startTestApp } from './helpers';

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
});
