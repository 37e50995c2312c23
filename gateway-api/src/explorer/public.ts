import type { ActionRow } from '../read-model/action-row';
import type { ReadModelStore } from '../read-model/store';
import type { PublicFields } from './config';

type Row = Record<string, unknown>;

/** Only the fields the configuration publishes, in its order. */
function pick(row: Row, fields: readonly string[]): Row {
  return Object.fromEntries(fields.filter((f) => f in row).map((f) => [f, row[f]]));
}

export function publicProjects(store: ReadModelStore, fields: PublicFields['projects']): Row[] {
  return store.projects().map((p) =>
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
): Row[] {
  return store
    .actions()
    .filter((a) => a.kind === kind)
    .reverse()
    .map((a) => pick(actionFields(a), fields));
}

export interface PublicTotal {
  readonly vintage: number;
  readonly status: string;
  readonly quantity: number;
}

/** Credits by vintage and status (every block's current quantity), sorted by vintage then status. */
export function publicTotals(store: ReadModelStore): PublicTotal[] {
  const totals = new Map<string, PublicTotal>();
  for (const block of store.creditBlocks()) {
    const key = `${block.vintage}/${block.status}`;
    const quantity = (totals.get(key)?.quantity ?? 0) + block.quantity;
    totals.set(key, { vintage: block.vintage, status: block.status, quantity });
  }
  return [...totals.values()].sort((a, b) => a.vintage - b.vintage || a.status.localeCompare(b.status));
}
