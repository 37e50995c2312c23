import { expect } from 'chai';
import { ChaincodeStub } from 'fabric-shim';
import { compositeKey, OBJECT, splitCompositeKey } from '../../../src/domain';

describe('world-state key layout', () => {
  it("builds the composite keys fabric-shim's own createCompositeKey builds, and splits them back", () => {
    const stub = Object.create(ChaincodeStub.prototype) as ChaincodeStub;
    for (const [objectType, attributes] of [
      [OBJECT.block, ['B-1']],
      [OBJECT.blockByOwner, ['DEV-ACME', 'GHA-P-1', 'B-1']],
      [OBJECT.binding, ['DeveloperMSP', 'dev-admin@0a1b2c3d']],
    ] as const) {
      const key = compositeKey(objectType, attributes);
      expect(key).to.equal(stub.createCompositeKey(objectType, [...attributes]));
      expect(splitCompositeKey(key)).to.deep.equal({ objectType, attributes: [...attributes] });
    }
    expect(splitCompositeKey('settings')).to.equal(undefined);
  });
});
