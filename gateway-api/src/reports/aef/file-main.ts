import fs from 'node:fs';
import { ReadModelStore } from '../../read-model/store';
import { type AefOutput, CSV_TABLES, prepareAef, writeAef } from './report';

/**
 * Writes one AEF answer from a read-model database into a file, as `GET /v1/reports/aef` would send it (read model,
 * computation, validation, writer), and prints one JSON line: milliseconds (wall clock and CPU), bytes, and this
 * process's resident memory before (VmRSS) and at its peak (VmHWM), in MiB. The bench runs it in a fresh process
 * per answer, so that the peak is the report's alone.
 *
 *   node gateway-api/dist/src/reports/aef/file-main.js <database> <year> <xlsx|json|csv> <table|-> <output file>
 */

function memoryMiB(field: 'VmRSS' | 'VmHWM'): number | null {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return match?.[1] === undefined ? null : Math.round((Number(match[1]) / 1024) * 10) / 10;
}

function outputOf(format: string | undefined, table: string | undefined): AefOutput {
  if (format !== 'xlsx' && format !== 'json' && format !== 'csv') throw new Error(`format: xlsx, json or csv`);
  if (format !== 'csv') return { format };
  const key = Object.keys(CSV_TABLES).find((k): k is keyof typeof CSV_TABLES => k === table);
  if (key === undefined) throw new Error(`table: ${Object.keys(CSV_TABLES).join(', ')}`);
  return { format, table: key };
}

async function main(): Promise<void> {
  const [database = '', year = '', format, table, file = ''] = process.argv.slice(2);
  const output = outputOf(format, table);
  const rssBeforeMiB = memoryMiB('VmRSS');
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const store = ReadModelStore.openReader(database);
  try {
    const request = { year: Number(year), version: '1.0', submissionDate: new Date().toISOString().slice(0, 10) };
    const report = prepareAef(store, request);
    if (report === undefined) throw new Error(`${database} has no registry settings yet`);
    await writeAef(report, output, fs.createWriteStream(file));
  } finally {
    store.close();
  }
  const ms = Math.round(performance.now() - started);
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
  const bytes = fs.statSync(file).size;
  process.stdout.write(`${JSON.stringify({ ms, cpuMs, bytes, rssBeforeMiB, peakRssMiB: memoryMiB('VmHWM') })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
