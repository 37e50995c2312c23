import { expect } from 'chai';
import { parseErrorCode, RegistryError } from '../../../src/domain';

describe('errors', () => {
  it('a RegistryError message starts with its code', () => {
    const error = new RegistryError('NOT_FOUND', 'project GHA-P-0 does not exist');
    expect(error.message).to.equal('NOT_FOUND: project GHA-P-0 does not exist');
    expect(error.code).to.equal('NOT_FOUND');
  });

  it('finds the code inside a peer error string and nothing in internal errors', () => {
    expect(
      parseErrorCode(
        '10 ABORTED: failed to endorse transaction, see attached details for more info; chaincode response 500, INSUFFICIENT_CREDITS: block holds 5 credits, 6 requested',
      ),
    ).to.equal('INSUFFICIENT_CREDITS');
    expect(parseErrorCode('FORBIDDEN: role VIEWER may not transfer')).to.equal('FORBIDDEN');
    expect(parseErrorCode('TypeError: cannot read properties of undefined')).to.equal(undefined);
    expect(parseErrorCode('MY_NOT_FOUND: x')).to.equal(undefined);
  });
});
