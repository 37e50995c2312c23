import { once } from 'node:events';
import { PassThrough, Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import type { AefSheet, AefSheets } from './model';
import type { Cell } from './tables';

/**
 * The writers stream: each row is made, written and dropped, so memory does not grow with the report. Backpressure
 * is honoured (a slow reader slows the replay instead of filling memory).
 */

const SHEET_ORDER = ['index', 'summary', 'table1', 'table2', 'table3', 'table4', 'table5'] as const;

/** Rows written to the workbook between two waits for its zip to catch up (about 150 KiB of sheet XML). */
const XLSX_ROWS_PER_FLUSH = 100;
/** Sheet XML handed to the zip and not deflated yet above which the workbook waits. */
const XLSX_MAX_BACKLOG = 2 * 1024 * 1024;

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Bytes waiting in a stream's buffers (both sides), from Node's stream state; 0 when it has none. */
function buffered(stream: unknown): number {
  if (typeof stream !== 'object' || stream === null) return 0;
  let total = 0;
  for (const side of ['_writableState', '_readableState']) {
    const state: unknown = Reflect.get(stream, side);
    const length: unknown = typeof state === 'object' && state !== null ? Reflect.get(state, 'length') : undefined;
    if (typeof length === 'number') total += length;
  }
  return total;
}

/**
 * The worksheet's XML waiting for the zip: exceljs's worksheet stream hands every 64 KiB to the zip's input stream
 * (`stream.pipes`) without backpressure. Read through the streams' own state; 0 if exceljs ever lays them out
 * otherwise (the writer then only yields between batches).
 */
function backlog(sheet: object): number {
  const stream: unknown = Reflect.get(sheet, 'stream');
  const pipes: unknown = typeof stream === 'object' && stream !== null ? Reflect.get(stream, 'pipes') : undefined;
  return Array.isArray(pipes) ? pipes.reduce((sum: number, pipe: unknown) => sum + buffered(pipe), 0) : 0;
}

/** Waits until the zip has deflated the sheet's XML (but a little) and `out` wants more; stops if `out` closed. */
async function flushed(sheet: object, out: Writable): Promise<void> {
  do {
    await turn();
    if (out.destroyed) throw new Error('the workbook output was closed before the workbook was written');
  } while (backlog(sheet) > XLSX_MAX_BACKLOG);
  if (out.writableNeedDrain) await once(out, 'drain');
}

/** The workbook: the seven sheets in AEF order; header row bold and frozen; CARP cells left empty. */
export async function writeXlsx(report: AefSheets, out: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'National Carbon Registry';
  // Fixed, so that the same report gives the same workbook content (no wall-clock in the file's properties).
  workbook.created = new Date(`${report.year}-12-31T00:00:00Z`);
  workbook.modified = workbook.created;
  // One style object for every body cell: exceljs registers a cell's style per object, so sharing it spares a
  // style lookup per cell (the workbook is the same).
  const plain = {};
  for (const key of SHEET_ORDER) {
    const t = report[key];
    const sheet = workbook.addWorksheet(t.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = t.columns.map((header) => ({ width: Math.min(60, Math.max(12, header.length + 2)) }));
    const header = sheet.addRow([...t.columns]);
    header.font = { bold: true };
    header.commit();
    let rows = 0;
    for (const row of t.rows) {
      const added = sheet.addRow(row.map((cell) => (cell === '' ? null : cell)));
      added.eachCell((cell) => {
        cell.style = plain;
      });
      added.commit();
      if (++rows % XLSX_ROWS_PER_FLUSH === 0) await flushed(sheet, out);
    }
    sheet.commit();
  }
  await workbook.commit();
}

/** The workbook in memory (small reports and tests). */
export async function toXlsx(report: AefSheets): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  await writeXlsx(report, sink);
  if (!sink.writableFinished) await once(sink, 'finish');
  return Buffer.concat(chunks);
}

function csvField(cell: Cell): string {
  if (typeof cell === 'number') return String(cell);
  const text = cell;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One table as RFC 4180 CSV lines (CRLF line ends, header line first). */
function* csvLines(t: AefSheet): Generator<string, void, undefined> {
  yield `${t.columns.map(csvField).join(',')}\r\n`;
  for (const row of t.rows) yield `${row.map(csvField).join(',')}\r\n`;
}

/** One table as RFC 4180 CSV (CRLF line ends, header line first). */
export function toCsv(t: AefSheet): string {
  return [...csvLines(t)].join('');
}

/** JSON with the same content as the workbook: each sheet's name, columns and rows (cells in column order). */
export function toJson(report: AefSheets): Record<string, unknown> {
  return {
    year: report.year,
    party: report.party,
    blockHeight: report.blockHeight,
    sheets: SHEET_ORDER.map((key) => report[key]),
  };
}

/** Whether `value` is written as a JSON array piece by piece: rows made as they are read, or an array of arrays/objects. */
function inPieces(value: object): value is Iterable<unknown> {
  if (Array.isArray(value)) return value.some((item) => typeof item === 'object' && item !== null);
  return Symbol.iterator in value;
}

/**
 * `JSON.stringify(value)` in pieces, for plain data: objects key by key, arrays of arrays or objects item by item,
 * and an iterable that is not an array (rows made as they are read) as a JSON array. Other arrays (a row of cells)
 * and primitives are stringified whole.
 */
function* jsonChunks(value: unknown): Generator<string, void, undefined> {
  if (typeof value !== 'object' || value === null) {
    yield JSON.stringify(value);
  } else if (inPieces(value)) {
    yield '[';
    let first = true;
    for (const item of value) {
      if (!first) yield ',';
      first = false;
      yield* jsonChunks(item);
    }
    yield ']';
  } else if (Array.isArray(value)) {
    yield JSON.stringify(value);
  } else {
    yield '{';
    let first = true;
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
      yield `${first ? '' : ','}${JSON.stringify(key)}:`;
      first = false;
      yield* jsonChunks(item);
    }
    yield '}';
  }
}

/** Small pieces joined into writes of about 64 KiB. */
function* batched(chunks: Iterable<string>): Generator<string, void, undefined> {
  let buffer = '';
  for (const chunk of chunks) {
    buffer += chunk;
    if (buffer.length >= 65_536) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer !== '') yield buffer;
}

/** Writes the pieces to `out` (waiting whenever it is full), then ends it; an error on either side destroys both. */
async function write(chunks: Iterable<string>, out: Writable): Promise<void> {
  await pipeline(Readable.from(batched(chunks)), out);
}

/** Streams `toJson(report)` as `JSON.stringify` would write it. */
export async function writeJson(report: AefSheets, out: Writable): Promise<void> {
  await write(jsonChunks(toJson(report)), out);
}

/** Streams one table as CSV (`toCsv`). */
export async function writeCsv(t: AefSheet, out: Writable): Promise<void> {
  await write(csvLines(t), out);
}
