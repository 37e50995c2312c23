import { expect } from 'chai';
import { api, doc, errorCode, leanInForce, projectBody, request, write } from './support';

interface Task {
  kind: 'PROJECT' | 'REPORT';
  projectId: string;
  reportId?: string;
  step: string;
  actorType: string;
  roles: string[];
  accountId?: string;
  profileVersion: number;
  since: { blockNumber: number; txId: string; at: string };
}

interface Tasks {
  account: { id: string; type: string; role: string };
  items: Task[];
  blockHeight: number;
}

/**
 * Every task of `as`, page after page of `limit`, once their gateway's read model holds block `block` (the write the
 * test waits to see): a read model behind the ledger would list what waited before it.
 */
async function tasksOf(as: string, block: number, limit = 100): Promise<Tasks> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const first = await api('GET', `/v1/tasks?limit=${String(limit)}`, as);
    expect(first.status, JSON.stringify(first.body)).to.equal(200);
    if ((first.body.blockHeight as number) > block) {
      const items = [...(first.body.items as Task[])];
      let next = first.body.next as string | null;
      while (next !== null) {
        const page = await api('GET', `/v1/tasks?limit=${String(limit)}&after=${encodeURIComponent(next)}`, as);
        expect(page.status, JSON.stringify(page.body)).to.equal(200);
        expect((page.body.items as Task[]).length).to.be.at.most(limit);
        items.push(...(page.body.items as Task[]));
        next = page.body.next as string | null;
      }
      return { account: first.body.account as Tasks['account'], items, blockHeight: first.body.blockHeight as number };
    }
    if (Date.now() > deadline) throw new Error(`${as}'s read model not past block ${String(block)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const onProject = (tasks: Tasks, projectId: string): Task[] => tasks.items.filter((t) => t.projectId === projectId);

describe('GET /v1/tasks on the running network: what waits for each user', function () {
  this.timeout(300_000);
  let projectId = '';
  let reportId = '';
  let registered: Record<string, unknown> = {};

  before(async () => {
    // The lean flow (registration, then validation): whatever profile a spec that ran before left in force.
    await leanInForce();
    registered = await write('/v1/projects', 'developer-admin', projectBody('Tasks spec', 'pdd-tasks'));
    projectId = registered.id as string;
  });

  it("lists a registered project's validation for its assigned certifier only, as its workflow names it", async () => {
    const block = registered.blockNumber as number;
    const certifier = await tasksOf('certifier-admin', block);
    expect(certifier.account).to.deep.equal({ id: 'CERT-VVB1', type: 'CERTIFIER', role: 'ADMIN' });
    expect(onProject(certifier, projectId)).to.deep.equal([
      {
        kind: 'PROJECT',
        projectId,
        step: 'VALIDATION',
        actorType: 'CERTIFIER',
        roles: ['ADMIN', 'MANAGER'],
        accountId: 'CERT-VVB1',
        profileVersion: registered.profileVersion,
        since: { blockNumber: block, txId: registered.txId, at: registered.updatedAt },
      },
    ]);
    const workflow = await api('GET', `/v1/projects/${projectId}/workflow`, 'auditor');
    expect(workflow.body.nextStep).to.deep.include({ step: 'VALIDATION', accountId: 'CERT-VVB1' });

    for (const other of ['developer-admin', 'developer2-admin', 'gov-admin']) {
      expect(onProject(await tasksOf(other, block), projectId), other).to.deep.equal([]);
    }
    // Every task of a certifier is its own: its account's validations and verifications.
    for (const task of certifier.items) expect(task).to.include({ actorType: 'CERTIFIER', accountId: 'CERT-VVB1' });
  });

  it('after validation lists the authorisation for the government (not its VIEWER), no longer for the certifier', async () => {
    const validated = await write(`/v1/projects/${projectId}/validation`, 'certifier-admin', {
      approved: true,
      report: doc('tasks-validation'),
    });
    const block = validated.blockNumber as number;
    const government = await tasksOf('gov-admin', block);
    expect(onProject(government, projectId)).to.deep.equal([
      {
        kind: 'PROJECT',
        projectId,
        step: 'AUTHORISATION',
        actorType: 'GOVERNMENT',
        roles: ['ADMIN', 'MANAGER'],
        profileVersion: registered.profileVersion,
        since: { blockNumber: block, txId: validated.txId, at: validated.updatedAt },
      },
    ]);
    expect(onProject(await tasksOf('certifier-admin', block), projectId)).to.deep.equal([]);
    const auditor = await tasksOf('auditor', block);
    expect(auditor.account).to.include({ type: 'GOVERNMENT', role: 'VIEWER' });
    expect(auditor.items).to.deep.equal([]);
  });

  it('after authorisation lists monitoring for its developer (not for another developer)', async () => {
    const authorised = await write(`/v1/projects/${projectId}/authorisation`, 'gov-admin', {
      approved: true,
      authorisationId: `AUTH-TASKS-${projectId}`,
      purposes: 'NDC',
    });
    const block = authorised.blockNumber as number;
    const developer = await tasksOf('developer-admin', block);
    expect(onProject(developer, projectId)).to.deep.equal([
      {
        kind: 'PROJECT',
        projectId,
        step: 'MONITORING',
        actorType: 'DEVELOPER',
        roles: ['ADMIN', 'MANAGER'],
        accountId: 'DEV-ACME',
        profileVersion: registered.profileVersion,
        since: { blockNumber: block, txId: authorised.txId, at: authorised.updatedAt },
      },
    ]);
    expect(onProject(await tasksOf('developer2-admin', block), projectId)).to.deep.equal([]);
    expect(onProject(await tasksOf('gov-admin', block), projectId)).to.deep.equal([]);
  });

  it('lists a submitted report for its certifier to verify, then the verified report for the government to issue', async () => {
    const report = await write(`/v1/projects/${projectId}/monitoring-reports`, 'developer-admin', {
      periodStart: '2024-01-01',
      periodEnd: '2024-12-31',
      vintage: 2024,
      claimedReductions: 700,
      document: doc('tasks-monitoring'),
    });
    reportId = report.id as string;
    const submittedTask = (await tasksOf('certifier-admin', report.blockNumber as number)).items.filter(
      (t) => t.reportId === reportId,
    );
    expect(submittedTask).to.deep.equal([
      {
        kind: 'REPORT',
        projectId,
        reportId,
        step: 'VERIFICATION',
        actorType: 'CERTIFIER',
        roles: ['ADMIN', 'MANAGER'],
        accountId: 'CERT-VVB1',
        profileVersion: registered.profileVersion,
        since: { blockNumber: report.blockNumber, txId: report.txId, at: report.submittedAt },
      },
    ]);

    const verified = await write(`/v1/monitoring-reports/${reportId}/verification`, 'certifier-admin', {
      approved: true,
      verifiedReductions: 700,
      report: doc('tasks-verification'),
    });
    const block = verified.blockNumber as number;
    const government = await tasksOf('gov-admin', block);
    expect(government.items.filter((t) => t.reportId === reportId)).to.deep.include.members([
      {
        kind: 'REPORT',
        projectId,
        reportId,
        step: 'ISSUANCE',
        actorType: 'GOVERNMENT',
        roles: ['ADMIN', 'MANAGER'],
        profileVersion: registered.profileVersion,
        since: { blockNumber: block, txId: verified.txId, at: (verified.verification as { at: string }).at },
      },
    ]);
    expect((await tasksOf('certifier-admin', block)).items.filter((t) => t.reportId === reportId)).to.deep.equal([]);

    const issued = await write(`/v1/monitoring-reports/${reportId}/issuance`, 'gov-admin');
    const after = await tasksOf('gov-admin', issued.blockNumber as number);
    expect(after.items.filter((t) => t.reportId === reportId)).to.deep.equal([]);
  });

  it('pages of one task give the same list as pages of a hundred', async () => {
    const height = (await tasksOf('gov-admin', 0)).blockHeight;
    const whole = await tasksOf('developer-admin', height - 1);
    const byOne = await tasksOf('developer-admin', height - 1, 1);
    expect(whole.items.length).to.be.greaterThan(0);
    expect(byOne.items).to.deep.equal(whole.items);
  });

  it('refuses a bad limit or cursor with 400 VALIDATION and a missing key with 401', async () => {
    for (const query of ['limit=0', 'limit=101', 'limit=1e2', 'after=42', 'after=1.PROJECT.x%20y']) {
      const reply = await api('GET', `/v1/tasks?${query}`, 'developer-admin');
      expect(reply.status, query).to.equal(400);
      expect(errorCode(reply), query).to.equal('VALIDATION');
    }
    const anonymous = await request('GET', '/v1/tasks');
    expect(anonymous.status).to.equal(401);
    expect(errorCode(anonymous)).to.equal('UNAUTHENTICATED');
  });
});
