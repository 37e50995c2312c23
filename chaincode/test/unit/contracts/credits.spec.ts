import { expect } from 'chai';
import { ACCOUNTS, ID, World } from '../support/world';
import { compositeKey } from '../support/fake-ledger';
import type { CreditBlock } from '../../../src/domain';

interface Outcome {
  moved: CreditBlock;
  kept?: CreditBlock;
}

describe('credits contract', () => {
  let w: World;
  let block: CreditBlock;
  beforeEach(async () => {
    w = new World();
    await w.setup();
    block = await w.issuedBlock(1000);
  });

  describe('Transfer', () => {
    it('a partial transfer keeps [s, e-t] in the original block and moves [e-t+1, e] to a new block with lineage', async () => {
      const outcome = await w.tx(ID.devAManager, 'credits', 'Transfer', {
        blockId: block.id,
        quantity: 300,
        toAccountId: ACCOUNTS.devB,
      });
      expect(outcome.error).to.equal(undefined);
      const { moved, kept } = JSON.parse(outcome.result!) as Outcome;
      const newId = `B-${outcome.txId.slice(0, 16).toUpperCase()}-0`;
      expect(kept).to.deep.include({
        id: block.id,
        serialStart: 1,
        serialEnd: 700,
        quantity: 700,
        ownerAccountId: ACCOUNTS.devA,
      });
      expect(kept!.serialNumber).to.equal(`GHA01-${block.projectId}-2023-1-700`);
      expect(kept!.itmo).to.deep.equal({ firstId: 'CA0001-GHA01-GHA-1-2023', lastId: 'CA0001-GHA01-GHA-700-2023' });
      expect(moved).to.deep.include({
        id: newId,
        parentBlockId: block.id,
        createdTxId: outcome.txId,
        serialStart: 701,
        serialEnd: 1000,
        quantity: 300,
        ownerAccountId: ACCOUNTS.devB,
        status: 'HELD',
        issuanceReportId: block.issuanceReportId,
      });
      const p = block.projectId;
      expect([...outcome.writes.entries()].map(([k, v]) => [k, v === null ? 'deleted' : 'written'])).to.deep.equal([
        [compositeKey('ncr.block', [block.id]), 'written'],
        [compositeKey('ncr.block~owner', [ACCOUNTS.devA, 'HELD', p, '2023', block.id]), 'written'],
        ['serial~0000000000000700', 'written'],
        [compositeKey('ncr.block', [newId]), 'written'],
        [compositeKey('ncr.block~project', [p, '2023', 'HELD', newId]), 'written'],
        [compositeKey('ncr.block~status', ['HELD', '2023', newId]), 'written'],
        [compositeKey('ncr.block~owner', [ACCOUNTS.devB, 'HELD', p, '2023', newId]), 'written'],
        [compositeKey('ncr.block~issuance', [block.issuanceReportId, newId]), 'written'],
        ['serial~0000000000001000', 'written'],
      ]);
      // no global key (counter, balance) is touched by a transfer
      expect([...outcome.writes.keys()].some((k) => k.startsWith('counter') || k === 'settings')).to.equal(false);
      expect(outcome.events).to.have.length(1);
      expect(outcome.events[0]!.name).to.equal('CREDITS_TRANSFERRED');
      expect(outcome.events[0]!.payload).to.equal(
        `{"blockId":"${newId}","by":{"accountId":"DEV-A","enrollmentId":"dev-a-manager","mspId":"DeveloperMSP"},` +
          `"fromAccountId":"DEV-A","projectId":"${p}","quantity":300,"remaining":{"quantity":700,"serialEnd":700,"serialStart":1},` +
          `"serialEnd":1000,"serialNumber":"GHA01-${p}-2023-701-1000","serialStart":701,"sourceBlockId":"${block.id}","split":true,` +
          `"toAccountId":"DEV-B","txId":"${outcome.txId}","vintage":2023}`,
      );
    });

    it('a whole-block transfer changes the owner in place', async () => {
      const outcome = await w.tx(ID.devA, 'credits', 'Transfer', {
        blockId: block.id,
        quantity: 1000,
        toAccountId: ACCOUNTS.devB,
      });
      const { moved, kept } = JSON.parse(outcome.result!) as Outcome;
      expect(kept).to.equal(undefined);
      expect(moved).to.deep.include({ id: block.id, ownerAccountId: ACCOUNTS.devB, serialStart: 1, serialEnd: 1000 });
      expect([...outcome.writes.entries()].map(([k, v]) => [k, v === null])).to.deep.equal([
        [compositeKey('ncr.block', [block.id]), false],
        [compositeKey('ncr.block~owner', [ACCOUNTS.devA, 'HELD', block.projectId, '2023', block.id]), true],
        [compositeKey('ncr.block~owner', [ACCOUNTS.devB, 'HELD', block.projectId, '2023', block.id]), false],
      ]);
      expect(JSON.parse(outcome.events[0]!.payload)).to.include({
        split: false,
        blockId: block.id,
        sourceBlockId: block.id,
      });
      // government may receive credits too
      await w.ok(ID.devB, 'credits', 'Transfer', { blockId: block.id, quantity: 10, toAccountId: ACCOUNTS.gov });
    });

    it("one company can never move another company's credits, even within DeveloperMSP", async () => {
      const input = { blockId: block.id, quantity: 1, toAccountId: ACCOUNTS.devB };
      await w.fails('FORBIDDEN', ID.devB, 'credits', 'Transfer', input);
      await w.fails('FORBIDDEN', ID.stranger, 'credits', 'Transfer', input);
      await w.fails('FORBIDDEN', ID.devAViewer, 'credits', 'Transfer', input);
      await w.fails('FORBIDDEN', ID.govAdmin, 'credits', 'Transfer', input);
      await w.fails('FORBIDDEN', ID.devB, 'credits', 'Retire', {
        blockId: block.id,
        quantity: 1,
        beneficiary: 'x',
        purpose: 'VOLUNTARY',
      });
    });

    it('refuses more than the block holds, unknown blocks and bad receivers', async () => {
      await w.fails('INSUFFICIENT_CREDITS', ID.devA, 'credits', 'Transfer', {
        blockId: block.id,
        quantity: 1001,
        toAccountId: ACCOUNTS.devB,
      });
      await w.fails('NOT_FOUND', ID.devA, 'credits', 'Transfer', {
        blockId: 'B-0000000000000000-0',
        quantity: 1,
        toAccountId: ACCOUNTS.devB,
      });
      await w.fails('NOT_FOUND', ID.devA, 'credits', 'Transfer', {
        blockId: block.id,
        quantity: 1,
        toAccountId: 'DEV-ZZZ',
      });
      await w.fails('VALIDATION', ID.devA, 'credits', 'Transfer', {
        blockId: block.id,
        quantity: 1,
        toAccountId: ACCOUNTS.devA,
      });
      await w.fails('VALIDATION', ID.devA, 'credits', 'Transfer', {
        blockId: block.id,
        quantity: 1,
        toAccountId: ACCOUNTS.certA,
      });
      await w.fails('VALIDATION', ID.devA, 'credits', 'Transfer', {
        blockId: block.id,
        quantity: 0,
        toAccountId: ACCOUNTS.devB,
      });
      await w.ok(ID.govAdmin, 'accounts', 'SuspendAccount', { accountId: ACCOUNTS.devB, reason: 'x' });
      await w.fails('INVALID_STATE', ID.devA, 'credits', 'Transfer', {
        blockId: block.id,
        quantity: 1,
        toAccountId: ACCOUNTS.devB,
      });
    });

    it('a suspended owner cannot move its credits', async () => {
      await w.ok(ID.govAdmin, 'accounts', 'SuspendAccount', { accountId: ACCOUNTS.devA, reason: 'x' });
      await w.fails('FORBIDDEN', ID.devA, 'credits', 'Transfer', {
        blockId: block.id,
        quantity: 1,
        toAccountId: ACCOUNTS.devB,
      });
    });
  });

  describe('Retire', () => {
    it('retires part of a block with beneficiary and purpose and emits CREDITS_RETIRED', async () => {
      const outcome = await w.tx(ID.devA, 'credits', 'Retire', {
        blockId: block.id,
        quantity: 100,
        beneficiary: 'Acme',
        purpose: 'OIMP',
      });
      expect(outcome.error).to.equal(undefined);
      const { moved } = JSON.parse(outcome.result!) as Outcome;
      expect(moved).to.deep.include({
        status: 'RETIRED',
        serialStart: 901,
        serialEnd: 1000,
        ownerAccountId: ACCOUNTS.devA,
      });
      expect(moved.retirement).to.deep.include({ beneficiary: 'Acme', purpose: 'OIMP', txId: outcome.txId });
      expect(outcome.events.map((e) => e.name)).to.deep.equal(['CREDITS_RETIRED']);
      expect(JSON.parse(outcome.events[0]!.payload)).to.include({
        beneficiary: 'Acme',
        purpose: 'OIMP',
        quantity: 100,
        serialStart: 901,
      });
    });

    it('a retired block never moves again', async () => {
      await w.ok(ID.devA, 'credits', 'Retire', {
        blockId: block.id,
        quantity: 1000,
        beneficiary: 'Acme',
        purpose: 'VOLUNTARY',
      });
      await w.fails('INVALID_STATE', ID.devA, 'credits', 'Transfer', {
        blockId: block.id,
        quantity: 1,
        toAccountId: ACCOUNTS.devB,
      });
      await w.fails('INVALID_STATE', ID.devA, 'credits', 'Retire', {
        blockId: block.id,
        quantity: 1,
        beneficiary: 'x',
        purpose: 'VOLUNTARY',
      });
      await w.fails('INVALID_STATE', ID.govOfficer, 'credits', 'Cancel', {
        blockId: block.id,
        quantity: 1,
        reason: 'x',
      });
      await w.fails('INVALID_STATE', ID.govOfficer, 'credits', 'Freeze', { blockId: block.id, reason: 'x' });
    });

    it('refuses a use the authorisation does not cover', async () => {
      const b = await w.ndcOnlyBlock(ID.devB);
      await w.fails('VALIDATION', ID.devB, 'credits', 'Retire', {
        blockId: b.id,
        quantity: 1,
        beneficiary: 'x',
        purpose: 'OIMP',
      });
      await w.ok(ID.devB, 'credits', 'Retire', { blockId: b.id, quantity: 1, beneficiary: 'x', purpose: 'NDC' });
    });
  });

  describe('Cancel', () => {
    it('government cancels part of any block with a reason and emits CREDITS_CANCELLED', async () => {
      const outcome = await w.tx(ID.govOfficer, 'credits', 'Cancel', {
        blockId: block.id,
        quantity: 50,
        reason: 'reversal',
      });
      const { moved, kept } = JSON.parse(outcome.result!) as Outcome;
      expect(moved).to.deep.include({
        status: 'CANCELLED',
        quantity: 50,
        serialStart: 951,
        ownerAccountId: ACCOUNTS.devA,
      });
      expect(moved.cancellation).to.deep.include({ reason: 'reversal' });
      expect(kept).to.deep.include({ quantity: 950, status: 'HELD' });
      expect(outcome.events.map((e) => e.name)).to.deep.equal(['CREDITS_CANCELLED']);
    });

    it('refuses non-government callers, including the owner', async () => {
      await w.fails('FORBIDDEN', ID.devA, 'credits', 'Cancel', { blockId: block.id, quantity: 1, reason: 'x' });
      await w.fails('FORBIDDEN', ID.certA, 'credits', 'Cancel', { blockId: block.id, quantity: 1, reason: 'x' });
    });
  });

  describe('Freeze and Unfreeze', () => {
    it('a frozen block cannot move until the government unfreezes it', async () => {
      const frozen = await w.tx(ID.govOfficer, 'credits', 'Freeze', { blockId: block.id, reason: 'investigation' });
      expect(frozen.events.map((e) => e.name)).to.deep.equal(['BLOCK_FROZEN']);
      expect([...frozen.writes.keys()]).to.deep.equal([
        compositeKey('ncr.block', [block.id]),
        compositeKey('ncr.block~owner', [ACCOUNTS.devA, 'HELD', block.projectId, '2023', block.id]),
      ]);
      await w.fails('INVALID_STATE', ID.devA, 'credits', 'Transfer', {
        blockId: block.id,
        quantity: 1,
        toAccountId: ACCOUNTS.devB,
      });
      await w.fails('INVALID_STATE', ID.devA, 'credits', 'Retire', {
        blockId: block.id,
        quantity: 1,
        beneficiary: 'x',
        purpose: 'VOLUNTARY',
      });
      await w.fails('INVALID_STATE', ID.govOfficer, 'credits', 'Cancel', {
        blockId: block.id,
        quantity: 1,
        reason: 'x',
      });
      await w.fails('INVALID_STATE', ID.govOfficer, 'credits', 'Freeze', { blockId: block.id, reason: 'again' });
      const unfrozen = await w.tx(ID.govOfficer, 'credits', 'Unfreeze', { blockId: block.id, reason: 'cleared' });
      expect(unfrozen.events.map((e) => e.name)).to.deep.equal(['BLOCK_UNFROZEN']);
      expect(JSON.parse(unfrozen.result!)).to.not.have.property('freezeReason');
      await w.ok(ID.devA, 'credits', 'Transfer', { blockId: block.id, quantity: 1, toAccountId: ACCOUNTS.devB });
    });

    it('refuses non-government callers and unfreezing a block that is not frozen', async () => {
      await w.fails('FORBIDDEN', ID.devA, 'credits', 'Freeze', { blockId: block.id, reason: 'x' });
      await w.fails('FORBIDDEN', ID.certA, 'credits', 'Freeze', { blockId: block.id, reason: 'x' });
      await w.fails('INVALID_STATE', ID.govOfficer, 'credits', 'Unfreeze', { blockId: block.id, reason: 'x' });
    });
  });

  describe('reads', () => {
    it('GetBlock and ListBlocks are scoped: developers see their own, government and certifiers see all', async () => {
      const { moved } = await w.ok<Outcome>(ID.devA, 'credits', 'Transfer', {
        blockId: block.id,
        quantity: 300,
        toAccountId: ACCOUNTS.devB,
      });
      await w.ok(ID.devA, 'credits', 'GetBlock', { blockId: block.id });
      await w.fails('FORBIDDEN', ID.devA, 'credits', 'GetBlock', { blockId: moved.id });
      await w.fails('FORBIDDEN', ID.stranger, 'credits', 'GetBlock', { blockId: block.id });
      await w.ok(ID.certB, 'credits', 'GetBlock', { blockId: moved.id });
      const own = await w.ok<{ items: CreditBlock[] }>(ID.devB, 'credits', 'ListBlocks', {});
      expect(own.items.map((b) => b.id)).to.deep.equal([moved.id]);
      await w.fails('FORBIDDEN', ID.devB, 'credits', 'ListBlocks', { owner: ACCOUNTS.devA });
      await w.fails('FORBIDDEN', ID.stranger, 'credits', 'ListBlocks', {});
      const all = await w.ok<{ items: CreditBlock[] }>(ID.govOfficer, 'credits', 'ListBlocks', {});
      expect(all.items).to.have.length(2);
      const byProject = await w.ok<{ items: CreditBlock[] }>(ID.govOfficer, 'credits', 'ListBlocks', {
        project: block.projectId,
        vintage: 2023,
        status: 'HELD',
      });
      expect(byProject.items).to.have.length(2);
      const byOwner = await w.ok<{ items: CreditBlock[] }>(ID.govOfficer, 'credits', 'ListBlocks', {
        owner: ACCOUNTS.devA,
        vintage: 2023,
      });
      expect(byOwner.items.map((b) => b.id)).to.deep.equal([block.id]);
      const retired = await w.ok<{ items: CreditBlock[] }>(ID.govOfficer, 'credits', 'ListBlocks', {
        status: 'RETIRED',
      });
      expect(retired.items).to.deep.equal([]);
      const paged = await w.ok<{ items: CreditBlock[]; bookmark: string }>(ID.govOfficer, 'credits', 'ListBlocks', {
        pageSize: 1,
      });
      expect(paged.items).to.have.length(1);
      expect(paged.bookmark).to.not.equal('');
    });

    it('LookupSerial finds the block holding a serial now, with its lineage back to issuance', async () => {
      const first = await w.ok<Outcome>(ID.devA, 'credits', 'Transfer', {
        blockId: block.id,
        quantity: 300,
        toAccountId: ACCOUNTS.devB,
      });
      const second = await w.ok<Outcome>(ID.devB, 'credits', 'Retire', {
        blockId: first.moved.id,
        quantity: 100,
        beneficiary: 'Acme',
        purpose: 'VOLUNTARY',
      });
      const found = await w.ok<{
        block: CreditBlock;
        itmoId: string;
        lineage: { block: CreditBlock; history: unknown[] }[];
      }>(ID.govOfficer, 'credits', 'LookupSerial', { serial: 950 });
      expect(found.block.id).to.equal(second.moved.id);
      expect(found.itmoId).to.equal('CA0001-GHA01-GHA-950-2023');
      expect(found.lineage.map((l) => l.block.id)).to.deep.equal([second.moved.id, first.moved.id, block.id]);
      expect(found.lineage[2]!.history).to.have.length(2); // issued, then split by the transfer
      const kept = await w.ok<{ block: CreditBlock }>(ID.devA, 'credits', 'LookupSerial', { serial: 1 });
      expect(kept.block.id).to.equal(block.id);
      const edge = await w.ok<{ block: CreditBlock }>(ID.govOfficer, 'credits', 'LookupSerial', { serial: 700 });
      expect(edge.block.id).to.equal(block.id);
      const edge2 = await w.ok<{ block: CreditBlock }>(ID.govOfficer, 'credits', 'LookupSerial', { serial: 701 });
      expect(edge2.block.id).to.equal(first.moved.id);
      await w.fails('NOT_FOUND', ID.govOfficer, 'credits', 'LookupSerial', { serial: 1001 });
      await w.fails('FORBIDDEN', ID.devA, 'credits', 'LookupSerial', { serial: 950 });
      await w.fails('VALIDATION', ID.govOfficer, 'credits', 'LookupSerial', { serial: 0 });
    });
  });
});
