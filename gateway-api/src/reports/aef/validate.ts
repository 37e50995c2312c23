import { isIsoDate, YEAR_RANGE } from '@ncr/chaincode/domain';
import type { AefSheet, AefSheets } from './model';
import { type Cell, type Column, type Rule, TABLE1_FIELDS, TABLE_COLUMNS } from './tables';

/**
 * A value that breaks a vocabulary or format: the workbook is never produced. The message names table, row and
 * column; the report route answers it with 422 AEF_VALIDATION (the request was understood, but the registry's
 * records cannot be reported as they stand).
 */
export class AefValidationError extends Error {
  readonly table: string;
  readonly row: number;
  readonly column: string;

  constructor(table: string, row: number, column: string, problem: string) {
    super(`${table}, row ${row}, column "${column}": ${problem}`);
    this.name = 'AefValidationError';
    this.table = table;
    this.row = row;
    this.column = column;
  }
}

/** C0 control characters (line breaks, tabs...): a cell is one line of text. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this rejects
const CONTROL_CHARACTER = /[\x00-\x1f]/;

const show = (value: Cell): string => (typeof value === 'number' ? String(value) : JSON.stringify(value));

/** Why `value` breaks `rule`, or undefined when it conforms. */
function check(rule: Rule, value: Cell): string | undefined {
  switch (rule.kind) {
    case 'carp':
      return value === '' ? undefined : `must be left blank (filled by CARP), found ${show(value)}`;
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value) && value > 0
        ? undefined
        : `${show(value)} is not a positive integer`;
    case 'year':
      return typeof value === 'number' && Number.isInteger(value) && value >= YEAR_RANGE.min && value <= YEAR_RANGE.max
        ? undefined
        : `${show(value)} is not a year`;
    case 'date':
      return typeof value === 'string' && isIsoDate(value) ? undefined : `${show(value)} is not a date YYYY-MM-DD`;
    case 'text':
      return typeof value === 'string' && value.trim() !== '' && value.length <= 4000 && !CONTROL_CHARACTER.test(value)
        ? undefined
        : `${show(value)} is not a single line of text (1 to 4000 characters)`;
    case 'vocabulary':
      return typeof value === 'string' && rule.values.includes(value)
        ? undefined
        : `${show(value)} is not in the controlled vocabulary (${rule.values.join(' | ')})`;
    case 'format':
      return typeof value === 'string' && rule.pattern.test(value)
        ? undefined
        : `${show(value)} is not ${rule.what} (${rule.pattern.source})`;
    case 'list': {
      if (typeof value !== 'string' || value === '') return `${show(value)} is not a list of values`;
      for (const item of value.split(', ')) {
        const problem = check(rule.item, item);
        if (problem !== undefined) return `list item ${problem}`;
      }
      return undefined;
    }
  }
}

function checkCell(column: Column, value: Cell): string | undefined {
  if (value === 'NA' && column.rule.kind !== 'carp') {
    return column.na ? undefined : 'NA is not allowed: this column applies to every row';
  }
  if (value === '' && column.rule.kind !== 'carp') return 'is empty (write NA where the column does not apply)';
  return check(column.rule, value);
}

/** The first cell of row `r` (from 1) that breaks its column's rule, as an error; undefined when the row conforms. */
function rowViolation(
  sheet: string,
  columns: readonly Column[],
  row: readonly Cell[],
  r: number,
): AefValidationError | undefined {
  if (row.length !== columns.length) {
    return new AefValidationError(sheet, r, '*', `has ${row.length} cells, expected ${columns.length}`);
  }
  for (const [c, column] of columns.entries()) {
    const problem = checkCell(column, row[c] ?? '');
    if (problem !== undefined) return new AefValidationError(sheet, r, column.header, problem);
  }
  return undefined;
}

function checkHeaders(t: AefSheet, columns: readonly Column[]): void {
  if (t.columns.length !== columns.length || t.columns.some((c, i) => c !== columns[i]?.header)) {
    throw new AefValidationError(t.sheet, 0, t.columns.join(' | '), 'headers differ from the AEF columns');
  }
}

function validateTable(t: AefSheet, columns: readonly Column[]): void {
  checkHeaders(t, columns);
  let r = 0;
  for (const row of t.rows) {
    const violation = rowViolation(t.sheet, columns, row, ++r);
    if (violation !== undefined) throw violation;
  }
}

/**
 * Checks rows one by one as they are made (Table 3, while the log is replayed), keeping the first violation so that
 * validateReport throws it in table order.
 */
export class RowCheck {
  readonly #sheet: string;
  readonly #columns: readonly Column[];
  #rows = 0;
  #violation: AefValidationError | undefined;

  constructor(sheet: string, columns: readonly Column[]) {
    this.#sheet = sheet;
    this.#columns = columns;
  }

  check(row: readonly Cell[]): void {
    this.#rows++;
    this.#violation ??= rowViolation(this.#sheet, this.#columns, row, this.#rows);
  }

  get violation(): AefValidationError | undefined {
    return this.#violation;
  }
}

/**
 * Checks every cell of Tables 1 to 5 against its column's vocabulary or format; throws on the first violation, table
 * by table. Table 3's rows were checked by `table3` as the replay made them.
 */
export function validateReport(report: AefSheets, table3: RowCheck): void {
  let r = 0;
  for (const row of report.table1.rows) {
    const field = TABLE1_FIELDS[r++];
    if (field === undefined || row[0] !== field.header) {
      throw new AefValidationError(report.table1.sheet, r, 'Field', `expected "${field?.header ?? ''}"`);
    }
    const problem = checkCell(field, row[1] ?? '');
    if (problem !== undefined) throw new AefValidationError(report.table1.sheet, r, field.header, problem);
  }
  validateTable(report.table2, TABLE_COLUMNS.table2);
  checkHeaders(report.table3, TABLE_COLUMNS.table3);
  if (table3.violation !== undefined) throw table3.violation;
  validateTable(report.table4, TABLE_COLUMNS.table4);
  validateTable(report.table5, TABLE_COLUMNS.table5);
}
