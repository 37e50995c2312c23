import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import {
  type Reply,
  baseUrl,
  doc,
  enrollAtSite,
  errorCode,
  keyOf,
  listAll,
  once,
  projectBody,
  request as api,
  urlOf,
} from './support';

/**
 * The API suite, over real HTTP against the gateway that `npm start` runs on the real Fabric network (nothing
 * is mocked). Users are the demo users of `.ncr/users.json`. Each run registers its own project, so the suite
 * can run again and again on the same ledger.
 */

function expectCommitted(reply: Reply): void {
  expect(reply.status, JSON.stringify(reply.body)).to.equal(201);
  expect(reply.body.txId).to.match(/^[0-9a-f]{64}$/);
  expect(reply.body.blockNumber).to.be.a('number');
}

interface IssuedBlock {
  id: string;
  serialStart: number;
  serialEnd: number;
  quantity: number;
}

/**
 * The workflow on one project of this run, step by step. Each step runs once, after the steps it needs, when a
 * hook or test first asks for it: a test run alone gets its project in the state it expects, and the whole suite
 * walks one project through the workflow in the order of its tests.
 */
function workflow(run: string) {
  const registered = once(() =>
    api('POST', '/v1/projects', { as: 'developer-admin', body: projectBody(`Solar mini-grids ${run}`, `pdd-${run}`) }),
  );
  const projectId = async (): Promise<string> => {
    const reply = await registered();
    expectCommitted(reply);
    return reply.body.id as string;
  };
  const authorised = once(async () => {
    const id = await projectId();
    const validated = await api('POST', `/v1/projects/${id}/validation`, {
      as: 'certifier-admin',
      body: { approved: true, report: doc(`validation-${run}`), comment: 'PDD complete' },
    });
    expectCommitted(validated);
    const authorisation = await api('POST', `/v1/projects/${id}/authorisation`, {
      as: 'gov-admin',
      body: { approved: true, authorisationId: `AUTH-${run}`, purposes: 'NDC', cooperativeApproachId: 'CA0001' },
    });
    return { validated, authorised: authorisation };
  });
  const verified = once(async () => {
    expectCommitted((await authorised()).authorised);
    const report = await api('POST', `/v1/projects/${await projectId()}/monitoring-reports`, {
      as: 'developer-admin',
      body: {
        periodStart: '2024-01-01',
        periodEnd: '2024-12-31',
        vintage: 2024,
        claimedReductions: 1_000,
        document: doc(`monitoring-${run}`),
      },
    });
    expectCommitted(report);
    const verification = await api('POST', `/v1/monitoring-reports/${report.body.id as string}/verification`, {
      as: 'certifier-admin',
      body: { approved: true, verifiedReductions: 900, report: doc(`verification-${run}`) },
    });
    return { reportId: report.body.id as string, report, verified: verification };
  });
  const issued = once(async () => {
    const { reportId, verified: verification } = await verified();
    expectCommitted(verification);
    return api('POST', `/v1/monitoring-reports/${reportId}/issuance`, { as: 'gov-admin' });
  });
  const block = async (): Promise<IssuedBlock> => {
    const reply = await issued();
    expectCommitted(reply);
    return reply.body as unknown as IssuedBlock;
  };
  const transferKey = `transfer-${run}`;
  const transferBody = async () => ({ blockId: (await block()).id, quantity: 300, toAccountId: 'DEV-BETA' });
  const transferred = once(async () =>
    api('POST', '/v1/transfers', {
      as: 'developer-admin',
      body: await transferBody(),
      headers: { 'Idempotency-Key': transferKey },
    }),
  );
  return { registered, projectId, authorised, verified, issued, block, transferKey, transferBody, transferred };
}

describe('gateway API on the real network', function () {
  this.timeout(120_000);
  const run = randomBytes(3).toString('hex');
  const flow = workflow(run);

  before(async () => {
    const health = await api('GET', '/v1/health');
    expect(health.status, `gateway at ${baseUrl} not healthy: ${JSON.stringify(health.body)}`).to.equal(200);
  });

  describe('the full workflow by the demo users, through REST only', () => {
    describe('a registered project', () => {
      let projectId: string;

      before(async () => {
        projectId = await flow.projectId();
      });

      it('a developer registers a project (201, committed, with txId and block)', async () => {
        const reply = await flow.registered();
        expectCommitted(reply);
        expect(reply.body.status).to.equal('SUBMITTED');
      });

      it('a certifier not assigned to the project cannot validate it (403)', async () => {
        const accountBody = (admin: unknown) => ({
          id: `CERT-${run.toUpperCase()}`,
          name: `Other verifier ${run}`,
          type: 'CERTIFIER',
          country: 'GHA',
          admin,
        });
        // The government's gateway registers no certifier with a CA: the certifiers' own site enrolls its admin.
        const refused = await api('POST', '/v1/accounts', {
          as: 'gov-admin',
          body: accountBody({ name: `cert-${run}` }),
        });
        expect(refused.status, JSON.stringify(refused.body)).to.equal(400);
        expect(errorCode(refused)).to.equal('VALIDATION');
        const other = await enrollAtSite('CertifierMSP', `cert-${run}`, `CERT-${run.toUpperCase()}`, 'ADMIN');
        const account = await api('POST', '/v1/accounts', {
          as: 'gov-admin',
          body: accountBody({ mspId: other.mspId, enrollmentId: other.enrollmentId }),
        });
        expectCommitted(account);
        const reply = await api('POST', `/v1/projects/${projectId}/validation`, {
          key: other.apiKey,
          url: other.url,
          body: { approved: true, report: doc('rogue-validation') },
        });
        expect(reply.status).to.equal(403);
        expect(errorCode(reply)).to.equal('FORBIDDEN');
      });

      it('the assigned certifier validates, the government authorises', async () => {
        const { validated, authorised } = await flow.authorised();
        expectCommitted(validated);
        expect(validated.body.status).to.equal('VALIDATED');
        expectCommitted(authorised);
        expect(authorised.body.status).to.equal('AUTHORISED');
      });
    });

    describe('an authorised project', () => {
      before(async () => {
        await flow.authorised();
      });

      it('monitoring, verification and issuance (government only) produce one serialised block', async () => {
        const { reportId, report, verified } = await flow.verified();
        expectCommitted(report);
        expectCommitted(verified);
        expect(verified.body.status).to.equal('VERIFIED');
        // Only the government issues: the developer and the certifier are refused and nothing is issued.
        for (const as of ['developer-admin', 'certifier-admin']) {
          const refused = await api('POST', `/v1/monitoring-reports/${reportId}/issuance`, { as });
          expect(refused.status, `${as}: ${JSON.stringify(refused.body)}`).to.equal(403);
          expect(errorCode(refused)).to.equal('FORBIDDEN');
        }
        const stillVerified = await api('GET', `/v1/monitoring-reports/${reportId}`, { as: 'developer-admin' });
        expect(stillVerified.body.status).to.equal('VERIFIED');
        const issued = await flow.issued();
        expectCommitted(issued);
        const issuedBlock = issued.body as unknown as IssuedBlock;
        expect(issuedBlock.quantity).to.equal(900);
        expect(issuedBlock.serialEnd - issuedBlock.serialStart + 1).to.equal(900);
        const report2 = await api('GET', `/v1/monitoring-reports/${reportId}`, { as: 'developer-admin' });
        expect(report2.body.status).to.equal('ISSUED');
      });
    });

    describe('an issued block of 900 credits', () => {
      let issuedBlock: IssuedBlock;

      before(async () => {
        issuedBlock = await flow.block();
      });

      it("another developer company cannot move the first company's credits (403)", async () => {
        const reply = await api('POST', '/v1/transfers', {
          as: 'developer2-admin',
          body: { blockId: issuedBlock.id, quantity: 10, toAccountId: 'DEV-BETA' },
        });
        expect(reply.status).to.equal(403);
        expect(errorCode(reply)).to.equal('FORBIDDEN');
      });

      it('a transfer above the block quantity is refused (409 INSUFFICIENT_CREDITS)', async () => {
        const reply = await api('POST', '/v1/transfers', {
          as: 'developer-admin',
          body: { blockId: issuedBlock.id, quantity: 901, toAccountId: 'DEV-BETA' },
        });
        expect(reply.status).to.equal(409);
        expect(errorCode(reply)).to.equal('INSUFFICIENT_CREDITS');
      });

      it('a partial transfer with an Idempotency-Key commits once; the replay returns the same response', async () => {
        const key = flow.transferKey;
        const body = await flow.transferBody();
        const transfer = await flow.transferred();
        expectCommitted(transfer);
        const replay = await api('POST', '/v1/transfers', {
          as: 'developer-admin',
          body,
          headers: { 'Idempotency-Key': key },
        });
        expect(replay.status).to.equal(201);
        expect(replay.headers.get('idempotent-replayed')).to.equal('true');
        expect(replay.body).to.deep.equal(transfer.body);
        const reused = await api('POST', '/v1/transfers', {
          as: 'developer-admin',
          body: { ...body, quantity: 1 },
          headers: { 'Idempotency-Key': key },
        });
        expect(reused.status).to.equal(422);
        expect(errorCode(reused)).to.equal('IDEMPOTENCY_KEY_REUSED');
        const kept = await api('GET', `/v1/credit-blocks/${issuedBlock.id}`, { as: 'developer-admin' });
        expect(kept.body.quantity, 'transferred once, not twice').to.equal(600);
      });
    });

    describe('300 of the issued credits transferred to DEV-BETA', () => {
      let projectId: string;
      let issuedBlock: IssuedBlock;

      before(async () => {
        projectId = await flow.projectId();
        issuedBlock = await flow.block();
        expectCommitted(await flow.transferred());
      });

      it('the receiver retires part of its credits; the government cancels and freezes', async () => {
        // every page: DEV-BETA holds more blocks than one page once the suite has run a few times on this ledger
        const items = await listAll<{ id: string; projectId: string; status: string }>(
          `/v1/credit-blocks?owner=DEV-BETA&project=${projectId}`,
          'developer2-admin',
        );
        const mine = items.find((b) => b.projectId === projectId && b.status === 'HELD');
        expect(mine, 'received block').to.not.equal(undefined);
        const retired = await api('POST', '/v1/retirements', {
          as: 'developer2-admin',
          body: { blockId: mine!.id, quantity: 100, beneficiary: 'Beta Forestry Co', purpose: 'VOLUNTARY' },
        });
        expectCommitted(retired);
        const cancelled = await api('POST', '/v1/cancellations', {
          as: 'gov-admin',
          body: { blockId: issuedBlock.id, quantity: 50, reason: 'double claim under investigation' },
        });
        expectCommitted(cancelled);
        const frozen = await api('POST', `/v1/credit-blocks/${issuedBlock.id}/freeze`, {
          as: 'gov-admin',
          body: { reason: 'audit' },
        });
        expectCommitted(frozen);
        expect(frozen.body.frozen).to.equal(true);
        const unfrozen = await api('POST', `/v1/credit-blocks/${issuedBlock.id}/unfreeze`, {
          as: 'gov-admin',
          body: { reason: 'audit closed' },
        });
        expectCommitted(unfrozen);
        expect(unfrozen.body.frozen).to.equal(false);
      });

      it('any serial can be looked up; balances, lists and history answer', async () => {
        const serial = await api('GET', `/v1/serials/${issuedBlock.serialStart}`, { as: 'gov-admin' });
        expect(serial.status, JSON.stringify(serial.body)).to.equal(200);
        const balance = await api('GET', '/v1/accounts/DEV-ACME/balance', { as: 'developer-admin' });
        expect(balance.status).to.equal(200);
        const projects = await api('GET', '/v1/projects?developer=DEV-ACME&pageSize=5', { as: 'developer-admin' });
        expect(projects.status).to.equal(200);
        expect(projects.body).to.have.keys(['items', 'bookmark', 'fetched']);
        const history = await api('GET', `/v1/projects/${projectId}/history`, { as: 'developer-admin' });
        expect(history.status).to.equal(200);
      });
    });
  });

  describe('auditors', () => {
    let transfer: Reply;
    let issuanceBlockNumber: number;

    before(async () => {
      transfer = await flow.transferred();
      expectCommitted(transfer);
      issuanceBlockNumber = (await flow.issued()).body.blockNumber as number;
    });
    it('read the block and the transaction of the transfer, with both endorsing organisations', async () => {
      const tx = await api('GET', `/v1/ledger/transactions/${transfer.body.txId as string}`, { as: 'auditor' });
      expect(tx.status).to.equal(200);
      expect(tx.body.validationCode).to.equal('VALID');
      expect(tx.body.blockNumber).to.equal(transfer.body.blockNumber);
      expect(tx.body.function).to.equal('credits:Transfer');
      const me = await api('GET', '/v1/me', { as: 'developer-admin' });
      const signer = (me.body.user as { enrollmentId: string }).enrollmentId;
      expect(tx.body.creator).to.deep.equal({ mspId: 'DeveloperMSP', commonName: signer });
      const orgs = tx.body.endorsingOrganisations as string[];
      expect(orgs).to.include('GovernmentMSP');
      expect(orgs.length).to.be.at.least(2);
      expect((tx.body.writes as unknown[]).length).to.be.greaterThan(0);
      const block = await api('GET', `/v1/ledger/blocks/${transfer.body.blockNumber as number}`, { as: 'auditor' });
      expect(block.status).to.equal(200);
      const txs = block.body.transactions as { txId: string; validationCode: string; function: string }[];
      expect(txs.find((t) => t.txId === transfer.body.txId)).to.include({
        validationCode: 'VALID',
        function: 'credits:Transfer',
      });
      const chain = await api('GET', '/v1/ledger', { as: 'auditor' });
      expect(chain.body.height).to.be.greaterThan(transfer.body.blockNumber as number);
    });

    it('cannot write: a VIEWER is refused by the chaincode (403)', async () => {
      const reply = await api('POST', '/v1/projects', {
        as: 'auditor',
        body: projectBody('not allowed', 'x', { estimatedAnnualReductions: 1 }),
      });
      expect(reply.status).to.equal(403);
    });

    it('follow committed events as server-sent events from a block number', async () => {
      const controller = new AbortController();
      const response = await fetch(`${baseUrl}/v1/events?fromBlock=${issuanceBlockNumber}`, {
        headers: { authorization: `Bearer ${keyOf('auditor')}` },
        signal: controller.signal,
      });
      expect(response.status).to.equal(200);
      expect(response.headers.get('content-type')).to.match(/^text\/event-stream/);
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      let text = '';
      const deadline = Date.now() + 30_000;
      while (!text.includes('event: CREDITS_ISSUED') && Date.now() < deadline) {
        const chunk: { done: boolean; value?: Uint8Array } = await reader.read();
        if (chunk.done) break;
        text += new TextDecoder().decode(chunk.value);
      }
      controller.abort();
      expect(text).to.include('event: CREDITS_ISSUED');
      expect(text).to.match(new RegExp(`id: ${issuanceBlockNumber}:[0-9a-f]{64}`));
    });
  });

  describe('errors', () => {
    it('a malformed body is 400 and changes nothing', async () => {
      const before = await api('GET', '/v1/ledger', { as: 'auditor' });
      const malformed = await api('POST', '/v1/transfers', { as: 'developer-admin', raw: '{"blockId": ' });
      expect(malformed.status).to.equal(400);
      expect(errorCode(malformed)).to.equal('VALIDATION');
      const invalid = await api('POST', '/v1/transfers', {
        as: 'developer-admin',
        body: { blockId: 'nope', quantity: -1, toAccountId: 'DEV-BETA' },
      });
      expect(invalid.status).to.equal(400);
      const after = await api('GET', '/v1/ledger', { as: 'auditor' });
      expect(after.body.height).to.equal(before.body.height);
    });

    it('an unknown key is 401; an unknown resource is 404', async () => {
      const unknown = await api('GET', '/v1/me', { key: `ncr_${randomBytes(32).toString('base64url')}` });
      expect(unknown.status).to.equal(401);
      expect(unknown.body).to.deep.equal({ error: { code: 'UNAUTHENTICATED', message: 'missing or unknown API key' } });
      const missing = await api('GET', '/v1/projects/GHA-P-0000000000', { as: 'gov-admin' });
      expect(missing.status).to.equal(404);
      expect(errorCode(missing)).to.equal('NOT_FOUND');
      const tx = await api('GET', `/v1/ledger/transactions/${'0'.repeat(64)}`, { as: 'auditor' });
      expect(tx.status).to.equal(404);
    });
  });

  describe('users and documentation', () => {
    it('an account admin creates a user of their own account; the key works once shown', async () => {
      const created = await api('POST', '/v1/users', {
        as: 'developer-admin',
        body: { name: `dev-mgr-${run}`, role: 'MANAGER' },
      });
      expectCommitted(created);
      const user = created.body.user as { apiKey: string; accountId: string; role: string };
      expect(user.accountId).to.equal('DEV-ACME');
      const me = await api('GET', '/v1/me', { key: user.apiKey, url: urlOf('developer-admin') });
      expect(me.status).to.equal(200);
      expect((me.body.ledger as { binding: { role: string } }).binding.role).to.equal('MANAGER');
      const byViewer = await api('POST', '/v1/users', { as: 'auditor', body: { name: `x-${run}`, role: 'VIEWER' } });
      expect(byViewer.status).to.equal(403);
    });

    it('serves the OpenAPI document, Swagger UI and Prometheus metrics', async () => {
      const openapi = await api('GET', '/v1/openapi.json');
      expect(openapi.status).to.equal(200);
      expect(openapi.body.paths).to.have.property('/v1/transfers');
      const docs = await fetch(`${baseUrl}/docs/`);
      expect(docs.status).to.equal(200);
      expect(await docs.text()).to.include('swagger-ui');
      const metrics = await fetch(`${baseUrl}/metrics`);
      const text = await metrics.text();
      expect(text).to.include('ncr_fabric_commit_status_total{code="VALID"}');
      expect(text).to.include('ncr_http_request_duration_seconds_bucket');
    });
  });
});
