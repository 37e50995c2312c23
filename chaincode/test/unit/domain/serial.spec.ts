import { expect } from 'chai';
import fc from 'fast-check';
import {
  allocateSerials,
  checkTiling,
  formatItmoId,
  formatSerialNumber,
  MAX_SERIAL,
  padSerial,
  planAction,
  RegistryError,
  type QuantifiedRange,
} from '../../../src/domain';

describe('serial arithmetic', () => {
  it('allocates registry-wide contiguous serials and refuses overflow', () => {
    expect(allocateSerials(0, 1000)).to.deep.equal({
      range: { serialStart: 1, serialEnd: 1000, quantity: 1000 },
      lastSerial: 1000,
    });
    expect(allocateSerials(1000, 1).range).to.deep.equal({ serialStart: 1001, serialEnd: 1001, quantity: 1 });
    expect(() => allocateSerials(MAX_SERIAL - 5, 6)).to.throw(RegistryError, /^VALIDATION: /);
    expect(() => allocateSerials(0, 0)).to.throw(RegistryError);
  });

  it('splits a partial action at e - t (holder keeps [s, e-t], the action takes [e-t+1, e])', () => {
    expect(planAction({ serialStart: 101, serialEnd: 200, quantity: 100 }, 30)).to.deep.equal({
      kind: 'split',
      kept: { serialStart: 101, serialEnd: 170, quantity: 70 },
      moved: { serialStart: 171, serialEnd: 200, quantity: 30 },
    });
    expect(planAction({ serialStart: 1, serialEnd: 5, quantity: 5 }, 5).kind).to.equal('whole');
    expect(() => planAction({ serialStart: 1, serialEnd: 5, quantity: 5 }, 6)).to.throw(
      RegistryError,
      /^INSUFFICIENT_CREDITS: /,
    );
  });

  it('formats serial strings and ITMO identifiers', () => {
    expect(
      formatSerialNumber({
        registryId: 'GHA01',
        projectId: 'GHA-P-0A1B2C3D4E',
        vintage: 2023,
        serialStart: 1,
        serialEnd: 10,
      }),
    ).to.equal('GHA01-GHA-P-0A1B2C3D4E-2023-1-10');
    expect(
      formatItmoId({
        cooperativeApproachId: 'CA0001',
        registryId: 'CHE01',
        firstTransferringParty: 'GHA',
        serial: 1234,
        vintage: 2023,
      }),
    ).to.equal('CA0001-CHE01-GHA-1234-2023');
  });

  it('pads serials so that lexical order is numeric order', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.maxSafeNat(), (a, b) => {
        expect(padSerial(a) < padSerial(b)).to.equal(a < b);
      }),
    );
  });

  it('checkTiling reports gaps, overlaps and quantity mismatches', () => {
    const whole = { serialStart: 1, serialEnd: 10, quantity: 10 };
    expect(checkTiling(whole, [{ id: 'a', serialStart: 1, serialEnd: 10, quantity: 10 }])).to.deep.equal([]);
    expect(checkTiling(whole, [{ id: 'a', serialStart: 1, serialEnd: 4, quantity: 4 }])).to.deep.equal([
      'serials [5, 10] are in no block',
      'blocks add up to 4, issued 10',
    ]);
    expect(
      checkTiling(whole, [
        { id: 'a', serialStart: 1, serialEnd: 6, quantity: 6 },
        { id: 'b', serialStart: 5, serialEnd: 10, quantity: 6 },
      ]),
    ).to.deep.include('block b: [5, 10] overlaps serials before 7');
    expect(checkTiling(whole, [{ id: 'a', serialStart: 1, serialEnd: 10, quantity: 9 }])[0]).to.contain(
      'does not match',
    );
  });

  describe('property: random issue/transfer/retire/cancel sequences keep the invariants', () => {
    type Status = 'HELD' | 'RETIRED' | 'CANCELLED';
    interface ModelBlock extends QuantifiedRange {
      id: string;
      issuance: number;
      owner: number;
      status: Status;
    }
    const action = fc.oneof(
      fc.record({
        kind: fc.constant('issue' as const),
        quantity: fc.integer({ min: 1, max: 1_000_000_000 }),
        owner: fc.nat(3),
      }),
      fc.record({
        kind: fc.constantFrom('transfer' as const, 'retire' as const, 'cancel' as const),
        pick: fc.nat(),
        fraction: fc.double({ min: 0, max: 1, noNaN: true }),
        to: fc.nat(3),
      }),
    );

    it('serials are never issued twice, every issued serial lies in exactly one block, quantities are conserved', () => {
      fc.assert(
        fc.property(fc.array(action, { maxLength: 80 }), (actions) => {
          let lastSerial = 0;
          let nextId = 0;
          const issuances: QuantifiedRange[] = [];
          let blocks: ModelBlock[] = [];
          for (const a of actions) {
            if (a.kind === 'issue') {
              const { range, lastSerial: next } = allocateSerials(lastSerial, a.quantity);
              lastSerial = next;
              issuances.push(range);
              blocks.push({
                ...range,
                id: `b${nextId++}`,
                issuance: issuances.length - 1,
                owner: a.owner,
                status: 'HELD',
              });
              continue;
            }
            const held = blocks.filter((b) => b.status === 'HELD');
            const source = held[a.pick % Math.max(1, held.length)];
            if (source === undefined) {
              continue;
            }
            const quantity = Math.max(1, Math.round(source.quantity * a.fraction));
            const plan = planAction(source, quantity);
            const apply = (b: ModelBlock): ModelBlock =>
              a.kind === 'transfer'
                ? { ...b, owner: a.to }
                : { ...b, status: a.kind === 'retire' ? 'RETIRED' : 'CANCELLED' };
            if (plan.kind === 'whole') {
              blocks = blocks.map((b) => (b.id === source.id ? apply(b) : b));
            } else {
              blocks = blocks.map((b) => (b.id === source.id ? { ...b, ...plan.kept } : b));
              blocks.push(apply({ ...source, ...plan.moved, id: `b${nextId++}` }));
            }
          }
          // every issuance is tiled exactly by its blocks (disjoint, contiguous, conserved)
          issuances.forEach((issuance, i) => {
            expect(
              checkTiling(
                issuance,
                blocks.filter((b) => b.issuance === i),
              ),
            ).to.deep.equal([]);
          });
          // globally: blocks are disjoint and cover exactly [1, lastSerial]
          expect(checkTiling({ serialStart: 1, serialEnd: lastSerial, quantity: lastSerial }, blocks)).to.deep.equal(
            [],
          );
          const total = blocks.reduce((s, b) => s + b.quantity, 0);
          expect(total).to.equal(issuances.reduce((s, r) => s + r.quantity, 0));
        }),
        { numRuns: 300 },
      );
    });
  });
});
