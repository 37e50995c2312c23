import type { Response } from 'express';
import { FORMATS } from '@ncr/chaincode/domain';
import { z } from 'zod';
import { AefUnreportableError, ApiError, ReadModelDiskFullError, ReadModelUnavailableError } from '../errors';
import { type Route, defineRoute, ok } from '../http/route';
import { decimalInt, looseObject } from '../http/schemas';
import { isDiskFull } from '../read-model/disk';
import type { ReadModelStore } from '../read-model/store';
import { computeAef } from '../reports/aef/compute';
import type { AefInput, AefReport } from '../reports/aef/model';
import { aefInputFrom } from '../reports/aef/source';
import { AefValidationError } from '../reports/aef/validate';
import { toCsv, toJson, toXlsx } from '../reports/aef/writers';
import { requireGovernmentUser } from './caller';
import type { RouteDeps } from './deps';

/** Response header of read-model-backed answers that are not JSON: the block height they reflect. */
const BLOCK_HEIGHT_HEADER = 'X-Ledger-Block-Height';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const TABLES = {
  '1': 'table1',
  '2': 'table2',
  '3': 'table3',
  '4': 'table4',
  '5': 'table5',
  summary: 'summary',
} as const;

const aefQuery = z
  .object({
    year: decimalInt({ min: 1990, max: 2100 }),
    format: z.enum(['xlsx', 'json', 'csv']).default('xlsx'),
    version: z.string().regex(FORMATS.submissionVersion, 'a version such as 1.0').default('1.0'),
    table: z.enum(Object.keys(TABLES) as [keyof typeof TABLES, ...(keyof typeof TABLES)[]]).optional(),
  })
  .refine((q) => q.format !== 'csv' || q.table !== undefined, {
    message: 'format=csv needs table=1|2|3|4|5|summary (one CSV per table)',
    path: ['table'],
  });

export function withStore<T>(deps: RouteDeps, read: (store: ReadModelStore) => T): T {
  if (deps.readModel === undefined) throw new ReadModelUnavailableError('this gateway has no read model configured');
  let store: ReadModelStore;
  try {
    store = deps.readModel();
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ReadModelUnavailableError('the read model database is not available yet (is gateway-readmodel running?)');
  }
  try {
    return read(store);
  } catch (err) {
    if (isDiskFull(err)) throw new ReadModelDiskFullError();
    throw err;
  } finally {
    store.close();
  }
}

/** Reports computed from the read model (block-event projection in SQLite). */
/** The report, or 422 AEF_VALIDATION naming the table, row and column whose value cannot be reported. */
function aefOrUnprocessable(input: AefInput): AefReport {
  try {
    return computeAef(input);
  } catch (err) {
    if (err instanceof AefValidationError) throw new AefUnreportableError(err.message, { cause: err });
    throw err;
  }
}

const readModelStatus = z.object({
  blockHeight: z.number().int().describe('blocks [0, blockHeight) are projected'),
  lastBlockHash: z.string().nullable(),
  lastTransactionAt: z.string().nullable(),
});

/** Answers the report in the requested format: JSON through the route, CSV (one table) or XLSX written here. */
async function sendReport(
  report: AefReport,
  query: { readonly format: 'xlsx' | 'json' | 'csv'; readonly table?: keyof typeof TABLES | undefined },
  res: Response,
): Promise<ReturnType<typeof ok> | undefined> {
  const name = `aef-${report.party}-${report.year}`;
  if (query.format === 'json') return ok(toJson(report));
  if (query.format === 'csv') {
    const key = TABLES[query.table ?? 'summary'];
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .setHeader('Content-Disposition', `attachment; filename="${name}-${key}.csv"`)
      .send(toCsv(report[key]));
    return undefined;
  }
  const workbook = await toXlsx(report);
  res.status(200).type(XLSX).setHeader('Content-Disposition', `attachment; filename="${name}.xlsx"`).send(workbook);
  return undefined;
}

export function reportRoutes(deps: RouteDeps): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/reports/read-model',
      tag: 'reports',
      summary: 'Where the read model stands: the ledger block height it reflects and the newest transaction time',
      responses: {
        200: {
          description: 'read model status',
          schema: readModelStatus,
        },
        503: { description: 'no read model database yet, or its disk is full (READ_MODEL_DISK_FULL)' },
      },
      handler: () => Promise.resolve(ok(withStore(deps, (store) => store.status()))),
    }),
    defineRoute({
      method: 'get',
      path: '/v1/reports/aef',
      tag: 'reports',
      summary: 'Article 6.2 annual information (AEF) for a calendar year: XLSX workbook, JSON, or CSV per table',
      description:
        'Government and auditor (government-account) users only. Computed from the read model; the response says ' +
        `the ledger block height it reflects (JSON \`blockHeight\`, header ${BLOCK_HEIGHT_HEADER}). Holdings are ` +
        'the position at 31 December of the year. Every cell is checked against the AEF vocabularies and formats: ' +
        'a violation is 422 AEF_VALIDATION naming table, row and column. Mapping: docs/aef.md.',
      query: aefQuery,
      responses: {
        200: {
          description: 'the report: XLSX workbook (format=xlsx, the default), JSON, or one table as CSV',
          content: {
            [XLSX]: z.string().openapi({ format: 'binary' }),
            'text/csv': z.string(),
            'application/json': looseObject,
          },
        },
        403: { description: 'not a government or auditor user' },
        422: { description: 'a value breaks an AEF vocabulary or format (table, row and column named)' },
        503: { description: 'the read model is not available, or its disk is full (READ_MODEL_DISK_FULL)' },
      },
      handler: async ({ query, user, res }) => {
        await requireGovernmentUser(deps, user, 'the AEF report');
        const input = withStore(deps, (store) =>
          aefInputFrom(store, {
            year: query.year,
            version: query.version,
            submissionDate: new Date().toISOString().slice(0, 10),
          }),
        );
        if (input === undefined)
          throw new ReadModelUnavailableError('the read model has not seen the registry settings yet');
        const report = aefOrUnprocessable(input);
        res.setHeader(BLOCK_HEIGHT_HEADER, String(report.blockHeight));
        return sendReport(report, query, res);
      },
    }),
  ];
}
