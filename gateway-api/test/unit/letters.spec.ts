import { expect } from 'chai';
import type { Project, Settings } from '@ncr/chaincode/domain';
import { extractText, getDocumentProxy } from 'unpdf';
import { ApiError } from '../../src/errors';
import { authorisationLetter, letterContent, noObjectionLetter } from '../../src/documents/letters/content';
import { drawable, renderLetter } from '../../src/documents/letters/pdf';

const by = { accountId: 'GOV-NRA', mspId: 'GovernmentMSP', enrollmentId: 'gov-admin' };

const settings = {
  party: 'GHA',
  registryId: 'GHA01',
  name: 'National Carbon Registry',
  authorityAccountId: 'GOV-NRA',
} as Settings;

const project: Project = {
  id: 'GHA-P-0A1B2C3D4E',
  title: 'Solar mini-grids in Tamale – phase 2 ☀',
  sector: 'Energy generation',
  activityType: 'Solar',
  mitigationType: 'Emission reductions',
  methodology: 'AMS-I.L',
  location: { country: 'GHA', region: 'Northern' },
  creditingPeriod: { start: '2024-01-01', end: '2033-12-31' },
  estimatedAnnualReductions: 10_000,
  developerAccountId: 'DEV-ACME',
  certifierAccountId: 'CERT-VVB1',
  status: 'AUTHORISED',
  documents: [],
  authorisation: {
    authorisationId: 'AUTH-2026-7',
    date: '2026-03-01',
    purposes: 'NDC and OIMP',
    cooperativeApproachId: 'CA0001',
    firstTransferDefinition: 'Issuance',
    authorisedQuantity: 25_000,
    timeframe: '2026 - 2030',
  },
  issuedTotal: 0,
  transitions: [
    { from: 'VALIDATED', to: 'AUTHORISED', by, at: '2026-03-01T10:00:00.000Z', txId: 'tx-authorised', documents: [] },
  ],
  steps: [{ step: 'NO_OBJECTION', by, at: '2025-11-20T09:00:00.000Z', txId: 'tx-no-objection', documents: [] }],
  createdAt: '2025-10-01T00:00:00.000Z',
  createdTxId: 'tx-created',
  updatedAt: '2026-03-01T10:00:00.000Z',
  updatedTxId: 'tx-authorised',
};

async function textOf(bytes: Uint8Array): Promise<string> {
  return (await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true })).text;
}

describe('letters', () => {
  it('the letter of authorisation gives the authorisation’s fields, the project and the host Party, dated by the authorisation', () => {
    const letter = authorisationLetter(project, settings);
    expect(letter.date).to.equal('2026-03-01');
    expect(Object.fromEntries(letter.fields)).to.deep.include({
      'Authorisation ID': 'AUTH-2026-7',
      'Date of authorisation': '2026-03-01',
      'Authorised purposes': 'NDC and OIMP',
      'Cooperative approach': 'CA0001',
      'First transfer definition': 'Issuance',
      'Authorised quantity': '25000 ITMOs',
      Timeframe: '2026 - 2030',
      'Project ID': 'GHA-P-0A1B2C3D4E',
      'Host Party': 'GHA',
    });
    expect(letter.source).to.equal('registry transaction tx-authorised at 2026-03-01T10:00:00.000Z');
  });

  it('only an authorised project has a letter of authorisation (409 CONFLICT)', () => {
    const validated: Project = { ...project, status: 'VALIDATED', authorisation: undefined };
    expect(() => authorisationLetter(validated, settings))
      .to.throw(ApiError)
      .with.property('code', 'CONFLICT');
  });

  it('the no-objection letter is dated when the no-objection was recorded, before it at the project’s last change', () => {
    expect(noObjectionLetter(project, settings)).to.include({ date: '2025-11-20' });
    const before: Project = { ...project, status: 'SUBMITTED', steps: [], updatedAt: '2025-10-02T08:00:00.000Z' };
    const letter = noObjectionLetter(before, settings);
    expect(letter.date).to.equal('2025-10-02');
    expect(letter.source).to.contain(before.updatedTxId);
  });

  it('renders the same bytes for the same content, and its text holds the project and the authorisation', async () => {
    const content = letterContent('authorisation', project, settings);
    const first = await renderLetter(content);
    const second = await renderLetter(content);
    expect(Buffer.from(first).equals(Buffer.from(second))).to.equal(true);
    expect(Buffer.from(first).subarray(0, 5).toString()).to.equal('%PDF-');
    const text = await textOf(first);
    for (const value of ['GHA-P-0A1B2C3D4E', 'AUTH-2026-7', 'NDC and OIMP', 'CA0001', 'Issuance', '2026 - 2030']) {
      expect(text).to.contain(value);
    }
    expect(text).to.contain('Solar mini-grids in Tamale ? phase 2 ?');
  });

  it('draws only what the standard fonts can: printable Latin-1, anything else as ?', () => {
    expect(drawable('Côte d’Ivoire – ☀ ok\t')).to.equal('Côte d?Ivoire ? ? ok?');
  });
});
