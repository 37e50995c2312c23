import { expect } from 'chai';
import readXlsxFile, { readSheet } from 'read-excel-file/node';
import { computeAef } from '../../src/reports/aef/compute';
import type { UnitAction } from '../../src/reports/aef/model';
import { AefValidationError } from '../../src/reports/aef/validate';
import { toCsv, toJson, toXlsx } from '../../src/reports/aef/writers';
import { P, actions, input, projects, settings } from './aef-fixture';

// Table 3 columns: date, type, subtype, CA, auth, first transferring Party, registry, first, last, underlying x3,
// metric, GWP, non-GHG metric, quantity, non-GHG quantity, mitigation type, vintage, transferring Party,
// acquiring Party, purpose, using Party, using entity, NDC year, CARP, additional information.
const row3 = (
  date: string,
  type: string,
  subtype: string,
  ca: string,
  auth: string,
  first: number,
  last: number,
  gwp: string,
  mitigation: string,
  vintage: number,
  purpose: string,
  usingParty: string,
  entity: string,
  ndcYear: number | 'NA',
  project: string,
  tx: string,
): (string | number)[] => [
  date,
  type,
  subtype,
  ca,
  auth,
  'GHA',
  'GHA01',
  first,
  last,
  'NA',
  'NA',
  'NA',
  'GHG',
  gwp,
  'NA',
  last - first + 1,
  'NA',
  mitigation,
  vintage,
  'NA',
  'NA',
  purpose,
  usingParty,
  entity,
  ndcYear,
  '',
  `Project ${project}; registry transaction ${tx}`,
];

describe('AEF computation (pure, scripted year across 31 December)', () => {
  const report = computeAef(input(2025));

  it('Table 1 Submission lists Party, version, year, date, NDC period, CARP fields blank', () => {
    expect(report.table1.rows).to.deep.equal([
      ['Party', 'GHA'],
      ['Version', '1.0'],
      ['Reported year', 2025],
      ['Date of submission', '2026-04-10'],
      ['Review status of the initial report', ''],
      ['Result of the consistency check', ''],
      ['First year of the NDC implementation period', 2021],
      ['Last year of the NDC implementation period', 2030],
      ['Reference to the technical expert review', ''],
    ]);
  });

  it('Table 2 has the ITMO authorisations dated in the year (not the domestic one, not next year’s), every cell', () => {
    expect(report.table2.columns).to.have.length(19);
    expect(report.table2.rows).to.deep.equal([
      [
        'AUTH-NDC',
        '2025-02-10',
        'CA0001',
        '1.0',
        5000,
        'GHG',
        'AR5',
        'NA',
        'Energy generation',
        'Solar',
        'NDC',
        'CHE',
        'NA',
        'NA',
        '2021 - 2030',
        'NA',
        '',
        'NA',
        `Projects: ${P.ndc}`,
      ],
      [
        'AUTH-OIMP-ISS',
        '2025-04-01',
        'CA0002',
        '2.0',
        'NA',
        'GHG',
        'AR6',
        'NA',
        'Forestry and land use',
        'Afforestation',
        'NDC and OIMP',
        'SGP',
        'AE-ACME',
        'CORSIA',
        'NA',
        'Corresponding adjustment on first transfer',
        '',
        'Issuance',
        `Projects: ${P.oimpIssuance}`,
      ],
      [
        'AUTH-OIMP-USE',
        '2025-06-01',
        'CA0001',
        '1.0',
        'NA',
        'GHG',
        'AR5',
        'NA',
        'Waste management',
        'Landfill gas',
        'IMP',
        'CHE',
        'NA',
        'IMP',
        'NA',
        'NA',
        '',
        'Use or Cancellation',
        `Projects: ${P.oimpUse}`,
      ],
    ]);
  });

  it('Table 3 has one row per AEF action on ITMO blocks in 2025, in ledger order; domestic actions stay out', () => {
    expect(report.table3.columns).to.have.length(27);
    expect(report.table3.rows).to.deep.equal([
      row3(
        '2025-03-01',
        'Authorization',
        'NA',
        'CA0001',
        'AUTH-NDC',
        1,
        1000,
        'AR5',
        'Emission reductions',
        2024,
        'NA',
        'NA',
        'NA',
        'NA',
        P.ndc,
        'tx01',
      ),
      row3(
        '2025-05-01',
        'Authorization',
        'NA',
        'CA0002',
        'AUTH-OIMP-ISS',
        1001,
        3000,
        'AR6',
        'Removals',
        2024,
        'NA',
        'NA',
        'NA',
        'NA',
        P.oimpIssuance,
        'tx02',
      ),
      row3(
        '2025-05-01',
        'First transfer',
        'Issuance',
        'CA0002',
        'AUTH-OIMP-ISS',
        1001,
        3000,
        'AR6',
        'Removals',
        2024,
        'NA',
        'NA',
        'NA',
        'NA',
        P.oimpIssuance,
        'tx02',
      ),
      row3(
        '2025-07-01',
        'Authorization',
        'NA',
        'CA0001',
        'AUTH-OIMP-USE',
        3501,
        4500,
        'AR5',
        'Emission reductions',
        2025,
        'NA',
        'NA',
        'NA',
        'NA',
        P.oimpUse,
        'tx04',
      ),
      row3(
        '2025-09-01',
        'Use',
        'NA',
        'CA0001',
        'AUTH-NDC',
        701,
        1000,
        'AR5',
        'Emission reductions',
        2024,
        'NDC',
        'GHA',
        'NA',
        2025,
        P.ndc,
        'tx06',
      ),
      row3(
        '2025-10-01',
        'First transfer',
        'Use or cancellation',
        'CA0001',
        'AUTH-OIMP-USE',
        4301,
        4500,
        'AR5',
        'Emission reductions',
        2025,
        'IMP',
        'NA',
        'NA',
        'NA',
        P.oimpUse,
        'tx07',
      ),
      row3(
        '2025-10-01',
        'Use',
        'NA',
        'CA0001',
        'AUTH-OIMP-USE',
        4301,
        4500,
        'AR5',
        'Emission reductions',
        2025,
        'IMP',
        'GHA',
        'AE-ACME',
        'NA',
        P.oimpUse,
        'tx07',
      ),
      row3(
        '2025-11-01',
        'Voluntary Cancellation',
        'NA',
        'CA0002',
        'AUTH-OIMP-ISS',
        2501,
        3000,
        'AR6',
        'Removals',
        2024,
        'NA',
        'GHA',
        'AE-ACME',
        'NA',
        P.oimpIssuance,
        'tx08',
      ),
      row3(
        '2025-12-31',
        'Cancellation',
        'Other cancellations',
        'CA0002',
        'AUTH-OIMP-ISS',
        2401,
        2500,
        'AR6',
        'Removals',
        2024,
        'NA',
        'GHA',
        'NA',
        'NA',
        P.oimpIssuance,
        'tx09',
      ),
    ]);
  });

  it('Table 4 holds the ITMO blocks held at 31 December 2025 (not today): split remainders, no domestic units', () => {
    const holding = (
      ca: string,
      auth: string,
      first: number,
      last: number,
      gwp: string,
      mitigation: string,
      vintage: number,
    ) => [
      ca,
      auth,
      'GHA',
      'GHA01',
      first,
      last,
      'NA',
      'NA',
      'NA',
      'GHG',
      gwp,
      'NA',
      last - first + 1,
      'NA',
      mitigation,
      vintage,
    ];
    expect(report.table4.rows).to.deep.equal([
      holding('CA0001', 'AUTH-NDC', 1, 700, 'AR5', 'Emission reductions', 2024), // retired in part on 1 Jan 2026
      holding('CA0002', 'AUTH-OIMP-ISS', 1001, 2400, 'AR6', 'Removals', 2024),
      holding('CA0001', 'AUTH-OIMP-USE', 3501, 4300, 'AR5', 'Emission reductions', 2025),
    ]);
  });

  it('Table 5 lists the entities authorised by 31 December of the year', () => {
    expect(report.table5.rows).to.deep.equal([
      [
        '2025-03-01',
        'Acme Renewables Ltd',
        'GHA',
        'CS-1001',
        'CA0001',
        'Annual reporting to the DNA',
        'NA',
        'Registry ID AE-ACME, account DEV-A',
      ],
    ]);
  });

  it('the registry statistics count domestic units too', () => {
    const stat = (label: string): unknown => report.summary.rows.find((r) => r[0] === label)?.[1];
    expect(stat('Registry units issued in the year, all units (t CO2 eq)')).to.equal(1000 + 2000 + 500 + 1000);
    expect(stat('Registry units retired in the year, all units (t CO2 eq)')).to.equal(300 + 200 + 500 + 100);
    expect(stat('Registry units cancelled in the year, all units (t CO2 eq)')).to.equal(100);
    expect(stat('Ledger block height reflected')).to.equal(321);
  });

  it('the next year sees the 1 January retirement and the January issuance, and the 31 December position moves on', () => {
    const next = computeAef(input(2026));
    expect(next.table3.rows.map((r) => [r[0], r[1], r[7], r[8]])).to.deep.equal([
      ['2026-01-01', 'Use', 601, 700],
      ['2026-01-20', 'Authorization', 4501, 4600],
    ]);
    expect(next.table4.rows.map((r) => [r[4], r[5]])).to.deep.equal([
      [1, 600],
      [1001, 2400],
      [3501, 4300],
      [4501, 4600],
    ]);
    expect(next.table2.rows.map((r) => r[0])).to.deep.equal(['AUTH-2026']);
    expect(next.table5.rows.map((r) => r[1])).to.deep.equal(['Acme Renewables Ltd', 'Late Entity Co']);
  });

  it('a value outside its vocabulary or format is an error naming table, row and column; no report is made', () => {
    const bad = input(2025);
    const broken = projects.map((p) =>
      p.id === P.oimpUse && p.authorisation !== undefined
        ? { ...p, authorisation: { ...p.authorisation, timeframe: '2021-2030' } }
        : p,
    );
    expect(() => computeAef({ ...bad, projects: broken }))
      .to.throw(AefValidationError)
      .with.property(
        'message',
        'Table 2 Authorizations, row 3, column "Authorized timeframe": "2021-2030" is not YYYY - YYYY (^\\d{4} - \\d{4}$)',
      );
    const badParty = { ...bad, settings: { ...settings, party: 'Ghana' } };
    expect(() => computeAef(badParty)).to.throw(AefValidationError, /Table 1 Submission, row 1, column "Party"/);
  });

  it('an action log that does not add up (acting on a block no longer held) is refused, not reported', () => {
    const doubled = [...actions.slice(0, 6), actions[5] as UnitAction];
    expect(() => computeAef({ ...input(2025), actions: doubled })).to.throw(/action log inconsistent/);
  });

  it('writes an XLSX that a second reader opens with the seven AEF sheets and the AEF headers', async () => {
    const xlsx = await toXlsx(report);
    expect((await readXlsxFile(xlsx)).map((sheet) => sheet.sheet)).to.deep.equal([
      'Index',
      'Summary information',
      'Table 1 Submission',
      'Table 2 Authorizations',
      'Table 3 Actions',
      'Table 4 Holdings',
      'Table 5 Auth. entities',
    ]);
    const table3 = await readSheet(xlsx, 'Table 3 Actions');
    expect(table3[0]?.slice(0, 5)).to.deep.equal([
      'Action date',
      'Action type',
      'Action subtype',
      'Cooperative approach ID',
      'Authorization ID',
    ]);
    expect(table3[0]).to.have.length(27);
    expect(table3).to.have.length(1 + report.table3.rows.length);
    // CARP cells are empty; NA is written as NA
    expect(table3[1]?.[25]).to.equal(null);
    expect(table3[1]?.[2]).to.equal('NA');
    const table4 = await readSheet(xlsx, 'Table 4 Holdings');
    expect(table4[1]?.slice(0, 6)).to.deep.equal(['CA0001', 'AUTH-NDC', 'GHA', 'GHA01', 1, 700]);
  });

  it('CSV and JSON carry the same content', () => {
    const csv = toCsv(report.table4);
    expect(csv.split('\r\n')[1]).to.equal(
      'CA0001,AUTH-NDC,GHA,GHA01,1,700,NA,NA,NA,GHG,AR5,NA,700,NA,Emission reductions,2024',
    );
    const json = toJson(report) as { sheets: { sheet: string; rows: unknown[] }[]; blockHeight: number };
    expect(json.blockHeight).to.equal(321);
    expect(json.sheets.map((s) => s.sheet)).to.have.length(7);
    expect(json.sheets[5]?.rows).to.deep.equal(report.table4.rows);
  });
});
