import { AEF_DEFAULTS, type Project, oimpPart } from '@ncr/chaincode/domain';
import { CARP, NA, type ReportContext, metricColumns, yearOf } from './context';
import type { AefInput } from './model';
import { type Cell, type RowOf, TABLE2_COLUMNS, cellsOf } from './tables';

const unique = (values: readonly string[]): string => [...new Set(values)].join(', ');
const listOrNa = (values: readonly string[]): string => (values.length > 0 ? values.join(', ') : NA);

/** ITMO authorisations dated in the year, grouped by authorisation ID (projects in ID order). */
function authorisedGroups(input: AefInput): Map<string, Project[]> {
  const groups = new Map<string, Project[]>();
  for (const p of [...input.projects].sort((a, b) => a.id.localeCompare(b.id))) {
    const a = p.authorisation;
    if (p.status !== 'AUTHORISED' || a?.cooperativeApproachId === undefined || yearOf(a.date) !== input.year) continue;
    groups.set(a.authorisationId, [...(groups.get(a.authorisationId) ?? []), p]);
  }
  return groups;
}

function authorisationRow(ctx: ReportContext, id: string, group: readonly Project[]): RowOf<typeof TABLE2_COLUMNS> {
  const a = group[0]?.authorisation;
  if (a === undefined) throw new Error('unreachable: empty authorisation group');
  const d = ctx.details(id);
  const ca = ctx.settings.cooperativeApproaches.find((c) => c.id === a.cooperativeApproachId);
  const quantities = group.map((p) => p.authorisation?.authorisedQuantity);
  const parties = d !== undefined && d.authorisedParties.length > 0 ? d.authorisedParties : (ca?.partnerParties ?? []);
  return {
    'Authorization ID': id,
    'Date of authorization': a.date,
    'Cooperative approach ID': a.cooperativeApproachId ?? NA,
    'Version of the authorization': d?.version ?? AEF_DEFAULTS.version,
    'Authorized quantity': quantities.every((q) => q !== undefined)
      ? quantities.reduce<number>((sum, q) => sum + q, 0)
      : NA,
    ...metricColumns(d),
    'Sector(s)': unique(group.map((p) => p.sector)),
    'Activity type(s)': unique(group.map((p) => p.activityType)),
    'Purposes for authorization': a.purposes,
    'Authorized Party(ies) ID': listOrNa(parties),
    'Authorized entity(ies) ID': listOrNa(d?.authorisedEntityIds ?? []),
    'OIMP authorized by the Party': d?.oimpAuthorisedByParty ?? oimpPart(a.purposes) ?? NA,
    'Authorized timeframe': a.timeframe ?? NA,
    'Authorization terms and conditions': d?.termsAndConditions ?? NA,
    'Authorization documentation': CARP,
    'First transfer definition for OIMP': a.firstTransferDefinition ?? NA,
    'Additional explanatory information': d?.additionalInformation ?? `Projects: ${group.map((p) => p.id).join(', ')}`,
  };
}

/** Table 2: one row per ITMO authorisation dated in the year, by date then ID. */
export function table2Rows(input: AefInput, ctx: ReportContext): Cell[][] {
  return [...authorisedGroups(input).entries()]
    .map(([id, group]) => authorisationRow(ctx, id, group))
    .sort(
      (x, y) =>
        x['Date of authorization'].toString().localeCompare(y['Date of authorization'].toString()) ||
        x['Authorization ID'].toString().localeCompare(y['Authorization ID'].toString()),
    )
    .map((row) => cellsOf(TABLE2_COLUMNS, row));
}
