import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { type Reply, api, errorCode, eventText, request, urlOf } from './support';

/**
 * Companies apply to join, through REST on the real network: a project developer applies at the developers' gateway
 * (no key), the government decides at its own, the applicant reads the outcome with its claim token where it applied
 * and, once approved, works as the ADMIN of its new account.
 */

const developersGateway = urlOf('developer-admin');
const certifiersGateway = urlOf('certifier-admin');

interface Applied {
  id: string;
  status: string;
  claimToken: string;
  txId: string;
  blockNumber: number;
  admin: { name: string; mspId: string; enrollmentId: string };
}

interface Claimed {
  application: { id: string; status: string; decision?: { reason?: string } };
  admin: { name: string; mspId: string; enrollmentId: string; apiKey?: string };
}

const applicationBody = (run: string, overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  organisationName: `GreenCo ${run} Ltd`,
  accountType: 'DEVELOPER',
  requestedAccountId: `DEV-APP-${run.toUpperCase()}`,
  country: 'GHA',
  contact: { name: 'Ama Mensah', email: `ama-${run}@greenco.example` },
  admin: { name: `greenco-${run}` },
  documents: [{ type: 'CERTIFICATE_OF_INCORPORATION', sha256: randomBytes(32).toString('hex') }],
  ...overrides,
});

const applyAt = (url: string, body: unknown): Promise<Reply> =>
  request('POST', '/v1/account-applications', { url, body });

const claim = (url: string, id: string, token?: string): Promise<Reply> =>
  request('GET', `/v1/account-applications/${id}`, {
    url,
    ...(token === undefined ? {} : { headers: { 'X-Claim-Token': token } }),
  });

/** The IDs of the applications GET /v1/tasks shows `as` (undefined: the answer has no `applications`). */
async function pendingInTasks(as: string): Promise<string[] | undefined> {
  const reply = await api('GET', '/v1/tasks', as);
  expect(reply.status, JSON.stringify(reply.body)).to.equal(200);
  const applications = reply.body.applications as { id: string }[] | undefined;
  return applications?.map((a) => a.id);
}

async function ledgerHeight(): Promise<number> {
  const reply = await api('GET', '/v1/ledger', 'auditor');
  expect(reply.status, JSON.stringify(reply.body)).to.equal(200);
  return reply.body.height as number;
}

/** The IDs of the applications the government lists with `status` (every page). */
async function listed(status: string): Promise<string[]> {
  const ids: string[] = [];
  let bookmark = '';
  for (let page = 0; page < 1000; page++) {
    const query = `status=${status}&pageSize=100${bookmark === '' ? '' : `&bookmark=${encodeURIComponent(bookmark)}`}`;
    const reply = await api('GET', `/v1/account-applications?${query}`, 'gov-admin');
    expect(reply.status, JSON.stringify(reply.body)).to.equal(200);
    const items = reply.body.items as { id: string }[];
    ids.push(...items.map((a) => a.id));
    bookmark = reply.body.bookmark as string;
    if (bookmark === '' || items.length === 0) return ids;
  }
  return ids;
}

describe('account applications on the real network', function () {
  this.timeout(300_000);
  const run = randomBytes(3).toString('hex');
  const accountId = `DEV-APP-${run.toUpperCase()}`;
  let applied: Applied;
  let apiKey: string;

  it('an application with a bad body is 400 and records nothing (the ledger height stays)', async () => {
    const before = await ledgerHeight();
    for (const bad of [
      { contact: { name: 'Ama Mensah', email: 'not-an-email' } },
      { documents: [{ type: 'CERTIFICATE_OF_INCORPORATION', sha256: 'not-a-digest' }] },
      { requestedAccountId: 'lower case' },
      { accountType: 'GOVERNMENT' },
    ]) {
      const reply = await applyAt(developersGateway, applicationBody(run, bad));
      expect(reply.status, JSON.stringify(reply.body)).to.equal(400);
      expect(errorCode(reply)).to.equal('VALIDATION');
    }
    // A certifier account holds CertifierMSP identities: the developers' site refuses to enroll one.
    const elsewhere = await applyAt(developersGateway, applicationBody(run, { accountType: 'CERTIFIER' }));
    expect(elsewhere.status, JSON.stringify(elsewhere.body)).to.equal(400);
    expect(await ledgerHeight()).to.equal(before);
  });

  // The admin name the refused requests above carried is free: this application takes it.
  it("a company applies at the developers' gateway without a key: 202, ID and claim token, on the ledger", async () => {
    const reply = await applyAt(developersGateway, applicationBody(run));
    expect(reply.status, JSON.stringify(reply.body)).to.equal(202);
    applied = reply.body as unknown as Applied;
    expect(applied.status).to.equal('SUBMITTED');
    expect(applied.claimToken).to.match(/^ncrclaim_/);
    expect(applied.admin.mspId).to.equal('DeveloperMSP');
    expect(applied.admin.enrollmentId).to.match(new RegExp(`^greenco-${run}@[0-9a-f]{8}$`));
    expect(await listed('SUBMITTED')).to.include(applied.id);
    const tx = await api('GET', `/v1/ledger/transactions/${applied.txId}`, 'auditor');
    expect(tx.body).to.deep.include({ validationCode: 'VALID', function: 'accounts:SubmitAccountApplication' });
    // Signed by the developers' organisation admin; the contact stays with the site, off the ledger.
    expect((tx.body.creator as { mspId: string }).mspId).to.equal('DeveloperMSP');
    expect(JSON.stringify(tx.body)).to.not.include(`ama-${run}@greenco.example`);
    const events = await eventText('auditor', applied.blockNumber, applied.id);
    expect(events).to.include('event: ACCOUNT_APPLICATION_SUBMITTED');
  });

  it("a government ADMIN's tasks show the pending application; a developer's and an auditor's show none", async () => {
    expect(await pendingInTasks('gov-admin')).to.include(applied.id);
    expect(await pendingInTasks('developer-admin')).to.equal(undefined);
    expect(await pendingInTasks('auditor')).to.equal(undefined);
  });

  it('the applicant reads it with its claim token where it applied; a wrong token is 404, none 401', async () => {
    const pending = await claim(developersGateway, applied.id, applied.claimToken);
    expect(pending.status, JSON.stringify(pending.body)).to.equal(200);
    const body = pending.body as unknown as Claimed;
    expect(body.application.status).to.equal('SUBMITTED');
    expect(body.admin).to.not.have.property('apiKey');
    const wrong = await claim(developersGateway, applied.id, `ncrclaim_${randomBytes(32).toString('base64url')}`);
    expect(wrong.status).to.equal(404);
    expect(errorCode(wrong)).to.equal('NOT_FOUND');
    expect((await claim(developersGateway, applied.id)).status).to.equal(401);
    // Another site never saw it: the same token is 404 there.
    expect((await claim(certifiersGateway, applied.id, applied.claimToken)).status).to.equal(404);
  });

  it('only a government ADMIN lists and decides', async () => {
    const list = await api('GET', '/v1/account-applications?status=SUBMITTED', 'developer-admin');
    expect(list.status).to.equal(403);
    const approve = await api('POST', `/v1/account-applications/${applied.id}/approve`, 'developer-admin', {});
    expect(approve.status).to.equal(403);
    expect(errorCode(approve)).to.equal('FORBIDDEN');
  });

  it('the government approves: the account exists with the applicant as its ADMIN; a second approval is 409', async () => {
    const approved = await api('POST', `/v1/account-applications/${applied.id}/approve`, 'gov-admin', {});
    expect(approved.status, JSON.stringify(approved.body)).to.equal(201);
    expect((approved.body.application as { status: string }).status).to.equal('APPROVED');
    const account = await api('GET', `/v1/accounts/${accountId}`, 'gov-admin');
    expect(account.status).to.equal(200);
    expect(account.body).to.include({ id: accountId, type: 'DEVELOPER', status: 'ACTIVE' });
    const identities = await api('GET', `/v1/accounts/${accountId}/identities`, 'gov-admin');
    expect(identities.body.items).to.have.length(1);
    expect((identities.body.items as object[])[0]).to.include({
      ...{ mspId: 'DeveloperMSP', enrollmentId: applied.admin.enrollmentId, accountId },
      ...{ role: 'ADMIN', status: 'ACTIVE', changedTxId: approved.body.txId },
    });
    expect(await listed('APPROVED')).to.include(applied.id);
    expect(await pendingInTasks('gov-admin')).to.not.include(applied.id);
    const again = await api('POST', `/v1/account-applications/${applied.id}/approve`, 'gov-admin', {});
    expect(again.status).to.equal(409);
    expect(errorCode(again)).to.equal('INVALID_STATE');
    const rejectLate = await api('POST', `/v1/account-applications/${applied.id}/reject`, 'gov-admin', {
      reason: 'too late',
    });
    expect(errorCode(rejectLate)).to.equal('INVALID_STATE');
    const events = await eventText('auditor', approved.body.blockNumber as number, 'ACCOUNT_CREATED');
    expect(events).to.include(`"applicationId":"${applied.id}"`);
  });

  it('the claim token yields the API key once; with it the new admin reads its account and creates a user', async () => {
    const first = await claim(developersGateway, applied.id, applied.claimToken);
    expect(first.status, JSON.stringify(first.body)).to.equal(200);
    apiKey = (first.body as unknown as Claimed).admin.apiKey ?? '';
    expect(apiKey).to.match(/^ncr_/);
    const second = await claim(developersGateway, applied.id, applied.claimToken);
    expect((second.body as unknown as Claimed).admin.apiKey).to.equal('[redacted: shown once]');
    const me = await request('GET', '/v1/me', { key: apiKey, url: developersGateway });
    expect(me.status).to.equal(200);
    const ledger = me.body.ledger as { binding: { accountId: string; role: string }; orgAdmin: boolean };
    expect(ledger.binding).to.include({ accountId, role: 'ADMIN' });
    expect(ledger.orgAdmin).to.equal(false);
    const account = await request('GET', `/v1/accounts/${accountId}`, { key: apiKey, url: developersGateway });
    expect(account.status).to.equal(200);
    const user = await request('POST', '/v1/users', {
      key: apiKey,
      url: developersGateway,
      body: { name: `greenco-${run}-clerk`, role: 'MANAGER' },
    });
    expect(user.status, JSON.stringify(user.body)).to.equal(201);
    expect(user.body.user).to.include({ accountId, role: 'MANAGER' });
  });

  it('another application is rejected with a reason, which the applicant reads; it cannot be approved after', async () => {
    const other = `${run}b`;
    const body = applicationBody(other, {
      accountType: 'CERTIFIER',
      requestedAccountId: `CERT-APP-${other.toUpperCase()}`,
    });
    const reply = await applyAt(certifiersGateway, body);
    expect(reply.status, JSON.stringify(reply.body)).to.equal(202);
    const { id, claimToken } = reply.body as unknown as Applied;
    const reason = 'no accreditation certificate';
    const rejected = await api('POST', `/v1/account-applications/${id}/reject`, 'gov-admin', { reason });
    expect(rejected.status, JSON.stringify(rejected.body)).to.equal(201);
    const read = await claim(certifiersGateway, id, claimToken);
    expect(read.status).to.equal(200);
    const claimed = read.body as unknown as Claimed;
    expect(claimed.application.status).to.equal('REJECTED');
    expect(claimed.application.decision?.reason).to.equal(reason);
    expect(claimed.admin).to.not.have.property('apiKey');
    const late = await api('POST', `/v1/account-applications/${id}/approve`, 'gov-admin', {});
    expect(errorCode(late)).to.equal('INVALID_STATE');
    expect((await api('GET', `/v1/accounts/CERT-APP-${other.toUpperCase()}`, 'gov-admin')).status).to.equal(404);
  });
});
