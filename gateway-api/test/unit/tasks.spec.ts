import { expect } from 'chai';
import {
  LEAN_PROFILE,
  type CreditBlock,
  type MonitoringReport,
  type ProfileInForce,
  type Project,
  type WorkflowProfile,
} from '@ncr/chaincode/domain';
import { ACCOUNTS, ID, World, doc } from '@ncr/chaincode/test-support';
import { type TaskCaller, callerTasks, takesTask, taskOf } from '../../src/tasks/select';

const caller = (id: string, type: TaskCaller['type'], role: TaskCaller['role'] = 'ADMIN'): TaskCaller => ({
  id,
  type,
  role,
});
const CALLERS = {
  devA: caller(ACCOUNTS.devA, 'DEVELOPER'),
  devAViewer: caller(ACCOUNTS.devA, 'DEVELOPER', 'VIEWER'),
  devB: caller(ACCOUNTS.devB, 'DEVELOPER'),
  certA: caller(ACCOUNTS.certA, 'CERTIFIER'),
  certB: caller(ACCOUNTS.certB, 'CERTIFIER'),
  gov: caller(ACCOUNTS.gov, 'GOVERNMENT'),
  govManager: caller(ACCOUNTS.gov, 'GOVERNMENT', 'MANAGER'),
  govViewer: caller(ACCOUNTS.gov, 'GOVERNMENT', 'VIEWER'),
};

/** Profile version 7: Article 6.2-like, idea note and no-objection used, authorisation by a government ADMIN only. */
const STRICT: WorkflowProfile = {
  ...LEAN_PROFILE,
  name: 'Strict',
  steps: {
    ...LEAN_PROFILE.steps,
    IDEA_NOTE: { ...LEAN_PROFILE.steps.IDEA_NOTE, used: true },
    NO_OBJECTION: { ...LEAN_PROFILE.steps.NO_OBJECTION, used: true },
    AUTHORISATION: { ...LEAN_PROFILE.steps.AUTHORISATION, roles: ['ADMIN'] },
  },
};
const profiles = (version: number): ProfileInForce => {
  if (version !== 7) throw new Error(`no profile version ${String(version)} in this test`);
  return { version, profile: STRICT };
};

const DEV_A_ADMIN = { accountId: ACCOUNTS.devA, mspId: 'DeveloperMSP', enrollmentId: ID.devA.cn };

const projectAt = (project: Project, blockNumber = 10) =>
  ({ kind: 'PROJECT', project, blockNumber, txId: `tx-${project.id}` }) as const;
const reportAt = (project: Project, report: MonitoringReport, blockNumber = 20) =>
  ({ kind: 'REPORT', project, report, blockNumber, txId: `tx-${report.id}` }) as const;
const requestAt = (project: Project, block: CreditBlock, blockNumber = 30) =>
  ({ kind: 'RETIREMENT_REQUEST', project, block, blockNumber, txId: `tx-${block.id}` }) as const;

/** Who, among the test callers, has a task on `candidate`, and which step. */
function whoActs(candidate: Parameters<typeof callerTasks>[1][number]): Record<string, string> {
  return Object.fromEntries(
    Object.entries(CALLERS).flatMap(([name, who]) =>
      callerTasks(who, [candidate], profiles).map((t) => [name, t.step]),
    ),
  );
}

describe('tasks: what waits for whom (records written by the chaincode on the fake ledger)', () => {
  const world = new World();
  let submitted: Project;
  let validated: Project;
  let authorised: Project;
  let rejected: Project;
  let submittedReport: MonitoringReport;
  let verifiedReport: MonitoringReport;
  let issuedReport: MonitoringReport;
  let pending: CreditBlock;

  before(async () => {
    await world.setup();
    submitted = await world.registerProject(ID.devA);
    validated = await world.registerProject(ID.devA, { certifierAccountId: ACCOUNTS.certB });
    validated = await world.ok<Project>(ID.certB, 'projects', 'ValidateProject', {
      projectId: validated.id,
      approved: true,
      report: doc('validation'),
    });
    rejected = await world.registerProject(ID.devB);
    rejected = await world.ok<Project>(ID.certA, 'projects', 'ValidateProject', {
      projectId: rejected.id,
      approved: true,
      report: doc('validation-2'),
    });
    rejected = await world.ok<Project>(ID.govAdmin, 'projects', 'AuthoriseProject', {
      projectId: rejected.id,
      approved: false,
      comment: 'not in the national plan',
    });
    authorised = await world.authorisedProject(ID.devA);
    verifiedReport = await world.verifiedReport(authorised, 2023);
    submittedReport = await world.ok<MonitoringReport>(ID.devA, 'monitoring', 'SubmitMonitoringReport', {
      projectId: authorised.id,
      periodStart: '2024-01-01',
      periodEnd: '2024-12-31',
      vintage: 2024,
      claimedReductions: 100,
      document: doc('monitoring-2024'),
    });
    const toIssue = await world.verifiedReport(authorised, 2022);
    await world.ok(ID.govOfficer, 'monitoring', 'IssueCredits', { reportId: toIssue.id });
    issuedReport = await world.ok<MonitoringReport>(ID.certA, 'monitoring', 'GetMonitoringReport', {
      reportId: toIssue.id,
    });
    const issued = await world.ok<CreditBlock>(ID.govOfficer, 'monitoring', 'IssueCredits', {
      reportId: (await world.verifiedReport(authorised, 2021, 100)).id,
    });
    await world.ok(ID.govAdmin, 'registry', 'UpdateWorkflowProfile', { ...LEAN_PROFILE, retirementApproval: true });
    const requested = await world.ok<{ moved: CreditBlock }>(ID.devA, 'credits', 'RequestRetirement', {
      blockId: issued.id,
      quantity: 40,
      beneficiary: 'Volta Schools',
      purpose: 'VOLUNTARY',
    });
    pending = requested.moved;
  });

  it('a submitted project waits for its assigned certifier only (ADMIN or MANAGER), not for its developer', () => {
    expect(submitted.status).to.equal('SUBMITTED');
    expect(whoActs(projectAt(submitted))).to.deep.equal({ certA: 'VALIDATION' });
    const [task] = callerTasks(CALLERS.certA, [projectAt(submitted, 42)], profiles);
    expect(task).to.deep.equal({
      kind: 'PROJECT',
      projectId: submitted.id,
      step: 'VALIDATION',
      actorType: 'CERTIFIER',
      roles: ['ADMIN', 'MANAGER'],
      accountId: ACCOUNTS.certA,
      profileVersion: 0,
      since: { blockNumber: 42, txId: `tx-${submitted.id}`, at: submitted.updatedAt },
    });
    expect(takesTask(caller(ACCOUNTS.certA, 'CERTIFIER', 'MANAGER'), task!)).to.equal(true);
    expect(takesTask(caller(ACCOUNTS.certA, 'CERTIFIER', 'VIEWER'), task!)).to.equal(false);
  });

  it('a validated project waits for the government (any government account, ADMIN or MANAGER; not a VIEWER)', () => {
    expect(validated.status).to.equal('VALIDATED');
    expect(whoActs(projectAt(validated))).to.deep.equal({ gov: 'AUTHORISATION', govManager: 'AUTHORISATION' });
    const [task] = callerTasks(CALLERS.gov, [projectAt(validated)], profiles);
    expect(task).to.include({ step: 'AUTHORISATION', actorType: 'GOVERNMENT' });
    expect(task).to.not.have.property('accountId');
  });

  it('an authorised project waits for its developer to submit monitoring reports; a refused one waits for nobody', () => {
    expect(whoActs(projectAt(authorised))).to.deep.equal({ devA: 'MONITORING' });
    expect(rejected.status).to.equal('REJECTED');
    expect(whoActs(projectAt(rejected))).to.deep.equal({});
  });

  it('a submitted report waits for its certifier to verify, a verified one for the government to issue, an issued one for nobody', () => {
    expect(whoActs(reportAt(authorised, submittedReport))).to.deep.equal({ certA: 'VERIFICATION' });
    expect(callerTasks(CALLERS.certA, [reportAt(authorised, submittedReport)], profiles)).to.deep.equal([
      {
        kind: 'REPORT',
        projectId: authorised.id,
        reportId: submittedReport.id,
        step: 'VERIFICATION',
        actorType: 'CERTIFIER',
        roles: ['ADMIN', 'MANAGER'],
        accountId: ACCOUNTS.certA,
        profileVersion: 0,
        since: { blockNumber: 20, txId: `tx-${submittedReport.id}`, at: submittedReport.submittedAt },
      },
    ]);
    expect(whoActs(reportAt(authorised, verifiedReport))).to.deep.equal({ gov: 'ISSUANCE', govManager: 'ISSUANCE' });
    expect(issuedReport.status).to.equal('ISSUED');
    expect(whoActs(reportAt(authorised, issuedReport))).to.deep.equal({});
  });

  it("follows the project's own profile version: idea note, then no-objection, then authorisation by ADMIN only", () => {
    const strict = (project: Project, ...steps: ('IDEA_NOTE' | 'NO_OBJECTION')[]): Project => ({
      ...project,
      profileVersion: 7,
      steps: steps.map((step) => ({ step, by: DEV_A_ADMIN, at: project.updatedAt, txId: `tx-${step}`, documents: [] })),
    });
    expect(whoActs(projectAt(strict(submitted)))).to.deep.equal({ devA: 'IDEA_NOTE' });
    expect(whoActs(projectAt(strict(submitted, 'IDEA_NOTE')))).to.deep.equal({
      gov: 'NO_OBJECTION',
      govManager: 'NO_OBJECTION',
    });
    expect(whoActs(projectAt(strict(validated)))).to.deep.equal({ devA: 'IDEA_NOTE' });
    const authorisation = taskOf(profiles(7), projectAt(strict(validated, 'IDEA_NOTE', 'NO_OBJECTION')));
    expect(authorisation).to.deep.include({ step: 'AUTHORISATION', roles: ['ADMIN'], profileVersion: 7 });
    expect(takesTask(CALLERS.gov, authorisation!)).to.equal(true);
    expect(takesTask(CALLERS.govManager, authorisation!)).to.equal(false);
  });

  it('a retirement request waits for the ADMIN or MANAGER of a government account (not a VIEWER, nor its holder)', () => {
    expect(pending.status).to.equal('PENDING_RETIREMENT');
    expect(whoActs(requestAt(authorised, pending))).to.deep.equal({
      gov: 'RETIREMENT_APPROVAL',
      govManager: 'RETIREMENT_APPROVAL',
    });
    expect(callerTasks(CALLERS.govManager, [requestAt(authorised, pending, 55)], profiles)).to.deep.equal([
      {
        kind: 'RETIREMENT_REQUEST',
        projectId: authorised.id,
        blockId: pending.id,
        quantity: 40,
        holderAccountId: ACCOUNTS.devA,
        step: 'RETIREMENT_APPROVAL',
        actorType: 'GOVERNMENT',
        roles: ['ADMIN', 'MANAGER'],
        since: { blockNumber: 55, txId: `tx-${pending.id}`, at: pending.retirementRequest!.at },
      },
    ]);
    // once decided (or unlocked by a suspension) the block is HELD again: nothing waits
    expect(whoActs(requestAt(authorised, { ...pending, status: 'HELD', retirementRequest: undefined }))).to.deep.equal(
      {},
    );
  });

  it('keeps the order of the candidates and leaves out those that wait for someone else', () => {
    const candidates = [projectAt(submitted, 1), projectAt(authorised, 2), reportAt(authorised, submittedReport, 3)];
    expect(callerTasks(CALLERS.certA, candidates, profiles).map((t) => [t.kind, t.since.blockNumber])).to.deep.equal([
      ['PROJECT', 1],
      ['REPORT', 3],
    ]);
    expect(callerTasks(CALLERS.certB, candidates, profiles)).to.deep.equal([]);
    expect(callerTasks(CALLERS.devB, candidates, profiles)).to.deep.equal([]);
  });
});
