import { Context, Contract, Returns, Transaction } from 'fabric-contract-api';
import {
  assertAuthorised,
  assertIssuable,
  assertVintageNotInFuture,
  buildIssuedBlock,
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
  withRange,
  yearOf,
  type MonitoringReport,
} from '../../domain';
import { ACCOUNTS } from '../accounts/account-state';
import { partyRule, requireActor } from '../common/auth';
import { query } from '../common/query';
import { issuanceIndexKey, OBJECT } from '../../domain';
import { WorldState } from '../common/state';
import { actedBy, assertNotBefore, emit, parseInput, recorded, result, txInfo, updated } from '../common/tx';
import { allocateIssuedBlock, saveBlock } from '../credits/block-state';
import { PROJECTS, saveProject } from '../projects/project-state';
import { requireSettings } from '../registry/settings-state';
import { REPORTS, projectReports, saveReport } from './report-state';

/** Monitoring reports, their verification by the assigned certifier, and issuance of serialised credits. */
export class MonitoringContract extends Contract {
  constructor() {
    super('monitoring');
  }

  /**
   * Submits a monitoring report for an AUTHORISED project: period inside the crediting period and already over,
   * vintage inside the period and not in the future, no overlap with another live report of the project.
   * Caller: ADMIN or MANAGER of the project's developer account. Emits MONITORING_REPORT_SUBMITTED.
   */
  @Transaction()
  @Returns('string')
  async SubmitMonitoringReport(ctx: Context, json: string): Promise<string> {
    const input = parseInput(SubmitMonitoringReportInputSchema, json);
    const ws = new WorldState(ctx);
    const project = await PROJECTS.require(ws, input.projectId);
    const actor = await requireActor(ctx, ws, partyRule('submit monitoring reports', project, 'DEVELOPER'));
    assertAuthorised(project);
    const tx = txInfo(ctx);
    assertNotBefore(tx, `project ${project.id}`, project.updatedAt);
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
    emit(ctx, EVENTS.MONITORING_REPORT_SUBMITTED, {
      reportId: id,
      projectId: project.id,
      vintage: report.vintage,
      periodStart: report.periodStart,
      periodEnd: report.periodEnd,
      claimedReductions: report.claimedReductions,
      document: report.document.sha256,
      ...actedBy(actor, tx),
    });
    return result(report);
  }

  /**
   * Verifies a SUBMITTED report with a verified quantity no larger than claimed (VERIFIED) or rejects it
   * (REJECTED, final). Caller: ADMIN or MANAGER of the project's assigned certifier.
   * Emits MONITORING_REPORT_VERIFIED or MONITORING_REPORT_REJECTED.
   */
  @Transaction()
  @Returns('string')
  async VerifyMonitoringReport(ctx: Context, json: string): Promise<string> {
    const input = parseInput(VerifyMonitoringReportInputSchema, json);
    const ws = new WorldState(ctx);
    const report = await REPORTS.require(ws, input.reportId);
    const rule = partyRule('verify this report (not the assigned certifier)', report, 'CERTIFIER');
    const actor = await requireActor(ctx, ws, rule);
    const status = nextReportStatus(report.status, input.approved ? 'VERIFY' : 'REJECT');
    if (input.verifiedReductions !== undefined && input.verifiedReductions > report.claimedReductions) {
      throw validation(`verified ${input.verifiedReductions} exceeds the claimed ${report.claimedReductions}`);
    }
    const tx = txInfo(ctx);
    assertNotBefore(tx, `monitoring report ${report.id}`, report.submittedAt);
    const next: MonitoringReport = {
      ...report,
      status,
      verification: {
        approved: input.approved,
        verifiedReductions: input.verifiedReductions,
        report: input.report,
        comment: input.comment,
        ...recorded(actor, tx),
      },
    };
    await saveReport(ws, next, false);
    emit(ctx, input.approved ? EVENTS.MONITORING_REPORT_VERIFIED : EVENTS.MONITORING_REPORT_REJECTED, {
      reportId: report.id,
      projectId: report.projectId,
      verifiedReductions: input.verifiedReductions,
      report: input.report.sha256,
      ...actedBy(actor, tx),
    });
    return result(next);
  }

  /**
   * Issues exactly the verified quantity of a VERIFIED report, once, as ONE credit block owned by the developer,
   * with registry-wide serials from the single serial counter (government-only, so that hot key is acceptable).
   * Writes the same ten keys whatever the quantity. Caller: ADMIN or MANAGER of a government account.
   * Emits CREDITS_ISSUED.
   */
  @Transaction()
  @Returns('string')
  async IssueCredits(ctx: Context, json: string): Promise<string> {
    const input = parseInput(IssueCreditsInputSchema, json);
    const ws = new WorldState(ctx);
    const actor = await requireActor(ctx, ws, { action: 'issue credits', types: ['GOVERNMENT'] });
    const report = await REPORTS.require(ws, input.reportId);
    const status = nextReportStatus(report.status, 'ISSUE');
    const project = await PROJECTS.require(ws, report.projectId);
    const owner = await ACCOUNTS.require(ws, project.developerAccountId);
    const tx = txInfo(ctx);
    assertNotBefore(
      tx,
      `monitoring report ${report.id}`,
      report.submittedAt,
      report.verification?.at,
      project.updatedAt,
    );
    const { quantity, authorisation } = assertIssuable(report, project, owner, tx.year);
    const settings = await requireSettings(ws);
    const { range, blockId } = await allocateIssuedBlock(ws, tx, quantity);
    const block = withRange(
      buildIssuedBlock({ id: blockId, report, project, owner, authorisation, range, tx }),
      range,
      settings,
    );
    const issuance = { blockId, ...range, ...recorded(actor, tx) };
    await saveBlock(ws, block);
    await ws.write(issuanceIndexKey(range.serialStart), {
      reportId: report.id,
      projectId: project.id,
      vintage: report.vintage,
      ...range,
    });
    await saveReport(ws, { ...report, status, issuance }, false);
    await saveProject(ws, { ...project, issuedTotal: project.issuedTotal + quantity, ...updated(tx) }, project);
    emit(ctx, EVENTS.CREDITS_ISSUED, {
      reportId: report.id,
      projectId: project.id,
      blockId,
      ownerAccountId: owner.id,
      vintage: block.vintage,
      quantity,
      serialStart: block.serialStart,
      serialEnd: block.serialEnd,
      serialNumber: block.serialNumber,
      itmo: block.itmo,
      ...actedBy(actor, tx),
    });
    return result(block);
  }

  /** Returns a monitoring report. Caller: anyone (project information is public). */
  @Transaction(false)
  @Returns('string')
  async GetMonitoringReport(ctx: Context, json: string): Promise<string> {
    return query(ctx, json, GetMonitoringReportInputSchema, (ws, input) => REPORTS.require(ws, input.reportId));
  }

  /** Lists a project's monitoring reports, one page at a time. Caller: anyone. */
  @Transaction(false)
  @Returns('string')
  async ListMonitoringReports(ctx: Context, json: string): Promise<string> {
    return query(ctx, json, ListMonitoringReportsInputSchema, (ws, input) =>
      REPORTS.pageBy(ws, OBJECT.reportByProject, [input.projectId], input),
    );
  }
}
