import { submitJson } from './fabric';
import { authorisedProject, callerAccount, companyKeys, splitBetweenCompanies, verifiedReport } from './fixtures';
import { closedLoop } from './loop';
import {
  type BenchContext,
  blockOf,
  contract,
  maxClients,
  type PhaseOptions,
  sleep,
  type TransferFixtures,
} from './context';
import { progress, throttled } from './progress';
import { numberField, stringField } from './rest';
import type { LevelResult, RestLevelResult } from './result';
import { distribution, type Outcome, summarize } from './stats';

/** The throughput phases (raw, chaincode, rest) and the fixtures the transfer phases share. */

/** Runs one closed loop per concurrency level. */
async function levels(
  label: string,
  options: PhaseOptions,
  request: (client: number, seq: number, clients: number) => Promise<Outcome>,
): Promise<LevelResult[]> {
  const results: LevelResult[] = [];
  for (const clients of options.concurrency) {
    progress(`${label}: ${clients} clients for ${options.durationS} s`);
    const tick = throttled(`${label} ${clients} clients`);
    const run = await closedLoop({
      clients,
      durationMs: options.durationS * 1000,
      maxRequests: options.maxRequests,
      request: (client, seq) => request(client, seq, clients),
      onSample: (_, done) => {
        tick(done);
      },
    });
    const summary = { clients, ...summarize(run.samples, run.elapsedMs) };
    progress(
      `${label} ${clients} clients: ${summary.committed}/${summary.attempts} committed, ${summary.txPerSec} tx/s`,
    );
    results.push(summary);
  }
  return results;
}

/** The network's ceiling: the diagnostics probe write (one fresh key per transaction) as an organisation admin. */
export async function rawPhase(ctx: BenchContext): Promise<LevelResult[]> {
  const diagnostics = contract(ctx.developerAdmin, 'diagnostics');
  return levels('raw', ctx.options, async (_client, seq) => {
    const { outcome } = await submitJson(diagnostics, 'RecordProbe', { probeId: `bench-${ctx.tag}-${seq}` });
    return outcome;
  });
}

const PER_BLOCK = 1_000_000;

/**
 * The developer account whose credits the chaincode phase moves directly through fabric-gateway, signed by the
 * DeveloperMSP organisation admin of network.json (the one developer key a bench operator holds). Demo users have
 * identities of their own, so the government binds the organisation admin to a bench company of its own once.
 */
async function directHolder(ctx: BenchContext): Promise<string> {
  const caller = await callerAccount(contract(ctx.developerAdmin, 'accounts'));
  if (caller.accountId !== undefined) return caller.accountId;
  const id = `BENCH-CC-${ctx.tag}`;
  progress(`fixtures: account ${id} for the DeveloperMSP organisation admin (${caller.enrollmentId})`);
  await ctx.rest.write('/v1/accounts', ctx.keys.gov, {
    id,
    name: `Bench direct holder ${ctx.tag}`,
    type: 'DEVELOPER',
    country: 'GHA',
    admin: { mspId: 'DeveloperMSP', enrollmentId: caller.enrollmentId },
  });
  return id;
}

/** Issues credits through REST and splits them so that each of the most clients of any level owns a block. */
export async function transferFixtures(ctx: BenchContext): Promise<TransferFixtures> {
  const holder = await directHolder(ctx);
  const [source, restCompany] = ctx.keys.developers;
  if (source === undefined || restCompany === undefined) throw new Error('two developer companies are needed');
  const perCompany = maxClients(ctx.options);
  const rounds = Math.ceil(Math.log2(perCompany)) + 1;
  const quantity = PER_BLOCK * 2 ** rounds;
  progress(`fixtures: project, validation, authorisation, report, verification, issuance of ${quantity} credits`);
  const projectId = await authorisedProject(ctx.rest, ctx.keys, {
    tag: `${ctx.tag}-T`,
    creditingPeriod: { start: '2024-01-01', end: '2033-12-31' },
    estimatedAnnualReductions: quantity,
  });
  const reportId = await verifiedReport(
    ctx.rest,
    ctx.keys,
    projectId,
    { start: '2024-01-01', end: '2024-12-31', vintage: 2024 },
    quantity,
  );
  const issued = await ctx.rest.write(`/v1/monitoring-reports/${reportId}/issuance`, ctx.keys.gov);
  const blocks = await splitBetweenCompanies(
    ctx.rest,
    ctx.keys,
    { id: stringField(issued, 'id'), owner: stringField(issued, 'ownerAccountId'), quantity },
    perCompany,
  );
  // The first company's blocks go whole to the bench holder, whose identity signs the chaincode phase.
  const holderBlocks = await Promise.all(
    blocks
      .filter((block) => block.owner === source.account)
      .map(async (block) => {
        await ctx.rest.write('/v1/transfers', source.key, {
          blockId: block.id,
          quantity: block.quantity,
          toAccountId: holder,
        });
        return { ...block, owner: holder };
      }),
  );
  return {
    holder,
    restCompany: restCompany.account,
    holderBlocks,
    restBlocks: blocks.filter((block) => block.owner === restCompany.account),
  };
}

/** `credits:Transfer` submitted directly: each client moves 1 unit of its own block to the other company. */
export async function chaincodePhase(ctx: BenchContext, fixtures: TransferFixtures): Promise<LevelResult[]> {
  const credits = contract(ctx.developerAdmin, 'credits');
  return levels('chaincode', ctx.options, async (client) => {
    const block = blockOf(fixtures.holderBlocks, client);
    const { outcome } = await submitJson(credits, 'Transfer', {
      blockId: block.id,
      quantity: 1,
      toAccountId: fixtures.restCompany,
    });
    return outcome;
  });
}

/** Ledger height minus read-model height, every 500 ms, until `stopped()`. */
async function sampleLag(ctx: BenchContext, stopped: () => boolean): Promise<number[]> {
  const lags: number[] = [];
  while (!stopped()) {
    const started = Date.now();
    try {
      const [readModel, ledger] = await Promise.all([
        ctx.rest.read('/v1/reports/read-model', ctx.keys.auditor),
        ctx.rest.read('/v1/ledger', ctx.keys.auditor),
      ]);
      lags.push(Math.max(0, numberField(ledger, 'height') - numberField(readModel, 'blockHeight')));
    } catch (err) {
      progress(`read-model lag sample failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    await sleep(Math.max(0, 500 - (Date.now() - started)));
  }
  return lags;
}

/**
 * `POST /v1/transfers` by many users of one company (one API key per client, so the per-key rate limit does not
 * throttle), each moving 1 unit of its own block, with the read model's lag sampled alongside.
 */
export async function restPhase(ctx: BenchContext, fixtures: TransferFixtures): Promise<RestLevelResult[]> {
  const admin = ctx.keys.developers.find((d) => d.account === fixtures.restCompany);
  if (admin === undefined) throw new Error(`no admin key for ${fixtures.restCompany}`);
  const clients = maxClients(ctx.options);
  progress(`rest: creating ${clients} users of ${fixtures.restCompany} (POST /v1/users)`);
  const keys = await companyKeys(ctx.rest, admin.key, `${ctx.tag}-r`, clients, 'MANAGER');
  const results: RestLevelResult[] = [];
  for (const level of ctx.options.concurrency) {
    let done = false;
    const lag = sampleLag(ctx, () => done);
    const [result] = await levels('rest', { ...ctx.options, concurrency: [level] }, (client) => {
      const key = keys[client];
      if (key === undefined) throw new Error(`no API key for client ${client}`);
      return ctx.rest.attempt('POST', '/v1/transfers', key, 201, {
        blockId: blockOf(fixtures.restBlocks, client).id,
        quantity: 1,
        toAccountId: fixtures.holder,
      });
    });
    done = true;
    if (result === undefined) throw new Error('rest level produced no result');
    results.push({ ...result, readModelLagBlocks: distribution(await lag) });
  }
  return results;
}
