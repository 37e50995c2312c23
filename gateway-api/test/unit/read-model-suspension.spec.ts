import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { LEAN_PROFILE, type CreditBlock } from '@ncr/chaincode/domain';
import { ACCOUNTS, ID } from '@ncr/chaincode/test-support';
import { reconcile } from '../../src/read-model/reconcile';
import { ReadModelStore } from '../../src/read-model/store';
import { computeAef } from '../../src/reports/aef/compute';
import { aefInputFrom, unitActionsBefore } from '../../src/reports/aef/source';
import { Recorder } from './recorder';

/**
 * A suspension that cancels two pending retirement requests (one transaction, one event) through the read model,
 * reconcile and the AEF: real chaincode transactions on the fake ledger, each a committed block of its own.
 */
describe('read model, reconcile and AEF when a suspension cancels retirement requests', () => {
  let dir: string;
  let store: ReadModelStore;
  let recorder: Recorder;
  let requests: CreditBlock[];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-suspension-'));
    recorder = new Recorder();
    const { world } = recorder;
    await world.setup();
    const block = await world.issuedBlock(1000);
    await world.ok(ID.govAdmin, 'registry', 'UpdateWorkflowProfile', { ...LEAN_PROFILE, retirementApproval: true });
    requests = [];
    for (const quantity of [300, 100]) {
      const outcome = await world.ok<{ moved: CreditBlock }>(ID.devA, 'credits', 'RequestRetirement', {
        blockId: block.id,
        quantity,
        beneficiary: 'Acme Airlines',
        purpose: 'VOLUNTARY',
      });
      requests.push(outcome.moved);
    }
    await world.ok(ID.govAdmin, 'accounts', 'SuspendAccount', { accountId: ACCOUNTS.devB, reason: 'no requests' });
    await world.ok(ID.govAdmin, 'accounts', 'SuspendAccount', { accountId: ACCOUNTS.devA, reason: 'audit' });
    store = ReadModelStore.openWriter(path.join(dir, 'registry.sqlite'));
    for (const committed of recorder.blocks) store.applyBlock(committed);
  });

  after(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('logs one RETIREMENT_REQUEST_CANCELLATION row per cancelled request of the suspension, none for a suspension without any', () => {
    const rows = store.actions().filter((a) => a.eventName === 'ACCOUNT_SUSPENDED');
    const expected = [...requests].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(rows.map((a) => [a.kind, a.part, a.blockId, a.fromAccountId, a.quantity, a.reason])).to.deep.equal(
      expected.map((b, part) => [
        'RETIREMENT_REQUEST_CANCELLATION',
        part,
        b.id,
        ACCOUNTS.devA,
        b.quantity,
        'account suspended',
      ]),
    );
    for (const row of rows) expect(row.block).to.deep.include({ status: 'HELD' });
    expect(store.creditBlocks().filter((b) => b.status === 'PENDING_RETIREMENT')).to.deep.equal([]);
  });

  it('GET /v1/tasks scans each pending block for the government only, until the suspension unlocks it', () => {
    const before = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-suspension-before-'));
    const earlier = ReadModelStore.openWriter(path.join(before, 'registry.sqlite'));
    try {
      for (const committed of recorder.blocks.slice(0, -1)) earlier.applyBlock(committed);
      const scanned = earlier.taskCandidates({ retirementRequests: true }, 100);
      const requested = scanned.filter((r) => r.position.kind === 'RETIREMENT_REQUEST');
      expect(requested.map((r) => r.candidate.block?.id).sort()).to.deep.equal(requests.map((b) => b.id).sort());
      expect(requested.map((r) => r.candidate.project.id)).to.deep.equal(requests.map((b) => b.projectId));
      expect(earlier.taskCandidates({}, 100).map((r) => r.position.kind)).to.not.include('RETIREMENT_REQUEST');
      const ofDevA = earlier.taskCandidates({ developerAccountId: ACCOUNTS.devA }, 100);
      expect(ofDevA.map((r) => r.position.kind)).to.not.include('RETIREMENT_REQUEST');
      // a page resumes after the last position it examined
      const first = earlier.taskCandidates({ retirementRequests: true }, 1);
      expect(earlier.taskCandidates({ retirementRequests: true }, 100, first[0]!.position)).to.deep.equal(
        scanned.slice(1),
      );
    } finally {
      earlier.close();
      fs.rmSync(before, { recursive: true, force: true });
    }
    const after = store.taskCandidates({ retirementRequests: true }, 100).map((r) => r.position.kind);
    expect(after).to.not.include('RETIREMENT_REQUEST');
  });

  it('reconcile finds no difference: the blocks rebuilt from the action log are HELD again', async () => {
    const result = await reconcile(recorder.evaluate, store);
    expect(result.differences).to.deep.equal([]);
    expect(result.compared.actionLogBlocks).to.equal(3);
  });

  it('the AEF reads each cancellation as the units unlocked (no AEF action): Table 4 holds them, the log replays', () => {
    const units = [...unitActionsBefore(store, store.status().blockHeight)];
    expect(units.map((a) => a.kind)).to.deep.equal([
      'ISSUANCE',
      'RETIREMENT_REQUEST',
      'RETIREMENT_REQUEST',
      'RETIREMENT_REJECTION',
      'RETIREMENT_REJECTION',
    ]);
    const report = computeAef(aefInputFrom(store, { year: 2025, version: '1.0', submissionDate: '2026-04-01' })!);
    expect(report.table3.rows.map((r) => r[1])).to.deep.equal(['Authorization', 'First transfer']);
    // Table 4: first ID, last ID, quantity: the source block and both unlocked parts, held at 31 December.
    expect(report.table4.rows.map((r) => [r[4], r[5], r[12]])).to.deep.equal([
      [1, 600, 600],
      [601, 700, 100],
      [701, 1000, 300],
    ]);
  });
});
