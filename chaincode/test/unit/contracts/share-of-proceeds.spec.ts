import { expect } from 'chai';
import { ACCOUNTS, ID, World } from '../support/world';
import { compositeKey } from '../support/fake-ledger';
import { shippedProfile } from '../support/profiles';
import type { CreditBlock, MonitoringReport, Project } from '../../../src/domain';

type Issued = CreditBlock & { shareOfProceeds?: CreditBlock };

/** The lean profile setting `percent` of each issuance aside for `accountId`. */
const withShare = (percent: number, accountId: string = ACCOUNTS.gov) => ({
  ...shippedProfile('lean'),
  shareOfProceeds: percent === 0 ? { percent } : { percent, accountId },
});

describe('share of proceeds at issuance (IssueCredits)', () => {
  let w: World;

  const install = (percent: number, accountId?: string): Promise<unknown> =>
    w.ok(ID.govAdmin, 'registry', 'UpdateWorkflowProfile', withShare(percent, accountId));

  const issue = async (project: Project, quantity: number, vintage = 2023) => {
    const report = await w.verifiedReport(project, vintage, quantity);
    return { report, outcome: await w.tx(ID.govOfficer, 'monitoring', 'IssueCredits', { reportId: report.id }) };
  };

  beforeEach(async () => {
    w = new World();
    await w.setup();
  });

  it('issues the developer block and the share as its own block held by the government account, in one transaction', async () => {
    await install(5);
    const project = await w.authorisedProject();
    const { report, outcome } = await issue(project, 1000);
    expect(outcome.error).to.equal(undefined);
    const issued = JSON.parse(outcome.result!) as Issued;
    const prefix = `B-${outcome.txId.slice(0, 16).toUpperCase()}`;
    const share = issued.shareOfProceeds!;
    expect(issued).to.deep.include({
      id: `${prefix}-0`,
      ownerAccountId: ACCOUNTS.devA,
      issuanceReportId: report.id,
      serialStart: 1,
      serialEnd: 950,
      quantity: 950,
      serialNumber: `GHA01-${project.id}-2023-1-950`,
      itmo: { firstId: 'CA0001-GHA01-GHA-1-2023', lastId: 'CA0001-GHA01-GHA-950-2023' },
    });
    expect(share).to.deep.include({
      id: `${prefix}-1`,
      ownerAccountId: ACCOUNTS.gov,
      issuanceReportId: report.id,
      projectId: project.id,
      vintage: 2023,
      status: 'HELD',
      serialStart: 951,
      serialEnd: 1000,
      quantity: 50,
      itmo: { firstId: 'CA0001-GHA01-GHA-951-2023', lastId: 'CA0001-GHA01-GHA-1000-2023' },
      authorisation: issued.authorisation,
    });
    expect(share.parentBlockId).to.equal(undefined);
    expect(w.ledger.get(compositeKey('ncr.block', [share.id]))).to.deep.equal(share);
    const { shareOfProceeds: _, ...developer } = issued;
    expect(w.ledger.get(compositeKey('ncr.block', [issued.id]))).to.deep.equal(developer);

    const block = (b: CreditBlock, owner: string) => [
      compositeKey('ncr.block', [b.id]),
      compositeKey('ncr.block~project', [project.id, '2023', 'HELD', b.id]),
      compositeKey('ncr.block~status', ['HELD', '2023', b.id]),
      compositeKey('ncr.block~owner', [owner, 'HELD', project.id, '2023', b.id]),
      compositeKey('ncr.block~issuance', [report.id, b.id]),
      `serial~${String(b.serialEnd).padStart(16, '0')}`,
    ];
    expect([...outcome.writes.keys()]).to.deep.equal([
      'counter~serial',
      ...block(issued, ACCOUNTS.devA),
      ...block(share, ACCOUNTS.gov),
      'issuance~0000000000000001',
      compositeKey('ncr.report', [report.id]),
      compositeKey('ncr.project', [project.id]),
    ]);
    expect(w.ledger.get('issuance~0000000000000001')).to.deep.equal({
      reportId: report.id,
      projectId: project.id,
      vintage: 2023,
      serialStart: 1,
      serialEnd: 1000,
      quantity: 1000,
    });
    const stored = w.ledger.get(compositeKey('ncr.report', [report.id])) as MonitoringReport;
    expect(stored.issuance).to.deep.include({
      blockId: issued.id,
      serialStart: 1,
      serialEnd: 1000,
      quantity: 1000,
      shareOfProceeds: {
        percent: 5,
        accountId: ACCOUNTS.gov,
        blockId: share.id,
        serialStart: 951,
        serialEnd: 1000,
        quantity: 50,
      },
    });
    expect(w.ledger.get(compositeKey('ncr.project', [project.id]))).to.deep.include({ issuedTotal: 1000 });
  });

  it('emits one CREDITS_ISSUED: the developer block, and the share block in `shareOfProceeds`', async () => {
    await install(5);
    const { report, outcome } = await issue(await w.authorisedProject(), 1000);
    const issued = JSON.parse(outcome.result!) as Issued;
    expect(outcome.events.map((e) => e.name)).to.deep.equal(['CREDITS_ISSUED']);
    const payload = JSON.parse(outcome.events[0]!.payload) as Record<string, unknown>;
    expect(payload).to.deep.include({
      reportId: report.id,
      blockId: issued.id,
      ownerAccountId: ACCOUNTS.devA,
      quantity: 950,
      serialStart: 1,
      serialEnd: 950,
      txId: outcome.txId,
    });
    expect(payload.shareOfProceeds).to.deep.equal({
      percent: 5,
      blockId: issued.shareOfProceeds!.id,
      ownerAccountId: ACCOUNTS.gov,
      quantity: 50,
      serialStart: 951,
      serialEnd: 1000,
      serialNumber: issued.shareOfProceeds!.serialNumber,
      itmo: issued.shareOfProceeds!.itmo,
    });
  });

  it('the audit passes and conservation holds with the share; the government holds the share and may move it', async () => {
    await install(5);
    const { outcome } = await issue(await w.authorisedProject(), 1000);
    const share = (JSON.parse(outcome.result!) as Issued).shareOfProceeds!;
    await w.ok(ID.govOfficer, 'credits', 'Transfer', { blockId: share.id, quantity: 20, toAccountId: ACCOUNTS.devB });
    for (const pageSize of [1, 2, 100]) {
      const pages = await w.audit(pageSize);
      expect(pages.flatMap((p) => p.violations)).to.deep.equal([]);
      const issued = pages.reduce((sum, p) => sum + p.totals.issued, 0);
      const held = pages.reduce((sum, p) => sum + p.totals.HELD, 0);
      expect([issued, held]).to.deep.equal([1000, 1000]);
      expect(pages.reduce((sum, p) => sum + p.checked.blocks, 0)).to.equal(3);
    }
    const balance = await w.ok<{ lines: { quantity: number }[] }>(ID.govOfficer, 'accounts', 'GetBalance', {
      accountId: ACCOUNTS.gov,
    });
    expect(balance.lines.map((line) => line.quantity)).to.deep.equal([30]);
  });

  it('the audit reports a share of proceeds the report records anywhere but at the end of the issuance', async () => {
    await install(5);
    const { report } = await issue(await w.authorisedProject(), 1000);
    const key = compositeKey('ncr.report', [report.id]);
    const stored = w.ledger.get(key) as MonitoringReport;
    const tampered = { ...stored.issuance!.shareOfProceeds!, serialStart: 1, serialEnd: 50 };
    w.ledger.state.set(
      key,
      Buffer.from(JSON.stringify({ ...stored, issuance: { ...stored.issuance, shareOfProceeds: tampered } })),
    );
    const violations = (await w.audit(100)).flatMap((p) => p.violations);
    expect(violations).to.deep.equal([
      `issuance ${report.id}: share of proceeds [1, 50] is not the end of the issuance`,
    ]);
  });

  it('no share block when the share rounds down to 0: one block of the whole quantity', async () => {
    await install(5);
    const { outcome } = await issue(await w.authorisedProject(), 19);
    const issued = JSON.parse(outcome.result!) as Issued;
    expect(issued).to.deep.include({ ownerAccountId: ACCOUNTS.devA, quantity: 19 });
    expect(issued.shareOfProceeds).to.equal(undefined);
    expect(outcome.writes.size).to.equal(10);
    expect(JSON.parse(outcome.events[0]!.payload)).to.not.have.property('shareOfProceeds');
  });

  it('follows the profile the project was registered under: a project registered before the share was set gets none', async () => {
    await install(0);
    const before = await w.authorisedProject();
    await install(10);
    const after = await w.authorisedProject();
    const old = JSON.parse((await issue(before, 1000)).outcome.result!) as Issued;
    expect(old).to.deep.include({ quantity: 1000, ownerAccountId: ACCOUNTS.devA });
    expect(old.shareOfProceeds).to.equal(undefined);
    const recent = JSON.parse((await issue(after, 1000, 2022)).outcome.result!) as Issued;
    expect(recent.quantity).to.equal(900);
    expect(recent.shareOfProceeds).to.deep.include({ quantity: 100, serialStart: 1901, serialEnd: 2000 });
  });

  it('refuses the issuance (INVALID_STATE, nothing written) while the share-of-proceeds account is suspended', async () => {
    await w.ok(ID.govAdmin, 'accounts', 'CreateAccount', {
      id: 'GOV-FUND',
      name: 'Adaptation Fund',
      type: 'GOVERNMENT',
      country: 'GHA',
      admin: { mspId: 'GovernmentMSP', enrollmentId: ID.govClient.cn },
    });
    await install(5, 'GOV-FUND');
    const project = await w.authorisedProject();
    const report = await w.verifiedReport(project, 2023, 1000);
    await w.ok(ID.govAdmin, 'accounts', 'SuspendAccount', { accountId: 'GOV-FUND', reason: 'audit' });
    const message = await w.fails('INVALID_STATE', ID.govOfficer, 'monitoring', 'IssueCredits', {
      reportId: report.id,
    });
    expect(message).to.contain('share-of-proceeds account GOV-FUND is a SUSPENDED GOVERNMENT account');
    await w.ok(ID.govAdmin, 'accounts', 'ReactivateAccount', { accountId: 'GOV-FUND', reason: 'cleared' });
    const issued = await w.ok<Issued>(ID.govOfficer, 'monitoring', 'IssueCredits', { reportId: report.id });
    expect(issued.shareOfProceeds).to.deep.include({ ownerAccountId: 'GOV-FUND', quantity: 50 });
  });
});
