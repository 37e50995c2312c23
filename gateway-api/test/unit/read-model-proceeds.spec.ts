import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { LEAN_PROFILE } from '@ncr/chaincode/domain';
import { ACCOUNTS, ID } from '@ncr/chaincode/test-support';
import { publicActions } from '../../src/explorer/public';
import { reconcile } from '../../src/read-model/reconcile';
import { ReadModelStore } from '../../src/read-model/store';
import { computeAef } from '../../src/reports/aef/compute';
import { aefInputFrom, unitActionsBefore } from '../../src/reports/aef/source';
import { Recorder } from './recorder';

interface Issued {
  id: string;
  txId?: string;
  shareOfProceeds?: { id: string };
}

/**
 * An issuance with a share of proceeds (two blocks, one transaction) through the read model, reconcile, the AEF and
 * the public register: real chaincode transactions on the fake ledger, each a committed block of its own.
 */
describe('read model, reconcile, AEF and public register with a share of proceeds', () => {
  let dir: string;
  let store: ReadModelStore;
  let recorder: Recorder;
  let issued: Issued;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-proceeds-'));
    recorder = new Recorder();
    const { world } = recorder;
    await world.setup();
    await world.ok(ID.govAdmin, 'registry', 'UpdateWorkflowProfile', {
      ...LEAN_PROFILE,
      shareOfProceeds: { percent: 5, accountId: ACCOUNTS.gov },
    });
    const project = await world.authorisedProject();
    const report = await world.verifiedReport(project, 2023, 1000);
    issued = await world.ok<Issued>(ID.govOfficer, 'monitoring', 'IssueCredits', { reportId: report.id });
    // The government moves part of the share: a split of the share block, as of any other.
    await world.ok(ID.govOfficer, 'credits', 'Transfer', {
      blockId: issued.shareOfProceeds!.id,
      quantity: 20,
      toAccountId: ACCOUNTS.devB,
    });
    store = ReadModelStore.openWriter(path.join(dir, 'registry.sqlite'));
    for (const committed of recorder.blocks) store.applyBlock(committed);
  });

  after(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('logs one ISSUANCE row per issued block, numbered within their transaction, the share marked and held by the government', () => {
    const rows = store.actions().filter((a) => a.kind === 'ISSUANCE');
    expect(rows.map((a) => [a.part, a.blockId, a.toAccountId, a.serialStart, a.serialEnd, a.quantity])).to.deep.equal([
      [0, issued.id, ACCOUNTS.devA, 1, 950, 950],
      [1, issued.shareOfProceeds!.id, ACCOUNTS.gov, 951, 1000, 50],
    ]);
    expect(rows.map((a) => a.shareOfProceeds)).to.deep.equal([false, true]);
    expect(rows[0]!.txId).to.equal(rows[1]!.txId);
    expect(rows[1]!.block).to.deep.include({ id: issued.shareOfProceeds!.id, ownerAccountId: ACCOUNTS.gov });
    expect(store.heldBalance(ACCOUNTS.gov)).to.deep.include({ blocks: 1 });
  });

  it('reconcile finds no difference: the blocks rebuilt from the action log alone equal the ledger', async () => {
    const result = await reconcile(recorder.evaluate, store);
    expect(result.differences).to.deep.equal([]);
    expect(result.compared.creditBlocks).to.equal(3);
    expect(result.compared.actionLogBlocks).to.equal(3);
  });

  it('reconcile reports the share block when the action log lost its row', async () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-proceeds-lost-'));
    const partial = ReadModelStore.openWriter(path.join(other, 'registry.sqlite'));
    try {
      for (const committed of recorder.blocks) {
        const [tx] = committed.transactions;
        const event = tx?.event;
        const withoutShare =
          event?.name === 'CREDITS_ISSUED'
            ? {
                ...committed,
                transactions: [
                  { ...tx!, event: { ...event, payload: { ...event.payload, shareOfProceeds: undefined } } },
                ],
              }
            : committed;
        partial.applyBlock(JSON.parse(JSON.stringify(withoutShare)) as typeof committed);
      }
      const result = await reconcile(recorder.evaluate, partial);
      expect(result.differences.map((d) => [d.what, d.id])).to.deep.include([
        'block rebuilt from the action log',
        issued.shareOfProceeds!.id,
      ]);
    } finally {
      partial.close();
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  it('the AEF counts the issuance once in total, the share as its own Authorization row and Table 4 holding', () => {
    const height = store.status().blockHeight;
    const units = [...unitActionsBefore(store, height)];
    expect(units.map((a) => [a.kind, a.blockId, a.quantity, a.shareOfProceeds ?? false])).to.deep.equal([
      ['ISSUANCE', issued.id, 950, false],
      ['ISSUANCE', issued.shareOfProceeds!.id, 50, true],
      ['TRANSFER', units[2]!.blockId, 20, false],
    ]);
    const input = aefInputFrom(store, { year: 2025, version: '1.0', submissionDate: '2026-04-01' })!;
    const report = computeAef(input);
    const txId = units[0]!.txId;
    // Table 3: date, type, subtype, ..., first (7), last (8), ..., quantity (15), ..., additional information (26).
    expect(report.table3.rows.map((r) => [r[1], r[2], r[7], r[8], r[15], r[26]])).to.deep.equal([
      ['Authorization', 'NA', 1, 950, 950, `Project ${units[0]!.projectId}; registry transaction ${txId}`],
      ['First transfer', 'Issuance', 1, 950, 950, `Project ${units[0]!.projectId}; registry transaction ${txId}`],
      [
        'Authorization',
        'NA',
        951,
        1000,
        50,
        `Project ${units[0]!.projectId}; registry transaction ${txId}; share of proceeds`,
      ],
      [
        'First transfer',
        'Issuance',
        951,
        1000,
        50,
        `Project ${units[0]!.projectId}; registry transaction ${txId}; share of proceeds`,
      ],
    ]);
    // Table 4 (first ID, last ID, quantity): the developer's block, what the government kept, what DEV-B received.
    expect(report.table4.rows.map((r) => [r[4], r[5], r[12]])).to.deep.equal([
      [1, 950, 950],
      [951, 980, 30],
      [981, 1000, 20],
    ]);
    const issuedTotal = report.summary.rows.find(
      (r) => r[0] === 'Registry units issued in the year, all units (t CO2 eq)',
    );
    expect(issuedTotal?.[1]).to.equal(1000);
  });

  it('the public register lists each issued block, the share marked', () => {
    const page = publicActions(store, 'ISSUANCE', ['quantity', 'ownerAccountId', 'shareOfProceeds'], 10);
    expect(page.items).to.deep.equal([
      { quantity: 50, ownerAccountId: ACCOUNTS.gov, shareOfProceeds: true },
      { quantity: 950, ownerAccountId: ACCOUNTS.devA, shareOfProceeds: false },
    ]);
  });
});
