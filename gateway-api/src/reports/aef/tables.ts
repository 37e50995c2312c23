import {
  ACTIVITY_TYPES,
  AEF_ACTION_SUBTYPES,
  AEF_ACTION_TYPES,
  AUTHORISATION_PURPOSES,
  FIRST_TRANSFER_DEFINITIONS,
  FORMATS,
  GWP_VALUES,
  METRICS,
  MITIGATION_TYPES,
  SECTORS,
  UNDERLYING_UNIT_REGISTRIES,
} from '@ncr/chaincode/domain';

/** A cell: text, or an integer (quantities, serial IDs, years). `NA` where a column does not apply; '' for CARP. */
export type Cell = string | number;

/** How a column's values are checked before anything is written (the AEF vocabularies and formats of docs/domain.md). */
export type Rule =
  | { readonly kind: 'vocabulary'; readonly values: readonly string[] }
  | { readonly kind: 'format'; readonly pattern: RegExp; readonly what: string }
  | { readonly kind: 'date' }
  | { readonly kind: 'year' }
  | { readonly kind: 'integer' }
  | { readonly kind: 'text' }
  /** Filled by the UNFCCC's CARP platform: always blank here. */
  | { readonly kind: 'carp' }
  /** Several values joined with ", ", each checked with `item`. */
  | { readonly kind: 'list'; readonly item: Rule };

export interface Column<H extends string = string> {
  readonly header: H;
  readonly rule: Rule;
  /** Whether `NA` is allowed (the column may not apply to a row). */
  readonly na: boolean;
}

const col = <H extends string>(header: H, rule: Rule, na = false): Column<H> => ({ header, rule, na });
const vocabulary = (values: readonly string[]): Rule => ({ kind: 'vocabulary', values });
const format = (pattern: RegExp, what: string): Rule => ({ kind: 'format', pattern, what });
const list = (item: Rule): Rule => ({ kind: 'list', item });
const CARP: Rule = { kind: 'carp' };
const TEXT: Rule = { kind: 'text' };
const INTEGER: Rule = { kind: 'integer' };
const DATE: Rule = { kind: 'date' };
const YEAR: Rule = { kind: 'year' };

const PARTY = format(FORMATS.party, 'an ISO 3166-1 alpha-3 Party code');
const CA_ID = format(FORMATS.cooperativeApproachId, 'a cooperative approach ID (CA and four digits)');
const REGISTRY_ID = format(FORMATS.registryId, 'a Party ITMO registry ID (alpha-3 and two digits)');
const AUTH_ID = format(FORMATS.authorisationId, 'an authorization ID (letters, digits, spaces, dashes)');

/** Sheet names of the workbook, in order (docs/domain.md). */
export const SHEETS = {
  index: 'Index',
  summary: 'Summary information',
  table1: 'Table 1 Submission',
  table2: 'Table 2 Authorizations',
  table3: 'Table 3 Actions',
  table4: 'Table 4 Holdings',
  table5: 'Table 5 Auth. entities',
} as const;

export type TableKey = 'table1' | 'table2' | 'table3' | 'table4' | 'table5';

/** Table 1 is vertical: one row per field, the field name in column A and its value in column B. */
export const TABLE1_FIELDS = [
  col('Party', PARTY),
  col('Version', format(FORMATS.submissionVersion, 'a version such as 1.0')),
  col('Reported year', YEAR),
  col('Date of submission', DATE),
  col('Review status of the initial report', CARP),
  col('Result of the consistency check', CARP),
  col('First year of the NDC implementation period', YEAR),
  col('Last year of the NDC implementation period', YEAR),
  col('Reference to the technical expert review', CARP),
] as const;

export const TABLE2_COLUMNS = [
  col('Authorization ID', AUTH_ID),
  col('Date of authorization', DATE),
  col('Cooperative approach ID', CA_ID),
  col('Version of the authorization', format(FORMATS.authorisationVersion, 'a version such as 1.0')),
  col('Authorized quantity', INTEGER, true),
  col('Metric', vocabulary(METRICS)),
  col('Applicable GWP value(s)', vocabulary(GWP_VALUES), true),
  col('Applicable non-GHG metric', TEXT, true),
  col('Sector(s)', list(vocabulary(SECTORS))),
  col('Activity type(s)', list(vocabulary(ACTIVITY_TYPES))),
  col('Purposes for authorization', vocabulary(AUTHORISATION_PURPOSES)),
  col('Authorized Party(ies) ID', list(PARTY), true),
  col('Authorized entity(ies) ID', list(format(FORMATS.authorisedEntityId, 'an authorised entity ID')), true),
  col('OIMP authorized by the Party', TEXT, true),
  col('Authorized timeframe', format(FORMATS.timeframe, 'YYYY - YYYY'), true),
  col('Authorization terms and conditions', TEXT, true),
  col('Authorization documentation', CARP),
  col('First transfer definition for OIMP', vocabulary(FIRST_TRANSFER_DEFINITIONS), true),
  col('Additional explanatory information', TEXT, true),
] as const;

/** The ITMO block columns shared by Tables 3 and 4, in the AEF's order. */
const BLOCK_COLUMNS = [
  col('Cooperative approach ID', CA_ID),
  col('Authorization ID', AUTH_ID),
  col('First transferring participating Party ID', PARTY),
  col('Party ITMO registry ID', REGISTRY_ID),
  col('First ID', INTEGER),
  col('Last ID', INTEGER),
  col('Underlying unit registry ID', vocabulary(UNDERLYING_UNIT_REGISTRIES), true),
  col('First unit ID', TEXT, true),
  col('Last unit ID', TEXT, true),
  col('Metric', vocabulary(METRICS)),
  col('Applicable GWP value(s)', vocabulary(GWP_VALUES), true),
  col('Applicable non-GHG metric', TEXT, true),
  col('Quantity (t CO2 eq)', INTEGER, true),
  col('Quantity (in non-GHG metric)', INTEGER, true),
  col('Mitigation type', vocabulary(MITIGATION_TYPES)),
  col('Vintage', YEAR),
] as const;

export const TABLE3_COLUMNS = [
  col('Action date', DATE),
  col('Action type', vocabulary(AEF_ACTION_TYPES)),
  col('Action subtype', vocabulary(AEF_ACTION_SUBTYPES), true),
  ...BLOCK_COLUMNS,
  col('Transferring participating Party ID', PARTY, true),
  col('Acquiring participating Party ID', PARTY, true),
  col(
    'Purpose for which the ITMO has been used towards or cancelled for OIMP',
    vocabulary(AUTHORISATION_PURPOSES),
    true,
  ),
  col('Using/cancelling participating Party ID', PARTY, true),
  col('Using/cancelling authorized entity ID', format(FORMATS.authorisedEntityId, 'an authorised entity ID'), true),
  col("Calendar year for which the ITMOs are used towards the Party's NDC", YEAR, true),
  col('Result of the consistency checks', CARP),
  col('Additional explanatory information', TEXT, true),
] as const;

export const TABLE4_COLUMNS = BLOCK_COLUMNS;

export const TABLE5_COLUMNS = [
  col('Date of the authorization', DATE),
  col('Name', TEXT),
  col('Country of incorporation', PARTY),
  col('Identification number', TEXT),
  col('Cooperative approach ID', CA_ID, true),
  col('Conditions', TEXT, true),
  col('Change and revocation conditions', TEXT, true),
  col('Additional explanatory information', TEXT, true),
] as const;

export const TABLE_COLUMNS: Readonly<Record<Exclude<TableKey, 'table1'>, readonly Column[]>> = {
  table2: TABLE2_COLUMNS,
  table3: TABLE3_COLUMNS,
  table4: TABLE4_COLUMNS,
  table5: TABLE5_COLUMNS,
};

/** A row of a table as a record keyed by column header: every column must be given, none other. */
export type RowOf<C extends readonly Column[]> = Readonly<Record<C[number]['header'], Cell>>;

/** The cells of `row` in column order. */
export function cellsOf<C extends readonly Column[]>(columns: C, row: RowOf<C>): Cell[] {
  const byHeader: Readonly<Record<string, Cell>> = row;
  return columns.map((c) => {
    const cell = byHeader[c.header];
    if (cell === undefined) throw new Error(`no value for column "${c.header}"`);
    return cell;
  });
}
