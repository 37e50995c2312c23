import { expect } from 'chai';
import { canonicalJson } from '@ncr/chaincode/domain';
import { demoUsers } from '../../src/demo/api-client';
import { warn } from '../../src/lib/log';
import { FuzzClient } from '../../src/fuzz/client';
import { readersOf } from '../../src/fuzz/registry';
import { runFuzz } from '../../src/fuzz/run';
import { renderSummary } from '../../src/fuzz/summary';
import { loadTopology } from '../../src/network/topology';

/**
 * The short form of `npm run fuzz`: a few hundred generated requests against the running gateway, every route and
 * every caller, and not one oracle may break. NCR_FUZZ_SEED and NCR_FUZZ_REQUESTS change the run.
 *
 * Generated writes by the government admin may succeed (suspend an account, freeze a block, replace the
 * settings); the specs that run after this one expect the demo registry as `npm start` left it, so what such
 * writes changed is put back afterwards.
 */

interface Page {
  items: Record<string, unknown>[];
  bookmark: string;
}

interface AdminState {
  suspended: Set<string>;
  frozen: Set<string>;
  settings: Record<string, unknown>;
}

const SETTINGS_FIELDS = ['name', 'ndcPeriod', 'cooperativeApproaches', 'authorisedEntities'] as const;

async function all(client: FuzzClient, target: string, apiKey: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let bookmark = '';
  do {
    const page = (await client.getJson(
      `${target}?pageSize=100${bookmark === '' ? '' : `&bookmark=${encodeURIComponent(bookmark)}`}`,
      apiKey,
    )) as Page;
    items.push(...page.items);
    bookmark = page.items.length === 0 ? '' : page.bookmark;
  } while (bookmark !== '');
  return items;
}

async function adminState(client: FuzzClient, apiKey: string): Promise<AdminState> {
  const accounts = await all(client, '/v1/accounts', apiKey);
  const blocks = await all(client, '/v1/credit-blocks', apiKey);
  const settings = (await client.getJson('/v1/settings', apiKey)) as Record<string, unknown>;
  return {
    suspended: new Set(accounts.filter((a) => a.status === 'SUSPENDED').map((a) => String(a.id))),
    frozen: new Set(blocks.filter((b) => b.frozen === true).map((b) => String(b.id))),
    settings: Object.fromEntries(SETTINGS_FIELDS.map((field) => [field, settings[field]])),
  };
}

describe('fuzz (short form): generated requests for every route and caller break no oracle', function () {
  this.timeout(900_000);
  const baseUrl = process.env.NCR_GATEWAY_URL ?? `http://127.0.0.1:${loadTopology().gateway.port}`;
  const client = new FuzzClient(baseUrl);
  const government = readersOf([...demoUsers().values()]).government.apiKey;
  let initial: AdminState;

  before(async () => {
    initial = await adminState(client, government);
  });

  after(async () => {
    const now = await adminState(client, government);
    const post = async (target: string, body: unknown): Promise<void> => {
      const answer = await client.send(
        { method: 'POST', target, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
        government,
      );
      if ('failure' in answer || answer.status !== 201) warn(`could not restore with POST ${target}`);
    };
    for (const id of [...now.suspended].filter((account) => !initial.suspended.has(account))) {
      await post(`/v1/accounts/${encodeURIComponent(id)}/reactivate`, { reason: 'undo a fuzz-generated suspension' });
    }
    for (const id of [...now.frozen].filter((block) => !initial.frozen.has(block))) {
      await post(`/v1/credit-blocks/${encodeURIComponent(id)}/unfreeze`, { reason: 'undo a fuzz-generated freeze' });
    }
    if (canonicalJson(now.settings) !== canonicalJson(initial.settings)) await post('/v1/settings', initial.settings);
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
