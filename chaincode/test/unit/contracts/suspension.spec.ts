import { expect } from 'chai';
import { ACCOUNTS, ID, World } from '../support/world';
import { compositeKey, type TestIdentity } from '../support/fake-ledger';
import { shippedProfile } from '../support/profiles';
import { MAX_PENDING_RETIREMENTS, type CreditBlock } from '../../../src/domain';

interface Outcome {
  moved: CreditBlock;
  kept?: CreditBlock;
}

const request = { beneficiary: 'Acme Airlines', purpose: 'VOLUNTARY' } as const;

describe('suspension cancels pending retirement requests', () => {
  let w: World;
  let block: CreditBlock;

  /** A pending block of `quantity` units split off `from` by its holder `who`. */
  const pending = async (from: CreditBlock, quantity: number, who: TestIdentity = ID.devA): Promise<CreditBlock> =>
    (await w.ok<Outcome>(who, 'credits', 'RequestRetirement', { blockId: from.id, quantity, ...request })).moved;

  const stored = (id: string): CreditBlock => w.ledger.get(compositeKey('ncr.block', [id])) as CreditBlock;

  beforeEach(async () => {
    w = new World();
    await w.setup();
    block = await w.issuedBlock(1000);
    await w.ok(ID.govAdmin, 'registry', 'UpdateWorkflowProfile', {
      ...shippedProfile('lean'),
      retirementApproval: true,
    });
  });

  it("a government ADMIN's suspension makes each of the account's pending blocks HELD again, in the same transaction", async () => {
    const first = await pending(block, 300);
    const second = await pending(block, 100);
    const other = await pending(await w.ndcOnlyBlock(ID.devB), 5, ID.devB);
    const outcome = await w.tx(ID.govAdmin, 'accounts', 'SuspendAccount', {
      accountId: ACCOUNTS.devA,
      reason: 'audit',
    });
    expect(outcome.error).to.equal(undefined);
    for (const p of [first, second]) {
      const now = stored(p.id);
      expect(now).to.deep.include({ status: 'HELD', quantity: p.quantity, ownerAccountId: ACCOUNTS.devA });
      expect(now.retirementRequest).to.equal(undefined);
      expect(now.updatedTxId).to.equal(outcome.txId);
      const owner = (status: string): string =>
        compositeKey('ncr.block~owner', [ACCOUNTS.devA, status, p.projectId, '2023', p.id]);
      expect(outcome.writes.get(owner('PENDING_RETIREMENT'))).to.equal(null);
      expect(outcome.writes.has(owner('HELD'))).to.equal(true);
      expect(outcome.writes.get(compositeKey('ncr.block~status', ['PENDING_RETIREMENT', '2023', p.id]))).to.equal(null);
    }
    expect(w.ledger.get(compositeKey('ncr.account', [ACCOUNTS.devA]))).to.include({ status: 'SUSPENDED' });
    expect(stored(other.id).status).to.equal('PENDING_RETIREMENT'); // another holder's request stays
    expect(stored(block.id)).to.deep.include({ status: 'HELD', quantity: 600 }); // not merged back
  });

  it('emits one ACCOUNT_SUSPENDED listing each cancelled request with its block and the reason', async () => {
    const first = await pending(block, 300);
    const second = await pending(block, 100);
    const outcome = await w.tx(ID.govAdmin, 'accounts', 'SuspendAccount', {
      accountId: ACCOUNTS.devA,
      reason: 'audit',
    });
    expect(outcome.events.map((e) => e.name)).to.deep.equal(['ACCOUNT_SUSPENDED']);
    const payload = JSON.parse(outcome.events[0]!.payload) as { retirementRequestsCancelled: unknown[] };
    expect(payload).to.deep.include({ accountId: ACCOUNTS.devA, reason: 'audit' });
    const entry = (p: CreditBlock) => ({
      blockId: p.id,
      sourceBlockId: p.id,
      split: false,
      projectId: p.projectId,
      vintage: 2023,
      quantity: p.quantity,
      serialStart: p.serialStart,
      serialEnd: p.serialEnd,
      serialNumber: p.serialNumber,
      reason: 'account suspended',
    });
    // in owner-index order (project, vintage, block ID)
    const expected = [first, second].sort((a, b) => (a.id < b.id ? -1 : 1)).map(entry);
    expect(payload.retirementRequestsCancelled).to.deep.equal(expected);
  });

  it('the cancelled requests can no longer be approved; the audit finds no violation', async () => {
    const p = await pending(block, 300);
    await w.ok(ID.govAdmin, 'accounts', 'SuspendAccount', { accountId: ACCOUNTS.devA, reason: 'audit' });
    await w.fails('INVALID_STATE', ID.govOfficer, 'credits', 'ApproveRetirement', { blockId: p.id });
    await w.fails('INVALID_STATE', ID.govOfficer, 'credits', 'RejectRetirement', { blockId: p.id, reason: 'x' });
    const pages = await w.audit(100);
    expect(pages.flatMap((page) => page.violations)).to.deep.equal([]);
    expect(pages.at(-1)!.totals).to.deep.equal({ issued: 1000, HELD: 1000, RETIRED: 0, CANCELLED: 0, TRANSFERRED: 0 });
  });

  it('a suspension without pending requests writes the account only and its event lists none', async () => {
    const outcome = await w.tx(ID.govAdmin, 'accounts', 'SuspendAccount', { accountId: ACCOUNTS.devA, reason: 'x' });
    expect([...outcome.writes.keys()]).to.deep.equal([compositeKey('ncr.account', [ACCOUNTS.devA])]);
    expect(JSON.parse(outcome.events[0]!.payload)).to.not.have.property('retirementRequestsCancelled');
  });

  it(`an account may have at most ${MAX_PENDING_RETIREMENTS} requests pending: the next is refused until one is decided`, async () => {
    const requests: CreditBlock[] = [];
    for (let i = 0; i < MAX_PENDING_RETIREMENTS; i++) requests.push(await pending(block, 1));
    const message = await w.fails('INVALID_STATE', ID.devA, 'credits', 'RequestRetirement', {
      blockId: block.id,
      quantity: 1,
      ...request,
    });
    expect(message).to.contain(`${MAX_PENDING_RETIREMENTS} retirement requests pending`);
    await w.ok(ID.govOfficer, 'credits', 'ApproveRetirement', { blockId: requests[0]!.id });
    await pending(block, 1);
    // the limit is per account: another holder still requests
    await pending(await w.ndcOnlyBlock(ID.devB), 1, ID.devB);
    const outcome = await w.tx(ID.govAdmin, 'accounts', 'SuspendAccount', { accountId: ACCOUNTS.devA, reason: 'x' });
    expect(outcome.error).to.equal(undefined);
    const payload = JSON.parse(outcome.events[0]!.payload) as { retirementRequestsCancelled: unknown[] };
    expect(payload.retirementRequestsCancelled).to.have.length(MAX_PENDING_RETIREMENTS);
  });

  it('refuses (INVALID_STATE, nothing written) a suspension that would cancel more requests than the limit', async () => {
    const requests: CreditBlock[] = [];
    for (let i = 0; i < MAX_PENDING_RETIREMENTS; i++) requests.push(await pending(block, 1));
    // One more pending block in the owner index, as only a ledger written before the limit existed could hold.
    const source = stored(requests[0]!.id);
    const id = 'B-FFFFFFFFFFFFFFFF-0';
    w.ledger.state.set(compositeKey('ncr.block', [id]), Buffer.from(JSON.stringify({ ...source, id })));
    w.ledger.state.set(
      compositeKey('ncr.block~owner', [ACCOUNTS.devA, 'PENDING_RETIREMENT', source.projectId, '2023', id]),
      Buffer.from(JSON.stringify({ quantity: 1, frozen: false })),
    );
    const message = await w.fails('INVALID_STATE', ID.govAdmin, 'accounts', 'SuspendAccount', {
      accountId: ACCOUNTS.devA,
      reason: 'x',
    });
    expect(message).to.contain(`more than ${MAX_PENDING_RETIREMENTS} retirement requests pending`);
  });
});
