/**
 * `npm run bench:integrity`: the integrity audit's chaincode function over an in-memory world state of a million
 * blocks (docs/performance.md, integrity audit). An in-memory measurement of the chaincode's walk, not of Fabric:
 * no peer, no gRPC between peer and chaincode, no endorsement.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { MAX_PAGE_SIZE } from '@ncr/chaincode/domain';
import { paths } from '../../lib/paths';
import { parsePositive } from '../options';
import { measureAudit, type AuditMeasurement } from './measure';
import { blocksPerIssuance, buildRegistry, type RegistryShape } from './registry';

interface CaseResult {
  readonly name: string;
  readonly shape: RegistryShape;
  readonly largestIssuance: number;
  readonly keys: number;
  readonly buildS: number;
  readonly audit: AuditMeasurement;
}

const log = (text: string): void => {
  process.stderr.write(`${text}\n`);
};

async function runCase(name: string, shape: RegistryShape, pageSize: number): Promise<CaseResult> {
  const largestIssuance = Math.max(...blocksPerIssuance(shape));
  log(`• ${name}: ${shape.blocks} blocks over ${shape.issuances} issuances (largest ${largestIssuance} blocks)`);
  const built = Date.now();
  const ledger = buildRegistry(shape, (made) => {
    log(`  built ${made} blocks`);
  });
  const buildS = (Date.now() - built) / 1000;
  log(`  ${ledger.size} keys in ${buildS.toFixed(1)} s; auditing with pageSize ${pageSize}`);
  const audit = await measureAudit(ledger, pageSize, (pages, blocks) => {
    log(`  ${pages} pages, ${blocks} blocks`);
  });
  if (audit.violations !== 0 || audit.imbalance !== 0 || audit.blocks !== shape.blocks) {
    throw new Error(
      `${name}: the audit of a sound registry found ${audit.violations} violations, ${audit.blocks} blocks`,
    );
  }
  return { name, shape, largestIssuance, keys: ledger.size, buildS, audit };
}

function markdown(results: readonly CaseResult[]): string {
  const rows = results.map(({ name, shape, largestIssuance, audit: a }) =>
    [
      name,
      shape.blocks.toLocaleString('en'),
      shape.issuances.toLocaleString('en'),
      largestIssuance.toLocaleString('en'),
      a.pageSize,
      a.pages.toLocaleString('en'),
      a.totalS.toFixed(1),
      `${a.readsPerPage.max} / ${a.readsPerPage.p95} / ${a.readsPerPage.mean}`,
      `${a.msPerPage.max.toFixed(2)} / ${a.msPerPage.p95.toFixed(2)} / ${a.msPerPage.mean.toFixed(2)}`,
      a.violations,
    ].join(' | '),
  );
  return [
    '| case | blocks | issuances | largest issuance (blocks) | pageSize | pages | total s | key reads per page max / p95 / mean | ms per page max / p95 / mean | violations |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((row) => `| ${row} |`),
    '',
  ].join('\n');
}

const program = new Command('bench:integrity')
  .description('time the integrity audit chaincode function over an in-memory registry (not Fabric)')
  .option('--blocks <n>', 'blocks in the registry', '1000000')
  .option('--issuances <n>', 'issuances they are spread over', '1000')
  .option('--largest <n>', 'blocks of the one large issuance in the skewed case (0: no skewed case)', '100000')
  .option('--page-size <n>', 'pageSize of each audit call', String(MAX_PAGE_SIZE))
  .action(async (options: Record<string, string>) => {
    const blocks = parsePositive('--blocks', options.blocks ?? '1000000');
    const issuances = parsePositive('--issuances', options.issuances ?? '1000', 2);
    const largest = parsePositive('--largest', options.largest ?? '100000', 0);
    const pageSize = parsePositive('--page-size', options.pageSize ?? String(MAX_PAGE_SIZE));
    const results = [await runCase('even', { blocks, issuances }, pageSize)];
    if (largest > 0) results.push(await runCase('skewed', { blocks, issuances, largest }, pageSize));
    const table = markdown(results);
    const file = path.join(paths.home, 'bench', `integrity-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const machine = { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version };
    fs.writeFileSync(
      file,
      `${JSON.stringify({ kind: 'in-memory chaincode walk, not Fabric', machine, results }, null, 2)}\n`,
    );
    process.stdout.write(`In-memory measurement of the chaincode function (not Fabric):\n\n${table}`);
    log(`\nresult: ${file}`);
  });

program.parseAsync().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
