import { expect } from 'chai';
import { AefJsonSchema, crossCheck, type AefJson } from '../../src/aef/cross-check';
import { setQuiet } from '../../src/lib/log';
import { runningPid, startDaemon, stopDaemon, waitFor } from '../../src/lib/processes';
import { ApiTransport } from '../../src/lib/api';
import { demoUsers } from '../../src/demo/api-client';
import { addPartner } from '../../src/commands/partner';
import { startNetwork } from '../../src/commands/start';
import { relayerDaemon, relayerSpec } from '../../src/network/gateway';
import { chaincodeInvoke, nationalTopology, type Partner } from '../../src/network/partners';
import { gatewayUrl, orgByKey, type OrgConfig, type Topology } from '../../src/network/topology';

/**
 * Two registries running this software on one network: the host's (channel ncr) and the partner Party's (CHE,
 * channel che, added by `npm run partner -- add CHE`), and their bilateral channel ca0001. International transfers
 * through REST and the two relayers: the full path, the abandoned path, forged and repeated applies, and relayers
 * stopped right after each step (before their event checkpoint) and restarted.
 */
describe('International transfers between two registries (bilateral channel, relayers)', function () {
  this.timeout(900_000);
  let topology: Topology;
  let government: OrgConfig;
  let partner: Partner;
  const rest = new ApiTransport('http://127.0.0.1', 120_000);
  const key = (name: string): string => demoUsers().get(name)?.apiKey ?? '';
  const run = Date.now().toString(36).toUpperCase();
  /** The first serial of the full path's transferred units (the AEF test finds its rows by it). */
  const fullPath = { serialStart: 0 };

  const send = async (as: string, method: string, route: string, body?: unknown) => {
    const answer = await rest.send(method, route, key(as), body);
    return {
      status: answer.status,
      body: JSON.parse(answer.text || '{}') as Record<string, unknown>,
      text: answer.text,
    };
  };
  const ok = async (as: string, method: string, route: string, body?: unknown) => {
    const answer = await send(as, method, route, body);
    expect(answer.status, `${method} ${route}: ${answer.text}`).to.be.within(200, 201);
    return answer.body;
  };

  /** An issued block of `quantity` ITMOs (authorised for NDC under CA0001, whose partner is CHE). */
  async function itmoBlock(label: string, quantity: number): Promise<{ id: string; projectId: string }> {
    const sha = (text: string): string => Buffer.from(text.padEnd(32, '.')).toString('hex').slice(0, 64);
    const doc = (name: string) => ({ uri: `https://docs.example.org/${name}.pdf`, sha256: sha(`${run}${name}`) });
    const project = await ok('developer-admin', 'POST', '/v1/projects', {
      title: `ITMOs ${label} ${run}`,
      sector: 'Energy generation',
      activityType: 'Solar',
      methodology: 'AMS-I.L',
      location: { country: 'GHA', region: 'Northern' },
      creditingPeriod: { start: '2024-01-01', end: '2033-12-31' },
      estimatedAnnualReductions: quantity,
      certifierAccountId: 'CERT-VVB1',
      documents: [{ type: 'PDD', ...doc(`pdd-${label}`) }],
    });
    const projectId = String(project.id);
    await ok('certifier-admin', 'POST', `/v1/projects/${projectId}/validation`, {
      approved: true,
      report: doc(`val-${label}`),
    });
    await ok('gov-admin', 'POST', `/v1/projects/${projectId}/authorisation`, {
      approved: true,
      authorisationId: `AUTH-INTL-${label}-${run}`,
      purposes: 'NDC',
      cooperativeApproachId: 'CA0001',
    });
    const report = await ok('developer-admin', 'POST', `/v1/projects/${projectId}/monitoring-reports`, {
      periodStart: '2024-01-01',
      periodEnd: '2024-12-31',
      vintage: 2024,
      claimedReductions: quantity,
      document: doc(`mr-${label}`),
    });
    await ok('certifier-admin', 'POST', `/v1/monitoring-reports/${String(report.id)}/verification`, {
      approved: true,
      verifiedReductions: quantity,
      report: doc(`ver-${label}`),
    });
    const block = await ok('gov-admin', 'POST', `/v1/monitoring-reports/${String(report.id)}/issuance`);
    return { id: String(block.id), projectId };
  }

  const request = (blockId: string, quantity: number) =>
    ok('developer-admin', 'POST', '/v1/international-transfers', {
      blockId,
      quantity,
      partyId: 'CHE',
      toAccountId: partner.governmentAccount.id,
      cooperativeApproachId: 'CA0001',
    });
  const status = (as: string, id: string) => send(as, 'GET', `/v1/international-transfers/${id}`);
  const officer = (): string => `${partner.org.key}-officer`;
  const untilStep = (as: string, id: string, step: string) =>
    waitFor(`${id} at ${step} for ${as}`, async () => (await status(as, id)).body.step === step, {
      timeoutMs: 120_000,
      intervalMs: 500,
    });

  const relayers = (): OrgConfig[] => [government, partner.org];
  const stopRelayers = async (): Promise<void> => {
    for (const org of relayers()) await stopDaemon(relayerDaemon(org));
  };
  /** Runs `org`'s relayer until it has taken `steps` steps and stopped itself (before moving its checkpoint). */
  const stepOnce = async (org: OrgConfig, steps = 1): Promise<void> => {
    startDaemon(relayerSpec(org, { NCR_RELAYER_MAX_STEPS: String(steps) }));
    await waitFor(
      `relayer of ${org.mspId} stopping after ${steps} step(s)`,
      () => Promise.resolve(runningPid(relayerDaemon(org)) === undefined),
      { timeoutMs: 180_000, intervalMs: 500 },
    );
  };
  const startRelayers = (): void => {
    for (const org of relayers()) if (runningPid(relayerDaemon(org)) === undefined) startDaemon(relayerSpec(org));
  };

  /** Sum of a registry's blocks by status: through `as`'s gateway, `query` (project=… or owner=…). */
  async function sums(
    as: string,
    query: string,
  ): Promise<{ ranges: { status: string; start: number; end: number }[]; by: Record<string, number> }> {
    const by: Record<string, number> = {};
    const ranges: { status: string; start: number; end: number }[] = [];
    let bookmark = '';
    do {
      const page = await ok(
        as,
        'GET',
        `/v1/credit-blocks?${query}&pageSize=100${bookmark ? `&bookmark=${encodeURIComponent(bookmark)}` : ''}`,
      );
      for (const block of page.items as {
        status: string;
        quantity: number;
        serialStart: number;
        serialEnd: number;
      }[]) {
        by[block.status] = (by[block.status] ?? 0) + block.quantity;
        ranges.push({ status: block.status, start: block.serialStart, end: block.serialEnd });
      }
      bookmark = typeof page.bookmark === 'string' ? page.bookmark : '';
    } while (bookmark !== '');
    return { ranges, by };
  }

  before(async () => {
    setQuiet(true);
    topology = await startNetwork();
    government = orgByKey(topology, 'government');
    partner = await addPartner('CHE', process.env.NCR_PARTNER_ENTRY);
    await stopRelayers();
  });

  after(() => {
    startRelayers();
  });

  it('the partner registry answers on its own channel through its own gateway, with its own Party and government', async () => {
    expect(gatewayUrl(nationalTopology(topology, partner), partner.org)).to.match(/^http:/);
    const settings = await ok(officer(), 'GET', '/v1/settings');
    expect(settings).to.include({ party: 'CHE', registryId: 'CHE01', governmentMspId: partner.org.mspId });
    const host = await ok('gov-admin', 'GET', '/v1/settings');
    expect(host).to.include({ governmentMspId: 'GovernmentMSP' });
  });

  it('full path: units locked, recorded, TRANSFERRED at home and ACQUIRED abroad with the same ITMO IDs; conservation on both sides', async () => {
    const block = await itmoBlock('full', 1000);
    const requested = await request(block.id, 300);
    const id = String(requested.id);
    expect((await status('gov-admin', id)).body.step).to.equal('REQUESTED');
    const locked = await ok('gov-admin', 'GET', `/v1/credit-blocks/${String(requested.blockId)}`);
    fullPath.serialStart = Number(locked.serialStart);
    expect(locked.status).to.equal('PENDING_EXPORT');
    const retire = await send('developer-admin', 'POST', '/v1/retirements', {
      blockId: locked.id,
      quantity: 1,
      beneficiary: 'x',
      purpose: 'NDC',
    });
    expect(retire.status, retire.text).to.equal(409);

    startRelayers();
    await untilStep('gov-admin', id, 'TRANSFERRED');
    await untilStep(officer(), id, 'ACQUIRED');
    const acquired = (await status(officer(), id)).body.acquisition as { blockId: string; itmo: unknown };
    const held = await ok(officer(), 'GET', `/v1/credit-blocks/${acquired.blockId}`);
    expect(held).to.deep.include({ status: 'HELD', quantity: 300, serialStart: locked.serialStart, itmo: locked.itmo });
    expect(held.ownerAccountId).to.equal(partner.governmentAccount.id);

    const used = await ok(officer(), 'POST', '/v1/retirements', {
      blockId: held.id,
      quantity: 100,
      beneficiary: 'Swiss NDC',
      purpose: 'NDC',
    });
    expect(used.txId).to.be.a('string');
    const host = await sums('gov-admin', `project=${block.projectId}`);
    expect(host.by).to.deep.equal({ HELD: 700, TRANSFERRED: 300 });
    const abroad = await sums(officer(), `owner=${partner.governmentAccount.id}&project=${block.projectId}`);
    expect(abroad.by).to.deep.equal({ HELD: 200, RETIRED: 100 });
    // Every ITMO ID is held in at most one registry: no serial held here is held abroad.
    for (const there of abroad.ranges.filter((r) => r.status === 'HELD')) {
      for (const here of host.ranges.filter((r) => r.status === 'HELD' || r.status.startsWith('PENDING'))) {
        expect(there.end < here.start || there.start > here.end, JSON.stringify({ here, there })).to.equal(true);
      }
    }
  });

  it('AEF: the host reports the first transfer to CHE, CHE its acquisition of the same IDs; the cross-check agrees', async () => {
    const year = new Date().getUTCFullYear();
    const aef = async (as: string) =>
      AefJsonSchema.parse(await ok(as, 'GET', `/v1/reports/aef?year=${year}&format=json`));
    const rowsOf = (report: AefJson, sheet: string) => {
      const table = report.sheets.find((s) => s.sheet === sheet);
      return (table?.rows ?? []).map((row) => Object.fromEntries(table?.columns.map((c, i) => [c, row[i]]) ?? []));
    };
    const sent = (report: AefJson) =>
      rowsOf(report, 'Table 3 Actions').filter(
        (r) => r['First ID'] === fullPath.serialStart && r['Action type'] !== 'Authorization',
      );
    await waitFor(
      'both read models past the transfer',
      async () => {
        const [host, che] = [await aef('auditor'), await aef(officer())];
        return sent(host).length > 0 && sent(che).length > 0;
      },
      { timeoutMs: 120_000, intervalMs: 1000 },
    );
    const host = await aef('auditor');
    const che = await aef(officer());
    expect(sent(host)).to.have.length(1);
    expect(sent(host)[0]).to.include({
      'Action type': 'First transfer',
      'Action subtype': 'First transfer to another Party',
      'Transferring participating Party ID': 'GHA',
      'Acquiring participating Party ID': 'CHE',
      'Quantity (t CO2 eq)': 300,
    });
    expect(sent(che).map((r) => r['Action type'])).to.deep.equal(['Acquisition']);
    expect(sent(che)[0]).to.include({
      'Transferring participating Party ID': 'GHA',
      'Acquiring participating Party ID': 'CHE',
      'First transferring participating Party ID': 'GHA',
      'Party ITMO registry ID': 'GHA01',
    });
    const held = rowsOf(che, 'Table 4 Holdings').filter((r) => r['Party ITMO registry ID'] === 'GHA01');
    expect(held.map((r) => r['Quantity (t CO2 eq)'])).to.include(200);
    for (const [from, to] of [
      [host, che],
      [che, host],
    ] as const) {
      const checked = crossCheck(from, to);
      expect(checked.mismatches, checked.mismatches.join('\n')).to.deep.equal([]);
    }
    expect(crossCheck(host, che).matched).to.be.at.least(1);
  });

  it('forged and repeated applies are refused on both national channels', async () => {
    const national = nationalTopology(topology, partner);
    const made = { requestId: 'X-00000000DEADBEEF', outcome: 'TRANSFERRED', bilateralTxId: 'a'.repeat(64) };
    await expectRefused(chaincodeInvoke(topology, government, 'international:CompleteExport', made), 'NOT_FOUND');
    const pending = await ok('gov-admin', 'GET', '/v1/international-transfers?status=TRANSFERRED&pageSize=100');
    const done = (pending.items as { id: string; bilateralTxId: string; requestId: string }[])[0];
    expect(done, 'a transferred request of the full path').to.not.equal(undefined);
    const again = { requestId: done?.id, outcome: 'TRANSFERRED', bilateralTxId: done?.bilateralTxId };
    await expectRefused(chaincodeInvoke(topology, government, 'international:CompleteExport', again), 'INVALID_STATE');
    const record = (await status('gov-admin', String(done?.id))).body.decision as {
      terms: Record<string, unknown>;
      txId: string;
    };
    const acquire = { ...record.terms, bilateralTxId: record.txId };
    await expectRefused(
      chaincodeInvoke(national, partner.org, 'international:RecordAcquisition', acquire),
      'INVALID_STATE',
    );
    const forged = { ...record.terms, requestId: 'X-00000000DEADBEEF', bilateralTxId: record.txId };
    await expectRefused(chaincodeInvoke(national, partner.org, 'international:RecordAcquisition', forged), 'NOT_FOUND');
  });

  it('abandoned: the decision says so, the host unlocks the units, the partner never acquires them', async () => {
    await stopRelayers();
    const block = await itmoBlock('abandon', 100);
    const id = String((await request(block.id, 40)).id);
    const route = `/v1/international-transfers/${id}/abandon`;
    const refused = await send('developer-admin', 'POST', route, { reason: 'not mine to abandon' });
    expect(refused.status, refused.text).to.equal(403);
    await ok('gov-admin', 'POST', route, { reason: 'integration test' });
    const twice = await send('gov-admin', 'POST', route, { reason: 'again' });
    expect(twice.status, twice.text).to.equal(409);
    expect((await status('gov-admin', id)).body.step).to.equal('ABANDONED');
    startRelayers();
    await untilStep('gov-admin', id, 'UNLOCKED');
    expect((await sums('gov-admin', `project=${block.projectId}`)).by).to.deep.equal({ HELD: 100 });
    expect((await status(officer(), id)).body).to.include({ step: 'ABANDONED', done: true });
    expect((await status(officer(), id)).body.acquisition).to.equal(undefined);
  });

  it('relayers stopped right after each step, before their checkpoint, resume: nothing lost, nothing done twice', async () => {
    await stopRelayers();
    const block = await itmoBlock('steps', 500);
    const id = String((await request(block.id, 120)).id);
    await stepOnce(government); // RecordTransfer on ca0001
    expect((await status('gov-admin', id)).body.step).to.equal('RECORDED');
    await stepOnce(government); // CompleteExport on ncr (the event replayed: the record is found, not made again)
    expect((await status('gov-admin', id)).body.step).to.equal('TRANSFERRED');
    expect((await status(officer(), id)).body.step).to.equal('RECORDED');
    await stepOnce(partner.org); // RecordAcquisition on che
    expect((await status(officer(), id)).body.step).to.equal('ACQUIRED');
    startRelayers();
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const abroad = await sums(officer(), `owner=${partner.governmentAccount.id}&project=${block.projectId}`);
    expect(abroad.by).to.deep.equal({ HELD: 120 });
    expect((await sums('gov-admin', `project=${block.projectId}`)).by).to.deep.equal({ HELD: 380, TRANSFERRED: 120 });
  });
});

async function expectRefused(call: Promise<string>, code: string): Promise<void> {
  try {
    await call;
  } catch (err) {
    expect(err instanceof Error ? err.message : String(err)).to.contain(code);
    return;
  }
  expect.fail(`the call was not refused (${code} expected)`);
}
