import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { api, doc, errorCode, eventText, projectBody, write } from './support';

/**
 * Who sees what of the ledger, through REST on the real network: raw ledger views for government and auditor users
 * only, the event stream filtered to the caller's own account, serial lineages without other accounts' blocks.
 */

const project = (run: string, who: string) => projectBody(`Exposure ${who} ${run}`, `pdd-${who}-${run}`);

/** Event IDs (`<block>:<txId>`) of an SSE text, in order. */
const eventIds = (text: string): string[] =>
  text
    .split('\n')
    .filter((line) => line.startsWith('id: '))
    .map((line) => line.slice('id: '.length));

describe('ledger exposure on the real network', function () {
  this.timeout(180_000);
  const run = randomBytes(3).toString('hex');
  let betaProject: Record<string, unknown>;
  let acmeProject: Record<string, unknown>;

  before(async () => {
    betaProject = await write('/v1/projects', 'developer2-admin', project(run, 'beta'));
    acmeProject = await write('/v1/projects', 'developer-admin', project(run, 'acme'));
  });

  it('developers and certifiers get 403 FORBIDDEN on every raw ledger view; the auditor reads them', async () => {
    const views = ['/v1/ledger', '/v1/ledger/blocks/1', `/v1/ledger/transactions/${betaProject.txId as string}`];
    for (const user of ['developer-admin', 'developer2-admin', 'certifier-admin']) {
      for (const view of views) {
        const reply = await api('GET', view, user);
        expect(reply.status, `${user} ${view}: ${JSON.stringify(reply.body)}`).to.equal(403);
        expect(errorCode(reply)).to.equal('FORBIDDEN');
      }
    }
    for (const view of views) {
      expect((await api('GET', view, 'auditor')).status, view).to.equal(200);
    }
  });

  it("a developer's event stream carries its own events only; the auditor's carries both companies'", async () => {
    const from = betaProject.blockNumber as number;
    const acmeId = `${acmeProject.blockNumber as number}:${acmeProject.txId as string}`;
    const betaId = `${betaProject.blockNumber as number}:${betaProject.txId as string}`;
    const acme = eventIds(await eventText('developer-admin', from, acmeId));
    expect(acme).to.include(acmeId);
    expect(acme, 'another company’s project registration').not.to.include(betaId);
    const beta = eventIds(await eventText('developer2-admin', from, betaId));
    expect(beta).to.include(betaId);
    expect(beta).not.to.include(acmeId);
    const audit = eventIds(await eventText('auditor', from, acmeId));
    expect(audit).to.include.members([betaId, acmeId]);
  });

  it('a serial lineage shows the parent block of another account as ID and range only', async () => {
    const projectId = acmeProject.id as string;
    await write(`/v1/projects/${projectId}/validation`, 'certifier-admin', {
      approved: true,
      report: doc(`val-${run}`),
    });
    await write(`/v1/projects/${projectId}/authorisation`, 'gov-admin', {
      approved: true,
      authorisationId: `AUTH-X${run}`,
      purposes: 'NDC',
      cooperativeApproachId: 'CA0001',
    });
    const report = await write(`/v1/projects/${projectId}/monitoring-reports`, 'developer-admin', {
      periodStart: '2024-01-01',
      periodEnd: '2024-12-31',
      vintage: 2024,
      claimedReductions: 100,
      document: doc(`mr-${run}`),
    });
    await write(`/v1/monitoring-reports/${report.id as string}/verification`, 'certifier-admin', {
      approved: true,
      verifiedReductions: 100,
      report: doc(`ver-${run}`),
    });
    const issued = await write(`/v1/monitoring-reports/${report.id as string}/issuance`, 'gov-admin');
    // At once, through another organisation's peer: the gateway endorses it once every peer holds the issuance.
    const transfer = await write('/v1/transfers', 'developer-admin', {
      blockId: issued.id,
      quantity: 40,
      toAccountId: 'DEV-BETA',
    });
    const moved = transfer.moved as { id: string; serialStart: number };
    const kept = transfer.kept as { id: string; serialStart: number; serialEnd: number };

    const lookup = await api('GET', `/v1/serials/${moved.serialStart}`, 'developer2-admin');
    expect(lookup.status, JSON.stringify(lookup.body)).to.equal(200);
    const lineage = lookup.body.lineage as { block: Record<string, unknown>; history?: unknown }[];
    expect((lineage[0]?.block as { id: string }).id).to.equal(moved.id);
    expect(lineage[1], 'the block it was split from').to.deep.equal({
      block: { id: kept.id, serialStart: kept.serialStart, serialEnd: kept.serialEnd },
    });
    expect(JSON.stringify(lineage.slice(1))).not.to.include('DEV-ACME');
  });
});
