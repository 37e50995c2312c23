import { expect } from 'chai';
import { computeAef } from '../../src/reports/aef/compute';
import type { UnitAction } from '../../src/reports/aef/model';
import { P, act, actions, input } from './aef-fixture';

/** An action on the units of `from` (the fixture's {@link act}, on the same project, from DEV-A). */
function onUnits(
  txId: string,
  at: string,
  kind: UnitAction['kind'],
  from: UnitAction,
  blockId: string,
  sourceBlockId: string,
  range: [number, number],
  extra: Partial<UnitAction> = {},
): UnitAction {
  return act(at, kind, from.projectId, from.vintage, blockId, sourceBlockId, range, {
    txId,
    fromAccountId: 'DEV-A',
    ...extra,
  });
}

const oimpUse = actions.find((a) => a.projectId === P.oimpUse) as UnitAction;
const oimpIssuance = actions.find((a) => a.projectId === P.oimpIssuance) as UnitAction;

// In December 2025 DEV-A asks to retire [4201, 4300] of B3 (approved in February 2026) and [2301, 2400] of B2
// (rejected in December): retirement requests of a profile with retirementApproval.
const requested = onUnits(
  'txR1',
  '2025-12-01T09:00:00.000Z',
  'RETIREMENT_REQUEST',
  oimpUse,
  'B3p',
  'B3',
  [4201, 4300],
  {
    purpose: 'OIMP',
  },
);
const requestedToo = onUnits(
  'txR2',
  '2025-12-02T09:00:00.000Z',
  'RETIREMENT_REQUEST',
  oimpIssuance,
  'B2p',
  'B2',
  [2301, 2400],
  { purpose: 'VOLUNTARY' },
);
const rejected = onUnits(
  'txR3',
  '2025-12-03T09:00:00.000Z',
  'RETIREMENT_REJECTION',
  oimpIssuance,
  'B2p',
  'B2p',
  [2301, 2400],
);
const approved = onUnits('txR4', '2026-02-01T09:00:00.000Z', 'RETIREMENT', oimpUse, 'B3p', 'B3p', [4201, 4300], {
  purpose: 'OIMP',
});
const log = [...actions.slice(0, 10), requested, requestedToo, rejected, ...actions.slice(10), approved];

describe('AEF with retirement requests (pending units are still held)', () => {
  it('a request and a rejection are no AEF action; at 31 December the pending units are held (Table 4)', () => {
    const before = computeAef(input(2025));
    const report = computeAef({ ...input(2025), actions: log });
    expect(report.table3.rows).to.deep.equal(before.table3.rows);
    expect(report.table4.rows.map((r) => [r[4], r[5]])).to.deep.equal([
      [1, 700],
      [1001, 2300],
      [2301, 2400], // requested, then rejected: held again, not merged back
      [3501, 4200],
      [4201, 4300], // pending retirement at 31 December
    ]);
  });

  it('the approval is the retirement: a Use dated at the approval, and the units leave the holdings', () => {
    const next = computeAef({ ...input(2026), actions: log });
    expect(next.table3.rows.map((r) => [r[0], r[1], r[7], r[8]])).to.deep.equal([
      ['2026-01-01', 'Use', 601, 700],
      ['2026-01-20', 'Authorization', 4501, 4600],
      // first transfer at use or cancellation: the approved retirement triggers it, as a direct retirement does
      ['2026-02-01', 'First transfer', 4201, 4300],
      ['2026-02-01', 'Use', 4201, 4300],
    ]);
    expect(next.table4.rows.map((r) => [r[4], r[5]])).to.deep.equal([
      [1, 600],
      [1001, 2300],
      [2301, 2400],
      [3501, 4200],
      [4501, 4600],
    ]);
  });

  it('an action log that moves a pending block, or rejects a block not pending, is refused as inconsistent', () => {
    const moved = onUnits('txX', '2025-12-04T09:00:00.000Z', 'TRANSFER', oimpUse, 'B3p', 'B3p', [4201, 4300], {
      toAccountId: 'DEV-B',
    });
    const withTransfer = [...actions.slice(0, 10), requested, moved];
    expect(() => computeAef({ ...input(2025), actions: withTransfer })).to.throw(/action log inconsistent.*pending/);
    const withRejection = [...actions.slice(0, 10), rejected];
    expect(() => computeAef({ ...input(2025), actions: withRejection })).to.throw(/action log inconsistent/);
  });
});
