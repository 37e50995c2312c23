import {
  assertAuthorised,
  assertIssuable,
  assertVintageNotInFuture,
  conflict,
  deriveReportId,
  EVENTS,
  GetMonitoringReportInputSchema,
  IssueCreditsInputSchema,
  ListMonitoringReportsInputSchema,
  nextReportStatus,
  SubmitMonitoringReportInputSchema,
  validation,
  VerifyMonitoringReportInputSchema,
  yearOf,
  type Account,
  type MonitoringReport,
  type Project,
  type ReportStatus,
  type SubmitMonitoringReportInput,
  type VerifyMonitoringReportInput,
} from '../../domain';
import { ACCOUNTS } from '../accounts/account-state';
import { partyRule } from '../common/auth';
import { contractOf, read, write, type TransactionTable } from '../common/transactions';
import { OBJECT } from '../../domain';
import type { WorldState } from '../common/state';
import { recorded, updated, type TxInfo } from '../common/tx';
import { PROJECTS, projectParty, saveProject } from '../projects/project-state';
import { checkProjectStep } from '../projects/workflow-state';
import { issueBlocks, issuanceRecord, issuedEvent } from './issuance-state';
import { REPORTS, projectReports, saveReport } from './report-state';

/**
 * The period of a new report: vintage inside it and not in the future, over by the transaction time, inside the
 * project's crediting period, overlapping no other live report of the project.
 */
async function assertReportPeriod(
  ws: WorldState,
  input: SubmitMonitoringReportInput,
  project: Project,
  tx: TxInfo,
): Promise<void> {
  assertVintageNotInFuture(input.vintage, tx.year);
  if (input.vintage < yearOf(input.periodStart) || input.vintage > yearOf(input.periodEnd)) {
    throw validation(`vintage ${input.vintage} lies outside the monitoring period`);
  }
  if (input.periodEnd > tx.at.slice(0, 10)) {
    throw validation('the monitoring period has not ended yet');
  }
  if (input.periodStart < project.creditingPeriod.start || input.periodEnd > project.creditingPeriod.end) {
    throw validation('the monitoring period lies outside the crediting period');
  }
  const overlapping = (await projectReports(ws, project.id)).find(
    (r) => r.status !== 'REJECTED' && r.periodStart <= input.periodEnd && input.periodStart <= r.periodEnd,
  );
  if (overlapping !== undefined) {
    throw conflict(`the period overlaps monitoring report ${overlapping.id}`);
  }
}

/**
 * The status a verdict moves a report to (INVALID_STATE unless SUBMITTED); the verified quantity may not exceed the
 * claimed one. Pure: checked before the time check, and used again to write the report.
 */
function verdictStatus(report: MonitoringReport, input: VerifyMonitoringReportInput): ReportStatus {
  const status = nextReportStatus(report.status, input.approved ? 'VERIFY' : 'REJECT');
  if (input.verifiedReductions !== undefined && input.verifiedReductions > report.claimedReductions) {
    throw validation(`verified ${input.verifiedReductions} exceeds the claimed ${report.claimedReductions}`);
  }
  return status;
}

/** What an issuance reads: the report (INVALID_STATE unless VERIFIED), its project, the developer that will own the block. */
async function issuanceOf(
  ws: WorldState,
  input: { readonly reportId: string },
): Promise<{ report: MonitoringReport; status: ReportStatus; project: Project; owner: Account }> {
  const report = await REPORTS.require(ws, input.reportId);
  const status = nextReportStatus(report.status, 'ISSUE');
  const project = await PROJECTS.require(ws, report.projectId);
  const owner = await ACCOUNTS.require(ws, project.developerAccountId);
  return { report, status, project, owner };
}

const MONITORING_TRANSACTIONS = {
  /**
   * Submits a monitoring report for an AUTHORISED project: period inside the crediting period and already over,
   * vintage inside the period and not in the future, no overlap with another live report of the project.
   * Caller: ADMIN or MANAGER of the project's developer account. Emits MONITORING_REPORT_SUBMITTED.
   */
  SubmitMonitoringReport: write(SubmitMonitoringReportInputSchema, {
    ...projectParty('submit monitoring reports', 'DEVELOPER'),
    check: ({ record: project }) => {
      assertAuthorised(project);
    },
    apply: async ({ ws, input, record: project, actor, tx, emit }) => {
      await checkProjectStep(ws, project, 'MONITORING', actor, ['MONITORING_REPORT']);
      await assertReportPeriod(ws, input, project, tx);
      const id = deriveReportId(project.id, tx.txId);
      if ((await REPORTS.get(ws, id)) !== undefined) {
        throw conflict(`monitoring report ${id} already exists; retry the transaction`);
      }
      const report: MonitoringReport = {
        ...input,
        id,
        developerAccountId: project.developerAccountId,
        certifierAccountId: project.certifierAccountId,
        status: 'SUBMITTED',
        submittedBy: actor.ref,
        submittedAt: tx.at,
        submittedTxId: tx.txId,
      };
      await saveReport(ws, report, true);
      const { vintage, periodStart, periodEnd, claimedReductions } = report;
      emit(EVENTS.MONITORING_REPORT_SUBMITTED, {
        reportId: id,
        projectId: project.id,
        vintage,
        periodStart,
        periodEnd,
        claimedReductions,
        document: report.document.sha256,
      });
      return report;
    },
  }),

  /**
   * Verifies a SUBMITTED report with a verified quantity no larger than claimed (VERIFIED) or rejects it
   * (REJECTED, final). Caller: ADMIN or MANAGER of the project's assigned certifier.
   * Emits MONITORING_REPORT_VERIFIED or MONITORING_REPORT_REJECTED.
   */
  VerifyMonitoringReport: write(VerifyMonitoringReportInputSchema, {
    load: (ws, input) => REPORTS.require(ws, input.reportId),
    rule: (report) => partyRule('verify this report (not the assigned certifier)', report, 'CERTIFIER'),
    check: ({ input, record: report }) => {
      verdictStatus(report, input);
    },
    since: (report) => [`monitoring report ${report.id}`, report.submittedAt],
    apply: async ({ ws, input, record: report, actor, tx, emit }) => {
      await checkProjectStep(ws, await PROJECTS.require(ws, report.projectId), 'VERIFICATION', actor, [
        'VERIFICATION_REPORT',
      ]);
      const { approved, verifiedReductions, comment } = input;
      const verification = { approved, verifiedReductions, report: input.report, comment, ...recorded(actor, tx) };
      const next: MonitoringReport = { ...report, status: verdictStatus(report, input), verification };
      await saveReport(ws, next, false);
      const fields = { reportId: report.id, projectId: report.projectId, verifiedReductions };
      emit(approved ? EVENTS.MONITORING_REPORT_VERIFIED : EVENTS.MONITORING_REPORT_REJECTED, {
        ...fields,
        report: input.report.sha256,
      });
      return next;
    },
  }),

  /**
   * Issues exactly the verified quantity of a VERIFIED report, once, with registry-wide serials from the single serial
   * counter (government-only, so that hot key is acceptable): one credit block owned by the developer, and when the
   * profile the project follows sets a share of proceeds aside, the end of the range as a second block owned by the
   * profile's government account (docs/workflows.md). Writes ten keys whatever the quantity, sixteen with a share.
   * Caller: ADMIN or MANAGER of a government account. Emits CREDITS_ISSUED (the share in `shareOfProceeds`).
   */
  IssueCredits: write(IssueCreditsInputSchema, {
    rule: { action: 'issue credits', types: ['GOVERNMENT'] },
    load: issuanceOf,
    since: ({ report, project }) => [
      `monitoring report ${report.id}`,
      report.submittedAt,
      report.verification?.at,
      project.updatedAt,
    ],
    apply: async ({ ws, record, actor, tx, emit }) => {
      const { report, status, project, owner } = record;
      const { quantity, authorisation } = assertIssuable(report, project, owner, tx.year);
      const { profile } = await checkProjectStep(ws, project, 'ISSUANCE', actor);
      const { shareOfProceeds } = profile;
      const issued = await issueBlocks(ws, tx, { report, project, owner, authorisation, quantity, shareOfProceeds });
      await saveReport(ws, { ...report, status, issuance: issuanceRecord(issued, recorded(actor, tx)) }, false);
      await saveProject(ws, { ...project, issuedTotal: project.issuedTotal + quantity, ...updated(tx) }, project);
      emit(EVENTS.CREDITS_ISSUED, issuedEvent(issued));
      return issued.share === undefined ? issued.block : { ...issued.block, shareOfProceeds: issued.share.block };
    },
  }),

  /** Returns a monitoring report. Caller: anyone (project information is public). */
  GetMonitoringReport: read(GetMonitoringReportInputSchema, (ws, input) => REPORTS.require(ws, input.reportId)),

  /** Lists a project's monitoring reports, one page at a time. Caller: anyone. */
  ListMonitoringReports: read(ListMonitoringReportsInputSchema, (ws, input) =>
    REPORTS.pageBy(ws, OBJECT.reportByProject, [input.projectId], input),
  ),
} satisfies TransactionTable;

/** Monitoring reports, their verification by the assigned certifier, and issuance of serialised credits. */
export class MonitoringContract extends contractOf('monitoring', MONITORING_TRANSACTIONS) {}
