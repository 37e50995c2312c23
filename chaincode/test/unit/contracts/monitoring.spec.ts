import { expect } from 'chai';
import { ACCOUNTS, doc, ID, World } from '../support/world';
import { compositeKey } from '../support/fake-ledger';
import type { CreditBlock, MonitoringReport, Project } from '../../../src/domain';

describe('monitoring contract', () => {
  let w: World;
  let project: Project;
  beforeEach(async () => {
    w = new World();
    await w.setup();
    project = await w.authorisedProject();
  });

  const submission = (p: Project, overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
    projectId: p.id,
    periodStart: '2023-01-01',
    periodEnd: '2023-12-31',
    vintage: 2023,
    claimedReductions: 5000,
    document: doc('mr'),
    ...overrides,
  });

  describe('SubmitMonitoringReport', () => {
    it('the developer submits a report for an authorised project and emits MONITORING_REPORT_SUBMITTED', async () => {
      const outcome = await w.tx(ID.devAManager, 'monitoring', 'SubmitMonitoringReport', submission(project));
      expect(outcome.error).to.equal(undefined);
      const report = JSON.parse(outcome.result!) as MonitoringReport;
      expect(report.id).to.equal(`${project.id}-M-${outcome.txId.slice(0, 8).toUpperCase()}`);
      expect(report).to.include({
        status: 'SUBMITTED',
        certifierAccountId: ACCOUNTS.certA,
        developerAccountId: ACCOUNTS.devA,
      });
      expect([...outcome.writes.keys()]).to.deep.equal([
        compositeKey('ncr.report', [report.id]),
        compositeKey('ncr.report~project', [project.id, report.id]),
      ]);
      expect(outcome.events.map((e) => e.name)).to.deep.equal(['MONITORING_REPORT_SUBMITTED']);
      expect(JSON.parse(outcome.events[0]!.payload)).to.include({
        reportId: report.id,
        claimedReductions: 5000,
        vintage: 2023,
      });
    });

    it('refuses another company, viewers, and projects that are not authorised', async () => {
      await w.fails('FORBIDDEN', ID.devB, 'monitoring', 'SubmitMonitoringReport', submission(project));
      await w.fails('FORBIDDEN', ID.devAViewer, 'monitoring', 'SubmitMonitoringReport', submission(project));
      const fresh = await w.registerProject();
      await w.fails('INVALID_STATE', ID.devA, 'monitoring', 'SubmitMonitoringReport', submission(fresh));
    });

    it('refuses a future vintage, a vintage outside the period, an unfinished period and one outside the crediting period', async () => {
      await w.fails(
        'VALIDATION',
        ID.devA,
        'monitoring',
        'SubmitMonitoringReport',
        submission(project, { vintage: 2026, periodStart: '2026-01-01', periodEnd: '2026-03-01' }),
      );
      await w.fails(
        'VALIDATION',
        ID.devA,
        'monitoring',
        'SubmitMonitoringReport',
        submission(project, { vintage: 2022 }),
      );
      await w.fails(
        'VALIDATION',
        ID.devA,
        'monitoring',
        'SubmitMonitoringReport',
        submission(project, { vintage: 2025, periodStart: '2025-01-01', periodEnd: '2025-12-31' }),
      );
      await w.fails(
        'VALIDATION',
        ID.devA,
        'monitoring',
        'SubmitMonitoringReport',
        submission(project, { vintage: 2020, periodStart: '2020-01-01', periodEnd: '2020-12-31' }),
      );
      await w.fails(
        'VALIDATION',
        ID.devA,
        'monitoring',
        'SubmitMonitoringReport',
        submission(project, { periodEnd: '2023-02-30' }),
      );
    });

    it('refuses a period overlapping a live report, but not one overlapping a rejected report', async () => {
      const first = await w.ok<MonitoringReport>(ID.devA, 'monitoring', 'SubmitMonitoringReport', submission(project));
      await w.fails(
        'CONFLICT',
        ID.devA,
        'monitoring',
        'SubmitMonitoringReport',
        submission(project, { periodStart: '2023-06-01', periodEnd: '2024-05-31' }),
      );
      await w.ok(ID.certA, 'monitoring', 'VerifyMonitoringReport', {
        reportId: first.id,
        approved: false,
        report: doc('no'),
      });
      await w.ok(ID.devA, 'monitoring', 'SubmitMonitoringReport', submission(project));
    });
  });

  describe('VerifyMonitoringReport', () => {
    it('the assigned certifier verifies a quantity up to the claim and emits MONITORING_REPORT_VERIFIED', async () => {
      const report = await w.ok<MonitoringReport>(ID.devA, 'monitoring', 'SubmitMonitoringReport', submission(project));
      await w.fails('VALIDATION', ID.certA, 'monitoring', 'VerifyMonitoringReport', {
        reportId: report.id,
        approved: true,
        verifiedReductions: 5001,
        report: doc('v'),
      });
      await w.fails('VALIDATION', ID.certA, 'monitoring', 'VerifyMonitoringReport', {
        reportId: report.id,
        approved: true,
        report: doc('v'),
      });
      const outcome = await w.tx(ID.certA, 'monitoring', 'VerifyMonitoringReport', {
        reportId: report.id,
        approved: true,
        verifiedReductions: 4800,
        report: doc('v'),
      });
      expect(outcome.events.map((e) => e.name)).to.deep.equal(['MONITORING_REPORT_VERIFIED']);
      expect(JSON.parse(outcome.result!)).to.deep.include({ status: 'VERIFIED' });
      expect([...outcome.writes.keys()]).to.deep.equal([compositeKey('ncr.report', [report.id])]);
    });

    it('refuses a certifier that is not assigned, the developer, and a report already decided', async () => {
      const report = await w.ok<MonitoringReport>(ID.devA, 'monitoring', 'SubmitMonitoringReport', submission(project));
      const input = { reportId: report.id, approved: true, verifiedReductions: 10, report: doc('v') };
      await w.fails('FORBIDDEN', ID.certB, 'monitoring', 'VerifyMonitoringReport', input);
      await w.fails('FORBIDDEN', ID.devA, 'monitoring', 'VerifyMonitoringReport', input);
      const rejected = await w.tx(ID.certA, 'monitoring', 'VerifyMonitoringReport', {
        reportId: report.id,
        approved: false,
        report: doc('v'),
      });
      expect(rejected.events.map((e) => e.name)).to.deep.equal(['MONITORING_REPORT_REJECTED']);
      await w.fails('INVALID_STATE', ID.certA, 'monitoring', 'VerifyMonitoringReport', input);
    });
  });

  describe('IssueCredits', () => {
    it('issues exactly the verified quantity once, as one block with registry-wide serials, ITMO IDs and ten key writes', async () => {
      const report = await w.verifiedReport(project, 2023, 5000);
      const outcome = await w.tx(ID.govOfficer, 'monitoring', 'IssueCredits', { reportId: report.id });
      expect(outcome.error).to.equal(undefined);
      const block = JSON.parse(outcome.result!) as CreditBlock;
      expect(block).to.deep.include({
        id: `B-${outcome.txId.slice(0, 16).toUpperCase()}-0`,
        projectId: project.id,
        issuanceReportId: report.id,
        vintage: 2023,
        serialStart: 1,
        serialEnd: 5000,
        quantity: 5000,
        ownerAccountId: ACCOUNTS.devA,
        status: 'HELD',
        frozen: false,
        serialNumber: `GHA01-${project.id}-2023-1-5000`,
        itmo: { firstId: 'CA0001-GHA01-GHA-1-2023', lastId: 'CA0001-GHA01-GHA-5000-2023' },
        authorisation: {
          authorisationId: 'GHA-AUTH-2024-001',
          purposes: 'NDC and OIMP',
          firstTransferDefinition: 'Issuance',
          cooperativeApproachId: 'CA0001',
        },
      });
      expect([...outcome.writes.keys()]).to.deep.equal([
        'counter~serial',
        compositeKey('ncr.block', [block.id]),
        compositeKey('ncr.block~project', [project.id, '2023', 'HELD', block.id]),
        compositeKey('ncr.block~status', ['HELD', '2023', block.id]),
        compositeKey('ncr.block~owner', [ACCOUNTS.devA, 'HELD', project.id, '2023', block.id]),
        compositeKey('ncr.block~issuance', [report.id, block.id]),
        'serial~0000000000005000',
        'issuance~0000000000000001',
        compositeKey('ncr.report', [report.id]),
        compositeKey('ncr.project', [project.id]),
      ]);
      expect(outcome.events).to.have.length(1);
      expect(outcome.events[0]!.name).to.equal('CREDITS_ISSUED');
      expect(JSON.parse(outcome.events[0]!.payload)).to.deep.include({
        reportId: report.id,
        blockId: block.id,
        quantity: 5000,
        serialStart: 1,
        serialEnd: 5000,
      });
      expect(w.ledger.get(compositeKey('ncr.report', [report.id]))).to.deep.include({ status: 'ISSUED' });
      expect(w.ledger.get(compositeKey('ncr.project', [project.id]))).to.deep.include({ issuedTotal: 5000 });
      await w.fails('INVALID_STATE', ID.govOfficer, 'monitoring', 'IssueCredits', { reportId: report.id });
    });

    it('writes the same number of keys for one credit and for a billion, and serials continue registry-wide', async () => {
      const one = await w.verifiedReport(project, 2022, 1);
      const small = await w.tx(ID.govOfficer, 'monitoring', 'IssueCredits', { reportId: one.id });
      const hugeProject = await w.ok<Project>(
        ID.devB,
        'projects',
        'RegisterProject',
        w.projectInput({ estimatedAnnualReductions: 1_000_000_000 }),
      );
      await w.ok(ID.certA, 'projects', 'ValidateProject', {
        projectId: hugeProject.id,
        approved: true,
        report: doc('v'),
      });
      await w.ok(ID.govOfficer, 'projects', 'AuthoriseProject', {
        projectId: hugeProject.id,
        approved: true,
        authorisationId: 'A-2',
        purposes: 'NDC',
      });
      const billion = await w.verifiedReport(hugeProject, 2023, 1_000_000_000, ID.devB);
      const large = await w.tx(ID.govOfficer, 'monitoring', 'IssueCredits', { reportId: billion.id });
      expect(large.error).to.equal(undefined);
      expect(large.writes.size).to.equal(small.writes.size);
      const block = JSON.parse(large.result!) as CreditBlock;
      expect([block.serialStart, block.serialEnd]).to.deep.equal([2, 1_000_000_001]);
      expect(block.itmo).to.equal(undefined);
    });

    it('refuses non-government issuance, unverified reports, caps and suspended owners', async () => {
      const report = await w.verifiedReport(project, 2023, 5000);
      await w.fails('FORBIDDEN', ID.devA, 'monitoring', 'IssueCredits', { reportId: report.id });
      await w.fails('FORBIDDEN', ID.certA, 'monitoring', 'IssueCredits', { reportId: report.id });
      await w.fails('FORBIDDEN', ID.stranger, 'monitoring', 'IssueCredits', { reportId: report.id });
      await w.fails('NOT_FOUND', ID.govOfficer, 'monitoring', 'IssueCredits', { reportId: `${project.id}-M-00000000` });
      const submitted = await w.ok<MonitoringReport>(ID.devA, 'monitoring', 'SubmitMonitoringReport', {
        projectId: project.id,
        periodStart: '2022-01-01',
        periodEnd: '2022-12-31',
        vintage: 2022,
        claimedReductions: 10,
        document: doc('mr22'),
      });
      await w.fails('INVALID_STATE', ID.govOfficer, 'monitoring', 'IssueCredits', { reportId: submitted.id });
      await w.ok(ID.govAdmin, 'accounts', 'SuspendAccount', { accountId: ACCOUNTS.devA, reason: 'x' });
      await w.fails('INVALID_STATE', ID.govOfficer, 'monitoring', 'IssueCredits', { reportId: report.id });
    });

    it('refuses issuance beyond the estimate over the crediting period and beyond the authorised quantity', async () => {
      const capped = await w.registerProject(ID.devA, {
        estimatedAnnualReductions: 100,
        creditingPeriod: { start: '2021-01-01', end: '2023-12-31' },
      });
      await w.ok(ID.certA, 'projects', 'ValidateProject', { projectId: capped.id, approved: true, report: doc('v') });
      await w.ok(ID.govOfficer, 'projects', 'AuthoriseProject', {
        projectId: capped.id,
        approved: true,
        authorisationId: 'A-3',
        purposes: 'NDC',
        authorisedQuantity: 250,
      });
      const r1 = await w.verifiedReport(capped, 2021, 200);
      await w.ok(ID.govOfficer, 'monitoring', 'IssueCredits', { reportId: r1.id });
      const r2 = await w.verifiedReport(capped, 2022, 100);
      const message = await w.fails('INVALID_STATE', ID.govOfficer, 'monitoring', 'IssueCredits', { reportId: r2.id });
      expect(message).to.contain('authorised quantity 250');
      const over = await w.registerProject(ID.devA, {
        estimatedAnnualReductions: 100,
        creditingPeriod: { start: '2021-01-01', end: '2022-12-31' },
      });
      await w.ok(ID.certA, 'projects', 'ValidateProject', { projectId: over.id, approved: true, report: doc('v') });
      await w.ok(ID.govOfficer, 'projects', 'AuthoriseProject', {
        projectId: over.id,
        approved: true,
        authorisationId: 'A-4',
        purposes: 'NDC',
      });
      const r3 = await w.verifiedReport(over, 2021, 201);
      const capMessage = await w.fails('INVALID_STATE', ID.govOfficer, 'monitoring', 'IssueCredits', {
        reportId: r3.id,
      });
      expect(capMessage).to.contain('(200)');
    });
  });

  describe('reads', () => {
    it('GetMonitoringReport and ListMonitoringReports are public', async () => {
      const report = await w.verifiedReport(project, 2023, 10);
      expect(await w.ok(ID.stranger, 'monitoring', 'GetMonitoringReport', { reportId: report.id })).to.deep.equal(
        report,
      );
      const list = await w.ok<{ items: MonitoringReport[] }>(ID.stranger, 'monitoring', 'ListMonitoringReports', {
        projectId: project.id,
      });
      expect(list.items.map((r) => r.id)).to.deep.equal([report.id]);
    });
  });
});
