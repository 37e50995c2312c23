import { isIsoDate, YEAR_RANGE } from '@ncr/chaincode/domain';
import type { AefReport, AefTable } from './model';
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

function validateTable(t: AefTable, columns: readonly Column[]): void {
  if (t.columns.length !== columns.length || t.columns.some((c, i) => c !== columns[i]?.header)) {
    throw new AefValidationError(t.sheet, 0, t.columns.join(' | '), 'headers differ from the AEF columns');
  }
  t.rows.forEach((row, r) => {
    if (row.length !== columns.length) {
      throw new AefValidationError(t.sheet, r + 1, '*', `has ${row.length} cells, expected ${columns.length}`);
    }
    columns.forEach((column, c) => {
      const problem = checkCell(column, row[c] ?? '');
      if (problem !== undefined) throw new AefValidationError(t.sheet, r + 1, column.header, problem);
    });
  });
}

/** Checks every cell of Tables 1 to 5 against its column's vocabulary or format; throws on the first violation. */
export function validateReport(report: AefReport): void {
  report.table1.rows.forEach((row, r) => {
    const field = TABLE1_FIELDS[r];
    if (field === undefined || row[0] !== field.header) {
      throw new AefValidationError(report.table1.sheet, r + 1, 'Field', `expected "${field?.header ?? ''}"`);
    }
    const problem = checkCell(field, row[1] ?? '');
    if (problem !== undefined) throw new AefValidationError(report.table1.sheet, r + 1, field.header, problem);
  });
  validateTable(report.table2, TABLE_COLUMNS.table2);
  validateTable(report.table3, TABLE_COLUMNS.table3);
  validateTable(report.table4, TABLE_COLUMNS.table4);
  validateTable(report.table5, TABLE_COLUMNS.table5);
}
