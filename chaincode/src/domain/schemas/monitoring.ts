import { z } from 'zod';
import {
  ACTED_FIELDS,
  ActorRefSchema,
  DocumentRefSchema,
  IsoDateSchema,
  LongTextSchema,
  PaginationSchema,
  ProjectIdSchema,
  QuantitySchema,
  ReportIdSchema,
  ReportStatusSchema,
  SERIAL_RANGE_FIELDS,
  YearSchema,
} from './primitives';

/** Monitoring reports, verification and issuance: assets and transaction inputs. */

/** The share of proceeds an issuance set aside (docs/workflows.md): its percent, receiving account and block. */
export const ShareOfProceedsRecordSchema = z.object({
  percent: z.number().int(),
  accountId: z.string(),
  blockId: z.string(),
  ...SERIAL_RANGE_FIELDS,
});

/**
 * An issuance as its report records it: the whole issued range and quantity, the developer's block, and the share of
 * proceeds when the project's profile set one aside (the end of the range, in a block of its own).
 */
export const IssuanceRecordSchema = z.object({
  blockId: z.string(),
  ...SERIAL_RANGE_FIELDS,
  shareOfProceeds: ShareOfProceedsRecordSchema.optional(),
  ...ACTED_FIELDS,
});

export const MonitoringReportSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  developerAccountId: z.string(),
  certifierAccountId: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  vintage: z.number().int(),
  claimedReductions: z.number().int(),
  document: z.object({ uri: z.string(), sha256: z.string() }),
  status: ReportStatusSchema,
  submittedBy: ActorRefSchema,
  submittedAt: z.string(),
  submittedTxId: z.string(),
  verification: z
    .object({
      approved: z.boolean(),
      verifiedReductions: z.number().int().optional(),
      report: z.object({ uri: z.string(), sha256: z.string() }),
      comment: z.string().optional(),
      ...ACTED_FIELDS,
    })
    .optional(),
  issuance: IssuanceRecordSchema.optional(),
});

export const SubmitMonitoringReportInputSchema = z
  .strictObject({
    projectId: ProjectIdSchema,
    periodStart: IsoDateSchema,
    periodEnd: IsoDateSchema,
    vintage: YearSchema,
    claimedReductions: QuantitySchema,
    document: DocumentRefSchema,
  })
  .refine((r) => r.periodStart <= r.periodEnd, 'monitoring period must not end before it starts');

export const ReportRefInputSchema = z.strictObject({ reportId: ReportIdSchema });

export const GetMonitoringReportInputSchema = ReportRefInputSchema;

export const IssueCreditsInputSchema = ReportRefInputSchema;

export const ListMonitoringReportsInputSchema = PaginationSchema.extend({ projectId: ProjectIdSchema });

export const VerifyMonitoringReportInputSchema = z
  .strictObject({
    reportId: ReportIdSchema,
    approved: z.boolean(),
    verifiedReductions: QuantitySchema.optional(),
    report: DocumentRefSchema,
    comment: LongTextSchema.optional(),
  })
  .refine((v) => v.approved === (v.verifiedReductions !== undefined), {
    message: 'verifiedReductions is required when approved and not allowed when rejected',
    path: ['verifiedReductions'],
  });

export type IssuanceRecord = z.infer<typeof IssuanceRecordSchema>;

export type MonitoringReport = z.infer<typeof MonitoringReportSchema>;

export type SubmitMonitoringReportInput = z.infer<typeof SubmitMonitoringReportInputSchema>;

export type VerifyMonitoringReportInput = z.infer<typeof VerifyMonitoringReportInputSchema>;

export type IssueCreditsInput = z.infer<typeof IssueCreditsInputSchema>;

export type GetMonitoringReportInput = z.infer<typeof GetMonitoringReportInputSchema>;

export type ListMonitoringReportsInput = z.infer<typeof ListMonitoringReportsInputSchema>;
