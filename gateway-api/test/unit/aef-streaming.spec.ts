import fs from 'node:fs';
import path from 'node:path';
import { PassThrough, type Writable } from 'node:stream';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { prepareReport } from '../../src/reports/aef/compute';
import type { AefInput, AefSheets, UnitAction } from '../../src/reports/aef/model';
import { toXlsx, writeCsv, writeJson } from '../../src/reports/aef/writers';
import { actions, input } from './aef-fixture';

/*
 * The streamed report against the report as it was written before it streamed: test/fixtures/aef holds the JSON,
 * the CSV of every table and the workbook that the in-memory writers (JSON.stringify, one CSV string, exceljs's
 * in-memory Workbook) produced for the scripted year of aef-fixture.ts. JSON and CSV must be the same bytes; the
 * workbook the same sheets, views, column widths, cells and header style (a zip's bytes differ from run to run anyway).
 */

const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'aef');
const fixture = (name: string): Buffer => fs.readFileSync(path.join(FIXTURES, name));

async function written(write: (out: Writable) => Promise<void>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const out = new PassThrough();
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await write(out);
  return Buffer.concat(chunks);
}

/** What a reader sees of a workbook: per sheet, its name, frozen rows, column widths, cells and bold cells. */
async function workbookContent(bytes: Buffer): Promise<unknown[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  return workbook.worksheets.map((sheet) => {
    const rows: unknown[] = [];
    sheet.eachRow({ includeEmpty: true }, (row, number) => {
      const bold: number[] = [];
      row.eachCell({ includeEmpty: false }, (cell, column) => {
        if (cell.style.font?.bold === true) bold.push(column);
      });
      rows.push({ number, values: row.values, bold });
    });
    return {
      name: sheet.name,
      views: sheet.views.map((view) => [view.state, 'ySplit' in view ? view.ySplit : undefined]),
      widths: sheet.columns.map((column) => column.width),
      rows,
    };
  });
}

/** The fixture's actions behind a source that counts how often the log is read from the start. */
function countingInput(year: number): { input: AefInput; passes: () => number } {
  let passes = 0;
  const log: Iterable<UnitAction> = {
    *[Symbol.iterator]() {
      passes++;
      yield* actions;
    },
  };
  return { input: { ...input(year), actions: log }, passes: () => passes };
}

for (const year of [2025, 2026]) {
  describe(`AEF streamed for ${year}: the same output as the in-memory writers`, () => {
    let report: AefSheets;

    before(() => {
      report = prepareReport(input(year));
    });

    it('JSON: the same bytes', async () => {
      const json = await written((out) => writeJson(report, out));
      expect(json.toString('utf8')).to.equal(fixture(`aef-${year}.json`).toString('utf8'));
    });

    for (const key of ['summary', 'table1', 'table2', 'table3', 'table4', 'table5'] as const) {
      it(`CSV of ${key}: the same bytes`, async () => {
        const csv = await written((out) => writeCsv(report[key], out));
        expect(csv.toString('utf8')).to.equal(fixture(`aef-${year}-${key}.csv`).toString('utf8'));
      });
    }

    it('XLSX: the same sheets, frozen header rows, column widths, cells and bold headers', async () => {
      const streamed = await workbookContent(await toXlsx(report));
      expect(streamed).to.deep.equal(await workbookContent(fixture(`aef-${year}.xlsx`)));
    });

    it('reads the action log once to prepare, then once more each time Table 3 is written', async () => {
      const counting = countingInput(year);
      const streamed = prepareReport(counting.input);
      const prepared = counting.passes();
      await written((out) => writeCsv(streamed.table3, out));
      await written((out) => writeCsv(streamed.table4, out));
      expect([prepared, counting.passes()]).to.deep.equal([1, 2]);
    });
  });
}
