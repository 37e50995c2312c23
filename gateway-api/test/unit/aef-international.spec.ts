import { expect } from 'chai';
import { computeAef } from '../../src/reports/aef/compute';
import type { AefInput, UnitAction } from '../../src/reports/aef/model';
import { P, act, input, settings } from './aef-fixture';

/**
 * International transfers in the AEF (docs/international.md, docs/aef.md mapping): the transferring registry's
 * request (locked, still held), the transfer applied (First transfer to another Party, or Transfer when the units were
 * first transferred at issuance), and the acquiring registry's Acquisition of the same IDs, which it then holds.
 */
const column = (table: { columns: readonly string[]; rows: readonly (readonly unknown[])[] }, name: string) => {
  const index = table.columns.indexOf(name);
  return table.rows.map((row) => row[index]);
};

describe('AEF: international transfers and acquisitions', () => {
  const CHE = { counterpartParty: 'CHE' };
  const host: UnitAction[] = [
    act('2025-03-01T09:00:00.000Z', 'ISSUANCE', P.ndc, 2024, 'H1', 'H1', [1, 1000], { toAccountId: 'DEV-A' }),
    act('2025-04-01T09:00:00.000Z', 'ISSUANCE', P.oimpIssuance, 2024, 'H2', 'H2', [1001, 2000]),
    act('2025-05-01T09:00:00.000Z', 'EXPORT_REQUEST', P.ndc, 2024, 'H1x', 'H1', [701, 1000], CHE),
    act('2025-05-02T09:00:00.000Z', 'INTERNATIONAL_TRANSFER', P.ndc, 2024, 'H1x', 'H1x', [701, 1000], CHE),
    act('2025-06-01T09:00:00.000Z', 'EXPORT_REQUEST', P.oimpIssuance, 2024, 'H2x', 'H2', [1901, 2000], CHE),
    act('2025-06-02T09:00:00.000Z', 'INTERNATIONAL_TRANSFER', P.oimpIssuance, 2024, 'H2x', 'H2x', [1901, 2000], CHE),
    act('2025-07-01T09:00:00.000Z', 'EXPORT_REQUEST', P.ndc, 2024, 'H1y', 'H1', [601, 700], CHE),
    act('2025-07-02T09:00:00.000Z', 'EXPORT_ABANDONMENT', P.ndc, 2024, 'H1y', 'H1y', [601, 700], CHE),
  ];

  it('the transferring Party: First transfer to another Party, or Transfer after a first transfer at issuance', () => {
    const report = computeAef({ ...input(2025), actions: host });
    const t3 = report.table3;
    const types = column(t3, 'Action type');
    const international = types.flatMap((type, i) => (type === 'First transfer' || type === 'Transfer' ? [i] : []));
    const rows = international.map((i) => ({
      type: types[i],
      subtype: column(t3, 'Action subtype')[i],
      first: column(t3, 'First ID')[i],
      from: column(t3, 'Transferring participating Party ID')[i],
      to: column(t3, 'Acquiring participating Party ID')[i],
    }));
    expect(rows).to.deep.equal([
      { type: 'First transfer', subtype: 'Issuance', first: 1001, from: 'NA', to: 'NA' },
      { type: 'First transfer', subtype: 'First transfer to another Party', first: 701, from: 'GHA', to: 'CHE' },
      { type: 'Transfer', subtype: 'NA', first: 1901, from: 'GHA', to: 'CHE' },
    ]);
    // Held at 31 December: the abandoned units are held again, the transferred ones are not.
    expect(column(report.table4, 'First ID')).to.deep.equal([1, 601, 1001]);
    expect(column(report.table4, 'Quantity (t CO2 eq)')).to.deep.equal([600, 100, 900]);
  });

  it('the acquiring Party: an Acquisition of the same IDs, first transferred by the other Party, then held and used', () => {
    const origin = { party: 'GHA', registryId: 'GHA01', mitigationType: 'Emission reductions' };
    const acquired: AefInput = {
      ...input(2025),
      settings: { ...settings, party: 'CHE', registryId: 'CHE01', governmentMspId: 'SwitzerlandMSP' },
      projects: [],
      authorisationDetails: [],
      actions: [
        act('2025-05-03T09:00:00.000Z', 'ACQUISITION', P.ndc, 2024, 'C1', 'C1', [701, 1000], {
          counterpartParty: 'GHA',
          origin,
          toAccountId: 'GOV-CHE',
        }),
        act('2025-08-01T09:00:00.000Z', 'RETIREMENT', P.ndc, 2024, 'C1a', 'C1', [901, 1000], {
          purpose: 'NDC',
          fromAccountId: 'GOV-CHE',
          origin,
        }),
      ],
    };
    const report = computeAef(acquired);
    const t3 = report.table3;
    expect(column(t3, 'Action type')).to.deep.equal(['Acquisition', 'Use']);
    expect(column(t3, 'Transferring participating Party ID')).to.deep.equal(['GHA', 'NA']);
    expect(column(t3, 'Acquiring participating Party ID')).to.deep.equal(['CHE', 'NA']);
    expect(column(t3, 'First transferring participating Party ID')).to.deep.equal(['GHA', 'GHA']);
    expect(column(t3, 'Party ITMO registry ID')).to.deep.equal(['GHA01', 'GHA01']);
    expect(column(report.table4, 'First ID')).to.deep.equal([701]);
    expect(column(report.table4, 'Quantity (t CO2 eq)')).to.deep.equal([200]);
    expect(column(report.table4, 'Party ITMO registry ID')).to.deep.equal(['GHA01']);
    expect(column(report.table4, 'Mitigation type')).to.deep.equal(['Emission reductions']);
  });
});
