import { expect } from 'chai';
import { ACCOUNTS, ID, World } from '../support/world';
import { compositeKey } from '../support/fake-ledger';
import type { CreditBlock } from '../../../src/domain';

interface Integrity {
  violations: string[];
  checked: { issuances: number; blocks: number };
  totals: { issued: number; HELD: number; RETIRED: number; CANCELLED: number };
  bookmark: string;
  complete: boolean;
}

describe('audit contract', () => {
  let w: World;
  beforeEach(async () => {
    w = new World();
    await w.setup();
  });

  const audit = (pageSize: number): Promise<Integrity[]> => w.audit(pageSize);

  it('reports no violation on an empty ledger', async () => {
    const [page] = await audit(10);
    expect(page).to.deep.equal({
      violations: [],
      checked: { issuances: 0, blocks: 0 },
      totals: { issued: 0, HELD: 0, RETIRED: 0, CANCELLED: 0, TRANSFERRED: 0 },
      bookmark: '',
      complete: true,
    });
  });

  it('checks every issuance across pages after transfers, retirements and cancellations: no violations, conservation holds', async () => {
    const b1 = await w.issuedBlock(1000);
    const b2 = await w.issuedBlock(500, ID.devB, 2022);
    const b3 = await w.issuedBlock(7, ID.devA, 2024);
    const t = await w.ok<{ moved: CreditBlock }>(ID.devA, 'credits', 'Transfer', {
      blockId: b1.id,
      quantity: 400,
      toAccountId: ACCOUNTS.devB,
    });
    await w.ok(ID.devB, 'credits', 'Retire', {
      blockId: t.moved.id,
      quantity: 150,
      beneficiary: 'Acme',
      purpose: 'VOLUNTARY',
    });
    await w.ok(ID.govOfficer, 'credits', 'Cancel', { blockId: b2.id, quantity: 500, reason: 'reversal' });
    await w.ok(ID.devA, 'credits', 'Transfer', { blockId: b3.id, quantity: 7, toAccountId: ACCOUNTS.gov });
    const pages = await audit(1);
    // pageSize counts blocks (6 key reads each): 3 issuances and 5 blocks, walked twice (serial index, block index)
    expect(pages).to.have.length(7);
    expect(pages.flatMap((p) => p.violations)).to.deep.equal([]);
    expect(pages.at(-1)!.complete).to.equal(true);
    const sum = (f: (p: Integrity) => number): number => pages.reduce((s, p) => s + f(p), 0);
    expect(sum((p) => p.totals.issued)).to.equal(1507);
    expect(sum((p) => p.totals.HELD)).to.equal(857);
    expect(sum((p) => p.totals.RETIRED)).to.equal(150);
    expect(sum((p) => p.totals.CANCELLED)).to.equal(500);
    expect(sum((p) => p.checked.blocks)).to.equal(5); // b1 split twice, b2 and b3 whole
  });

  it('detects a tampered block quantity and a block whose range overlaps another', async () => {
    const b = await w.issuedBlock(100);
    await w.ok(ID.devA, 'credits', 'Transfer', { blockId: b.id, quantity: 40, toAccountId: ACCOUNTS.devB });
    const key = compositeKey('ncr.block', [b.id]);
    const stored = w.ledger.get(key) as CreditBlock;
    w.ledger.state.set(key, Buffer.from(JSON.stringify({ ...stored, serialEnd: 70, quantity: 70 })));
    const [page] = await audit(10);
    expect(page!.violations.join('\n')).to.contain('overlaps').and.contain('add up to 110, issued 100');
  });

  it('detects a tampered serial counter', async () => {
    await w.issuedBlock(100);
    w.ledger.state.set('counter~serial', Buffer.from('{"lastSerial":150}'));
    const [page] = await audit(10);
    expect(page!.violations).to.deep.equal(['serial counter is 150 but issuances end at 100']);
  });

  it('refuses developers and unbound identities', async () => {
    await w.fails('FORBIDDEN', ID.devA, 'audit', 'VerifyIntegrity', {});
    await w.fails('FORBIDDEN', ID.stranger, 'audit', 'VerifyIntegrity', {});
    await w.fails('VALIDATION', ID.govAdmin, 'audit', 'VerifyIntegrity', { bookmark: 'garbage' });
  });
});
