import {
  CreditBlockSchema,
  GetMonitoringReportInputSchema,
  IssueCreditsInputSchema,
  MonitoringReportSchema,
  ReportIdSchema,
  VerifyMonitoringReportInputSchema,
} from '@ncr/chaincode/domain';
import { z } from 'zod';
import type { Route } from '../http/route';
import { committedOf } from '../http/schemas';
import type { RouteDeps } from './deps';
import { transactionRoute } from './transaction-route';

const Report = MonitoringReportSchema.meta({ id: 'MonitoringReport' });
const Block = CreditBlockSchema.meta({ id: 'CreditBlock' });
/** The report in the path: `:id` is the input's `reportId`. */
const ofReport = { params: z.object({ id: ReportIdSchema }), fromPath: { id: 'reportId' } } as const;

export function monitoringRoutes(deps: RouteDeps): Route[] {
  return [
    transactionRoute(deps, {
      method: 'get',
      path: '/v1/monitoring-reports/:id',
      tag: 'monitoring',
      summary: 'Get a monitoring report',
      tx: 'monitoring:GetMonitoringReport',
      input: GetMonitoringReportInputSchema,
      ...ofReport,
      responses: { 200: { description: 'the report', schema: Report } },
    }),
    transactionRoute(deps, {
      method: 'post',
      path: '/v1/monitoring-reports/:id/verification',
      tag: 'monitoring',
      summary: 'Verify (with the verified quantity) or reject a monitoring report (assigned certifier)',
      tx: 'monitoring:VerifyMonitoringReport',
      input: VerifyMonitoringReportInputSchema,
      ...ofReport,
      responses: { 201: { description: 'VERIFIED or REJECTED', schema: committedOf(Report) } },
    }),
    transactionRoute(deps, {
      method: 'post',
      path: '/v1/monitoring-reports/:id/issuance',
      tag: 'monitoring',
      summary: 'Issue exactly the verified quantity as one serialised credit block (government)',
      tx: 'monitoring:IssueCredits',
      input: IssueCreditsInputSchema,
      ...ofReport,
      responses: { 201: { description: 'the issued block', schema: committedOf(Block) } },
    }),
  ];
}
