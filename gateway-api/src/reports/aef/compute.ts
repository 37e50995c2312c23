import {
  AEF_ACTION_TYPES,
  type AefActionSubtype,
  type AefActionType,
  type AuthorisationDetails,
  type AuthorisationPurpose,
  type AuthorisationSnapshot,
  type Project,
} from '@ncr/chaincode/domain';
import type { AefInput, AefReport, AefTable, UnitAction } from './model';
import {
  type Cell,
  SHEETS,
  TABLE1_FIELDS,
  TABLE2_COLUMNS,
  TABLE3_COLUMNS,
  TABLE4_COLUMNS,
  TABLE5_COLUMNS,
} from './tables';
import { validateReport } from './validate';

const NA = 'NA';
const CARP = '';

/** Units are ITMOs when their authorisation names a cooperative approach: only then can an ITMO ID be formed. */
export function isItmo(authorisation: AuthorisationSnapshot): boolean {
  return authorisation.cooperativeApproachId !== undefined;
}

/** The OIMP part of an authorisation's purposes (`NDC and IMP` → `IMP`), or undefined for NDC only. */
export function oimpPart(purposes: AuthorisationPurpose): AuthorisationPurpose | undefined {
  if (purposes === 'NDC') return undefined;
  return (purposes.startsWith('NDC and ') ? purposes.slice('NDC and '.length) : purposes) as AuthorisationPurpose;
}

const dateOf = (at: string): string => at.slice(0, 10);
const yearOf = (at: string): number => Number(at.slice(0, 4));

/** A block's state while replaying the action log. */
interface ReplayBlock {
  readonly id: string;
  serialStart: number;
  serialEnd: number;
  quantity: number;
  status: 'HELD' | 'RETIRED' | 'CANCELLED' | 'TRANSFERRED_OUT';
  firstTransferred: boolean;
  readonly projectId: string;
  readonly vintage: number;
  readonly authorisation: AuthorisationSnapshot;
}

/** One AEF action produced by one registry action (an issuance can produce an Authorization and a First transfer). */
interface MappedAction {
  readonly type: AefActionType;
  readonly subtype: AefActionSubtype | undefined;
  readonly purpose?: AuthorisationPurpose | undefined;
  readonly acquiringParty?: string | undefined;
  readonly transferringParty?: string | undefined;
  readonly usingParty?: boolean;
}

/**
 * The documented mapping (docs/aef.md) from a registry action on ITMO units to AEF actions. `firstTransferred`
 * says whether the units' first transfer already happened (at issuance, or by an earlier action).
 */
export function mapAction(action: UnitAction, firstTransferred: boolean): MappedAction[] {
  const a = action.authorisation;
  const ftd = a.firstTransferDefinition;
  const oimp = oimpPart(a.purposes);
  switch (action.kind) {
    case 'ISSUANCE': {
      const out: MappedAction[] = [{ type: 'Authorization', subtype: undefined }];
      if (oimp !== undefined && ftd === 'Issuance') out.push({ type: 'First transfer', subtype: 'Issuance' });
      if (oimp !== undefined && ftd === 'Authorisation') out.push({ type: 'First transfer', subtype: 'Authorization' });
      return out;
    }
    case 'TRANSFER':
      return []; // between holders in this registry: not an Article 6 action
    case 'RETIREMENT':
      if (action.purpose === 'NDC') return [{ type: 'Use', subtype: undefined, purpose: 'NDC', usingParty: true }];
      if (action.purpose === 'OIMP') {
        const use: MappedAction = { type: 'Use', subtype: undefined, purpose: oimp, usingParty: true };
        return ftd === 'Use or Cancellation' && !firstTransferred
          ? [{ type: 'First transfer', subtype: 'Use or cancellation', purpose: oimp }, use]
          : [use];
      }
      return [{ type: 'Voluntary Cancellation', subtype: undefined, usingParty: true }];
    case 'CANCELLATION':
      return [{ type: 'Cancellation', subtype: 'Other cancellations', usingParty: true }];
    case 'INTERNATIONAL_TRANSFER':
      return firstTransferred
        ? [{ type: 'Transfer', subtype: undefined, acquiringParty: action.counterpartParty }]
        : [
            {
              type: 'First transfer',
              subtype: 'First transfer to another Party',
              acquiringParty: action.counterpartParty,
            },
          ];
    case 'ACQUISITION':
      return [{ type: 'Acquisition', subtype: undefined, transferringParty: action.counterpartParty }];
  }
}

class Replay {
  readonly blocks = new Map<string, ReplayBlock>();

  apply(action: UnitAction): ReplayBlock {
    if (action.kind === 'ISSUANCE' || action.kind === 'ACQUISITION') {
      const ftd = action.authorisation.firstTransferDefinition;
      const block: ReplayBlock = {
        id: action.blockId,
        serialStart: action.serialStart,
        serialEnd: action.serialEnd,
        quantity: action.quantity,
        status: 'HELD',
        firstTransferred:
          action.kind === 'ACQUISITION' ||
          (oimpPart(action.authorisation.purposes) !== undefined && (ftd === 'Issuance' || ftd === 'Authorisation')),
        projectId: action.projectId,
        vintage: action.vintage,
        authorisation: action.authorisation,
      };
      this.blocks.set(block.id, block);
      return block;
    }
    const source = this.blocks.get(action.sourceBlockId);
    if (source === undefined || source.status !== 'HELD') {
      throw new Error(`action log inconsistent: ${action.txId} acts on block ${action.sourceBlockId}, not held`);
    }
    let acted = source;
    if (action.blockId !== action.sourceBlockId) {
      // Split (REFERENCE §3): the source keeps [s, e-t], the new block takes [e-t+1, e].
      if (action.serialEnd !== source.serialEnd || action.quantity >= source.quantity) {
        throw new Error(`action log inconsistent: ${action.txId} splits block ${source.id} unexpectedly`);
      }
      source.serialEnd -= action.quantity;
      source.quantity -= action.quantity;
      acted = { ...source, id: action.blockId, serialStart: action.serialStart, serialEnd: action.serialEnd };
      acted.quantity = action.quantity;
      this.blocks.set(acted.id, acted);
    } else if (action.serialStart !== source.serialStart || action.serialEnd !== source.serialEnd) {
      throw new Error(`action log inconsistent: ${action.txId} range differs from block ${source.id}`);
    }
    if (action.kind === 'RETIREMENT') acted.status = 'RETIRED';
    if (action.kind === 'CANCELLATION') acted.status = 'CANCELLED';
    if (action.kind === 'INTERNATIONAL_TRANSFER') acted.status = 'TRANSFERRED_OUT';
    return acted;
  }
}

function detailsFor(input: AefInput): (authorisationId: string) => AuthorisationDetails | undefined {
  const byId = new Map(input.authorisationDetails.map((d) => [d.authorisationId, d]));
  return (id) => byId.get(id);
}

const table = (sheet: string, columns: readonly string[], rows: Cell[][]): AefTable => ({ sheet, columns, rows });

/** The metric columns (Metric, GWP, non-GHG metric) of an authorisation. */
function metricCells(details: AuthorisationDetails | undefined): [Cell, Cell, Cell] {
  const metric = details?.metric ?? 'GHG';
  return [metric, details?.gwpValues ?? 'AR5', metric === 'GHG' ? NA : (details?.nonGhgMetric ?? NA)];
}

/**
 * Computes the AEF annual information for `input.year` from the registry's records: a pure function of its
 * input (no clock, no I/O), validated cell by cell before it is returned (AefValidationError otherwise).
 */
export function computeAef(input: AefInput): AefReport {
  const { settings, year } = input;
  const details = detailsFor(input);
  const projects = new Map(input.projects.map((p) => [p.id, p]));
  const mitigationType = (projectId: string): Cell => projects.get(projectId)?.mitigationType ?? NA;
  const entityOfAccount = new Map(
    settings.authorisedEntities.flatMap((e) => (e.accountId === undefined ? [] : [[e.accountId, e.id] as const])),
  );

  // ---- Table 2: ITMO authorisations dated in the year, one row per authorisation ID.
  const authorised = new Map<string, Project[]>();
  for (const p of [...input.projects].sort((a, b) => a.id.localeCompare(b.id))) {
    const a = p.authorisation;
    if (p.status !== 'AUTHORISED' || a?.cooperativeApproachId === undefined || yearOf(a.date) !== year) continue;
    authorised.set(a.authorisationId, [...(authorised.get(a.authorisationId) ?? []), p]);
  }
  const unique = (values: string[]): string => [...new Set(values)].join(', ');
  const table2Rows = [...authorised.entries()]
    .map(([id, group]): Cell[] => {
      const first = group[0];
      const a = first?.authorisation;
      if (first === undefined || a === undefined) throw new Error('unreachable: empty authorisation group');
      const d = details(id);
      const ca = settings.cooperativeApproaches.find((c) => c.id === a.cooperativeApproachId);
      const quantities = group.map((p) => p.authorisation?.authorisedQuantity);
      const total = quantities.every((q) => q !== undefined) ? quantities.reduce<number>((sum, q) => sum + q, 0) : NA;
      const parties =
        d !== undefined && d.authorisedParties.length > 0 ? d.authorisedParties : (ca?.partnerParties ?? []);
      const oimp = oimpPart(a.purposes);
      return [
        id,
        a.date,
        a.cooperativeApproachId ?? NA,
        d?.version ?? '1.0',
        total,
        ...metricCells(d),
        unique(group.map((p) => p.sector)),
        unique(group.map((p) => p.activityType)),
        a.purposes,
        parties.length > 0 ? parties.join(', ') : NA,
        d !== undefined && d.authorisedEntityIds.length > 0 ? d.authorisedEntityIds.join(', ') : NA,
        d?.oimpAuthorisedByParty ?? oimp ?? NA,
        a.timeframe ?? NA,
        d?.termsAndConditions ?? NA,
        CARP,
        a.firstTransferDefinition ?? NA,
        d?.additionalInformation ?? `Projects: ${group.map((p) => p.id).join(', ')}`,
      ];
    })
    .sort((x, y) => String(x[1]).localeCompare(String(y[1])) || String(x[0]).localeCompare(String(y[0])));

  // ---- Table 3 (actions in the year) and Table 4 (holdings at 31 December), by replaying the action log.
  const replay = new Replay();
  const table3Rows: Cell[][] = [];
  const stats = { issued: 0, transferred: 0, retired: 0, cancelled: 0 };
  const endOfYear = `${year + 1}-01-01T00:00:00.000Z`;
  for (const action of input.actions) {
    if (action.at >= endOfYear) continue; // ledger order, dated by transaction time
    const before = replay.blocks.get(action.sourceBlockId)?.firstTransferred ?? false;
    const acted = replay.apply(action);
    if (yearOf(action.at) !== year) continue;
    if (action.kind === 'ISSUANCE') stats.issued += action.quantity;
    if (action.kind === 'TRANSFER') stats.transferred += action.quantity;
    if (action.kind === 'RETIREMENT') stats.retired += action.quantity;
    if (action.kind === 'CANCELLATION') stats.cancelled += action.quantity;
    if (!isItmo(action.authorisation)) continue;
    const mapped = mapAction(action, before);
    if (mapped.some((m) => m.type === 'First transfer')) acted.firstTransferred = true;
    const d = details(action.authorisation.authorisationId);
    for (const m of mapped) {
      // The holder retiring is the using/cancelling entity; a government cancellation has no entity.
      const usingEntity =
        m.usingParty === true && action.kind === 'RETIREMENT'
          ? entityOfAccount.get(action.fromAccountId ?? '')
          : undefined;
      table3Rows.push([
        dateOf(action.at),
        m.type,
        m.subtype ?? NA,
        action.authorisation.cooperativeApproachId ?? NA,
        action.authorisation.authorisationId,
        settings.party,
        settings.registryId,
        action.serialStart,
        action.serialEnd,
        NA,
        NA,
        NA,
        ...metricCells(d),
        action.quantity,
        NA,
        mitigationType(action.projectId),
        action.vintage,
        m.transferringParty ?? NA,
        m.acquiringParty ?? NA,
        m.purpose ?? NA,
        m.usingParty === true ? settings.party : NA,
        usingEntity ?? NA,
        m.type === 'Use' && m.purpose === 'NDC' ? year : NA,
        CARP,
        `Project ${action.projectId}; registry transaction ${action.txId}`,
      ]);
    }
  }
  const holdings = [...replay.blocks.values()]
    .filter((b) => b.status === 'HELD' && isItmo(b.authorisation))
    .sort((a, b) => a.serialStart - b.serialStart);
  const table4Rows = holdings.map((b): Cell[] => [
    b.authorisation.cooperativeApproachId ?? NA,
    b.authorisation.authorisationId,
    settings.party,
    settings.registryId,
    b.serialStart,
    b.serialEnd,
    NA,
    NA,
    NA,
    ...metricCells(details(b.authorisation.authorisationId)),
    b.quantity,
    NA,
    mitigationType(b.projectId),
    b.vintage,
  ]);

  // ---- Table 5: entities authorised on or before 31 December of the year.
  const table5Rows = settings.authorisedEntities
    .filter((e) => e.authorisationDate <= `${year}-12-31`)
    .sort((a, b) => a.authorisationDate.localeCompare(b.authorisationDate) || a.id.localeCompare(b.id))
    .map((e): Cell[] => [
      e.authorisationDate,
      e.name,
      e.country,
      e.identificationNumber,
      e.cooperativeApproachId ?? NA,
      e.conditions ?? NA,
      e.changeAndRevocationConditions ?? NA,
      e.additionalInformation ?? `Registry ID ${e.id}${e.accountId === undefined ? '' : `, account ${e.accountId}`}`,
    ]);

  const table1Values: Cell[] = [
    settings.party,
    input.version,
    year,
    input.submissionDate,
    CARP,
    CARP,
    settings.ndcPeriod.firstYear,
    settings.ndcPeriod.lastYear,
    CARP,
  ];

  const byType = (type: string): Cell[] => {
    const rows = table3Rows.filter((r) => r[1] === type);
    return [
      `Table 3 ${type} actions (rows, t CO2 eq)`,
      `${rows.length}, ${rows.reduce((s, r) => s + Number(r[15]), 0)}`,
    ];
  };
  const summaryRows: Cell[][] = [
    ['Party', settings.party],
    ['Registry', settings.name],
    ['Party ITMO registry ID', settings.registryId],
    ['Reported year', year],
    ['Ledger block height reflected', input.blockHeight],
    ['Table 2 authorizations', table2Rows.length],
    ...AEF_ACTION_TYPES.map(byType),
    ['Table 4 ITMO blocks held at 31 December', holdings.length],
    ['Table 4 ITMOs held at 31 December (t CO2 eq)', holdings.reduce((s, b) => s + b.quantity, 0)],
    ['Table 5 authorized entities', table5Rows.length],
    ['Registry units issued in the year, all units (t CO2 eq)', stats.issued],
    ['Registry units transferred between holders in the year, all units (t CO2 eq)', stats.transferred],
    ['Registry units retired in the year, all units (t CO2 eq)', stats.retired],
    ['Registry units cancelled in the year, all units (t CO2 eq)', stats.cancelled],
  ];

  const report: AefReport = {
    year,
    party: settings.party,
    blockHeight: input.blockHeight,
    index: table(
      SHEETS.index,
      ['Sheet', 'Content'],
      [
        [SHEETS.summary, 'Registry, ledger height and totals of this report'],
        [SHEETS.table1, 'Submission'],
        [SHEETS.table2, 'Authorizations'],
        [SHEETS.table3, 'Actions'],
        [SHEETS.table4, 'Holdings at 31 December'],
        [SHEETS.table5, 'Authorized entities'],
      ],
    ),
    summary: table(SHEETS.summary, ['Item', 'Value'], summaryRows),
    table1: table(
      SHEETS.table1,
      ['Field', 'Value'],
      TABLE1_FIELDS.map((f, i) => [f.header, table1Values[i] ?? CARP]),
    ),
    table2: table(
      SHEETS.table2,
      TABLE2_COLUMNS.map((c) => c.header),
      table2Rows,
    ),
    table3: table(
      SHEETS.table3,
      TABLE3_COLUMNS.map((c) => c.header),
      table3Rows,
    ),
    table4: table(
      SHEETS.table4,
      TABLE4_COLUMNS.map((c) => c.header),
      table4Rows,
    ),
    table5: table(
      SHEETS.table5,
      TABLE5_COLUMNS.map((c) => c.header),
      table5Rows,
    ),
  };
  validateReport(report);
  return report;
}
