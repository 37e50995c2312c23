import { expect } from 'chai';
import { crossCheck, type AefJson } from '../../src/aef/cross-check';

const COLUMNS = [
  'Action date',
  'Action type',
  'Cooperative approach ID',
  'First transferring participating Party ID',
  'Party ITMO registry ID',
  'First ID',
  'Last ID',
  'Quantity (t CO2 eq)',
  'Vintage',
  'Transferring participating Party ID',
  'Acquiring participating Party ID',
];

type Row = [string, string, number, number, number, string, string];

/** A report whose Table 3 has rows (date, type, first, last, vintage, transferring, acquiring) under CA0001. */
function report(party: string, rows: Row[]): AefJson {
  return {
    year: 2026,
    party,
    sheets: [
      {
        sheet: 'Table 3 Actions',
        columns: COLUMNS,
        rows: rows.map(([date, type, first, last, vintage, from, to]) => [
          date,
          type,
          'CA0001',
          'GHA',
          'GHA01',
          first,
          last,
          last - first + 1,
          vintage,
          from,
          to,
        ]),
      },
    ],
  };
}

describe('AEF cross-check of two Parties (transfers against acquisitions)', () => {
  const gha = report('GHA', [
    ['2026-03-01', 'Authorization', 1, 1000, 2024, 'NA', 'NA'],
    ['2026-05-02', 'First transfer', 701, 1000, 2024, 'GHA', 'CHE'],
    ['2026-06-02', 'Transfer', 1901, 2000, 2024, 'GHA', 'CHE'],
  ]);

  it('finds nothing when every transfer has exactly one acquisition, dated on either day of the same year', () => {
    const che = report('CHE', [
      ['2026-05-03', 'Acquisition', 701, 1000, 2024, 'GHA', 'CHE'],
      ['2026-06-02', 'Acquisition', 1901, 2000, 2024, 'GHA', 'CHE'],
      ['2026-08-01', 'Use', 901, 1000, 2024, 'NA', 'NA'],
    ]);
    expect(crossCheck(gha, che)).to.deep.equal({ matched: 2, mismatches: [] });
    expect(crossCheck(che, gha)).to.deep.equal({ matched: 0, mismatches: [] });
  });

  it('names a transfer without acquisition, a doubled acquisition and an acquisition of other IDs', () => {
    const che = report('CHE', [
      ['2026-06-02', 'Acquisition', 1901, 2000, 2024, 'GHA', 'CHE'],
      ['2026-06-03', 'Acquisition', 1901, 2000, 2024, 'GHA', 'CHE'],
      ['2026-05-03', 'Acquisition', 701, 999, 2024, 'GHA', 'CHE'],
    ]);
    const { matched, mismatches } = crossCheck(gha, che);
    expect(matched).to.equal(0);
    expect(mismatches).to.have.length(3);
    expect(mismatches[0]).to.match(/^GHA transfer to CHE of row 2 .*First ID=701, Last ID=1000.*: no acquisition$/);
    expect(mismatches[1]).to.match(/^GHA transfer to CHE of row 3 .*: 2 acquisitions$/);
    expect(mismatches[2]).to.match(/^CHE acquisition from GHA of row 3 .*Last ID=999.*: no transfer$/);
  });
});
