import { expect } from 'chai';
import { demoUsers } from '../../src/demo/api-client';
import { warn } from '../../src/lib/log';
import { FuzzClient } from '../../src/fuzz/client';
import { readersOf } from '../../src/fuzz/registry';
import { type AdminState, readAdminState, restoreAdminState } from '../../src/fuzz/restore';
import { runFuzz } from '../../src/fuzz/run';
import { renderSummary } from '../../src/fuzz/summary';
import { gatewayUrl, loadTopology, orgByKey } from '../../src/network/topology';

/**
 * The short form of `npm run fuzz`: a few hundred generated requests against the running gateway, every route and
 * every caller, and not one oracle may break. NCR_FUZZ_SEED and NCR_FUZZ_REQUESTS change the run. Suspensions,
 * freezes and settings that generated writes committed are put back afterwards (the specs that follow expect the
 * demo registry).
 */
describe('fuzz (short form): generated requests for every route and caller break no oracle', function () {
  this.timeout(900_000);
  const topology = loadTopology();
  const baseUrl = process.env.NCR_GATEWAY_URL ?? gatewayUrl(topology, orgByKey(topology, 'government'));
  const client = new FuzzClient(baseUrl);
  const government = readersOf([...demoUsers().values()]).government.apiKey;
  let initial: AdminState;

  before(async () => {
    initial = await readAdminState(client, government);
  });

  after(async () => {
    for (const failed of await restoreAdminState(client, government, initial)) warn(`could not restore: ${failed}`);
  });

  it('answers no 5xx, one error shape with codes from the table, declared content types, and rejected requests change nothing', async () => {
    const { report, reportPath } = await runFuzz({
      baseUrl,
      seed: Number(process.env.NCR_FUZZ_SEED ?? 20_260_101),
      requests: Number(process.env.NCR_FUZZ_REQUESTS ?? 300),
      concurrency: 4,
      batchSize: 40,
    });
    expect(report.requests).to.be.greaterThan(0);
    expect(report.violations.length, renderSummary(report, reportPath)).to.equal(0);
  });
});
