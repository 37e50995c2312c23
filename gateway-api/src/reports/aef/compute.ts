import { replayYear } from './actions';
import { table2Rows } from './authorisations';
import { reportContext } from './context';
import type { AefInput, AefReport, AefTable } from './model';
import { summaryRows, table1Rows, table5Rows } from './summary';
import {
  type Cell,
  type Column,
  SHEETS,
  TABLE2_COLUMNS,
  TABLE3_COLUMNS,
  TABLE4_COLUMNS,
  TABLE5_COLUMNS,
  cellsOf,
} from './tables';
import { validateReport } from './validate';

const table = (sheet: string, columns: readonly string[], rows: Cell[][]): AefTable => ({ sheet, columns, rows });
const headers = (columns: readonly Column[]): string[] => columns.map((c) => c.header);

const INDEX_ROWS: Cell[][] = [
  [SHEETS.summary, 'Registry, ledger height and totals of this report'],
  [SHEETS.table1, 'Submission'],
  [SHEETS.table2, 'Authorizations'],
  [SHEETS.table3, 'Actions'],
  [SHEETS.table4, 'Holdings at 31 December'],
  [SHEETS.table5, 'Authorized entities'],
];

/**
 * Computes the AEF annual information for `input.year` from the registry's records: a pure function of its
 * input (no clock, no I/O), validated cell by cell before it is returned (AefValidationError otherwise). One
 * replay of the action log feeds Tables 3 and 4; each table has its own builder.
 */
export function computeAef(input: AefInput): AefReport {
  const ctx = reportContext(input);
  const year = replayYear(input, ctx);
  const table2 = table2Rows(input, ctx);
  const table5 = table5Rows(ctx);
  const report: AefReport = {
    year: input.year,
    party: input.settings.party,
    blockHeight: input.blockHeight,
    index: table(SHEETS.index, ['Sheet', 'Content'], INDEX_ROWS),
    summary: table(
      SHEETS.summary,
      ['Item', 'Value'],
      summaryRows(input, year, { table2: table2.length, table5: table5.length }),
    ),
    table1: table(SHEETS.table1, ['Field', 'Value'], table1Rows(input)),
    table2: table(SHEETS.table2, headers(TABLE2_COLUMNS), table2),
    table3: table(
      SHEETS.table3,
      headers(TABLE3_COLUMNS),
      year.actions.map((row) => cellsOf(TABLE3_COLUMNS, row)),
    ),
    table4: table(
      SHEETS.table4,
      headers(TABLE4_COLUMNS),
      year.holdings.map((row) => cellsOf(TABLE4_COLUMNS, row)),
    ),
    table5: table(SHEETS.table5, headers(TABLE5_COLUMNS), table5),
  };
  validateReport(report);
  return report;
}
