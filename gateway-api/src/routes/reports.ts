import type { Response } from 'express';
import { FORMATS } from '@ncr/chaincode/domain';
import { z } from 'zod';
import { AefUnreportableError, ApiError, ReadModelDiskFullError, ReadModelUnavailableError } from '../errors';
import { type Route, defineRoute, ok } from '../http/route';
import { decimalInt, looseObject } from '../http/schemas';
import { isDiskFull } from '../read-model/disk';
import type { ReadModelStore } from '../read-model/store';
import type { AefRequest, AefSheets } from '../reports/aef/model';
import { type AefOutput, CSV_TABLES, prepareAef, writeAef } from '../reports/aef/report';
import { AefValidationError } from '../reports/aef/validate';
import { requireGovernmentUser } from './caller';
import type { RouteDeps } from './deps';

/** Response header of read-model-backed answers that are not JSON: the block height they reflect. */
const BLOCK_HEIGHT_HEADER = 'X-Ledger-Block-Height';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const aefQuery = z
  .object({
    year: decimalInt({ min: 1990, max: 2100 }),
    format: z.enum(['xlsx', 'json', 'csv']).default('xlsx'),
    version: z.string().regex(FORMATS.submissionVersion, 'a version such as 1.0').default('1.0'),
    table: z.enum(Object.keys(CSV_TABLES) as [keyof typeof CSV_TABLES, ...(keyof typeof CSV_TABLES)[]]).optional(),
  })
  .refine((q) => q.format !== 'csv' || q.table !== undefined, {
    message: 'format=csv needs table=1|2|3|4|5|summary (one CSV per table)',
    path: ['table'],
  });

/** Opens the read model for one request: 503 when its database is not there (or its disk is full). */
function openStore(deps: RouteDeps): ReadModelStore {
  if (deps.readModel === undefined) throw new ReadModelUnavailableError('this gateway has no read model configured');
  try {
    return deps.readModel();
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ReadModelUnavailableError('the read model database is not available yet (is gateway-readmodel running?)');
  }
}

/** A read that failed because the read model's disk is full is 503 READ_MODEL_DISK_FULL; others go on as they are. */
function rethrow(err: unknown): never {
  if (isDiskFull(err)) throw new ReadModelDiskFullError();
  throw err;
}

/** Runs `read` on a read-model connection of its own, closed when `read` is done. */
export function withStore<T>(deps: RouteDeps, read: (store: ReadModelStore) => T): T {
  const store = openStore(deps);
  try {
    return read(store);
  } catch (err) {
    return rethrow(err);
  } finally {
    store.close();
  }
}

/** {@link withStore} for an answer written as it is read: the connection stays open until it is written. */
async function whileStreaming(deps: RouteDeps, write: (store: ReadModelStore) => Promise<void>): Promise<void> {
  const store = openStore(deps);
  try {
    await write(store);
  } catch (err) {
    rethrow(err);
  } finally {
    store.close();
  }
}

/** The report, or 422 AEF_VALIDATION naming the table, row and column whose value cannot be reported. */
function aefOrUnprocessable(prepare: () => AefSheets | undefined): AefSheets | undefined {
  try {
    return prepare();
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

/** The content type and file name of each format (JSON is the whole report, CSV one table). */
function contentOf(report: AefSheets, output: AefOutput): { readonly type: string; readonly file?: string } {
  const name = `aef-${report.party}-${report.year}`;
  if (output.format === 'json') return { type: 'application/json; charset=utf-8' };
  if (output.format === 'csv') {
    return { type: 'text/csv; charset=utf-8', file: `${name}-${CSV_TABLES[output.table ?? 'summary']}.csv` };
  }
  return { type: XLSX, file: `${name}.xlsx` };
}

const today = (): string => new Date().toISOString().slice(0, 10);

/**
 * Computes and validates the report (422 before anything is sent), then writes it to the response in the requested
 * format, with the block height it reflects.
 */
async function sendAef(store: ReadModelStore, request: AefRequest, output: AefOutput, res: Response): Promise<void> {
  const report = aefOrUnprocessable(() => prepareAef(store, request));
  if (report === undefined)
    throw new ReadModelUnavailableError('the read model has not seen the registry settings yet');
  const content = contentOf(report, output);
  res.status(200).type(content.type).setHeader(BLOCK_HEIGHT_HEADER, String(report.blockHeight));
  if (content.file !== undefined) res.setHeader('Content-Disposition', `attachment; filename="${content.file}"`);
  await writeAef(report, output, res);
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
        const request = { year: query.year, version: query.version, submissionDate: today() };
        await whileStreaming(deps, (store) => sendAef(store, request, query, res));
        return undefined;
      },
    }),
  ];
}
