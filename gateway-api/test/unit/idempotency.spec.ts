import { expect } from 'chai';
import { CommitStatusUnknownError, NotFoundError } from '../../src/errors';
import type { LocatedTransaction } from '../../src/fabric/ledger';
import { type TestApp, call, errorOf, startTestApp } from './helpers';

describe('Idempotency-Key on writes', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp();
  });
  afterEach(async () => {
    await app.cleanup();
  });

  const body = { blockId: 'B-0A1B2C3D4E5F6A7B-0', quantity: 5, toAccountId: 'DEV-BETA' };
  const TX = 'c'.repeat(64);
  const send = (a: TestApp, key: string, payload: unknown = body, user = 'dev-admin') =>
    call(a, 'POST', '/v1/transfers', { key: a.keys[user]!, body: payload, headers: { 'Idempotency-Key': key } });

  it('replays the stored response for the same key and request, without a second transaction', async () => {
    app.ledger.submit.resolves({ txId: TX, blockNumber: 7, result: { moved: { id: 'B-2' } } });
    const first = await send(app, 'k-1');
    const second = await send(app, 'k-1');
    expect(first.status).to.equal(201);
    expect(second.status).to.equal(201);
    expect(second.body).to.deep.equal(first.body);
    expect(second.headers.get('idempotent-replayed')).to.equal('true');
    expect(app.ledger.submit.callCount).to.equal(1);
  });

  it('answers 422 IDEMPOTENCY_KEY_REUSED when the same key comes with a different request', async () => {
    app.ledger.submit.resolves({ txId: TX, blockNumber: 7, result: {} });
    await send(app, 'k-2');
    const other = await send(app, 'k-2', { ...body, quantity: 6 });
    expect(other.status).to.equal(422);
    expect(errorOf(other).code).to.equal('IDEMPOTENCY_KEY_REUSED');
    expect(app.ledger.submit.callCount).to.equal(1);
  });

  it('scopes keys per user: another user with the same key runs its own request', async () => {
    app.ledger.submit.resolves({ txId: TX, blockNumber: 7, result: {} });
    await send(app, 'k-3');
    expect((await send(app, 'k-3', body, 'gov-admin')).status).to.equal(201);
    expect(app.ledger.submit.callCount).to.equal(2);
  });

  it('keeps stored responses across a restart (persisted)', async () => {
    app.ledger.submit.resolves({ txId: TX, blockNumber: 7, result: {} });
    const first = await send(app, 'k-4');
    await app.stop();
    const restarted = await startTestApp({ dir: app.dir });
    try {
      const replay = await send(restarted, 'k-4');
      expect(replay.status).to.equal(201);
      expect(replay.body).to.deep.equal(first.body);
      expect(restarted.ledger.submit.called).to.equal(false);
    } finally {
      await restarted.stop();
    }
  });

  it('does not store failures: a retry after a rejection runs again', async () => {
    app.ledger.submit.onFirstCall().rejects(new NotFoundError('no such block'));
    app.ledger.submit.onSecondCall().resolves({ txId: TX, blockNumber: 8, result: {} });
    expect((await send(app, 'k-5')).status).to.equal(404);
    expect((await send(app, 'k-5')).status).to.equal(201);
  });

  it('after an unknown commit outcome, a retry looks the transaction up instead of submitting again', async () => {
    app.ledger.submit.rejects(new CommitStatusUnknownError(TX));
    const first = await send(app, 'k-6');
    expect(first.status).to.equal(503);
    expect(errorOf(first)).to.include({ code: 'COMMIT_STATUS_UNKNOWN', txId: TX });

    app.ledger.transaction.onFirstCall().rejects(new NotFoundError('not yet'));
    const pending = await send(app, 'k-6');
    expect(pending.status).to.equal(409);
    expect(errorOf(pending).code).to.equal('IDEMPOTENCY_IN_PROGRESS');

    app.ledger.transaction.onSecondCall().resolves({
      txId: TX,
      blockNumber: 9,
      validationCode: 'VALID',
      response: { status: 200, message: '', payload: { moved: { id: 'B-3' } } },
    } as unknown as LocatedTransaction);
    const recovered = await send(app, 'k-6');
    expect(recovered.status).to.equal(201);
    expect(recovered.body).to.deep.equal({ moved: { id: 'B-3' }, txId: TX, blockNumber: 9 });
    expect(app.ledger.submit.callCount).to.equal(1);
  });

  it('rejects a malformed key with 400', async () => {
    const result = await send(app, 'has spaces');
    expect(result.status).to.equal(400);
  });
});

describe('Idempotency-Key on user creation', () => {
  it('never stores an API key in clear: the replay carries a placeholder', async () => {
    const app = await startTestApp();
    try {
      app.enroller.ensureEnrolled.resolves({
        mspId: 'DeveloperMSP',
        enrollmentId: 'newbie',
        certificate: 'c',
        privateKey: 'k',
      });
      app.ledger.submit.resolves({ txId: 'e'.repeat(64), blockNumber: 3, result: { role: 'VIEWER' } });
      const request = {
        key: app.keys['dev-admin']!,
        body: { name: 'newbie', role: 'VIEWER' },
        headers: { 'Idempotency-Key': 'u-1' },
      };
      const first = await call(app, 'POST', '/v1/users', request);
      expect(first.status).to.equal(201);
      const apiKey = (first.body as { user: { apiKey: string } }).user.apiKey;
      expect(apiKey).to.match(/^ncr_/);
      const replay = await call(app, 'POST', '/v1/users', request);
      expect((replay.body as { user: { apiKey: string } }).user.apiKey).to.equal('[redacted: shown once]');
      const { readFile } = await import('node:fs/promises');
      expect(await readFile(`${app.dir}/idempotency.json`, 'utf8')).to.not.include(apiKey);
      expect(app.ledger.submit.firstCall.args.slice(1)).to.deep.equal([
        'accounts',
        'BindIdentity',
        { accountId: 'DEV-ACME', mspId: 'DeveloperMSP', enrollmentId: 'newbie', role: 'VIEWER' },
      ]);
    } finally {
      await app.cleanup();
    }
  });

  it('refuses user creation by a non-ADMIN before any CA or ledger call (403)', async () => {
    const app = await startTestApp();
    try {
      const result = await call(app, 'POST', '/v1/users', {
        key: app.keys['dev-viewer']!,
        body: { name: 'sneaky', role: 'ADMIN' },
      });
      expect(result.status).to.equal(403);
      expect(app.enroller.ensureEnrolled.called).to.equal(false);
      expect(app.ledger.submit.called).to.equal(false);
    } finally {
      await app.cleanup();
    }
  });
});
