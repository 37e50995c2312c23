import {
  CreditBlockSchema,
  MonitoringReportSchema,
  ReportIdSchema,
  VerifyMonitoringReportInputSchema,
} from '@ncr/chaincode/domain';
import { z } from 'zod';
import { type Route, created, defineRoute, ok } from '../http/route';
import { bodyWithout, committedOf } from '../http/schemas';
import { identityOf } from '../identity/users';
import type { RouteDeps } from './deps';

const Report = MonitoringReportSchema.meta({ id: 'MonitoringReport' });
const Block = CreditBlockSchema.meta({ id: 'CreditBlock' });
const reportParams = z.object({ id: ReportIdSchema });

export function monitoringRoutes(deps: RouteDeps): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/monitoring-reports/:id',
      tag: 'monitoring',
      summary: 'Get a monitoring report',
      params: reportParams,
      responses: { 200: { description: 'the report', schema: Report } },
      handler: async ({ params, user }) =>
        ok(await deps.registry.evaluate(identityOf(user), 'monitoring:GetMonitoringReport', { reportId: params.id })),
    }),
    defineRoute({
      method: 'post',
      path: '/v1/monitoring-reports/:id/verification',
      tag: 'monitoring',
      summary: 'Verify (with the verified quantity) or reject a monitoring report (assigned certifier)',
      write: true,
      params: reportParams,
      body: bodyWithout(VerifyMonitoringReportInputSchema, 'reportId'),
      responses: { 201: { description: 'VERIFIED or REJECTED', schema: committedOf(Report) } },
      handler: async ({ params, body, user }) =>
        created(
          await deps.registry.submit(identityOf(user), 'monitoring:VerifyMonitoringReport', {
            ...(body as Omit<z.input<typeof VerifyMonitoringReportInputSchema>, 'reportId'>),
            reportId: params.id,
          }),
        ),
    }),
    defineRoute({
      method: 'post',
      path: '/v1/monitoring-reports/:id/issuance',
      tag: 'monitoring',
      summary: 'Issue exactly the verified quantity as one serialised credit block (government)',
      write: true,
      params: reportParams,
      responses: { 201: { description: 'the issued block', schema: committedOf(Block) } },
      handler: async ({ params, user }) =>
        created(await deps.registry.submit(identityOf(user), 'monitoring:IssueCredits', { reportId: params.id })),
    }),
  ];
}
