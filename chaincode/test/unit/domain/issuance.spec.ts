import { expect } from 'chai';
import fc from 'fast-check';
import {
  MAX_SERIAL,
  MAX_SHARE_OF_PROCEEDS_PERCENT,
  RegistryError,
  shareQuantity,
  splitIssuance,
  WorkflowProfileSchema,
  LEAN_PROFILE,
} from '../../../src/domain';

const range = (serialStart: number, quantity: number) => ({
  serialStart,
  serialEnd: serialStart + quantity - 1,
  quantity,
});

/** floor(quantity × percent / 100) in exact integer arithmetic, written independently of the code under test. */
const exactShare = (quantity: number, percent: number): number => Number((BigInt(quantity) * BigInt(percent)) / 100n);

describe('share of proceeds at issuance (splitIssuance)', () => {
  it('sets aside floor(quantity × percent / 100) at the end of the range; the developer keeps the start', () => {
    expect(splitIssuance(range(1, 1000), 5)).to.deep.equal({
      developer: { serialStart: 1, serialEnd: 950, quantity: 950 },
      share: { serialStart: 951, serialEnd: 1000, quantity: 50 },
    });
    expect(splitIssuance(range(1001, 39), 5)).to.deep.equal({
      developer: { serialStart: 1001, serialEnd: 1038, quantity: 38 },
      share: { serialStart: 1039, serialEnd: 1039, quantity: 1 },
    });
  });

  it('skips the share when it rounds down to 0 or the percent is 0: one range, the whole issuance', () => {
    expect(splitIssuance(range(7, 19), 5)).to.deep.equal({ developer: range(7, 19) });
    expect(splitIssuance(range(7, 1000), 0)).to.deep.equal({ developer: range(7, 1000) });
    expect(splitIssuance(range(1, 1), MAX_SHARE_OF_PROCEEDS_PERCENT)).to.deep.equal({ developer: range(1, 1) });
  });

  it('is exact for quantities whose product with the percent passes 2^53', () => {
    const quantity = MAX_SERIAL;
    expect(shareQuantity(quantity, 99)).to.equal(exactShare(quantity, 99));
    expect(shareQuantity(quantity, 99)).to.equal(8_917_127_262_193_581);
  });

  it('refuses a percent outside [0, 99] and a quantity that is not a positive integer (VALIDATION)', () => {
    for (const [quantity, percent] of [
      [1000, 100],
      [1000, -1],
      [1000, 2.5],
      [0, 5],
      [1.5, 5],
    ] as const) {
      expect(() => shareQuantity(quantity, percent))
        .to.throw(RegistryError)
        .with.property('code', 'VALIDATION');
    }
  });

  it('a profile with a share of 100% is refused: the developer must receive part of every issuance', () => {
    const parsed = WorkflowProfileSchema.safeParse({
      ...LEAN_PROFILE,
      shareOfProceeds: { percent: 100, accountId: 'GOV-NRA' },
    });
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).to.deep.equal(['shareOfProceeds.percent']);
  });

  it('property: the two ranges are contiguous, inside the issued one, and add up to it exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 40 }),
        fc.integer({ min: 1, max: 2 ** 40 }),
        fc.integer({ min: 0, max: MAX_SHARE_OF_PROCEEDS_PERCENT }),
        (start, quantity, percent) => {
          const whole = range(start, quantity);
          const { developer, share } = splitIssuance(whole, percent);
          const expected = exactShare(quantity, percent);
          expect(share?.quantity ?? 0).to.equal(expected);
          expect(developer.serialStart).to.equal(whole.serialStart);
          expect(developer.quantity).to.be.greaterThan(0);
          expect(developer.quantity).to.equal(developer.serialEnd - developer.serialStart + 1);
          if (share === undefined) {
            expect(developer).to.deep.equal(whole);
          } else {
            expect(share.serialStart).to.equal(developer.serialEnd + 1);
            expect(share.serialEnd).to.equal(whole.serialEnd);
            expect(share.quantity).to.equal(share.serialEnd - share.serialStart + 1);
            expect(developer.quantity + share.quantity).to.equal(quantity);
          }
        },
      ),
    );
  });
});
