import type { ActionRow } from '../read-model/action-row';
import type { ReadModelStore } from '../read-model/store';
import type { ProjectPosition } from '../read-model/store-types';
import type { PublicFields } from './config';

type Row = Record<string, unknown>;

/** Only the fields the configuration publishes, in its order. */
function pick(row: Row, fields: readonly string[]): Row {
  return Object.fromEntries(fields.filter((f) => f in row).map((f) => [f, row[f]]));
}

/** A page of published rows and where the next page starts (null: this was the last). */
export interface PublicPage<C> {
  readonly items: Row[];
  readonly next: C | null;
}

/** Projects, most recently written first, with the published fields only. */
export function publicProjects(
  store: ReadModelStore,
  fields: PublicFields['projects'],
  limit: number,
  after?: ProjectPosition,
): PublicPage<ProjectPosition> {
  const page = store.projectsPage(limit, after);
  const items = page.map(({ project: p }) =>
    pick(
      {
        id: p.id,
        title: p.title,
        sector: p.sector,
        hostRegion: p.location.region,
        status: p.status,
        methodology: p.methodology,
        developerAccountId: p.developerAccountId,
        issuedTotal: p.issuedTotal,
      },
      fields,
    ),
  );
  return { items, next: page.length === limit ? (page.at(-1)?.position ?? null) : null };
}

/** The action log's columns the register may publish as they are (the owner is derived below). */
const ACTION_FIELDS = [
  'txId',
  'at',
  'projectId',
  'vintage',
  'quantity',
  'serialStart',
  'serialEnd',
  'beneficiary',
  'purpose',
  'shareOfProceeds',
] as const satisfies readonly (keyof ActionRow)[];

function actionFields(a: ActionRow): Row {
  const fields: Row = Object.fromEntries(ACTION_FIELDS.map((f) => [f, a[f]]));
  return { ...fields, ownerAccountId: a.toAccountId ?? a.block?.ownerAccountId ?? null };
}

/** Issuances or retirements from the action log, newest first, with the published fields only. */
export function publicActions(
  store: ReadModelStore,
  kind: 'ISSUANCE' | 'RETIREMENT',
  fields: readonly string[],
  limit: number,
  before?: number,
): PublicPage<number> {
  const page = store.actionsOfKind(kind, limit, before);
  const items = page.map((a) => pick(actionFields(a), fields));
  return { items, next: page.length === limit ? (page.at(-1)?.seq ?? null) : null };
}

/** Credits by vintage and status (every block's current quantity), sorted by vintage then status. */
export function publicTotals(store: ReadModelStore): Row[] {
  return store.totalsByVintageAndStatus().map((total) => ({ ...total }));
}
