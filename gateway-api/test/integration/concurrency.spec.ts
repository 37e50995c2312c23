import { expect } from 'chai';
import { api, doc, network, projectBody, write } from './support';

/** Sum of `ncr_fabric_commit_status_total{code="<code>"}` on every organisation's gateway's Prometheus endpoint. */
async function commitCount(code: string): Promise<number> {
  const counts = await Promise.all(
    Object.values(network.orgs).map(async (org) => {
      const text = await (await fetch(`${org.gatewayUrl}/metrics`)).text();
      const line = text.split('\n').find((l) => l.startsWith(`ncr_fabric_commit_status_total{code="${code}"}`));
      return line === undefined ? 0 : Number(line.split(' ').pop());
    }),
  );
  return counts.reduce((sum, count) => sum + count, 0);
}

interface Block {
  id: string;
  quantity: number;
  ownerAccountId: string;
}

/**
 * On the real network: transfers between different holders touch no shared key, so when they are
 * endorsed and ordered together none of them fails with MVCC_READ_CONFLICT (the gateway would retry it silently,
 * so the test reads the gateway's commit-status counter rather than trusting the 201s alone).
 */
describe('concurrent transfers between different holders', function () {
  this.timeout(300_000);

  it('commit together without any MVCC read conflict', async () => {
    const run = Date.now().toString(36);
    const project = await write(
      '/v1/projects',
      'developer-admin',
      projectBody(`Concurrency check ${run}`, `pdd-${run}`, {
        activityType: 'Wind',
        methodology: 'ACM0002',
        location: { country: 'GHA', region: 'Volta' },
        estimatedAnnualReductions: 50_000,
      }),
    );
    const projectId = project.id as string;
    await write(`/v1/projects/${projectId}/validation`, 'certifier-admin', {
      approved: true,
      report: doc(`val-${run}`),
    });
    await write(`/v1/projects/${projectId}/authorisation`, 'gov-admin', {
      approved: true,
      authorisationId: `CONC-${run}`,
      purposes: 'NDC',
    });
    // Two issuances per company: each holder gets distinct blocks to move.
    const blocks: Block[] = [];
    for (const [vintage, period] of [
      [2024, ['2024-01-01', '2024-12-31']],
      [2025, ['2025-01-01', '2025-12-31']],
    ] as const) {
      const report = await write(`/v1/projects/${projectId}/monitoring-reports`, 'developer-admin', {
        periodStart: period[0],
        periodEnd: period[1],
        vintage,
        claimedReductions: 4_000,
        document: doc(`mr-${vintage}-${run}`),
      });
      await write(`/v1/monitoring-reports/${String(report.id)}/verification`, 'certifier-admin', {
        approved: true,
        verifiedReductions: 4_000,
        report: doc(`ver-${vintage}-${run}`),
      });
      blocks.push(
        (await write(`/v1/monitoring-reports/${String(report.id)}/issuance`, 'gov-admin')) as unknown as Block,
      );
    }
    // Give developer 2 two blocks of its own (splits of the issued ones), so each company holds two blocks.
    const [a1, a2] = blocks as [Block, Block];
    const b1 = (
      await write('/v1/transfers', 'developer-admin', { blockId: a1.id, quantity: 1_000, toAccountId: 'DEV-BETA' })
    ).moved as Block;
    const b2 = (
      await write('/v1/transfers', 'developer-admin', { blockId: a2.id, quantity: 1_000, toAccountId: 'DEV-BETA' })
    ).moved as Block;

    const conflictsBefore = await commitCount('MVCC_READ_CONFLICT');
    const validBefore = await commitCount('VALID');
    const moves = [
      { as: 'developer-admin', blockId: a1.id, to: 'DEV-BETA' },
      { as: 'developer-admin', blockId: a2.id, to: 'DEV-BETA' },
      { as: 'developer2-admin', blockId: b1.id, to: 'DEV-ACME' },
      { as: 'developer2-admin', blockId: b2.id, to: 'DEV-ACME' },
    ];
    const replies = await Promise.all(
      moves.map((move) =>
        api('POST', '/v1/transfers', move.as, { blockId: move.blockId, quantity: 100, toAccountId: move.to }),
      ),
    );

    for (const reply of replies) expect(reply.status, JSON.stringify(reply.body)).to.equal(201);
    expect(await commitCount('MVCC_READ_CONFLICT')).to.equal(conflictsBefore);
    expect(await commitCount('VALID')).to.equal(validBefore + moves.length);
    // Each source block kept exactly its quantity minus 100: nothing moved twice, nothing lost.
    for (const [block, expected] of [
      [a1, 2_900],
      [a2, 2_900],
      [b1, 900],
      [b2, 900],
    ] as const) {
      const reply = await api('GET', `/v1/credit-blocks/${block.id}`, 'gov-admin');
      expect(reply.body.quantity, block.id).to.equal(expected);
    }
  });
});
