import { expect } from 'chai';
import { compositeKey } from '../support/fake-ledger';
import { ACCOUNTS, ID, World } from '../support/world';
import type { AuthorisationDetails, Settings } from '../../../src/domain';

const entity = {
  id: 'AE-SOLARCO',
  name: 'SolarCo Ghana Ltd',
  country: 'GHA',
  identificationNumber: 'CS123456789',
  authorisationDate: '2026-02-01',
  cooperativeApproachId: 'CA0001',
  accountId: ACCOUNTS.devA,
};

describe('registry contract: Article 6 settings (authorised entities, authorisation details)', () => {
  it('UpdateSettings records authorised entities, and settings written before the field existed read as none', async () => {
    const w = new World();
    await w.setup();
    const before = await w.ok<Settings>(ID.stranger, 'registry', 'GetSettings');
    expect(before.authorisedEntities).to.deep.equal([]);
    const outcome = await w.tx(ID.govAdmin, 'registry', 'UpdateSettings', { authorisedEntities: [entity] });
    expect(outcome.error).to.equal(undefined);
    expect([...outcome.writes.keys()]).to.deep.equal(['settings']);
    expect(JSON.parse(outcome.events[0]!.payload)).to.deep.include({ changed: ['authorisedEntities'] });
    const after = await w.ok<Settings>(ID.stranger, 'registry', 'GetSettings');
    expect(after.authorisedEntities).to.deep.equal([entity]);
  });

  it('UpdateSettings refuses removing an authorised entity, duplicate IDs and an unknown cooperative approach', async () => {
    const w = new World();
    await w.setup();
    await w.ok(ID.govAdmin, 'registry', 'UpdateSettings', { authorisedEntities: [entity] });
    const removed = await w.fails('VALIDATION', ID.govAdmin, 'registry', 'UpdateSettings', { authorisedEntities: [] });
    expect(removed).to.contain('AE-SOLARCO');
    await w.fails('VALIDATION', ID.govAdmin, 'registry', 'UpdateSettings', { authorisedEntities: [entity, entity] });
    const unknownCa = await w.fails('VALIDATION', ID.govAdmin, 'registry', 'UpdateSettings', {
      authorisedEntities: [entity, { ...entity, id: 'AE-OTHER', cooperativeApproachId: 'CA0009' }],
    });
    expect(unknownCa).to.contain('CA0009');
    await w.fails('VALIDATION', ID.govAdmin, 'registry', 'UpdateSettings', {
      authorisedEntities: [{ ...entity, country: 'Ghana' }],
    });
    await w.fails('FORBIDDEN', ID.govOfficer, 'registry', 'UpdateSettings', { authorisedEntities: [entity] });
  });

  it('SetAuthorisationDetails by a government MANAGER writes one key with defaults and emits AUTHORISATION_DETAILS_SET', async () => {
    const w = new World();
    await w.setup();
    await w.ok(ID.govAdmin, 'registry', 'UpdateSettings', { authorisedEntities: [entity] });
    const outcome = await w.tx(ID.govOfficer, 'registry', 'SetAuthorisationDetails', {
      authorisationId: 'LOA-2026-001',
      authorisedParties: ['CHE'],
      authorisedEntityIds: ['AE-SOLARCO'],
      termsAndConditions: 'Corresponding adjustment on first transfer',
    });
    expect(outcome.error).to.equal(undefined);
    expect([...outcome.writes.keys()]).to.deep.equal([compositeKey('ncr.authdetails', ['LOA-2026-001'])]);
    expect(outcome.events).to.deep.equal([
      {
        name: 'AUTHORISATION_DETAILS_SET',
        payload: `{"authorisationId":"LOA-2026-001","by":{"accountId":"${ACCOUNTS.gov}","enrollmentId":"gov-officer","mspId":"GovernmentMSP"},"txId":"${outcome.txId}","version":"1.0"}`,
      },
    ]);
    const details = await w.ok<AuthorisationDetails>(ID.stranger, 'registry', 'GetAuthorisationDetails', {
      authorisationId: 'LOA-2026-001',
    });
    expect(details).to.include({ version: '1.0', metric: 'GHG', gwpValues: 'AR5', updatedTxId: outcome.txId });
    expect(details.authorisedParties).to.deep.equal(['CHE']);
    const page = await w.ok<{ items: AuthorisationDetails[] }>(ID.stranger, 'registry', 'ListAuthorisationDetails', {});
    expect(page.items.map((d) => d.authorisationId)).to.deep.equal(['LOA-2026-001']);
  });

  it('SetAuthorisationDetails refuses developers, unknown entities, bad versions and a non-GHG metric without its name', async () => {
    const w = new World();
    await w.setup();
    const base = { authorisationId: 'LOA-1' };
    // An empty list: fabric-shim gives no metadata for it (the fake ledger does the same).
    const empty = await w.ok<{ items: unknown[]; bookmark: string }>(
      ID.stranger,
      'registry',
      'ListAuthorisationDetails',
      {},
    );
    expect(empty).to.deep.include({ items: [], bookmark: '' });
    await w.fails('FORBIDDEN', ID.devA, 'registry', 'SetAuthorisationDetails', base);
    const unknown = await w.fails('VALIDATION', ID.govAdmin, 'registry', 'SetAuthorisationDetails', {
      ...base,
      authorisedEntityIds: ['AE-NOBODY'],
    });
    expect(unknown).to.contain('AE-NOBODY');
    await w.fails('VALIDATION', ID.govAdmin, 'registry', 'SetAuthorisationDetails', { ...base, version: 'v2' });
    await w.fails('VALIDATION', ID.govAdmin, 'registry', 'SetAuthorisationDetails', { ...base, metric: 'non-GHG' });
    await w.fails('VALIDATION', ID.govAdmin, 'registry', 'SetAuthorisationDetails', { ...base, gwpValues: 'AR2' });
    await w.fails('NOT_FOUND', ID.stranger, 'registry', 'GetAuthorisationDetails', base);
  });
});
