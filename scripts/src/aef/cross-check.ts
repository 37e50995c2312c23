import { z } from 'zod';

/**
 * Compares two Parties' AEF reports for one year (docs/international.md): every international transfer the
 * transferring Party reports to the other must have exactly one Acquisition in the other's report with the same ITMO
 * IDs (cooperative approach, first transferring Party, registry, first and last ID), quantity, vintage and year, and
 * every Acquisition from it exactly one such transfer. Pure: the reports are the AEF's JSON format.
 */

const SheetSchema = z.object({ sheet: z.string(), columns: z.array(z.string()), rows: z.array(z.array(z.unknown())) });
export const AefJsonSchema = z.object({ year: z.number(), party: z.string(), sheets: z.array(SheetSchema) });
export type AefJson = z.infer<typeof AefJsonSchema>;

const TABLE3 = 'Table 3 Actions';

/** One ITMO movement between the two Parties as a Table 3 row says it. */
interface Movement {
  readonly row: number;
  readonly date: string;
  readonly from: string;
  readonly to: string;
  /** What must be equal on both sides. */
  readonly key: string;
}

const KEY_COLUMNS = [
  'Cooperative approach ID',
  'First transferring participating Party ID',
  'Party ITMO registry ID',
  'First ID',
  'Last ID',
  'Quantity (t CO2 eq)',
  'Vintage',
] as const;

/** The Table 3 rows of a report whose action type is one of `types`. */
function movements(report: AefJson, types: readonly string[]): Movement[] {
  const table = report.sheets.find((sheet) => sheet.sheet === TABLE3);
  if (table === undefined) throw new Error(`the AEF of ${report.party} has no sheet ${TABLE3}`);
  const at = (name: string): number => {
    const index = table.columns.indexOf(name);
    if (index < 0) throw new Error(`${TABLE3} of ${report.party} has no column ${name}`);
    return index;
  };
  const cell = (row: readonly unknown[], name: string): string => String(row[at(name)]);
  return table.rows.flatMap((row, index) => {
    if (!types.includes(cell(row, 'Action type'))) return [];
    const date = cell(row, 'Action date');
    const key = [...KEY_COLUMNS.map((name) => `${name}=${cell(row, name)}`), `year=${date.slice(0, 4)}`].join(', ');
    const from = cell(row, 'Transferring participating Party ID');
    const to = cell(row, 'Acquiring participating Party ID');
    return [{ row: index + 1, date, from, to, key }];
  });
}

/** Each movement of `mine` must have exactly one counterpart in `theirs`: what does not, described. */
function unmatched(mine: Movement[], theirs: Movement[], what: string, counterpart: string): string[] {
  return mine.flatMap((movement) => {
    const count = theirs.filter((other) => other.key === movement.key).length;
    if (count === 1) return [];
    const found = count === 0 ? `no ${counterpart}` : `${count} ${counterpart}s`;
    return [`${what} of row ${movement.row} (${movement.date}; ${movement.key}): ${found}`];
  });
}

/**
 * The mismatches between `transferring`'s transfers to `acquiring`'s Party and `acquiring`'s acquisitions from
 * `transferring`'s Party (none: the reports agree), and how many matched.
 */
export function crossCheck(transferring: AefJson, acquiring: AefJson): { matched: number; mismatches: string[] } {
  if (transferring.year !== acquiring.year) throw new Error('the two reports are of different years');
  const sent = movements(transferring, ['First transfer', 'Transfer']).filter(
    (m) => m.from === transferring.party && m.to === acquiring.party,
  );
  const received = movements(acquiring, ['Acquisition']).filter(
    (m) => m.from === transferring.party && m.to === acquiring.party,
  );
  const mismatches = [
    ...unmatched(sent, received, `${transferring.party} transfer to ${acquiring.party}`, 'acquisition'),
    ...unmatched(received, sent, `${acquiring.party} acquisition from ${transferring.party}`, 'transfer'),
  ];
  return { matched: sent.length - unmatched(sent, received, '', '').length, mismatches };
}
