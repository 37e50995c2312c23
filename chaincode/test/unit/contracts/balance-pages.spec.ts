import { expect } from 'chai';
import sinon from 'sinon';
import { type Entry, type Page, WorldState } from '../../../src/contracts/common/state';
import { computeBalance } from '../../../src/contracts/credits/block-state';
import { MAX_SCAN_PAGE_SIZE } from '../../../src/domain';

/** An owner index of `blocks` HELD entries of 1 credit each, served by a stub of `WorldState.page`. */
function ownerIndex(blocks: number): sinon.SinonStubbedInstance<WorldState> {
  const entry = (i: number): Entry => ({
    key: `owner~${String(i).padStart(8, '0')}`,
    attributes: ['DEV-A', 'HELD', 'GHA-P-0000000001', '2024', `B-${i}`],
    value: new TextEncoder().encode(JSON.stringify({ quantity: 1, frozen: i % 2 === 0 })),
  });
  const ws = sinon.createStubInstance(WorldState);
  ws.page.callsFake((_type, _attrs, size, bookmark) => {
    const start = bookmark === '' ? 0 : Number(bookmark);
    const end = Math.min(start + size, blocks);
    const items = Array.from({ length: end - start }, (_, k) => entry(start + k));
    return Promise.resolve<Page<Entry>>({ items, bookmark: end < blocks ? String(end) : '', fetched: items.length });
  });
  return ws;
}

describe('GetBalance over a large holder (owner index read in large pages)', () => {
  it('sums 10,000 blocks in 10 pages of MAX_SCAN_PAGE_SIZE, complete', async () => {
    const ws = ownerIndex(10_000);
    const balance = await computeBalance(ws, 'DEV-A', '');
    expect(ws.page.callCount).to.equal(10);
    expect(ws.page.firstCall.args[2]).to.equal(MAX_SCAN_PAGE_SIZE);
    expect(balance).to.deep.include({ blocks: 10_000, complete: true, bookmark: '' });
    expect(balance.lines).to.deep.equal([
      { projectId: 'GHA-P-0000000001', vintage: 2024, quantity: 10_000, frozenQuantity: 5_000 },
    ]);
  });

  it('stops after 20 pages with a bookmark, and the next call finishes from it', async () => {
    const ws = ownerIndex(25_000);
    const first = await computeBalance(ws, 'DEV-A', '');
    expect(first).to.deep.include({ blocks: 20_000, complete: false, bookmark: '20000' });
    const rest = await computeBalance(ws, 'DEV-A', first.bookmark);
    expect(rest).to.deep.include({ blocks: 5_000, complete: true });
  });
});
