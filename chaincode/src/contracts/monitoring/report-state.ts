import { foundingMsp, MonitoringReportSchema, OBJECT, type MonitoringReport } from '../../domain';
import { recordType } from '../common/records';
import type { WorldState } from '../common/state';
import { requireSettings } from '../registry/settings-state';

export const REPORTS = recordType(
  OBJECT.report,
  MonitoringReportSchema,
  (id) => `monitoring report ${id} does not exist`,
);

/** Upper bound of reports per project read by the overlap check (one per monitoring period). */
const MAX_REPORTS_PER_PROJECT = 1000;

/**
 * Writes a report with its key-level endorsement policy and, when new, its project index. The organisations whose
 * peers must endorse any change of a submitted report are the government's and the certifiers': the certifier's
 * verdict (and the issuance that follows it) cannot be forged by the government and the developer together.
 */
export async function saveReport(ws: WorldState, report: MonitoringReport, isNew: boolean): Promise<void> {
  const key = REPORTS.key(ws, report.id);
  const { governmentMspId } = await requireSettings(ws);
  await ws.write(key, report);
  await ws.requireEndorsers(key, [foundingMsp('GOVERNMENT', governmentMspId), foundingMsp('CERTIFIER')]);
  if (isNew) {
    await ws.writeIndex(ws.key(OBJECT.reportByProject, [report.projectId, report.id]));
  }
}

/** All reports of a project, for the period-overlap check (bounded; a project has one report per period). */
export async function projectReports(ws: WorldState, projectId: string): Promise<MonitoringReport[]> {
  const entries = await ws.all(OBJECT.reportByProject, [projectId], MAX_REPORTS_PER_PROJECT);
  return Promise.all(entries.map((e) => REPORTS.require(ws, e.attributes[1] ?? '')));
}
