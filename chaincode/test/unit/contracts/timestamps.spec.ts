import { expect } from 'chai';
import type { MonitoringReport } from '../../../src/domain';
import { ACCOUNTS, doc, ID, World } from '../support/world';

/** Dates the next transaction `seconds` before the previous one (the fake ledger adds a minute per transaction). */
function backdate(w: World, seconds: number): void {
  w.ledger.clock -= 60 + seconds;
}

describe('transaction timestamps chosen by the signer', () => {
  let w: World;
  beforeEach(async () => {
    w = new World();
    await w.setup();
  });

  it('refuses a transfer, retirement, cancellation or freeze dated before the block last changed (INVALID_STATE)', async () => {
    const block = await w.issuedBlock(1000);
    backdate(w, 1);
    const message = await w.fails('INVALID_STATE', ID.devA, 'credits', 'Transfer', {
      blockId: block.id,
      quantity: 10,
      toAccountId: ACCOUNTS.devB,
    });
    expect(message).to.contain(`before credit block ${block.id}'s last change at ${block.updatedAt}`);
    backdate(w, 3600);
    await w.fails('INVALID_STATE', ID.devA, 'credits', 'Retire', {
      blockId: block.id,
      quantity: 10,
      beneficiary: 'B',
      purpose: 'VOLUNTARY',
    });
    backdate(w, 3600);
    await w.fails('INVALID_STATE', ID.govOfficer, 'credits', 'Cancel', { blockId: block.id, quantity: 1, reason: 'x' });
    backdate(w, 3600);
    await w.fails('INVALID_STATE', ID.govOfficer, 'credits', 'Freeze', { blockId: block.id, reason: 'x' });
  });

  it('accepts a transaction dated at the same instant as the last change', async () => {
    const block = await w.issuedBlock(1000);
    backdate(w, 0);
    await w.ok(ID.devA, 'credits', 'Transfer', { blockId: block.id, quantity: 10, toAccountId: ACCOUNTS.devB });
  });

  it('refuses a verification dated before the report was submitted, and an issuance before its verification', async () => {
    const project = await w.authorisedProject();
    const report = await w.ok<MonitoringReport>(ID.devA, 'monitoring', 'SubmitMonitoringReport', {
      projectId: project.id,
      periodStart: '2023-01-01',
      periodEnd: '2023-12-31',
      vintage: 2023,
      claimedReductions: 100,
      document: doc('mr'),
    });
    const verify = { reportId: report.id, approved: true, verifiedReductions: 100, report: doc('ver') };
    backdate(w, 1);
    await w.fails('INVALID_STATE', ID.certA, 'monitoring', 'VerifyMonitoringReport', verify);
    await w.ok(ID.certA, 'monitoring', 'VerifyMonitoringReport', verify);
    backdate(w, 1);
    await w.fails('INVALID_STATE', ID.govOfficer, 'monitoring', 'IssueCredits', { reportId: report.id });
  });

  it('refuses a monitoring report dated before its project was authorised (vintage and period are judged by it)', async () => {
    const project = await w.authorisedProject();
    backdate(w, 1);
    await w.fails('INVALID_STATE', ID.devA, 'monitoring', 'SubmitMonitoringReport', {
      projectId: project.id,
      periodStart: '2023-01-01',
      periodEnd: '2023-12-31',
      vintage: 2023,
      claimedReductions: 100,
      document: doc('mr'),
    });
  });

  it('refuses project, account, binding and settings changes dated before their last change', async () => {
    const project = await w.registerProject();
    backdate(w, 1);
    await w.fails('INVALID_STATE', ID.certA, 'projects', 'ValidateProject', {
      projectId: project.id,
      approved: true,
      report: doc('validation'),
    });
    await w.ok(ID.govAdmin, 'accounts', 'SuspendAccount', { accountId: ACCOUNTS.devB, reason: 'audit' });
    backdate(w, 1);
    await w.fails('INVALID_STATE', ID.govAdmin, 'accounts', 'ReactivateAccount', { accountId: ACCOUNTS.devB });
    const binding = { accountId: ACCOUNTS.devA, mspId: 'DeveloperMSP', enrollmentId: ID.devAViewer.cn };
    // the binding last changed during setup, a few transactions ago
    backdate(w, 3600);
    await w.fails('INVALID_STATE', ID.devA, 'accounts', 'BindIdentity', { ...binding, role: 'MANAGER' });
    await w.fails('INVALID_STATE', ID.devA, 'accounts', 'RevokeIdentity', binding);
    w.ledger.clock += 2 * 3600; // back after every instant recorded so far
    await w.ok(ID.govAdmin, 'registry', 'UpdateSettings', { name: 'Ghana Registry' });
    backdate(w, 1);
    await w.fails('INVALID_STATE', ID.govAdmin, 'registry', 'UpdateSettings', { name: 'Older name' });
  });
});
