import type { Writable } from 'node:stream';
import type { ReadModelStore } from '../../read-model/store';
import { prepareReport } from './compute';
import type { AefRequest, AefSheets } from './model';
import { aefInputFrom } from './source';
import { writeCsv, writeJson, writeXlsx } from './writers';

/** The tables a CSV answer can hold (one per request). */
export const CSV_TABLES = {
  '1': 'table1',
  '2': 'table2',
  '3': 'table3',
  '4': 'table4',
  '5': 'table5',
  summary: 'summary',
} as const;

/** What `GET /v1/reports/aef` answers: a workbook, JSON, or one table as CSV. */
export interface AefOutput {
  readonly format: 'xlsx' | 'json' | 'csv';
  readonly table?: keyof typeof CSV_TABLES | undefined;
}

/**
 * Reads the AEF's inputs from the read model and computes the report, validated cell by cell (AefValidationError
 * otherwise): nothing is written yet, and no row is kept (see prepareReport). Undefined when the read model has not
 * seen the registry settings. `store` must stay open until the report is written.
 */
export function prepareAef(store: ReadModelStore, request: AefRequest): AefSheets | undefined {
  const input = aefInputFrom(store, request);
  return input === undefined ? undefined : prepareReport(input);
}

/** Streams a prepared report in the requested format to `out`, then ends it. */
export async function writeAef(report: AefSheets, output: AefOutput, out: Writable): Promise<void> {
  if (output.format === 'json') await writeJson(report, out);
  else if (output.format === 'csv') await writeCsv(report[CSV_TABLES[output.table ?? 'summary']], out);
  else await writeXlsx(report, out);
}
