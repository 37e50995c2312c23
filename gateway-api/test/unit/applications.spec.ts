import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { ChaincodeError, LedgerUnavailableError, NotFoundError } from '../../src/errors';
import type { Committed } from '../../src/fabric/ledger';
import { currentJournal } from '../../src/fabric/submission';
import {
  SqliteApplicationStore,
  claimDigest,
  generateClaimToken,
  newApplicationId,
} from '../../src/applications/store';
import { type TestApp, DEVELOPER_SITE_ADMIN, call, errorOf, startTestApp, whoAmI } from './helpers';

const TX = 'b2'.repeat(32);
const SETTINGS = { memberOrganisations: [] };

describe('account applications: the site store', () => {
  let dir: string;
  let store: SqliteApplicationStore;
  let now: number;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ncr-applications-'));
    now = 1_000;
    store = SqliteApplicationStore.open(path.join(dir, 'applications.sqlite'), () => now);
  });
  afterEach(async () => {
    store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const record = (id: string, token: string) => ({
    id,
    claimSha256: claimDigest(token),
    adminName: 'greenco-admin',
    contact: { name: 'Ama Mensah', email: 'ama@greenco.example' },
  });

  it('keeps the contact and the SHA-256 of the claim token, never the token, in an owner-only file', () => {
    const token = generateClaimToken();
    const id = newApplicationId();
    expect(id).to.match(/^APP-[0-9A-F]{20}$/);
    expect(token).to.match(/^ncrclaim_[A-Za-z0-9_-]{43}$/);
    store.insert(record(id, token));
    expect(store.get(id)).to.deep.equal({ ...record(id, token), createdAt: 1_000 });
    expect(JSON.stringify(store.get(id))).to.not.include(token);
    expect(statSync(path.join(dir, 'applications.sqlite')).mode & 0o777).to.equal(0o600);
  });

  it('answers a claim only with the right token, and refuses a second record under one ID', () => {
    const token = generateClaimToken();
    store.insert(record('APP-00000000000000000001', token));
    expect(store.claim('APP-00000000000000000001', token)?.adminName).to.equal('greenco-admin');
    expect(store.claim('APP-00000000000000000001', generateClaimToken())).to.equal(undefined);
    expect(store.claim('APP-00000000000000000001', '')).to.equal(undefined);
    expect(store.claim('APP-00000000000000000002', token)).to.equal(undefined);
    expect(() => {
      store.insert(record('APP-00000000000000000001', generateClaimToken()));
    }).to.throw('already exists');
  });

  it('notes the transaction, the key handed out once, and forgets a removed application; all survive a reopen', () => {
    const token = generateClaimToken();
    store.insert(record('APP-00000000000000000001', token));
    store.insert(record('APP-00000000000000000002', token));
    store.markSent('APP-00000000000000000001', TX);
    now = 2_000;
    expect(store.markKeyIssued('APP-00000000000000000001')).to.equal(true);
    now = 3_000;
    expect(store.markKeyIssued('APP-00000000000000000001')).to.equal(false);
    store.remove('APP-00000000000000000002');
    store.close();
    store = SqliteApplicationStore.open(path.join(dir, 'applications.sqlite'));
    expect(store.get('APP-00000000000000000001')).to.deep.include({ txId: TX, keyIssuedAt: 2_000 });
    expect(store.get('APP-00000000000000000002')).to.equal(undefined);
  });
});

describe('account applications: the routes', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp();
  });
  afterEach(async () => {
    await app.cleanup();
  });

  const body = (overrides: Record<string, unknown> = {}) => ({
    organisationName: 'GreenCo Ltd',
    accountType: 'DEVELOPER',
    requestedAccountId: 'DEV-GREENCO',
    country: 'GHA',
    contact: { name: 'Ama Mensah', email: 'ama@greenco.example' },
    admin: { name: 'greenco-admin' },
    documents: [{ type: 'CERTIFICATE_OF_INCORPORATION', sha256: 'ab'.repeat(32) }],
    ...overrides,
  });

  /** The ledger as the developers' site sees it: settings, no account DEV-GREENCO, and `application` once recorded. */
  let application: Record<string, unknown> | undefined;
  beforeEach(() => {
    application = undefined;
    app.ledger.evaluate.callsFake((actor, contract, transaction, arg) => {
      const input = arg as Record<string, unknown> | undefined;
      switch (`${contract}:${transaction}`) {
        case 'accounts:WhoAmI':
          return Promise.resolve(whoAmI(actor));
        case 'registry:GetSettings':
          return Promise.resolve(SETTINGS);
        case 'accounts:GetAccount':
          return input?.accountId === 'DEV-ACME'
            ? Promise.resolve({ id: 'DEV-ACME' })
            : Promise.reject(
                new ChaincodeError(404, 'NOT_FOUND', `account ${String(input?.accountId)} does not exist`),
              );
        case 'accounts:GetAccountApplication':
          return application === undefined
            ? Promise.reject(new ChaincodeError(404, 'NOT_FOUND', 'no such application'))
            : Promise.resolve(application);
        default:
          return Promise.reject(new Error(`unexpected evaluate ${contract}:${transaction}`));
      }
    });
    app.ledger.submit.callsFake(async (actor, contract, transaction, arg): Promise<Committed> => {
      expect(`${contract}:${transaction}`).to.equal('accounts:SubmitAccountApplication');
      expect(actor).to.deep.equal(DEVELOPER_SITE_ADMIN);
      await currentJournal()?.ordering({ txId: TX, envelope: Buffer.from('application') });
      const { applicationId, ...fields } = arg as Record<string, unknown>;
      application = {
        id: applicationId,
        ...fields,
        status: 'SUBMITTED',
        submittedBy: DEVELOPER_SITE_ADMIN,
        submittedAt: '2026-01-01T00:00:00.000Z',
        submittedTxId: TX,
        updatedAt: '2026-01-01T00:00:00.000Z',
        updatedTxId: TX,
      };
      return { txId: TX, blockNumber: 9, result: application };
    });
  });

  const apply = (overrides: Record<string, unknown> = {}) =>
    call(app, 'POST', '/v1/account-applications', { body: body(overrides) });
  const read = (id: string, token?: string) =>
    call(
      app,
      'GET',
      `/v1/account-applications/${id}`,
      token === undefined ? {} : { headers: { 'X-Claim-Token': token } },
    );
  const decide = (status: 'APPROVED' | 'REJECTED', reason?: string): void => {
    const at = '2026-01-02T00:00:00.000Z';
    const by = { accountId: 'GOV-NRA', mspId: 'GovernmentMSP', enrollmentId: 'gov-admin' };
    application = {
      ...application,
      status,
      decision: { by, at, txId: TX, ...(reason === undefined ? {} : { reason }) },
    };
  };

  it('records an application without a key: 202 with the ID and a claim token; the admin enrolled by this site', async () => {
    const reply = await apply();
    expect(reply.status, reply.text).to.equal(202);
    const answer = reply.body as {
      id: string;
      status: string;
      claimToken: string;
      txId: string;
      admin: Record<string, string>;
    };
    expect(answer).to.include({ status: 'SUBMITTED', txId: TX });
    expect(answer.id).to.match(/^APP-[0-9A-F]{20}$/);
    expect(answer.admin.name).to.equal('greenco-admin');
    expect(answer.admin.mspId).to.equal('DeveloperMSP');
    expect(answer.admin.enrollmentId).to.match(/^greenco-admin@[0-9a-f]{8}$/);
    expect(
      app.enroller.enrollNew.calledOnceWith({ mspId: 'DeveloperMSP', enrollmentId: answer.admin.enrollmentId }),
    ).to.equal(true);
    const sent = app.ledger.submit.firstCall.args[3] as Record<string, unknown>;
    expect(sent).to.not.have.property('contact');
    expect(sent).to.deep.include({ applicationId: answer.id, requestedAccountId: 'DEV-GREENCO' });
    const local = app.applicationStore.get(answer.id);
    expect(local).to.deep.include({
      adminName: 'greenco-admin',
      txId: TX,
      claimSha256: claimDigest(answer.claimToken),
    });
    expect(local?.contact).to.deep.equal({ name: 'Ama Mensah', email: 'ama@greenco.example' });
    expect(app.users.reservationOf('greenco-admin')).to.deep.include({ accountId: 'DEV-GREENCO', role: 'ADMIN' });
  });

  it('refuses a bad body (400) before reserving, enrolling or writing anything', async () => {
    for (const bad of [
      { requestedAccountId: 'dev greenco' },
      { contact: { name: 'Ama', email: 'not an email' } },
      { admin: { name: 'Not Valid!' } },
      { documents: [{ type: 'CERTIFICATE_OF_INCORPORATION', sha256: 'xyz' }] },
      { accountType: 'GOVERNMENT' },
      { applicationId: 'APP-00000000000000000001' },
    ]) {
      const reply = await apply(bad);
      expect(reply.status, JSON.stringify(bad)).to.equal(400);
      expect(errorOf(reply).code).to.equal('VALIDATION');
    }
    expect(app.enroller.enrollNew.called).to.equal(false);
    expect(app.ledger.submit.called).to.equal(false);
    expect(app.users.reservationOf('greenco-admin')).to.equal(undefined);
  });

  it('refuses an account type this site does not hold (400) and an existing account (409), before any CA call', async () => {
    const elsewhere = await apply({ accountType: 'CERTIFIER' });
    expect(elsewhere.status).to.equal(400);
    expect(errorOf(elsewhere).message).to.include('CertifierMSP');
    const taken = await apply({ requestedAccountId: 'DEV-ACME' });
    expect(taken.status).to.equal(409);
    expect(app.enroller.enrollNew.called).to.equal(false);
    expect(app.users.reservationOf('greenco-admin')).to.equal(undefined);
  });

  it('a taken admin name is 409 CONFLICT; a ledger rejection frees the name and forgets the application', async () => {
    expect((await apply({ admin: { name: 'dev-admin' } })).status).to.equal(409);
    app.ledger.submit.rejects(new ChaincodeError(409, 'CONFLICT', 'identity already bound'));
    expect((await apply()).status).to.equal(409);
    expect(app.users.reservationOf('greenco-admin')).to.equal(undefined);
    app.ledger.submit.rejects(new LedgerUnavailableError());
    expect((await apply()).status).to.equal(503);
    expect(app.users.reservationOf('greenco-admin')).to.equal(undefined);
  });

  it('keeps the name and the record, answering the txId, when the outcome of the ledger write is unknown', async () => {
    app.ledger.submit.callsFake(async (): Promise<Committed> => {
      await currentJournal()?.ordering({ txId: TX, envelope: Buffer.from('application') });
      throw new LedgerUnavailableError();
    });
    const reply = await apply();
    expect(reply.status).to.equal(503);
    expect(errorOf(reply)).to.include({ code: 'COMMIT_STATUS_UNKNOWN', txId: TX });
    expect(app.users.reservationOf('greenco-admin')).to.not.equal(undefined);
  });

  it('the applicant reads its application with the claim token only: 401 without, 404 with a wrong one', async () => {
    const { id, claimToken } = (await apply()).body as { id: string; claimToken: string };
    expect((await read(id)).status).to.equal(401);
    const wrong = await read(id, generateClaimToken());
    expect(wrong.status).to.equal(404);
    expect(errorOf(wrong).code).to.equal('NOT_FOUND');
    expect((await read('APP-FFFFFFFFFFFFFFFFFFFF', claimToken)).status).to.equal(404);
    const pending = await read(id, claimToken);
    expect(pending.status, pending.text).to.equal(200);
    const answer = pending.body as { application: { status: string }; admin: Record<string, unknown> };
    expect(answer.application.status).to.equal('SUBMITTED');
    expect(answer.admin).to.not.have.property('apiKey');
  });

  it('once approved, the first read answers the API key of the new ADMIN, later reads the placeholder', async () => {
    const { id, claimToken } = (await apply()).body as { id: string; claimToken: string };
    decide('APPROVED');
    const [first, second] = [await read(id, claimToken), await read(id, claimToken)];
    const apiKey = (first.body as { admin: { apiKey: string } }).admin.apiKey;
    expect(apiKey).to.match(/^ncr_/);
    expect((second.body as { admin: { apiKey: string } }).admin.apiKey).to.equal('[redacted: shown once]');
    expect(app.users.authenticate(apiKey)).to.deep.include({
      name: 'greenco-admin',
      accountId: 'DEV-GREENCO',
      role: 'ADMIN',
      mspId: 'DeveloperMSP',
    });
    expect(app.applicationStore.get(id)?.keyIssuedAt).to.be.a('number');
  });

  it('two reads at once after the approval hand the key out once', async () => {
    const { id, claimToken } = (await apply()).body as { id: string; claimToken: string };
    decide('APPROVED');
    const replies = await Promise.all(Array.from({ length: 5 }, () => read(id, claimToken)));
    const keys = replies.map((r) => (r.body as { admin: { apiKey: string } }).admin.apiKey);
    expect(keys.filter((k) => k.startsWith('ncr_'))).to.have.length(1);
    expect(keys.filter((k) => k === '[redacted: shown once]')).to.have.length(4);
  });

  it('once rejected, the applicant reads the reason and the admin name is free again', async () => {
    const { id, claimToken } = (await apply()).body as { id: string; claimToken: string };
    decide('REJECTED', 'no proof of incorporation');
    const reply = await read(id, claimToken);
    const answer = reply.body as { application: { status: string; decision: { reason: string } }; admin: object };
    expect(answer.application).to.deep.include({ status: 'REJECTED' });
    expect(answer.application.decision.reason).to.equal('no proof of incorporation');
    expect(answer.admin).to.not.have.property('apiKey');
    expect(app.users.reservationOf('greenco-admin')).to.equal(undefined);
  });

  it('an application the ledger does not hold is 404 even with its token', async () => {
    const { id, claimToken } = (await apply()).body as { id: string; claimToken: string };
    app.ledger.evaluate
      .withArgs(DEVELOPER_SITE_ADMIN, 'accounts', 'GetAccountApplication')
      .rejects(new NotFoundError('gone'));
    expect((await read(id, claimToken)).status).to.equal(404);
  });
});
