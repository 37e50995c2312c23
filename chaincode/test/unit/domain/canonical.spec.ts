import { expect } from 'chai';
import fc from 'fast-check';
import { canonicalBytes, canonicalJson } from '../../../src/domain';

describe('canonicalJson', () => {
  it('pins the exact bytes: keys sorted at every depth, no whitespace, undefined dropped', () => {
    const value = {
      serialEnd: 1000,
      b: [3, { z: null, a: 'é"\n' }, undefined],
      a: { y: true, x: -1.5, skip: undefined },
      Z: 'upper sorts first',
    };
    expect(canonicalJson(value)).to.equal(
      '{"Z":"upper sorts first","a":{"x":-1.5,"y":true},"b":[3,{"a":"é\\"\\n","z":null},null],"serialEnd":1000}',
    );
    expect(Buffer.from(canonicalBytes({ b: 1, a: 2 })).toString('hex')).to.equal('7b2261223a322c2262223a317d');
  });

  it('is independent of insertion order and round-trips through JSON.parse', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (dict) => {
        const reversed = Object.fromEntries(Object.entries(dict).reverse());
        expect(canonicalJson(reversed)).to.equal(canonicalJson(dict));
        expect(canonicalJson(JSON.parse(canonicalJson(dict)))).to.equal(canonicalJson(dict));
      }),
    );
  });

  it('refuses values with no faithful JSON form', () => {
    expect(() => canonicalJson({ n: Number.NaN })).to.throw(TypeError);
    expect(() => canonicalJson({ d: new Date(0) })).to.throw(TypeError);
    expect(() => canonicalJson({ f: () => 1 })).to.throw(TypeError);
    expect(() => canonicalJson(10n)).to.throw(TypeError);
  });
});
