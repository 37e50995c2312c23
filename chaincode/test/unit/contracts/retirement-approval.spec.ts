import { expect } from 'chai';
import { ACCOUNTS, ID, World } from '../support/world';
import { compositeKey } from '../support/fake-ledger';
import { shippedProfile } from '../support/profiles';
import type { CreditBlock } from '../../../src/domain';

interface Outcome {
  moved: CreditBlock;
  kept?: CreditBlock;
}

const request = { quantity: 300, beneficiary: 'Acme Airlines', purpose: 'VOLUNTARY' } as const;

describe('retirement approval (profile retirementApproval)', () => {
  let w: World;
  let block: CreditBlock;

  /** Installs the lean profile with `retirementApproval` set as the current profile. */
  const profile = (retirementApproval: boolean): Promise<unknown> =>
    w.ok(ID.govAdmin, 'registry', 'UpdateWorkflowProfile', { ...shippedProfile('lean'), retirementApproval });

  /** A pending block of 300 units split off `block` by dev-a's manager. */
  const pending = async (): Promise<CreditBlock> =>
    (await w.ok<Outcome>(ID.devAManager, 'credits', 'RequestRetirement', { blockId: block.id, ...request })).moved;

  beforeEach(async () => {
    w = new World();
    await w.setup();
    block = await w.issuedBlock(1000);
    await profile(true);
  });

  it('a request splits the units into a locked PENDING_RETIREMENT block recording it, and emits RETIREMENT_REQUESTED', async () => {
    const outcome = await w.tx(ID.devAManager, 'credits', 'RequestRetirement', { blockId: block.id, ...request });
    expect(outcome.error).to.equal(undefined);
    const { moved, kept } = JSON.parse(outcome.result!) as Outcome;
    const newId = `B-${outcome.txId.slice(0, 16).toUpperCase()}-0`;
    expect(kept).to.deep.include({ id: block.id, serialStart: 1, serialEnd: 700, quantity: 700, status: 'HELD' });
    expect(moved).to.deep.include({
      id: newId,
      parentBlockId: block.id,
      serialStart: 701,
      serialEnd: 1000,
      quantity: 300,
      ownerAccountId: ACCOUNTS.devA,
      status: 'PENDING_RETIREMENT',
    });
    expect(moved.retirement).to.equal(undefined);
    expect(moved.retirementRequest).to.deep.equal({
      beneficiary: 'Acme Airlines',
      purpose: 'VOLUNTARY',
      by: { accountId: 'DEV-A', enrollmentId: 'dev-a-manager', mspId: 'DeveloperMSP' },
      at: moved.createdAt,
      txId: outcome.txId,
    });
    const p = block.projectId;
    expect(outcome.writes.has(compositeKey('ncr.block~status', ['PENDING_RETIREMENT', '2023', newId]))).to.equal(true);
    expect(
      outcome.writes.has(compositeKey('ncr.block~owner', [ACCOUNTS.devA, 'PENDING_RETIREMENT', p, '2023', newId])),
    ).to.equal(true);
    expect(outcome.events.map((e) => e.name)).to.deep.equal(['RETIREMENT_REQUESTED']);
    expect(JSON.parse(outcome.events[0]!.payload)).to.deep.include({
      blockId: newId,
      sourceBlockId: block.id,
      split: true,
      quantity: 300,
      ownerAccountId: ACCOUNTS.devA,
      beneficiary: 'Acme Airlines',
      purpose: 'VOLUNTARY',
    });
  });

  it('every credit transaction refuses a pending block with INVALID_STATE and changes nothing', async () => {
    const p = await pending();
    const before = w.ledger.get(compositeKey('ncr.block', [p.id]));
    const blockId = p.id;
    await w.fails('INVALID_STATE', ID.devA, 'credits', 'Transfer', {
      blockId,
      quantity: 1,
      toAccountId: ACCOUNTS.devB,
    });
    await w.fails('INVALID_STATE', ID.devA, 'credits', 'RequestRetirement', { blockId, ...request, quantity: 1 });
    await w.fails('INVALID_STATE', ID.govOfficer, 'credits', 'Cancel', { blockId, quantity: 300, reason: 'x' });
    await w.fails('INVALID_STATE', ID.govOfficer, 'credits', 'Freeze', { blockId, reason: 'x' });
    await w.fails('INVALID_STATE', ID.govOfficer, 'credits', 'Unfreeze', { blockId, reason: 'x' });
    await profile(false);
    await w.fails('INVALID_STATE', ID.devA, 'credits', 'Retire', { blockId, ...request });
    expect(w.ledger.get(compositeKey('ncr.block', [p.id]))).to.deep.equal(before);
  });

  it('under the profile Retire is refused and names the request; without it RequestRetirement is refused', async () => {
    const refused = await w.fails('INVALID_STATE', ID.devA, 'credits', 'Retire', { blockId: block.id, ...request });
    expect(refused).to.contain('RequestRetirement');
    await profile(false);
    await w.fails('INVALID_STATE', ID.devA, 'credits', 'RequestRetirement', { blockId: block.id, ...request });
    await w.ok(ID.devA, 'credits', 'Retire', { blockId: block.id, ...request });
  });

  it('a request is the holder’s (ADMIN/MANAGER) and checks the purpose against the authorisation', async () => {
    const input = { blockId: block.id, ...request };
    await w.fails('FORBIDDEN', ID.devB, 'credits', 'RequestRetirement', input);
    await w.fails('FORBIDDEN', ID.devAViewer, 'credits', 'RequestRetirement', input);
    await w.fails('INSUFFICIENT_CREDITS', ID.devA, 'credits', 'RequestRetirement', { ...input, quantity: 1001 });
    const b = await w.ndcOnlyBlock(ID.devB);
    const oimp = { blockId: b.id, ...request, quantity: 1, purpose: 'OIMP' };
    await w.fails('VALIDATION', ID.devB, 'credits', 'RequestRetirement', oimp);
    await w.ok(ID.devB, 'credits', 'RequestRetirement', { ...oimp, purpose: 'NDC' });
  });

  it('approval by the government makes the block RETIRED and emits CREDITS_RETIRED as a retirement does', async () => {
    const p = await pending();
    await w.fails('FORBIDDEN', ID.devA, 'credits', 'ApproveRetirement', { blockId: p.id });
    await w.fails('FORBIDDEN', ID.certA, 'credits', 'ApproveRetirement', { blockId: p.id });
    const outcome = await w.tx(ID.govOfficer, 'credits', 'ApproveRetirement', { blockId: p.id });
    expect(outcome.error).to.equal(undefined);
    const { moved, kept } = JSON.parse(outcome.result!) as Outcome;
    expect(kept).to.equal(undefined);
    expect(moved).to.deep.include({ id: p.id, status: 'RETIRED', quantity: 300, serialStart: 701, serialEnd: 1000 });
    expect(moved.retirement).to.deep.equal({
      beneficiary: 'Acme Airlines',
      purpose: 'VOLUNTARY',
      by: { accountId: 'GOV-GHA', enrollmentId: 'gov-officer', mspId: 'GovernmentMSP' },
      at: moved.updatedAt,
      txId: outcome.txId,
    });
    expect(moved.retirementRequest).to.deep.equal(p.retirementRequest);
    expect(outcome.events.map((e) => e.name)).to.deep.equal(['CREDITS_RETIRED']);
    expect(JSON.parse(outcome.events[0]!.payload)).to.deep.include({
      blockId: p.id,
      sourceBlockId: p.id,
      split: false,
      quantity: 300,
      ownerAccountId: ACCOUNTS.devA,
      beneficiary: 'Acme Airlines',
      purpose: 'VOLUNTARY',
    });
    const key = (status: string): string => compositeKey('ncr.block~status', [status, '2023', p.id]);
    expect(outcome.writes.get(key('PENDING_RETIREMENT'))).to.equal(null);
    expect(outcome.writes.has(key('RETIRED'))).to.equal(true);
    await w.fails('INVALID_STATE', ID.govOfficer, 'credits', 'ApproveRetirement', { blockId: p.id });
    await w.fails('INVALID_STATE', ID.govOfficer, 'credits', 'RejectRetirement', { blockId: p.id, reason: 'late' });
  });

  it('rejection returns the block to HELD without the request, emits RETIREMENT_REJECTED, and it moves again', async () => {
    const p = await pending();
    await w.fails('FORBIDDEN', ID.devA, 'credits', 'RejectRetirement', { blockId: p.id, reason: 'no' });
    await w.fails('INVALID_STATE', ID.govOfficer, 'credits', 'RejectRetirement', { blockId: block.id, reason: 'no' });
    const outcome = await w.tx(ID.govOfficer, 'credits', 'RejectRetirement', { blockId: p.id, reason: 'no evidence' });
    expect(outcome.error).to.equal(undefined);
    const { moved } = JSON.parse(outcome.result!) as Outcome;
    expect(moved).to.deep.include({ id: p.id, status: 'HELD', quantity: 300, parentBlockId: block.id });
    expect(moved.retirementRequest).to.equal(undefined);
    expect(outcome.events.map((e) => e.name)).to.deep.equal(['RETIREMENT_REJECTED']);
    expect(JSON.parse(outcome.events[0]!.payload)).to.deep.include({
      blockId: p.id,
      split: false,
      ownerAccountId: ACCOUNTS.devA,
      reason: 'no evidence',
    });
    await w.ok(ID.devA, 'credits', 'Transfer', { blockId: p.id, quantity: 300, toAccountId: ACCOUNTS.devB });
  });

  it('pending units count as held: the audit finds no violation and conservation holds', async () => {
    const approved = await pending();
    const rejected = await pending();
    const waiting = await pending();
    await w.ok(ID.govOfficer, 'credits', 'ApproveRetirement', { blockId: approved.id });
    await w.ok(ID.govOfficer, 'credits', 'RejectRetirement', { blockId: rejected.id, reason: 'no' });
    expect(waiting.status).to.equal('PENDING_RETIREMENT');
    const pages = await w.audit(100);
    expect(pages.flatMap((page) => page.violations)).to.deep.equal([]);
    const totals = pages.at(-1)!.totals;
    expect(totals).to.deep.equal({ issued: 1000, HELD: 700, RETIRED: 300, CANCELLED: 0, TRANSFERRED: 0 });
    const balance = await w.ok<{ lines: { quantity: number }[] }>(ID.devA, 'accounts', 'GetBalance', {
      accountId: ACCOUNTS.devA,
    });
    // the balance lists what the holder can move: the pending units are locked
    expect(balance.lines.reduce((sum, line) => sum + line.quantity, 0)).to.equal(400);
  });
});
