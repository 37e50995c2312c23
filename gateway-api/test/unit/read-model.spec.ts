import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { ACCOUNTS, ID } from '@ncr/chaincode/test-support';
import type { CommittedBlock } from '../../src/read-model/decode';
import { reconcile } from '../../src/read-model/reconcile';
import { ReadModelStore } from '../../src/read-model/store';
import { unitActionsBefore } from '../../src/reports/aef/source';
import { callerTasks } from '../../src/tasks/select';
import { Recorder } from './recorder';

describe('read model projection and reconcile (chaincode on the fake ledger)', () => {
  let dir: string;
  let store: ReadModelStore;
  let recorder: Recorder;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-readmodel-'));
    recorder = new Recorder();
    const { world } = recorder;
    await world.setup();
    const block = await world.issuedBlock(1000);
    await world.ok(ID.devA, 'credits', 'Transfer', { blockId: block.id, quantity: 300, toAccountId: ACCOUNTS.devB });
    await world.ok(ID.devA, 'credits', 'Retire', {
      blockId: block.id,
      quantity: 100,
      beneficiary: 'Volta Schools',
      purpose: 'VOLUNTARY',
    });
    await world.ok(ID.govOfficer, 'credits', 'Cancel', { blockId: block.id, quantity: 50, reason: 'double claim' });
    store = ReadModelStore.openWriter(path.join(dir, 'registry.sqlite'));
    for (const committed of recorder.blocks) store.applyBlock(committed);
  });

  after(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('projects every record and one action per credit transaction, in ledger order', () => {
    expect(store.status().blockHeight).to.equal(recorder.blocks.length);
    expect(store.accounts().map((a) => a.id)).to.have.members(Object.values(ACCOUNTS));
    expect(store.creditBlocks()).to.have.length(4);
    const kinds = store.actions().map((a) => a.kind);
    expect(kinds).to.deep.equal(['AUTHORISATION', 'ISSUANCE', 'TRANSFER', 'RETIREMENT', 'CANCELLATION']);
    const quantities = store.creditBlocks().map((b) => b.quantity);
    expect(quantities.reduce((s, q) => s + q, 0)).to.equal(1000);
  });

  it('reconcile finds no difference between the read model and the chaincode state', async () => {
    const result = await reconcile(recorder.evaluate, store);
    expect(result.differences).to.deep.equal([]);
    expect(result.compared.creditBlocks).to.equal(4);
    expect(result.compared.actionLogBlocks).to.equal(4);
  });

  it('keeps each action with its payload parsed by its event schema; the AEF takes the retirement purpose from it', () => {
    const retirement = store.actions().find((a) => a.kind === 'RETIREMENT');
    expect(retirement?.eventName).to.equal('CREDITS_RETIRED');
    expect(retirement?.payload).to.deep.include({ beneficiary: 'Volta Schools', purpose: 'VOLUNTARY', quantity: 100 });
    expect([...unitActionsBefore(store, store.status().blockHeight)].map((a) => [a.kind, a.purpose])).to.deep.equal([
      ['ISSUANCE', undefined],
      ['TRANSFER', undefined],
      ['RETIREMENT', 'VOLUNTARY'],
      ['CANCELLATION', undefined],
    ]);
  });

  it('refuses a block whose action payload does not match its event schema: keeps nothing of it, nor moves the checkpoint', () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-readmodel-malformed-'));
    const fresh = ReadModelStore.openWriter(path.join(other, 'registry.sqlite'));
    try {
      for (const committed of recorder.blocks.slice(0, -1)) fresh.applyBlock(committed);
      const last = recorder.blocks.at(-1)!;
      const tx = last.transactions[0]!;
      const event = tx.event!;
      expect(event.name).to.equal('CREDITS_CANCELLED');
      const malformed: CommittedBlock = {
        ...last,
        transactions: [{ ...tx, event: { name: event.name, payload: { ...event.payload, quantity: '50' } } }],
      };
      expect(() => fresh.applyBlock(malformed)).to.throw(/quantity/);
      expect(fresh.status().blockHeight).to.equal(recorder.blocks.length - 1);
      expect(fresh.actions().map((a) => a.kind)).to.not.include('CANCELLATION');
      fresh.applyBlock(last);
      expect(fresh.dump()).to.deep.equal(store.dump());
    } finally {
      fresh.close();
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  it('reconcile reports a block the read model lost and a split it never saw', async () => {
    const lost = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-readmodel-lost-'));
    const partial = ReadModelStore.openWriter(path.join(lost, 'registry.sqlite'));
    try {
      // Every block but the last (the cancellation): its split block and the source's new range are missing.
      for (const committed of recorder.blocks.slice(0, -1)) partial.applyBlock(committed);
      const result = await reconcile(recorder.evaluate, partial);
      const whats = result.differences.map((d) => `${d.what}: ${d.detail.split(':')[0] ?? ''}`);
      expect(whats).to.include('credit block: on the ledger, missing from the read model');
      expect(whats.some((w) => w.startsWith('credit block: differs'))).to.equal(true);
      expect(whats).to.include('block rebuilt from the action log: on the ledger, missing from the read model');
    } finally {
      partial.close();
      fs.rmSync(lost, { recursive: true, force: true });
    }
  });

  it("scans a party's projects and reports oldest write first, a page at a time; the authorised project waits for its developer", () => {
    const [project] = store.projects();
    const [report] = store.monitoringReports();
    const ofDevA = store.taskCandidates({ developerAccountId: ACCOUNTS.devA }, 10);
    expect(ofDevA.map((r) => [r.position.kind, r.position.id])).to.deep.equal([
      ['PROJECT', project!.id],
      ['REPORT', report!.id],
    ]);
    expect(ofDevA[0]!.position.block).to.be.at.most(ofDevA[1]!.position.block);
    expect(ofDevA[1]!.candidate.project).to.deep.equal(project);
    const first = store.taskCandidates({ developerAccountId: ACCOUNTS.devA }, 1);
    expect(first).to.deep.equal(ofDevA.slice(0, 1));
    expect(store.taskCandidates({ developerAccountId: ACCOUNTS.devA }, 1, first[0]!.position)).to.deep.equal(
      ofDevA.slice(1),
    );
    expect(store.taskCandidates({ developerAccountId: ACCOUNTS.devA }, 10, ofDevA[1]!.position)).to.deep.equal([]);
    expect(store.taskCandidates({ certifierAccountId: ACCOUNTS.certA }, 10)).to.deep.equal(ofDevA);
    expect(store.taskCandidates({}, 10)).to.deep.equal(ofDevA);
    expect(store.taskCandidates({ developerAccountId: ACCOUNTS.devB }, 10)).to.deep.equal([]);
    expect(store.taskCandidates({ certifierAccountId: ACCOUNTS.certB }, 10)).to.deep.equal([]);

    const lean = (): never => {
      throw new Error('projects of the fake ledger follow the built-in lean flow');
    };
    const candidates = ofDevA.map((r) => r.candidate);
    const tasks = callerTasks({ id: ACCOUNTS.devA, type: 'DEVELOPER', role: 'MANAGER' }, candidates, lean);
    expect(tasks).to.deep.equal([
      {
        kind: 'PROJECT',
        projectId: project!.id,
        step: 'MONITORING',
        actorType: 'DEVELOPER',
        roles: ['ADMIN', 'MANAGER'],
        accountId: ACCOUNTS.devA,
        profileVersion: 0,
        since: { blockNumber: ofDevA[0]!.position.block, txId: ofDevA[0]!.candidate.txId, at: project!.updatedAt },
      },
    ]);
    expect(callerTasks({ id: ACCOUNTS.certA, type: 'CERTIFIER', role: 'ADMIN' }, candidates, lean)).to.deep.equal([]);
    expect(callerTasks({ id: ACCOUNTS.gov, type: 'GOVERNMENT', role: 'ADMIN' }, candidates, lean)).to.deep.equal([]);
  });

  // Last: it records one more retirement on the shared world.
  it('pages the public lists: one kind of action newest first, projects by last write, totals by vintage and status', async () => {
    const block = store.creditBlocks()[0]!;
    await recorder.world.ok(ID.devB, 'credits', 'Retire', {
      blockId: store.creditBlocks().find((b) => b.ownerAccountId === ACCOUNTS.devB)!.id,
      quantity: 10,
      beneficiary: 'Second page',
      purpose: 'VOLUNTARY',
    });
    const paged = ReadModelStore.openWriter(path.join(dir, 'paged.sqlite'));
    try {
      for (const committed of recorder.blocks) paged.applyBlock(committed);
      const first = paged.actionsOfKind('RETIREMENT', 1);
      expect(first[0]?.payload).to.deep.include({ beneficiary: 'Second page' });
      const second = paged.actionsOfKind('RETIREMENT', 1, first[0]!.seq);
      expect(second[0]?.payload).to.deep.include({ beneficiary: 'Volta Schools' });
      expect(paged.actionsOfKind('RETIREMENT', 1, second[0]!.seq)).to.deep.equal([]);
      expect(paged.actionsOfKind('ISSUANCE', 10).map((a) => a.kind)).to.deep.equal(['ISSUANCE']);

      const projects = paged.projectsPage(1);
      expect(projects.map((p) => p.project.id)).to.deep.equal(paged.projects().map((p) => p.id));
      expect(paged.projectsPage(1, projects[0]!.position)).to.deep.equal([]);

      const totals = paged.totalsByVintageAndStatus();
      expect(totals.reduce((sum, t) => sum + t.quantity, 0)).to.equal(1000);
      expect(totals).to.deep.include({ vintage: block.vintage, status: 'RETIRED', quantity: 110 });
    } finally {
      paged.close();
    }
  });
});
