import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { expect } from 'chai';
import {
  api,
  doc,
  enrollAtSite,
  errorCode,
  leanInForce,
  projectBody,
  putProfile,
  readModelPast,
  repoRoot,
  request,
  siteHome,
  write,
  type Reply,
  type SiteUser,
} from './support';

/*
 * The Article 6.2 profile on the running network: a project registered under lean keeps lean's steps, one registered
 * after passes the idea note and the no-objection letter, its issuance sets 5% aside for the authority account
 * GOV-NRA, a retirement waits for the government's approval, a suspension unlocks a holder's pending request; then the
 * AEF, the integrity audit and reconcile agree. The lean profile is in force again afterwards.
 */

interface Block {
  id: string;
  ownerAccountId: string;
  projectId: string;
  issuanceReportId: string;
  status: string;
  serialStart: number;
  serialEnd: number;
  quantity: number;
  createdAt: string;
  retirementRequest?: unknown;
  shareOfProceeds?: Block;
  blockNumber: number;
  txId: string;
}
interface Moved {
  moved: Block;
  kept?: Block;
  blockNumber: number;
  txId: string;
}
interface Task {
  kind: string;
  blockId?: string;
  step: string;
  quantity?: number;
  holderAccountId?: string;
}
type Sheet = { sheet: string; columns: string[]; rows: (string | number)[][] };

const GOV = 'GOV-NRA';
const retirement = { beneficiary: 'Volta Schools', purpose: 'VOLUNTARY' } as const;

/** A 409 INVALID_STATE whose message names `text`. */
function expectInvalidState(reply: Reply, text: string): void {
  expect(reply.status, JSON.stringify(reply.body)).to.equal(409);
  expect(errorCode(reply)).to.equal('INVALID_STATE');
  expect(JSON.stringify(reply.body)).to.contain(text);
}

async function blockOf(id: string): Promise<Block> {
  const reply = await api('GET', `/v1/credit-blocks/${id}`, 'gov-admin');
  expect(reply.status, JSON.stringify(reply.body)).to.equal(200);
  return reply.body as unknown as Block;
}

/** What GOV-NRA holds of a project (its balance line; 0 when none). */
async function governmentHolds(projectId: string): Promise<number> {
  const reply = await api('GET', `/v1/accounts/${GOV}/balance`, 'gov-admin');
  expect(reply.status, JSON.stringify(reply.body)).to.equal(200);
  const lines = reply.body.lines as { projectId: string; quantity: number }[];
  return lines.filter((line) => line.projectId === projectId).reduce((sum, line) => sum + line.quantity, 0);
}

/**
 * The retirement-request tasks of `as`, every page, once their own gateway's read model holds `block` (a read model
 * behind the ledger would list what waited before).
 */
async function requestTasks(as: string, block: number): Promise<Task[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const tasks: Task[] = [];
    let next: string | null = null;
    let height = Infinity;
    do {
      const query: string = next === null ? '' : `&after=${encodeURIComponent(next)}`;
      const page = await api('GET', `/v1/tasks?limit=100${query}`, as);
      expect(page.status, JSON.stringify(page.body)).to.equal(200);
      height = Math.min(height, page.body.blockHeight as number);
      tasks.push(...(page.body.items as Task[]).filter((t) => t.kind === 'RETIREMENT_REQUEST'));
      next = page.body.next as string | null;
    } while (next !== null);
    if (height > block) return tasks;
    if (Date.now() > deadline) throw new Error(`${as}'s read model not past block ${String(block)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Every page of the integrity audit: its violations and the last page's totals. */
async function audit(): Promise<string[]> {
  const violations: string[] = [];
  let bookmark = '';
  for (let page = 0; page < 10_000; page++) {
    const query = `pageSize=100${bookmark === '' ? '' : `&bookmark=${encodeURIComponent(bookmark)}`}`;
    const reply = await api('GET', `/v1/audit/integrity?${query}`, 'auditor');
    expect(reply.status, JSON.stringify(reply.body)).to.equal(200);
    violations.push(...(reply.body.violations as string[]));
    if (reply.body.complete === true) return violations;
    bookmark = reply.body.bookmark as string;
  }
  throw new Error('integrity audit did not complete');
}

describe('share of proceeds and retirement approval under the Article 6.2 profile on the running network', function () {
  this.timeout(600_000);
  const run = randomBytes(3).toString('hex').toUpperCase();
  const auth = { p1: `SOP-${run}-P1`, p2: `SOP-${run}-P2` };
  let leanVersion = 0;
  let article6Version = 0;
  let p1 = '';
  let p2 = '';
  let p1Block: Block;
  let p2Block: Block;
  let share: Block;
  let retired: Block;
  let holder: SiteUser;
  const holderId = `DEV-SOP-${run}`;
  let unlocked: Block;
  let lastBlock = 0;

  const committed = (reply: Record<string, unknown>): Record<string, unknown> => {
    lastBlock = Math.max(lastBlock, reply.blockNumber as number);
    return reply;
  };
  const step = async (pathname: string, as: string, body?: unknown): Promise<Record<string, unknown>> =>
    committed(await write(pathname, as, body));

  /** From an authorised project's verified report to its issuance: the REST answer. */
  async function issued(projectId: string, authorisationId: string, quantity: number): Promise<Block> {
    await step(`/v1/projects/${projectId}/authorisation`, 'gov-admin', {
      approved: true,
      authorisationId,
      purposes: 'NDC',
      cooperativeApproachId: 'CA0001',
    });
    const report = await step(`/v1/projects/${projectId}/monitoring-reports`, 'developer-admin', {
      periodStart: '2024-01-01',
      periodEnd: '2024-12-31',
      vintage: 2024,
      claimedReductions: quantity,
      document: doc(`mr-${authorisationId}`),
    });
    await step(`/v1/monitoring-reports/${report.id as string}/verification`, 'certifier-admin', {
      approved: true,
      verifiedReductions: quantity,
      report: doc(`ver-${authorisationId}`),
    });
    return (await step(`/v1/monitoring-reports/${report.id as string}/issuance`, 'gov-admin')) as unknown as Block;
  }

  const validation = (projectId: string): Promise<Reply> =>
    api('POST', `/v1/projects/${projectId}/validation`, 'certifier-admin', { approved: true, report: doc('val') });

  before(async () => {
    leanVersion = await leanInForce();
  });

  // The other specs run on the same network after this one (and follow the lean flow): lean goes back in any case.
  after(async () => {
    await leanInForce();
  });

  it('P1, registered under lean, keeps its lean steps after a government ADMIN switches to Article 6.2, and is issued without a share', async () => {
    const registered = await step('/v1/projects', 'developer-admin', projectBody(`SoP P1 ${run}`, `pdd-p1-${run}`));
    p1 = registered.id as string;
    expect(registered.profileVersion).to.equal(leanVersion);
    const switched = await putProfile('article6');
    expect(switched.status, JSON.stringify(switched.body)).to.equal(201);
    expect(switched.body).to.include({ name: 'Article 6.2', retirementApproval: true });
    expect(switched.body.shareOfProceeds).to.deep.equal({ percent: 5, accountId: GOV });
    article6Version = switched.body.version as number;

    const validated = await validation(p1); // no idea note: lean's steps
    expect(validated.status, JSON.stringify(validated.body)).to.equal(201);
    committed(validated.body);
    p1Block = await issued(p1, auth.p1, 1000);
    expect(p1Block).to.include({ ownerAccountId: 'DEV-ACME', quantity: 1000, status: 'HELD' });
    expect(p1Block.shareOfProceeds).to.equal(undefined);
    const report = await api('GET', `/v1/monitoring-reports/${p1Block.issuanceReportId}`, 'auditor');
    expect(report.body.issuance).to.not.have.property('shareOfProceeds');
    expect(await governmentHolds(p1)).to.equal(0);
  });

  it('P2, registered after, must pass idea note and no-objection (validation before them is 409 naming the step); its issuance sets 5% aside for GOV-NRA', async () => {
    const registered = await step('/v1/projects', 'developer-admin', projectBody(`SoP P2 ${run}`, `pdd-p2-${run}`));
    p2 = registered.id as string;
    expect(registered.profileVersion).to.equal(article6Version);
    expectInvalidState(await validation(p2), 'requires IDEA_NOTE');
    await step(`/v1/projects/${p2}/idea-note`, 'developer-admin', {
      documents: [{ type: 'IDEA_NOTE', ...doc(`idea-${run}`) }],
    });
    expectInvalidState(await validation(p2), 'requires NO_OBJECTION');
    await step(`/v1/projects/${p2}/no-objection`, 'gov-admin', {
      documents: [{ type: 'NO_OBJECTION_LETTER', ...doc(`letter-${run}`) }],
    });
    const validated = await validation(p2);
    expect(validated.status, JSON.stringify(validated.body)).to.equal(201);
    committed(validated.body);

    const before = await governmentHolds(p2);
    p2Block = await issued(p2, auth.p2, 1000);
    share = p2Block.shareOfProceeds!;
    expect(p2Block).to.include({ ownerAccountId: 'DEV-ACME', quantity: 950, status: 'HELD' });
    expect(share).to.include({ ownerAccountId: GOV, quantity: 50, status: 'HELD', projectId: p2 });
    expect(share.issuanceReportId).to.equal(p2Block.issuanceReportId);
    expect(share.serialStart).to.equal(p2Block.serialEnd + 1); // contiguous, the share at the end
    expect(share.serialEnd - p2Block.serialStart + 1).to.equal(1000);

    expect(await blockOf(share.id)).to.include({ ownerAccountId: GOV, quantity: 50, status: 'HELD' });
    expect(await governmentHolds(p2)).to.equal(before + 50);
    const report = await api('GET', `/v1/monitoring-reports/${p2Block.issuanceReportId}`, 'auditor');
    expect(report.body.issuance).to.deep.include({
      blockId: p2Block.id,
      serialStart: p2Block.serialStart,
      serialEnd: share.serialEnd,
      quantity: 1000,
      shareOfProceeds: {
        percent: 5,
        accountId: GOV,
        blockId: share.id,
        serialStart: share.serialStart,
        serialEnd: share.serialEnd,
        quantity: 50,
      },
    });
    const ofGov = await api('GET', `/v1/credit-blocks?owner=${GOV}&project=${p2}`, 'gov-admin');
    expect((ofGov.body.items as Block[]).map((b) => b.id)).to.deep.equal([share.id]);
  });

  it('a retirement waits for government approval: POST /v1/retirements is 409, the request locks the units, the government sees the task and approves', async () => {
    const direct = await api('POST', '/v1/retirements', 'developer-admin', {
      blockId: p2Block.id,
      quantity: 100,
      ...retirement,
    });
    expectInvalidState(direct, 'RequestRetirement');
    expect((await blockOf(p2Block.id)).quantity).to.equal(950);

    const requested = committed(
      await write('/v1/retirement-requests', 'developer-admin', { blockId: p2Block.id, quantity: 100, ...retirement }),
    ) as unknown as Moved;
    const pending = requested.moved;
    expect(pending).to.include({ status: 'PENDING_RETIREMENT', quantity: 100 });
    expect(requested.kept).to.include({ id: p2Block.id, quantity: 850 });
    const locked = await api('POST', '/v1/transfers', 'developer-admin', {
      blockId: pending.id,
      quantity: 100,
      toAccountId: 'DEV-BETA',
    });
    expectInvalidState(locked, 'PENDING_RETIREMENT');

    expect((await requestTasks('gov-admin', lastBlock)).find((t) => t.blockId === pending.id)).to.deep.include({
      step: 'RETIREMENT_APPROVAL',
      quantity: 100,
      holderAccountId: 'DEV-ACME',
    });
    expect(await requestTasks('auditor', lastBlock)).to.deep.equal([]); // a VIEWER decides nothing
    expect(await requestTasks('developer-admin', lastBlock)).to.deep.equal([]);

    const approved = committed(await write(`/v1/retirements/${pending.id}/approve`, 'gov-admin')) as unknown as Moved;
    retired = approved.moved;
    expect(retired).to.include({ id: pending.id, status: 'RETIRED', quantity: 100 });
    const after = await requestTasks('gov-admin', lastBlock);
    expect(after.map((t) => t.blockId)).to.not.include(pending.id);
  });

  it("a suspension of a holder with a pending request unlocks it: the units are HELD again and the government's task is gone", async () => {
    holder = await enrollAtSite('DeveloperMSP', `sop-holder-${run.toLowerCase()}`, holderId, 'ADMIN');
    await step('/v1/accounts', 'gov-admin', {
      id: holderId,
      name: `Share of proceeds holder ${run}`,
      type: 'DEVELOPER',
      country: 'GHA',
      admin: { mspId: holder.mspId, enrollmentId: holder.enrollmentId },
    });
    const received = (await step('/v1/transfers', 'developer-admin', {
      blockId: p2Block.id,
      quantity: 200,
      toAccountId: holderId,
    })) as unknown as Moved;
    const asHolder = (pathname: string, body: unknown): Promise<Reply> =>
      request('POST', pathname, { key: holder.apiKey, url: holder.url, body });
    const requested = await asHolder('/v1/retirement-requests', {
      blockId: received.moved.id,
      quantity: 50,
      ...retirement,
    });
    expect(requested.status, JSON.stringify(requested.body)).to.equal(201);
    const pending = committed(requested.body).moved as Block;
    expect(pending).to.include({ status: 'PENDING_RETIREMENT', ownerAccountId: holderId, quantity: 50 });
    expect((await requestTasks('gov-admin', lastBlock)).map((t) => t.blockId)).to.include(pending.id);

    await step(`/v1/accounts/${holderId}/suspend`, 'gov-admin', { reason: 'registry audit' });
    unlocked = await blockOf(pending.id);
    expect(unlocked).to.include({ status: 'HELD', quantity: 50, ownerAccountId: holderId });
    expect(unlocked.retirementRequest).to.equal(undefined);
    expectInvalidState(await api('POST', `/v1/retirements/${pending.id}/approve`, 'gov-admin'), 'PENDING_RETIREMENT');
    expect((await requestTasks('gov-admin', lastBlock)).map((t) => t.blockId)).to.not.include(pending.id);
    const again = await asHolder('/v1/retirement-requests', { blockId: pending.id, quantity: 50, ...retirement });
    expect(again.status, JSON.stringify(again.body)).to.equal(403); // a suspended account only reads
  });

  it('the AEF for the ledger year counts the issuances, the share and the retirement consistently', async () => {
    await readModelPast(lastBlock);
    const year = Number(p2Block.createdAt.slice(0, 4));
    const reply = await api('GET', `/v1/reports/aef?year=${year}&format=json`, 'auditor');
    expect(reply.status, JSON.stringify(reply.body)).to.equal(200);
    const sheets = reply.body.sheets as Sheet[];
    const rowsOf = (name: string, authorisationId: string): Record<string, string | number>[] => {
      const sheet = sheets.find((s) => s.sheet === name)!;
      return sheet.rows
        .map((row) => Object.fromEntries(sheet.columns.map((column, i) => [column, row[i]!])))
        .filter((row) => row['Authorization ID'] === authorisationId);
    };
    const actions = (a: string) =>
      rowsOf('Table 3 Actions', a).map((r) => [
        r['Action type'],
        r['First ID'],
        r['Last ID'],
        r['Quantity (t CO2 eq)'],
        String(r['Additional explanatory information']).endsWith('; share of proceeds'),
      ]);
    expect(actions(auth.p1)).to.deep.equal([['Authorization', p1Block.serialStart, p1Block.serialEnd, 1000, false]]);
    expect(actions(auth.p2)).to.deep.equal([
      ['Authorization', p2Block.serialStart, p2Block.serialEnd, 950, false],
      ['Authorization', share.serialStart, share.serialEnd, 50, true],
      // the approved request is the retirement; the suspension's cancelled request is no AEF action
      ['Voluntary Cancellation', retired.serialStart, retired.serialEnd, 100, false],
    ]);
    const issuedQuantity = rowsOf('Table 3 Actions', auth.p2)
      .filter((r) => r['Action type'] === 'Authorization')
      .reduce((sum, r) => sum + Number(r['Quantity (t CO2 eq)']), 0);
    expect(issuedQuantity).to.equal(1000);

    // Table 4 (31 December of the current year: today's holdings): what was issued less what was retired.
    const holdings = (a: string) => rowsOf('Table 4 Holdings', a).map((r) => [r['First ID'], r['Quantity (t CO2 eq)']]);
    expect(holdings(auth.p1)).to.deep.equal([[p1Block.serialStart, 1000]]);
    const p2Holdings = holdings(auth.p2);
    expect(p2Holdings).to.deep.include.members([
      [share.serialStart, 50],
      [unlocked.serialStart, 50],
    ]);
    expect(p2Holdings.reduce((sum, [, quantity]) => sum + Number(quantity), 0)).to.equal(900);
    expect(p2Holdings.map(([first]) => first)).to.not.include(retired.serialStart);
  });

  it('the integrity audit finds no violation and reconcile shows no difference', async () => {
    expect(await audit()).to.deep.equal([]);
    const outcome = spawnSync(
      process.execPath,
      [path.join(repoRoot, 'gateway-api', 'dist', 'src', 'read-model', 'reconcile-main.js')],
      { env: { ...process.env, NCR_HOME: siteHome('GovernmentMSP') }, encoding: 'utf8', timeout: 180_000 },
    );
    expect(outcome.stdout, outcome.stderr).to.contain('no differences');
    expect(outcome.status).to.equal(0);
  });

  it('switching back: the lean profile (no share of proceeds, no approval) is in force again and a retirement is direct', async () => {
    const version = await leanInForce();
    expect(version).to.be.greaterThan(article6Version);
    const current = await api('GET', '/v1/workflow-profile', 'auditor');
    expect(current.body).to.deep.include({ name: 'Lean', retirementApproval: false, shareOfProceeds: { percent: 0 } });
    const kept = await blockOf(p2Block.id);
    const direct = await api('POST', '/v1/retirements', 'developer-admin', {
      blockId: kept.id,
      quantity: 1,
      ...retirement,
    });
    expect(direct.status, JSON.stringify(direct.body)).to.equal(201);
  });
});
