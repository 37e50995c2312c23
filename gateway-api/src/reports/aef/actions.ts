import { CARP, NA, type ReportContext, dateOf, metricColumns, yearOf } from './context';
import { type MappedAction, isItmo, mapAction } from './mapping';
import type { AefInput, UnitAction } from './model';
import { Replay, type ReplayBlock } from './replay';
import { type RowOf, TABLE3_COLUMNS, TABLE4_COLUMNS } from './tables';

export type ActionRow = RowOf<typeof TABLE3_COLUMNS>;
type HoldingRow = RowOf<typeof TABLE4_COLUMNS>;

/** Registry totals of the year over all units, ITMOs or not (summary sheet). */
interface YearTotals {
  issued: number;
  transferred: number;
  retired: number;
  cancelled: number;
}

/** The position at 31 December and the year's totals: what replaying the year leaves once its actions are read. */
export interface YearEnd {
  /** Table 4: ITMO blocks held at 31 December, by first serial. */
  readonly holdings: readonly ReplayBlock[];
  readonly totals: YearTotals;
}

const TOTAL_BY_KIND: Partial<Record<UnitAction['kind'], keyof YearTotals>> = {
  ISSUANCE: 'issued',
  TRANSFER: 'transferred',
  RETIREMENT: 'retired',
  CANCELLATION: 'cancelled',
};

/** The ITMO block columns shared by Tables 3 and 4 (a Table 4 row). */
export function blockColumns(ctx: ReportContext, block: UnitAction | ReplayBlock): HoldingRow {
  const authorisation = block.authorisation;
  return {
    'Cooperative approach ID': authorisation.cooperativeApproachId ?? NA,
    'Authorization ID': authorisation.authorisationId,
    'First transferring participating Party ID': block.origin?.party ?? ctx.settings.party,
    'Party ITMO registry ID': block.origin?.registryId ?? ctx.settings.registryId,
    'First ID': block.serialStart,
    'Last ID': block.serialEnd,
    'Underlying unit registry ID': NA,
    'First unit ID': NA,
    'Last unit ID': NA,
    ...metricColumns(ctx.details(authorisation.authorisationId)),
    'Quantity (t CO2 eq)': block.quantity,
    'Quantity (in non-GHG metric)': NA,
    'Mitigation type': block.origin?.mitigationType ?? ctx.mitigationType(block.projectId),
    Vintage: block.vintage,
  };
}

function actionRow(ctx: ReportContext, action: UnitAction, m: MappedAction): ActionRow {
  // The holder retiring is the using/cancelling entity; a government cancellation has no entity.
  const usingEntity =
    m.usingParty === true && action.kind === 'RETIREMENT' ? ctx.entityOfAccount(action.fromAccountId) : undefined;
  return {
    'Action date': dateOf(action.at),
    'Action type': m.type,
    'Action subtype': m.subtype ?? NA,
    ...blockColumns(ctx, action),
    // This Party transfers what it sends abroad and acquires what it receives (docs/international.md).
    'Transferring participating Party ID':
      m.transferringParty ?? (action.kind === 'INTERNATIONAL_TRANSFER' ? ctx.settings.party : NA),
    'Acquiring participating Party ID': m.acquiringParty ?? (action.kind === 'ACQUISITION' ? ctx.settings.party : NA),
    'Purpose for which the ITMO has been used towards or cancelled for OIMP': m.purpose ?? NA,
    'Using/cancelling participating Party ID': m.usingParty === true ? ctx.settings.party : NA,
    'Using/cancelling authorized entity ID': usingEntity ?? NA,
    "Calendar year for which the ITMOs are used towards the Party's NDC":
      m.type === 'Use' && m.purpose === 'NDC' ? ctx.year : NA,
    'Result of the consistency checks': CARP,
    'Additional explanatory information': `Project ${action.projectId}; registry transaction ${action.txId}${
      action.shareOfProceeds === true ? '; share of proceeds' : ''
    }`,
  };
}

/**
 * Replays the action log up to 31 December of the year, yielding the year's actions on ITMO units (Table 3 rows) in
 * ledger order, one at a time; returns the ITMO holdings at 31 December (Table 4) and the year's totals over all
 * units. Only the running state is kept (the blocks held), never the rows.
 */
export function* replayYear(input: AefInput, ctx: ReportContext): Generator<ActionRow, YearEnd, undefined> {
  const replay = new Replay();
  const totals: YearTotals = { issued: 0, transferred: 0, retired: 0, cancelled: 0 };
  const endOfYear = `${input.year + 1}-01-01T00:00:00.000Z`;
  for (const action of input.actions) {
    if (action.at >= endOfYear) continue; // ledger order, dated by transaction time
    const before = replay.blocks.get(action.sourceBlockId)?.firstTransferred ?? false;
    const acted = replay.apply(action);
    if (yearOf(action.at) !== input.year) continue;
    const total = TOTAL_BY_KIND[action.kind];
    if (total !== undefined) totals[total] += action.quantity;
    if (!isItmo(action.authorisation)) continue;
    const mapped = mapAction(action, before);
    if (mapped.some((m) => m.type === 'First transfer')) acted.firstTransferred = true;
    for (const m of mapped) yield actionRow(ctx, action, m);
  }
  const holdings = [...replay.blocks.values()]
    .filter((b) => b.status === 'HELD' && isItmo(b.authorisation))
    .sort((a, b) => a.serialStart - b.serialStart);
  return { holdings, totals };
}
