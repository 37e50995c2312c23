import ExcelJS from 'exceljs';
import type { AefReport, AefTable } from './model';

const SHEET_ORDER = ['index', 'summary', 'table1', 'table2', 'table3', 'table4', 'table5'] as const;

/** The workbook: the seven sheets in AEF order; header row bold and frozen; CARP cells left empty. */
export async function toXlsx(report: AefReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'National Carbon Registry';
  // Fixed, so that the same report gives the same workbook content (no wall-clock in the file's properties).
  workbook.created = new Date(`${report.year}-12-31T00:00:00Z`);
  workbook.modified = workbook.created;
  for (const key of SHEET_ORDER) {
    const t = report[key];
    const sheet = workbook.addWorksheet(t.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.addRow([...t.columns]).font = { bold: true };
    for (const row of t.rows) sheet.addRow(row.map((cell) => (cell === '' ? null : cell)));
    sheet.columns.forEach((column, i) => {
      const header = t.columns[i] ?? '';
      column.width = Math.min(60, Math.max(12, header.length + 2));
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function csvField(cell: string | number): string {
  const text = String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One table as RFC 4180 CSV (CRLF line ends, header line first). */
export function toCsv(t: AefTable): string {
  return [t.columns, ...t.rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** JSON with the same content as the workbook: each sheet's name, columns and rows (cells in column order). */
export function toJson(report: AefReport): Record<string, unknown> {
  return {
    year: report.year,
    party: report.party,
    blockHeight: report.blockHeight,
    sheets: SHEET_ORDER.map((key) => report[key]),
  };
}
