import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { CommitStatusUnknownError, LedgerUnavailableError, NotFoundError } from '../../src/errors';
import type { Committed, LocatedTransaction } from '../../src/fabric/ledger';
import { currentJournal } from '../../src/fabric/submission';
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

  /** A submit that records TX with the request's journal (as the real facade does), then runs `after`. */
  const sentThen = (after: () => Promise<Committed>) => async (): Promise<Committed> => {
    await currentJournal()?.ordering({ txId: TX, envelope: ENVELOPE });
    return after();
  };
  const ENVELOPE = Buffer.from('endorsed transaction bytes');
  const committedTx = (validationCode: string) =>
    ({
      txId: TX,
      blockNumber: 9,
      validationCode,
      response: { status: 200, message: '', payload: { moved: { id: 'B-3' } } },
    }) as unknown as LocatedTransaction;

  it('after an unknown commit outcome, a retry looks the transaction up instead of submitting again', async () => {
    app.ledger.submit.callsFake(sentThen(() => Promise.reject(new CommitStatusUnknownError(TX))));
    const first = await send(app, 'k-6');
    expect(first.status).to.equal(503);
    expect(errorOf(first)).to.include({ code: 'COMMIT_STATUS_UNKNOWN', txId: TX });

    app.ledger.transaction.rejects(new NotFoundError('not yet'));
    app.ledger.resubmit.resolves();
    const pending = await send(app, 'k-6');
    expect(pending.status).to.equal(409);
    expect(errorOf(pending)).to.include({ code: 'IDEMPOTENCY_IN_PROGRESS', txId: TX });

    app.ledger.transaction.resolves(committedTx('VALID'));
    const recovered = await send(app, 'k-6');
    expect(recovered.status).to.equal(201);
    expect(recovered.body).to.deep.equal({ moved: { id: 'B-3' }, txId: TX, blockNumber: 9 });
    expect(app.ledger.submit.callCount).to.equal(1);
  });

  it('treats any failure after the transaction was sent as unknown (503 with txId), not as "nothing happened"', async () => {
    app.ledger.submit.callsFake(sentThen(() => Promise.reject(new LedgerUnavailableError())));
    const first = await send(app, 'k-sent');
    expect(first.status).to.equal(503);
    expect(errorOf(first)).to.include({ code: 'COMMIT_STATUS_UNKNOWN', txId: TX });
    app.ledger.transaction.resolves(committedTx('VALID'));
    const retry = await send(app, 'k-sent');
    expect(retry.status).to.equal(201);
    expect(retry.body).to.include({ txId: TX });
    expect(app.ledger.submit.callCount).to.equal(1);
  });

  it('sends the very same endorsed transaction again when the lost one is not on the ledger, then replays it', async () => {
    app.ledger.submit.callsFake(sentThen(() => Promise.reject(new LedgerUnavailableError())));
    expect((await send(app, 'k-lost')).status).to.equal(503);
    app.ledger.transaction.onFirstCall().rejects(new NotFoundError('never arrived'));
    app.ledger.transaction.onSecondCall().resolves(committedTx('VALID'));
    app.ledger.resubmit.resolves();
    const retry = await send(app, 'k-lost');
    expect(retry.status).to.equal(201);
    expect(retry.body).to.include({ txId: TX, blockNumber: 9 });
    expect(app.ledger.resubmit.callCount).to.equal(1);
    expect(Buffer.from(app.ledger.resubmit.firstCall.args[1]).toString()).to.equal(ENVELOPE.toString());
    expect(app.ledger.submit.callCount).to.equal(1);
  });

  it('runs the request again when its transaction committed invalid (it changed nothing)', async () => {
    app.ledger.submit.onFirstCall().callsFake(sentThen(() => Promise.reject(new CommitStatusUnknownError(TX))));
    app.ledger.submit.onSecondCall().resolves({ txId: 'f'.repeat(64), blockNumber: 10, result: {} });
    expect((await send(app, 'k-invalid')).status).to.equal(503);
    app.ledger.transaction.resolves(committedTx('MVCC_READ_CONFLICT'));
    const retry = await send(app, 'k-invalid');
    expect(retry.status).to.equal(201);
    expect(retry.body).to.include({ txId: 'f'.repeat(64) });
    expect(app.ledger.submit.callCount).to.equal(2);
  });

  it('a retry while the first request waits for its commit gets 409 naming the txId', async () => {
    let finish: () => void = () => undefined;
    const progress = { recorded: false };
    app.ledger.submit.callsFake(async (): Promise<Committed> => {
      await currentJournal()?.ordering({ txId: TX, envelope: ENVELOPE });
      progress.recorded = true;
      return new Promise((resolve) => {
        finish = () => {
          resolve({ txId: TX, blockNumber: 7, result: {} });
        };
      });
    });
    const first = send(app, 'k-wait');
    while (!progress.recorded) await sleep(5);
    const retry = await send(app, 'k-wait');
    expect(retry.status).to.equal(409);
    expect(errorOf(retry)).to.include({ code: 'IDEMPOTENCY_IN_PROGRESS', txId: TX });
    finish();
    expect((await first).status).to.equal(201);
  });

  it('keeps the key taken until the handler settles, even after the client went away: no second submit', async () => {
    let finish: () => void = () => undefined;
    app.ledger.submit.resolves({ txId: 'd'.repeat(64), blockNumber: 8, result: {} });
    app.ledger.submit.onFirstCall().callsFake(
      () =>
        new Promise((resolve) => {
          finish = () => {
            resolve({ txId: TX, blockNumber: 7, result: {} });
          };
        }),
    );
    const controller = new AbortController();
    const first = fetch(`${app.url}/v1/transfers`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${app.keys['dev-admin']!}`,
        'content-type': 'application/json',
        'idempotency-key': 'k-timeout',
      },
      body: JSON.stringify(body),
      signal: controller.signal,
    }).catch(() => undefined);
    while (!app.ledger.submit.called) await sleep(5);
    controller.abort();
    await first;
    await sleep(50);
    const retry = await send(app, 'k-timeout');
    expect(retry.status).to.equal(409);
    expect(errorOf(retry).code).to.equal('IDEMPOTENCY_IN_PROGRESS');
    finish();
    await sleep(50);
    const settled = await send(app, 'k-timeout');
    expect(settled.status).to.equal(201);
    expect(settled.headers.get('idempotent-replayed')).to.equal('true');
    expect(settled.body).to.include({ txId: TX });
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
      app.enroller.enrollNew.resolves({
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
      const stored = await Promise.all(
        ['idempotency.sqlite', 'idempotency.sqlite-wal'].map((f) =>
          readFile(`${app.dir}/${f}`).catch(() => Buffer.alloc(0)),
        ),
      );
      expect(Buffer.concat(stored).length).to.be.greaterThan(0);
      expect(Buffer.concat(stored).includes('[redacted: shown once]')).to.equal(true);
      expect(Buffer.concat(stored).includes(apiKey)).to.equal(false);
      const [, contract, transaction, arg] = app.ledger.submit.firstCall.args;
      expect([contract, transaction]).to.deep.equal(['accounts', 'BindIdentity']);
      expect(arg).to.deep.include({ accountId: 'DEV-ACME', mspId: 'DeveloperMSP', role: 'VIEWER' });
    } finally {
      await app.cleanup();
    }
  });

  it('refuses user creation by a non-ADMIN before any CA call or ledger write (403)', async () => {
    const app = await startTestApp();
    try {
      const result = await call(app, 'POST', '/v1/users', {
        key: app.keys['dev-viewer']!,
        body: { name: 'sneaky', role: 'ADMIN' },
      });
      expect(result.status).to.equal(403);
      expect(app.enroller.enrollNew.called).to.equal(false);
      expect(app.ledger.submit.called).to.equal(false);
    } finally {
      await app.cleanup();
    }
  });
});
