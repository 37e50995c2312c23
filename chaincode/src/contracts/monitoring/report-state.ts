import { MonitoringReportSchema, MSP_BY_ACCOUNT_TYPE, OBJECT, type MonitoringReport } from '../../domain';
import { recordType } from '../common/records';
import type { WorldState } from '../common/state';

export const REPORTS = recordType(
  OBJECT.report,
  MonitoringReportSchema,
  (id) => `monitoring report ${id} does not exist`,
);

/** Upper bound of reports per project read by the overlap check (one per monitoring period). */
const MAX_REPORTS_PER_PROJECT = 1000;

/**
 * Organisations whose peers must endorse any change of a submitted report: the certifier's verdict (and the
 * issuance that follows it) cannot be forged by the government and the developer together.
 */
const REPORT_ENDORSERS: readonly string[] = [MSP_BY_ACCOUNT_TYPE.GOVERNMENT, MSP_BY_ACCOUNT_TYPE.CERTIFIER];

/** Writes a report with its key-level endorsement policy (REPORT_ENDORSERS) and, when new, its project index. */
export async function saveReport(ws: WorldState, report: MonitoringReport, isNew: boolean): Promise<void> {
  const key = REPORTS.key(ws, report.id);
  await ws.write(key, report);
  await ws.requireEndorsers(key, REPORT_ENDORSERS);
  if (isNew) {
    await ws.writeIndex(ws.key(OBJECT.reportByProject, [report.projectId, report.id]));
  }
}

/** All reports of a project, for the period-overlap check (bounded; a project has one report per period). */
export async function projectReports(ws: WorldState, projectId: string): Promise<MonitoringReport[]> {
  const entries = await ws.all(OBJECT.reportByProject, [projectId], MAX_REPORTS_PER_PROJECT);
  return Promise.all(entries.map((e) => REPORTS.require(ws, e.attributes[1] ?? '')));
}
