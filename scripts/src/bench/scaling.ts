import { enrollSiteUser } from '../network/gateway';
import { loadTopology, orgByKey } from '../network/topology';
import { blockOf, type BenchContext, contract, maxClients, type TransferFixtures } from './context';
import { evaluateJson, submitJson } from './fabric';
import { authorisedProject, companyKeys, verifiedReport } from './fixtures';
import { closedLoop, thrownCode } from './loop';
import { progress, throttled } from './progress';
import { asRecord, numberField, RestError, stringField } from './rest';
import type { IssuanceResult, QueriesResult } from './result';
import { distribution, groupFailures, type Outcome, ratio, type Sample, summarize } from './stats';

/** How costs grow with the work: issuance size and count, look-ups over many blocks (the AEF: aef.ts). */

const DAY_MS = 86_400_000;
const ISSUANCE_START = Date.UTC(1995, 0, 1);
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** One timed issuance: its position in the run and the quantity issued. */
interface IssuanceSample {
  readonly index: number;
  readonly quantity: number;
  readonly sample: Sample;
}

/**
 * Issues on one project, one monitoring report per day, alternately 1 credit and 10^9 credits, timing each
 * `POST /v1/monitoring-reports/:id/issuance`: compares the two quantities and the first and last third.
 */
export async function issuancePhase(ctx: BenchContext): Promise<IssuanceResult> {
  const year = new Date().getUTCFullYear();
  const available = Math.floor(
    (Date.UTC(year, new Date().getUTCMonth(), new Date().getUTCDate()) - ISSUANCE_START) / DAY_MS,
  );
  const count = Math.min(ctx.options.issuances, available, ctx.options.maxRequests);
  if (count < ctx.options.issuances) progress(`issuance: only ${count} one-day periods fit before today`);
  progress(`issuance: project with ${count} issuances (report, verification, issuance each)`);
  const projectId = await authorisedProject(ctx.rest, ctx.keys, {
    tag: `${ctx.tag}-I`,
    creditingPeriod: { start: isoDay(ISSUANCE_START), end: `${year}-12-31` },
    estimatedAnnualReductions: 1_000_000_000_000,
  });
  const samples: IssuanceSample[] = [];
  for (let index = 0; index < count; index++) {
    const quantity = index % 2 === 0 ? 1 : 1_000_000_000;
    samples.push({ index, quantity, sample: await timedIssuance(ctx, projectId, index, quantity) });
    if ((index + 1) % 10 === 0) progress(`issuance: ${index + 1}/${count}`);
  }
  return issuanceResult(samples, count);
}

/**
 * Submits and verifies the report of day `index`, then times its issuance; a failure before the issuance is a
 * failed sample named after the step that failed.
 */
async function timedIssuance(ctx: BenchContext, projectId: string, index: number, quantity: number): Promise<Sample> {
  const day = ISSUANCE_START + index * DAY_MS;
  try {
    const reportId = await verifiedReport(
      ctx.rest,
      ctx.keys,
      projectId,
      { start: isoDay(day), end: isoDay(day), vintage: new Date(day).getUTCFullYear() },
      quantity,
    );
    const started = performance.now();
    const outcome = await ctx.rest.attempt('POST', `/v1/monitoring-reports/${reportId}/issuance`, ctx.keys.gov, 201);
    return { latencyMs: performance.now() - started, outcome };
  } catch (err) {
    const step =
      err instanceof RestError
        ? `${err.route.endsWith('/verification') ? 'verification' : 'report'} ${err.code}`
        : thrownCode(err);
    return {
      latencyMs: 0,
      outcome: { ok: false, code: `before issuance: ${step}` },
    };
  }
}

/** Latency distributions of successful issuances by quantity and by third of the run, and their ratios. */
function issuanceResult(samples: readonly IssuanceSample[], count: number): IssuanceResult {
  const latencies = (keep: (s: IssuanceSample) => boolean): number[] =>
    samples.filter((s) => keep(s) && s.sample.outcome.ok).map((s) => Math.round(s.sample.latencyMs));
  const third = Math.max(1, Math.floor(count / 3));
  const oneCredit = distribution(latencies((s) => s.quantity === 1));
  const billionCredits = distribution(latencies((s) => s.quantity !== 1));
  const firstThird = distribution(latencies((s) => s.index < third));
  const lastThird = distribution(latencies((s) => s.index >= count - third));
  return {
    issuances: count,
    oneCredit,
    billionCredits,
    billionToOne: ratio(billionCredits.p50, oneCredit.p50),
    firstThird,
    lastThird,
    lastToFirst: ratio(lastThird.p50, firstThird.p50),
    failures: groupFailures(samples.map((s) => s.sample)),
  };
}

/** Moves 1 unit of each holder block at a time to `toAccountId`, `count` times; returns serials of moved parts. */
export async function moveUnits(
  ctx: BenchContext,
  fixtures: TransferFixtures,
  toAccountId: string,
  count: number,
  label: string,
): Promise<{ serials: number[]; samples: Sample[]; seconds: number }> {
  const credits = contract(ctx.developerAdmin, 'credits');
  const serials: number[] = [];
  const tick = throttled(label);
  const run = await closedLoop({
    clients: Math.min(maxClients(ctx.options), fixtures.holderBlocks.length),
    durationMs: 6 * 3_600_000,
    maxRequests: count,
    request: async (client) => {
      const submitted = await submitJson(credits, 'Transfer', {
        blockId: blockOf(fixtures.holderBlocks, client).id,
        quantity: 1,
        toAccountId,
      });
      if (submitted.result !== undefined) {
        const moved = asRecord(asRecord(JSON.parse(Buffer.from(submitted.result).toString('utf8'))).moved);
        serials.push(numberField(moved, 'serialStart'));
      }
      return submitted.outcome;
    },
    onSample: (_, done) => {
      tick(done);
    },
  });
  return { serials, samples: run.samples, seconds: Math.round(run.elapsedMs / 100) / 10 };
}

/** Balance and serial look-up latency for a fresh account made to hold `--blocks` blocks (REST and chaincode). */
export async function queriesPhase(ctx: BenchContext, fixtures: TransferFixtures): Promise<QueriesResult> {
  const accountId = `BENCH-Q-${ctx.tag}`;
  progress(`queries: account ${accountId} receives ${ctx.options.blocks} blocks`);
  // Its first ADMIN is enrolled by the developers' own site, then bound by the government.
  const developers = orgByKey(loadTopology(), 'developer');
  const enrolled = await enrollSiteUser(developers, [`bench-q-${ctx.tag}`.toLowerCase(), accountId, 'ADMIN']);
  const admin = asRecord(JSON.parse(enrolled));
  await ctx.rest.write('/v1/accounts', ctx.keys.gov, {
    id: accountId,
    name: `Bench queries ${ctx.tag}`,
    type: 'DEVELOPER',
    country: 'GHA',
    admin: { mspId: stringField(admin, 'mspId'), enrollmentId: stringField(admin, 'enrollmentId') },
  });
  const fill = await moveUnits(ctx, fixtures, accountId, ctx.options.blocks, 'queries fill');
  // A government viewer per 500 requests keeps each key under the gateway's per-minute limit.
  const cap = Math.min(ctx.options.maxRequests, 2000);
  const viewers = await companyKeys(ctx.rest, ctx.keys.gov, `${ctx.tag}-q`, Math.ceil((2 * cap) / 500), 'VIEWER');
  const accounts = contract(ctx.governmentAdmin, 'accounts');
  const credits = contract(ctx.governmentAdmin, 'credits');
  const serial = (seq: number): number => fill.serials[seq % Math.max(1, fill.serials.length)] ?? 1;
  const key = (seq: number): string => viewers[seq % viewers.length] ?? ctx.keys.auditor;
  const measure = async (label: string, request: (seq: number) => Promise<Outcome>) => {
    progress(`queries: ${label} for ${ctx.options.durationS} s`);
    const run = await closedLoop({
      clients: 1,
      durationMs: ctx.options.durationS * 1000,
      maxRequests: cap,
      request: (_c, seq) => request(seq),
    });
    return summarize(run.samples, run.elapsedMs);
  };
  return {
    blocks: fill.serials.length,
    fillSeconds: fill.seconds,
    fillFailures: groupFailures(fill.samples),
    balanceRest: await measure('balance, REST', (seq) =>
      ctx.rest.attempt('GET', `/v1/accounts/${accountId}/balance`, key(seq), 200),
    ),
    balanceChaincode: await measure('balance, chaincode', () => evaluateJson(accounts, 'GetBalance', { accountId })),
    serialRest: await measure('serial look-up, REST', (seq) =>
      ctx.rest.attempt('GET', `/v1/serials/${serial(seq)}`, key(seq + 1), 200),
    ),
    serialChaincode: await measure('serial look-up, chaincode', (seq) =>
      evaluateJson(credits, 'LookupSerial', { serial: serial(seq) }),
    ),
  };
}
