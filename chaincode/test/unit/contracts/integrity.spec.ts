import { expect } from 'chai';
import fc from 'fast-check';
import { ACCOUNTS, ID, World } from '../support/world';
import { compositeKey } from '../support/fake-ledger';
import {
  issuanceIndexKey,
  OBJECT,
  SERIAL_COUNTER_KEY,
  serialIndexKey,
  type CreditBlock,
  type MonitoringReport,
} from '../../../src/domain';
import type { IntegrityReport } from '../../../src/contracts/audit/integrity';

type Integrity = IntegrityReport;

/** The registry the tests tamper with: three issuances, the first split into five blocks, the second into two. */
interface Registry {
  readonly w: World;
  /** Blocks in serial order. */
  readonly blocks: CreditBlock[];
  readonly blockCount: number;
}

async function registry(): Promise<Registry> {
  const w = new World();
  await w.setup();
  const first = await w.issuedBlock(1000);
  const blocks: CreditBlock[] = [];
  let rest = first;
  for (let i = 0; i < 4; i++) {
    const t = await w.ok<{ moved: CreditBlock; kept: CreditBlock }>(ID.devA, 'credits', 'Transfer', {
      blockId: rest.id,
      quantity: 100,
      toAccountId: ACCOUNTS.devB,
    });
    blocks.unshift(t.moved);
    rest = t.kept;
  }
  blocks.unshift(rest); // [1, 600], [601, 700], [701, 800], [801, 900], [901, 1000]
  const second = await w.issuedBlock(500, ID.devB, 2022);
  const retired = await w.ok<{ moved: CreditBlock; kept: CreditBlock }>(ID.devB, 'credits', 'Retire', {
    blockId: second.id,
    quantity: 50,
    beneficiary: 'Acme',
    purpose: 'VOLUNTARY',
  });
  const third = await w.issuedBlock(7, ID.devA, 2024);
  blocks.push(retired.kept, retired.moved, third);
  return { w, blocks, blockCount: blocks.length };
}

async function audit(w: World, pageSize: number): Promise<Integrity[]> {
  const pages = await w.audit(pageSize);
  expect(pages.length, 'the audit ends').to.be.below(1000);
  expect(pages.map((p) => p.complete)).to.deep.equal(pages.map((_, i) => i === pages.length - 1));
  return pages;
}

const violationsOf = async (w: World, pageSize: number): Promise<string[]> =>
  (await audit(w, pageSize)).flatMap((p) => p.violations);

const put = (w: World, key: string, value: unknown): void => {
  w.ledger.state.set(key, Buffer.from(JSON.stringify(value)));
};
const blockKey = (id: string): string => compositeKey(OBJECT.block, [id]);
const patchBlock = (w: World, block: CreditBlock, patch: Partial<CreditBlock>): void => {
  put(w, blockKey(block.id), { ...(w.ledger.get(blockKey(block.id)) as CreditBlock), ...patch });
};

/**
 * The tampered registry's violations at page sizes 1 and 100: the same ones in the same order (only the per-issuance
 * sum, which needs the whole issuance on one page, may be missing at page size 1), including each `expected`.
 */
async function expectViolations(w: World, ...expected: string[]): Promise<void> {
  const one = await violationsOf(w, 1);
  const hundred = await violationsOf(w, 100);
  expect(one).to.deep.equal(hundred.filter((v) => !v.includes('blocks add up to')));
  for (const text of expected) {
    expect(hundred.join('\n')).to.contain(text);
  }
}

describe('integrity audit: one walk in serial order, bounded per page', function () {
  this.timeout(60_000);
  let r: Registry;
  beforeEach(async () => {
    r = await registry();
  });

  it('finds a clean registry clean at every page size, each page resuming where the previous stopped', async () => {
    for (let pageSize = 1; pageSize <= 12; pageSize++) {
      const pages = await audit(r.w, pageSize);
      const sum = (f: (p: Integrity) => number): number => pages.reduce((s, p) => s + f(p), 0);
      expect(
        pages.flatMap((p) => p.violations),
        `page size ${pageSize}`,
      ).to.deep.equal([]);
      expect(sum((p) => p.checked.blocks)).to.equal(r.blockCount);
      expect(sum((p) => p.checked.issuances)).to.equal(3);
      expect(sum((p) => p.totals.issued)).to.equal(1507);
      expect(sum((p) => p.totals.HELD)).to.equal(1457);
      expect(sum((p) => p.totals.RETIRED)).to.equal(50);
      if (pageSize >= 10) {
        expect(pages, '8 blocks and 3 issuances fit in 60 reads').to.have.length(1);
      }
    }
  });

  it('stops inside an issuance: a page of one block checks one block', async () => {
    const [first] = await audit(r.w, 1);
    expect(first!.checked).to.deep.equal({ issuances: 1, blocks: 1 });
    expect(first!.bookmark).to.equal('1:601');
  });

  it('detects a gap between blocks', async () => {
    patchBlock(r.w, r.blocks[1]!, { serialStart: 602, quantity: 99 });
    await expectViolations(r.w, 'serials [601, 601] are in no block', 'blocks add up to 999, issued 1000');
  });

  it('detects overlapping blocks', async () => {
    patchBlock(r.w, r.blocks[2]!, { serialStart: 650, quantity: 151 });
    await expectViolations(r.w, `block ${r.blocks[2]!.id}: [650, 800] overlaps serials before 701`);
  });

  it('detects a block that reaches past the next one, wherever the page boundary lies', async () => {
    patchBlock(r.w, r.blocks[0]!, { serialEnd: 650, quantity: 650 });
    await expectViolations(
      r.w,
      `serial index for 600 points at block ${r.blocks[0]!.id}, which ends at 650`,
      `block ${r.blocks[1]!.id}: [601, 700] overlaps serials before 651`,
      'blocks add up to 1050, issued 1000',
    );
  });

  it('detects a quantity that does not match the range', async () => {
    patchBlock(r.w, r.blocks[3]!, { quantity: 99 });
    await expectViolations(r.w, `block ${r.blocks[3]!.id}: quantity 99 does not match [801, 900]`);
  });

  it('detects a block missing from the serial index', async () => {
    r.w.ledger.state.delete(serialIndexKey(700));
    await expectViolations(
      r.w,
      'serials [601, 700] are in no block',
      `block ${r.blocks[1]!.id}: serial index for 700 does not point at it`,
    );
  });

  it('detects a serial-index entry pointing at another block', async () => {
    put(r.w, serialIndexKey(700), { blockId: r.blocks[3]!.id });
    await expectViolations(
      r.w,
      `serial index for 700 points at block ${r.blocks[3]!.id}, which ends at 900`,
      `block ${r.blocks[1]!.id}: serial index for 700 does not point at it`,
    );
  });

  it('detects a second block over serials already held, kept out of the serial index', async () => {
    const shadow = { ...r.blocks[1]!, id: 'B-FFFFFFFFFFFFFFFF-0' };
    put(r.w, blockKey(shadow.id), shadow);
    r.w.ledger.state.set(compositeKey(OBJECT.blockByIssuance, [shadow.issuanceReportId, shadow.id]), Buffer.of(0));
    await expectViolations(r.w, `block ${shadow.id}: serial index for 700 does not point at it`);
  });

  it('detects a block missing from its issuance block index, and an index entry naming no block', async () => {
    const { id, issuanceReportId } = r.blocks[4]!;
    r.w.ledger.state.delete(compositeKey(OBJECT.blockByIssuance, [issuanceReportId, id]));
    r.w.ledger.state.set(
      compositeKey(OBJECT.blockByIssuance, [issuanceReportId, 'B-0000000000000000-9']),
      Buffer.of(0),
    );
    await expectViolations(
      r.w,
      `block ${id}: missing from the block index of issuance ${issuanceReportId}`,
      `issuance ${issuanceReportId}: indexed block B-0000000000000000-9 does not exist`,
    );
  });

  it('detects a block whose project or vintage disagrees with its issuance', async () => {
    patchBlock(r.w, r.blocks[5]!, { vintage: 2019 });
    await expectViolations(r.w, `block ${r.blocks[5]!.id}: issuance, project or vintage disagrees`);
  });

  it('detects an issuance index entry that disagrees with its monitoring report', async () => {
    const reportKey = compositeKey(OBJECT.report, [r.blocks[7]!.issuanceReportId]);
    const report = r.w.ledger.get(reportKey) as MonitoringReport;
    put(r.w, reportKey, { ...report, verification: { ...report.verification!, verifiedReductions: 8 } });
    await expectViolations(
      r.w,
      `issuance ${r.blocks[7]!.issuanceReportId}: index entry disagrees with the monitoring report`,
    );
  });

  it('detects a gap between issuances, and serial-index entries in it', async () => {
    r.w.ledger.state.delete(issuanceIndexKey(1001));
    await expectViolations(
      r.w,
      'serials [1001, 1500] were never issued yet lie below the counter',
      `serial index entry ${serialIndexKey(1450)} lies in no issuance`,
    );
  });

  it('detects overlapping issuances and an issuance stored under another key', async () => {
    const third = r.w.ledger.get(issuanceIndexKey(1501)) as Record<string, number>;
    put(r.w, issuanceIndexKey(1501), { ...third, serialStart: 1000, quantity: 508 });
    await expectViolations(
      r.w,
      `issuance ${r.blocks[7]!.issuanceReportId}: stored under ${issuanceIndexKey(1501)}`,
      'starts at 1000, overlapping serials before 1501',
    );
  });

  it('detects a counter that disagrees with the last issuance, and serial-index entries past it', async () => {
    put(r.w, SERIAL_COUNTER_KEY, { lastSerial: 1600 });
    put(r.w, serialIndexKey(1600), { blockId: r.blocks[7]!.id });
    await expectViolations(
      r.w,
      'serial counter is 1600 but issuances end at 1507',
      `serial index entry ${serialIndexKey(1600)} lies beyond the last issuance`,
    );
  });

  it('refuses a bookmark that names no place the walk can stop (VALIDATION)', async () => {
    const valid: string[] = [];
    for (let pageSize = 1; pageSize <= 6; pageSize++) {
      valid.push(...(await audit(r.w, pageSize)).map((p) => p.bookmark).filter((b) => b !== ''));
    }
    valid.push('1:index', '1001:index'); // where a page stops after a serial walk that ended early (corrupt ledgers)
    for (const form of [/^\d+:\d+$/, /^\d+:B-/, /^\d+:next$/]) {
      expect(valid.some((b) => form.test(b))).to.equal(true);
    }
    for (const bookmark of valid) {
      await r.w.ok(ID.certB, 'audit', 'VerifyIntegrity', { pageSize: 5, bookmark });
    }
    for (const bookmark of [
      'garbage',
      '1:601:0',
      '0:1',
      '9999999999999999:1',
      '5:5', // no issuance at 5
      '1:1001x',
      '1:1002', // past the issuance's end
      '1:650', // inside a block: no serial-index entry at 649
      '1001:600', // before the issuance
      '1:B-0000000000000000-0', // no such block in the issuance's index
      `1001:${r.blocks[0]!.id}`, // a block of another issuance
    ]) {
      await r.w.fails('VALIDATION', ID.certB, 'audit', 'VerifyIntegrity', { pageSize: 5, bookmark });
    }
  });

  it('property: random splits audit clean at any page size; one random tamper is always reported', async () => {
    const tamper = fc.constantFrom('quantity', 'start', 'serial', 'index', 'counter', 'vintage');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 99 }), { maxLength: 6 }),
        fc.integer({ min: 1, max: 15 }),
        tamper,
        fc.nat(),
        async (cuts, pageSize, kind, pick) => {
          const w = new World();
          await w.setup();
          let block = await w.issuedBlock(100);
          const blocks = [block];
          for (const cut of cuts) {
            if (cut >= block.quantity) continue;
            const t = await w.ok<{ moved: CreditBlock; kept: CreditBlock }>(ID.devA, 'credits', 'Transfer', {
              blockId: block.id,
              quantity: cut,
              toAccountId: ACCOUNTS.devB,
            });
            blocks.push(t.moved);
            block = t.kept;
          }
          const pages = await audit(w, pageSize);
          expect(pages.flatMap((p) => p.violations)).to.deep.equal([]);
          expect(pages.reduce((s, p) => s + p.totals.HELD, 0)).to.equal(100);
          const victim = blocks[pick % blocks.length]!;
          const current = w.ledger.get(blockKey(victim.id)) as CreditBlock;
          if (kind === 'quantity') patchBlock(w, current, { quantity: current.quantity + 1 });
          if (kind === 'start') patchBlock(w, current, { serialStart: current.serialStart + 1 });
          if (kind === 'vintage') patchBlock(w, current, { vintage: 2000 });
          if (kind === 'serial') w.ledger.state.delete(serialIndexKey(current.serialEnd));
          if (kind === 'index') {
            w.ledger.state.delete(compositeKey(OBJECT.blockByIssuance, [current.issuanceReportId, current.id]));
          }
          if (kind === 'counter') put(w, SERIAL_COUNTER_KEY, { lastSerial: 99 });
          expect(await violationsOf(w, pageSize)).to.not.deep.equal([]);
        },
      ),
      { numRuns: 15, seed: 20250601 },
    );
  });
});
