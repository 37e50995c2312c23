import { AEF_ACTION_TYPES } from '@ncr/chaincode/domain';
import type { YearEnd } from './actions';
import { CARP, NA, type ReportContext } from './context';
import type { AefInput } from './model';
import { type Cell, type RowOf, TABLE1_FIELDS, TABLE5_COLUMNS, cellsOf } from './tables';

/** Table 1 (vertical): field name, value. */
export function table1Rows(input: AefInput): Cell[][] {
  const { settings } = input;
  const values: RowOf<typeof TABLE1_FIELDS> = {
    Party: settings.party,
    Version: input.version,
    'Reported year': input.year,
    'Date of submission': input.submissionDate,
    'Review status of the initial report': CARP,
    'Result of the consistency check': CARP,
    'First year of the NDC implementation period': settings.ndcPeriod.firstYear,
    'Last year of the NDC implementation period': settings.ndcPeriod.lastYear,
    'Reference to the technical expert review': CARP,
  };
  const cells = cellsOf(TABLE1_FIELDS, values);
  return TABLE1_FIELDS.map((f, i) => [f.header, cells[i] ?? CARP]);
}

/** Table 5: entities authorised on or before 31 December of the year, by date then ID. */
export function table5Rows(ctx: ReportContext): Cell[][] {
  return ctx.settings.authorisedEntities
    .filter((e) => e.authorisationDate <= `${ctx.year}-12-31`)
    .sort((a, b) => a.authorisationDate.localeCompare(b.authorisationDate) || a.id.localeCompare(b.id))
    .map((e) =>
      cellsOf(TABLE5_COLUMNS, {
        'Date of the authorization': e.authorisationDate,
        Name: e.name,
        'Country of incorporation': e.country,
        'Identification number': e.identificationNumber,
        'Cooperative approach ID': e.cooperativeApproachId ?? NA,
        Conditions: e.conditions ?? NA,
        'Change and revocation conditions': e.changeAndRevocationConditions ?? NA,
        'Additional explanatory information':
          e.additionalInformation ??
          `Registry ID ${e.id}${e.accountId === undefined ? '' : `, account ${e.accountId}`}`,
      }),
    );
}

/** Rows and t CO2 eq of a set of rows. */
export interface Count {
  rows: number;
  quantity: number;
}

/** What the summary sheet counts of the year: Table 3 by action type, Table 4, and the totals over all units. */
export interface YearFigures {
  readonly actions: ReadonlyMap<string, Count>;
  readonly holdings: Count;
  readonly totals: YearEnd['totals'];
}

/** The summary sheet: registry, ledger height, counts and totals of the report's tables. */
export function summaryRows(
  input: AefInput,
  year: YearFigures,
  counts: { readonly table2: number; readonly table5: number },
): Cell[][] {
  const { settings } = input;
  const byType = (type: string): Cell[] => {
    const count = year.actions.get(type) ?? { rows: 0, quantity: 0 };
    return [`Table 3 ${type} actions (rows, t CO2 eq)`, `${count.rows}, ${count.quantity}`];
  };
  return [
    ['Party', settings.party],
    ['Registry', settings.name],
    ['Party ITMO registry ID', settings.registryId],
    ['Reported year', input.year],
    ['Ledger block height reflected', input.blockHeight],
    ['Table 2 authorizations', counts.table2],
    ...AEF_ACTION_TYPES.map(byType),
    ['Table 4 ITMO blocks held at 31 December', year.holdings.rows],
    ['Table 4 ITMOs held at 31 December (t CO2 eq)', year.holdings.quantity],
    ['Table 5 authorized entities', counts.table5],
    ['Registry units issued in the year, all units (t CO2 eq)', year.totals.issued],
    ['Registry units transferred between holders in the year, all units (t CO2 eq)', year.totals.transferred],
    ['Registry units retired in the year, all units (t CO2 eq)', year.totals.retired],
    ['Registry units cancelled in the year, all units (t CO2 eq)', year.totals.cancelled],
  ];
}
