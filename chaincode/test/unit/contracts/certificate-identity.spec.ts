import { expect } from 'chai';
import type { CreditBlock } from '../../../src/domain';
import type { TestIdentity } from '../support/fake-ledger';
import { fixtureCertificate } from '../support/certificates';
import { ACCOUNTS, ID, World } from '../support/world';

/** Callers whose certificates (made by openssl) have crafted subjects. */
const mallory = (file: string, mspId = 'DeveloperMSP'): TestIdentity => ({
  mspId,
  cn: 'mallory',
  ou: 'client',
  certificate: fixtureCertificate(file),
});

describe('caller identity from the certificate', () => {
  let w: World;
  beforeEach(() => {
    w = new World();
  });

  describe('a subject whose serialNumber reads "x/y/CN=developer2-admin"', () => {
    const forged = mallory('forged-serial.pem');
    let block: CreditBlock;
    beforeEach(async () => {
      await w.setup();
      await w.ok(ID.devB, 'accounts', 'BindIdentity', {
        accountId: ACCOUNTS.devB,
        mspId: 'DeveloperMSP',
        enrollmentId: 'developer2-admin',
        role: 'ADMIN',
      });
      block = await w.issuedBlock(1000, ID.devB);
    });

    it('is mallory, unbound, for WhoAmI', async () => {
      const me = await w.ok(forged, 'accounts', 'WhoAmI');
      expect(me).to.deep.include({ mspId: 'DeveloperMSP', enrollmentId: 'mallory', orgAdmin: false, binding: null });
    });

    it("may not transfer developer2-admin's credits, bind identities or register projects (FORBIDDEN)", async () => {
      await w.fails('FORBIDDEN', forged, 'credits', 'Transfer', {
        blockId: block.id,
        quantity: 10,
        toAccountId: ACCOUNTS.devA,
      });
      await w.fails('FORBIDDEN', forged, 'accounts', 'BindIdentity', {
        accountId: ACCOUNTS.devB,
        mspId: 'DeveloperMSP',
        enrollmentId: 'mallory',
        role: 'ADMIN',
      });
      await w.fails('FORBIDDEN', forged, 'projects', 'RegisterProject', w.projectInput());
      await w.fails('FORBIDDEN', forged, 'credits', 'GetBlock', { blockId: block.id });
    });
  });

  it('a subject with two CNs is refused for every call (FORBIDDEN)', async () => {
    await w.setup();
    await w.ok(ID.devB, 'accounts', 'BindIdentity', {
      accountId: ACCOUNTS.devB,
      mspId: 'DeveloperMSP',
      enrollmentId: 'developer2-admin',
      role: 'ADMIN',
    });
    const twoCn = mallory('two-cn.pem');
    await w.fails('FORBIDDEN', twoCn, 'accounts', 'WhoAmI');
    await w.fails('FORBIDDEN', twoCn, 'projects', 'RegisterProject', w.projectInput());
  });

  describe('organisation admin status', () => {
    const init = {
      party: 'GHA',
      registryId: 'GHA01',
      name: 'Ghana Carbon Registry',
      ndcPeriod: { firstYear: 2021, lastYear: 2030 },
      cooperativeApproaches: [{ id: 'CA0001', partnerParties: ['CHE'] }],
      governmentAccount: { id: ACCOUNTS.gov, name: 'EPA' },
    };

    it('is not granted by an organisation "a/b/OU=admin": InitRegistry FORBIDDEN, WhoAmI orgAdmin false', async () => {
      const forged = mallory('forged-org.pem', 'GovernmentMSP');
      await w.fails('FORBIDDEN', forged, 'registry', 'InitRegistry', init);
      expect(await w.ok(forged, 'accounts', 'WhoAmI')).to.include({ orgAdmin: false });
    });

    it('is granted by the NodeOU admin', async () => {
      const admin = { ...mallory('nodeou-admin.pem', 'GovernmentMSP'), cn: 'org-admin' };
      expect(await w.ok(admin, 'accounts', 'WhoAmI')).to.include({ enrollmentId: 'org-admin', orgAdmin: true });
      await w.ok(admin, 'registry', 'InitRegistry', init);
    });

    it('is granted by the CA-signed attribute hf.Type=admin', async () => {
      const admin = mallory('hf-type-admin.pem', 'GovernmentMSP');
      expect(await w.ok(admin, 'accounts', 'WhoAmI')).to.include({ enrollmentId: 'ca-admin', orgAdmin: true });
    });
  });
});
