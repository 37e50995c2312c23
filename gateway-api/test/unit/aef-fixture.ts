import type { AuthorisationSnapshot, Project, Settings } from '@ncr/chaincode/domain';
import type { AefInput, UnitAction } from '../../src/reports/aef/model';

/*
 * A scripted registry year with actions on both sides of 31 December 2025. The expected rows of aef.spec.ts are written
 * out by hand from the script (AEF columns of docs/domain.md, docs/aef.md mapping), never computed by the report code.
 */

export const settings: Settings = {
  governmentMspId: 'GovernmentMSP',
  party: 'GHA',
  registryId: 'GHA01',
  name: 'Ghana Carbon Registry',
  ndcPeriod: { firstYear: 2021, lastYear: 2030 },
  cooperativeApproaches: [
    { id: 'CA0001', partnerParties: ['CHE'] },
    { id: 'CA0002', partnerParties: ['SGP'] },
  ],
  authorisedEntities: [
    {
      id: 'AE-ACME',
      name: 'Acme Renewables Ltd',
      country: 'GHA',
      identificationNumber: 'CS-1001',
      authorisationDate: '2025-03-01',
      cooperativeApproachId: 'CA0001',
      conditions: 'Annual reporting to the DNA',
      accountId: 'DEV-A',
    },
    {
      id: 'AE-LATE',
      name: 'Late Entity Co',
      country: 'CHE',
      identificationNumber: 'CHE-123',
      authorisationDate: '2026-02-01',
    },
  ],
  memberOrganisations: [],
  authorityAccountId: 'GOV-GHA',
  updatedAt: '2025-01-01T00:00:00.000Z',
  updatedTxId: 'tx-settings',
};

export const P = {
  ndc: 'GHA-P-000000000A',
  oimpIssuance: 'GHA-P-000000000B',
  oimpUse: 'GHA-P-000000000C',
  domestic: 'GHA-P-000000000D',
  next: 'GHA-P-000000000E',
};

function project(
  id: string,
  sector: Project['sector'],
  activityType: Project['activityType'],
  mitigationType: Project['mitigationType'],
  authorisation: NonNullable<Project['authorisation']>,
): Project {
  const actor = { accountId: 'GOV-GHA', mspId: 'GovernmentMSP', enrollmentId: 'gov' };
  return {
    id,
    title: `Project ${id}`,
    sector,
    activityType,
    mitigationType,
    methodology: 'AMS-I.D',
    location: { country: 'GHA', region: 'Ashanti' },
    creditingPeriod: { start: '2021-01-01', end: '2030-12-31' },
    estimatedAnnualReductions: 100000,
    developerAccountId: 'DEV-A',
    certifierAccountId: 'CER-A',
    status: 'AUTHORISED',
    documents: [],
    authorisation,
    issuedTotal: 0,
    transitions: [
      {
        from: 'VALIDATED',
        to: 'AUTHORISED',
        by: actor,
        at: `${authorisation.date}T10:00:00.000Z`,
        txId: `tx-auth-${id}`,
        documents: [],
      },
    ],
    createdAt: '2024-12-01T00:00:00.000Z',
    createdTxId: `tx-reg-${id}`,
    updatedAt: `${authorisation.date}T10:00:00.000Z`,
    updatedTxId: `tx-auth-${id}`,
  };
}

export const projects: Project[] = [
  project(P.ndc, 'Energy generation', 'Solar', 'Emission reductions', {
    authorisationId: 'AUTH-NDC',
    date: '2025-02-10',
    purposes: 'NDC',
    cooperativeApproachId: 'CA0001',
    authorisedQuantity: 5000,
    timeframe: '2021 - 2030',
  }),
  project(P.oimpIssuance, 'Forestry and land use', 'Afforestation', 'Removals', {
    authorisationId: 'AUTH-OIMP-ISS',
    date: '2025-04-01',
    purposes: 'NDC and OIMP',
    cooperativeApproachId: 'CA0002',
    firstTransferDefinition: 'Issuance',
  }),
  project(P.oimpUse, 'Waste management', 'Landfill gas', 'Emission reductions', {
    authorisationId: 'AUTH-OIMP-USE',
    date: '2025-06-01',
    purposes: 'IMP',
    cooperativeApproachId: 'CA0001',
    firstTransferDefinition: 'Use or Cancellation',
  }),
  project(P.domestic, 'Agriculture', 'Biogas', 'Emission reductions', {
    authorisationId: 'AUTH-DOM',
    date: '2025-01-05',
    purposes: 'NDC',
  }),
  project(P.next, 'Energy generation', 'Wind', 'Emission reductions', {
    authorisationId: 'AUTH-2026',
    date: '2026-01-15',
    purposes: 'NDC',
    cooperativeApproachId: 'CA0001',
  }),
];

const snapshot = (projectId: string): AuthorisationSnapshot => {
  const a = projects.find((p) => p.id === projectId)?.authorisation;
  if (a === undefined) throw new Error(projectId);
  return {
    authorisationId: a.authorisationId,
    purposes: a.purposes,
    firstTransferDefinition: a.firstTransferDefinition,
    cooperativeApproachId: a.cooperativeApproachId,
  };
};

let n = 0;
/** An action of the fixture on `projectId`'s units, with that project's authorisation; `extra` overrides any field. */
export function act(
  at: string,
  kind: UnitAction['kind'],
  projectId: string,
  vintage: number,
  blockId: string,
  sourceBlockId: string,
  range: [number, number],
  extra: Partial<UnitAction> = {},
): UnitAction {
  n++;
  return {
    txId: `tx${String(n).padStart(2, '0')}`,
    at,
    kind,
    blockId,
    sourceBlockId,
    projectId,
    vintage,
    serialStart: range[0],
    serialEnd: range[1],
    quantity: range[1] - range[0] + 1,
    authorisation: snapshot(projectId),
    ...extra,
  };
}

export const actions: UnitAction[] = [
  act('2025-03-01T09:00:00.000Z', 'ISSUANCE', P.ndc, 2024, 'B1', 'B1', [1, 1000], { toAccountId: 'DEV-A' }),
  act('2025-05-01T09:00:00.000Z', 'ISSUANCE', P.oimpIssuance, 2024, 'B2', 'B2', [1001, 3000], { toAccountId: 'DEV-A' }),
  act('2025-06-15T09:00:00.000Z', 'ISSUANCE', P.domestic, 2024, 'B4', 'B4', [3001, 3500], { toAccountId: 'DEV-A' }),
  act('2025-07-01T09:00:00.000Z', 'ISSUANCE', P.oimpUse, 2025, 'B3', 'B3', [3501, 4500], { toAccountId: 'DEV-A' }),
  // split transfer: B1 keeps [1, 700], B1a [701, 1000] goes to DEV-B (domestic: no AEF row)
  act('2025-08-01T09:00:00.000Z', 'TRANSFER', P.ndc, 2024, 'B1a', 'B1', [701, 1000], {
    fromAccountId: 'DEV-A',
    toAccountId: 'DEV-B',
  }),
  act('2025-09-01T09:00:00.000Z', 'RETIREMENT', P.ndc, 2024, 'B1a', 'B1a', [701, 1000], {
    fromAccountId: 'DEV-B',
    purpose: 'NDC',
  }),
  act('2025-10-01T09:00:00.000Z', 'RETIREMENT', P.oimpUse, 2025, 'B3a', 'B3', [4301, 4500], {
    fromAccountId: 'DEV-A',
    purpose: 'OIMP',
  }),
  act('2025-11-01T09:00:00.000Z', 'RETIREMENT', P.oimpIssuance, 2024, 'B2a', 'B2', [2501, 3000], {
    fromAccountId: 'DEV-A',
    purpose: 'VOLUNTARY',
  }),
  act('2025-12-31T23:59:59.000Z', 'CANCELLATION', P.oimpIssuance, 2024, 'B2b', 'B2', [2401, 2500], {
    fromAccountId: 'DEV-A',
  }),
  act('2025-12-31T12:00:00.000Z', 'RETIREMENT', P.domestic, 2024, 'B4a', 'B4', [3401, 3500], {
    fromAccountId: 'DEV-A',
    purpose: 'VOLUNTARY',
  }),
  // after 31 December 2025
  act('2026-01-01T00:00:00.000Z', 'RETIREMENT', P.ndc, 2024, 'B1b', 'B1', [601, 700], {
    fromAccountId: 'DEV-A',
    purpose: 'NDC',
  }),
  act('2026-01-20T09:00:00.000Z', 'ISSUANCE', P.next, 2025, 'B5', 'B5', [4501, 4600], { toAccountId: 'DEV-A' }),
];

export const input = (year: number): AefInput => ({
  year,
  version: '1.0',
  submissionDate: '2026-04-10',
  settings,
  projects,
  authorisationDetails: [
    {
      authorisationId: 'AUTH-OIMP-ISS',
      version: '2.0',
      metric: 'GHG',
      gwpValues: 'AR6',
      authorisedParties: ['SGP'],
      authorisedEntityIds: ['AE-ACME'],
      oimpAuthorisedByParty: 'CORSIA',
      termsAndConditions: 'Corresponding adjustment on first transfer',
      updatedBy: { accountId: 'GOV-GHA', mspId: 'GovernmentMSP', enrollmentId: 'gov' },
      updatedAt: '2025-04-02T00:00:00.000Z',
      updatedTxId: 'tx-details',
    },
  ],
  actions,
  blockHeight: 321,
});
