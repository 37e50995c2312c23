import { expect } from 'chai';
import { ACCOUNTS, ID, World } from '../support/world';
import { compositeKey } from '../support/fake-ledger';
import type { Settings } from '../../../src/domain';

describe('registry contract', () => {
  const initInput = {
    party: 'GHA',
    registryId: 'GHA01',
    name: 'Ghana Carbon Registry',
    ndcPeriod: { firstYear: 2021, lastYear: 2030 },
    cooperativeApproaches: [{ id: 'CA0001', partnerParties: ['CHE'] }],
    governmentAccount: { id: ACCOUNTS.gov, name: 'EPA' },
  };

  it('InitRegistry by a GovernmentMSP admin writes settings, the authority account and its ADMIN binding, and emits REGISTRY_INITIALISED', async () => {
    const w = new World();
    const outcome = await w.tx(ID.govAdmin, 'registry', 'InitRegistry', initInput);
    expect(outcome.error).to.equal(undefined);
    expect([...outcome.writes.keys()]).to.deep.equal([
      'settings',
      compositeKey('ncr.account', [ACCOUNTS.gov]),
      compositeKey('ncr.account~type', ['GOVERNMENT', ACCOUNTS.gov]),
      compositeKey('ncr.binding', ['GovernmentMSP', 'gov-admin']),
      compositeKey('ncr.binding~account', [ACCOUNTS.gov, 'GovernmentMSP', 'gov-admin']),
    ]);
    expect(outcome.events).to.deep.equal([
      {
        name: 'REGISTRY_INITIALISED',
        payload: `{"admin":{"enrollmentId":"gov-admin","mspId":"GovernmentMSP"},"authorityAccountId":"GOV-GHA","party":"GHA","registryId":"GHA01","txId":"${outcome.txId}"}`,
      },
    ]);
    const binding = w.ledger.get(compositeKey('ncr.binding', ['GovernmentMSP', 'gov-admin']));
    expect(binding).to.include({ accountId: ACCOUNTS.gov, role: 'ADMIN', status: 'ACTIVE' });
  });

  it('InitRegistry derives the government account ID from the transaction when none is given', async () => {
    const w = new World();
    const settings = await w.ok<Settings>(ID.govAdmin, 'registry', 'InitRegistry', {
      ...initInput,
      governmentAccount: { name: 'EPA' },
    });
    expect(settings.authorityAccountId).to.match(/^GOV-[0-9A-F]{10}$/);
  });

  it('InitRegistry refuses a government identity without the admin NodeOU', async () => {
    await new World().fails('FORBIDDEN', ID.govClient, 'registry', 'InitRegistry', initInput);
  });

  it('InitRegistry refuses an admin of another MSP', async () => {
    await new World().fails('FORBIDDEN', { ...ID.devA, ou: 'admin' }, 'registry', 'InitRegistry', initInput);
  });

  it("InitRegistry refuses an admin naming its own MSP the government on another organisation's peer", async () => {
    const w = new World();
    const certifierAdmin = { ...ID.certA, ou: 'admin' as const };
    const claim = { ...initInput, governmentMspId: 'CertifierMSP' };
    // The host government's peer (which the policy requires) refuses; only the claimed organisation's own would not.
    w.ledger.peerMspId = 'GovernmentMSP';
    await w.fails('FORBIDDEN', certifierAdmin, 'registry', 'InitRegistry', claim);
    expect(w.ledger.get('settings')).to.equal(undefined);
    w.ledger.peerMspId = 'CertifierMSP';
    await w.ok(certifierAdmin, 'registry', 'InitRegistry', claim);
  });

  it('InitRegistry runs once only', async () => {
    const w = new World();
    await w.init();
    await w.fails('CONFLICT', ID.govAdmin, 'registry', 'InitRegistry', initInput);
  });

  it('InitRegistry refuses malformed input with VALIDATION listing every issue', async () => {
    const w = new World();
    const message = await w.fails('VALIDATION', ID.govAdmin, 'registry', 'InitRegistry', {
      ...initInput,
      party: 'Ghana',
      registryId: 'GH1',
    });
    expect(message).to.contain('party:').and.contain('registryId:');
    await w.fails('VALIDATION', ID.govAdmin, 'registry', 'InitRegistry', '{not json');
    await w.fails('VALIDATION', ID.govAdmin, 'registry', 'InitRegistry', { ...initInput, extra: 1 });
  });

  it('GetSettings returns the settings; before init it is INVALID_STATE', async () => {
    const w = new World();
    await w.fails('INVALID_STATE', ID.stranger, 'registry', 'GetSettings');
    await w.init();
    const settings = await w.ok<Settings>(ID.stranger, 'registry', 'GetSettings');
    expect(settings).to.include({ party: 'GHA', registryId: 'GHA01', authorityAccountId: ACCOUNTS.gov });
  });

  it('UpdateSettings by a government ADMIN adds a cooperative approach and emits SETTINGS_UPDATED', async () => {
    const w = new World();
    await w.setup();
    const outcome = await w.tx(ID.govAdmin, 'registry', 'UpdateSettings', {
      cooperativeApproaches: [
        { id: 'CA0001', partnerParties: ['CHE'] },
        { id: 'CA0002', partnerParties: ['SGP'] },
      ],
    });
    expect(outcome.error).to.equal(undefined);
    expect([...outcome.writes.keys()]).to.deep.equal(['settings']);
    expect(outcome.events.map((e) => e.name)).to.deep.equal(['SETTINGS_UPDATED']);
    expect(JSON.parse(outcome.events[0]!.payload)).to.include.keys('changed', 'by', 'txId');
    const settings = await w.ok<Settings>(ID.stranger, 'registry', 'GetSettings');
    expect(settings.cooperativeApproaches.map((c) => c.id)).to.deep.equal(['CA0001', 'CA0002']);
  });

  it('UpdateSettings refuses a government MANAGER, a developer, and removing a cooperative approach', async () => {
    const w = new World();
    await w.setup();
    await w.fails('FORBIDDEN', ID.govOfficer, 'registry', 'UpdateSettings', { name: 'X' });
    await w.fails('FORBIDDEN', ID.devA, 'registry', 'UpdateSettings', { name: 'X' });
    await w.fails('VALIDATION', ID.govAdmin, 'registry', 'UpdateSettings', { cooperativeApproaches: [] });
    await w.fails('VALIDATION', ID.govAdmin, 'registry', 'UpdateSettings', {});
  });
});
