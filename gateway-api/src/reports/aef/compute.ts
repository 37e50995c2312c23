import { type ActionRow, type YearEnd, blockColumns, replayYear } from './actions';
import { table2Rows } from './authorisations';
import { type ReportContext, reportContext } from './context';
import type { AefInput, AefReport, AefSheet, AefSheets, AefTable } from './model';
import { type Count, summaryRows, table1Rows, table5Rows } from './summary';
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
import { RowCheck, validateReport } from './validate';

const sheet = (name: string, columns: readonly string[], rows: Iterable<readonly Cell[]>): AefSheet => ({
  sheet: name,
  columns,
  rows,
});
const headers = (columns: readonly Column[]): string[] => columns.map((c) => c.header);

const INDEX_ROWS: Cell[][] = [
  [SHEETS.summary, 'Registry, ledger height and totals of this report'],
  [SHEETS.table1, 'Submission'],
  [SHEETS.table2, 'Authorizations'],
  [SHEETS.table3, 'Actions'],
  [SHEETS.table4, 'Holdings at 31 December'],
  [SHEETS.table5, 'Authorized entities'],
];

/** Rows made again each time they are read. */
const readAgain = <T>(rows: () => Iterator<T>): Iterable<T> => ({ [Symbol.iterator]: rows });

/** Table 3 as cells, replaying the log again (the second pass: the one that writes). */
function* table3Cells(input: AefInput, ctx: ReportContext): Generator<Cell[], void, undefined> {
  for (const row of replayYear(input, ctx)) yield cellsOf(TABLE3_COLUMNS, row);
}

/**
 * The first pass over the log: every Table 3 row counted by action type and checked by `check`, none kept; returns
 * the position at 31 December.
 */
function countYear(input: AefInput, ctx: ReportContext, check: RowCheck): YearEnd & { actions: Map<string, Count> } {
  const actions = new Map<string, Count>();
  const replay = replayYear(input, ctx);
  for (let next = replay.next(); ; next = replay.next()) {
    if (next.done === true) return { ...next.value, actions };
    const row: ActionRow = next.value;
    check.check(cellsOf(TABLE3_COLUMNS, row));
    const count = actions.get(String(row['Action type'])) ?? { rows: 0, quantity: 0 };
    count.rows++;
    count.quantity += Number(row['Quantity (t CO2 eq)']);
    actions.set(String(row['Action type']), count);
  }
}

/**
 * Computes the AEF annual information for `input.year` from the registry's records, validated cell by cell before it
 * is returned (AefValidationError otherwise): a pure function of its input (no clock, no I/O). The log is read
 * twice and never held: a first pass counts and checks Table 3 and leaves the 31 December position (Table 4); Table
 * 3's rows are made again, by the same replay, when a writer reads them. Each table has its own builder.
 */
export function prepareReport(input: AefInput): AefSheets {
  const ctx = reportContext(input);
  const check = new RowCheck(SHEETS.table3, TABLE3_COLUMNS);
  const year = countYear(input, ctx, check);
  const holdings = readAgain(() => year.holdings.map((b) => cellsOf(TABLE4_COLUMNS, blockColumns(ctx, b))).values());
  const held = { rows: year.holdings.length, quantity: year.holdings.reduce((sum, b) => sum + b.quantity, 0) };
  const table2 = table2Rows(input, ctx);
  const table5 = table5Rows(ctx);
  const summary = summaryRows(input, { ...year, holdings: held }, { table2: table2.length, table5: table5.length });
  const report: AefSheets = {
    year: input.year,
    party: input.settings.party,
    blockHeight: input.blockHeight,
    index: sheet(SHEETS.index, ['Sheet', 'Content'], INDEX_ROWS),
    summary: sheet(SHEETS.summary, ['Item', 'Value'], summary),
    table1: sheet(SHEETS.table1, ['Field', 'Value'], table1Rows(input)),
    table2: sheet(SHEETS.table2, headers(TABLE2_COLUMNS), table2),
    table3: sheet(
      SHEETS.table3,
      headers(TABLE3_COLUMNS),
      readAgain(() => table3Cells(input, ctx)),
    ),
    table4: sheet(SHEETS.table4, headers(TABLE4_COLUMNS), holdings),
    table5: sheet(SHEETS.table5, headers(TABLE5_COLUMNS), table5),
  };
  validateReport(report, check);
  return report;
}

const inMemory = (t: AefSheet): AefTable => ({ sheet: t.sheet, columns: t.columns, rows: [...t.rows] });

/** The report of {@link prepareReport} with every row in memory (small reports and tests). */
export function computeAef(input: AefInput): AefReport {
  const report = prepareReport(input);
  return {
    year: report.year,
    party: report.party,
    blockHeight: report.blockHeight,
    index: inMemory(report.index),
    summary: inMemory(report.summary),
    table1: inMemory(report.table1),
    table2: inMemory(report.table2),
    table3: inMemory(report.table3),
    table4: inMemory(report.table4),
    table5: inMemory(report.table5),
  };
}
