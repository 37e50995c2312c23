import { ReportIdSchema } from '@ncr/chaincode/domain';
import { committedOf } from '../http/schemas';
import { Block, Report } from './components';
import { byId, routeTable, transactionRows } from './transaction-route';

/** Reading, verifying a monitoring report, and issuing its credits. */
export const monitoringRoutes = routeTable([
  ...transactionRows('monitoring', byId(ReportIdSchema, 'reportId'), [
    {
      method: 'get',
      path: '/v1/monitoring-reports/:id',
      tx: 'monitoring:GetMonitoringReport',
      summary: 'Get a monitoring report',
      answer: 'the report',
      schema: Report,
    },
    {
      method: 'post',
      path: '/v1/monitoring-reports/:id/verification',
      tx: 'monitoring:VerifyMonitoringReport',
      summary: 'Verify (with the verified quantity) or reject a monitoring report (assigned certifier)',
      answer: 'VERIFIED or REJECTED',
      schema: committedOf(Report),
    },
    {
      method: 'post',
      path: '/v1/monitoring-reports/:id/issuance',
      tx: 'monitoring:IssueCredits',
      summary: 'Issue exactly the verified quantity as serialised credits (government)',
      description:
        "One block for the developer; when the workflow profile the project follows sets a share of proceeds aside, the end of the range is a second block held by the profile's government account (`shareOfProceeds`). The two add up to the verified quantity.",
      answer: "the developer's block, with the share of proceeds' block when one was set aside",
      schema: committedOf(
        Block.extend({
          shareOfProceeds: Block.optional().describe('the share of proceeds, held by its government account'),
        }),
      ),
    },
  ]),
]);
