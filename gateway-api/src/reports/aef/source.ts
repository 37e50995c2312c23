import type { ActionKind } from '../../read-model/schema';
import type { CreditAction } from '../../read-model/credit-actions';
import type { ReadModelStore } from '../../read-model/store';
import type { AefInput, AefRequest, UnitAction } from './model';

/**
 * The action kinds that move or lock units (authorisations, freezes and unfreezes touch none). A retirement request
 * or an international transfer request splits and locks units that stay held; its rejection, its cancellation by the
 * holder's suspension, or the transfer's abandonment unlocks them; the international transfer applied moves them out,
 * the acquisition brings them in (docs/international.md).
 */
const UNIT_KINDS = [
  ['ISSUANCE', 'ISSUANCE'],
  ['TRANSFER', 'TRANSFER'],
  ['RETIREMENT', 'RETIREMENT'],
  ['RETIREMENT_REQUEST', 'RETIREMENT_REQUEST'],
  ['RETIREMENT_REJECTION', 'RETIREMENT_REJECTION'],
  // A suspension's cancelled request unlocks the units as a rejection does.
  ['RETIREMENT_REQUEST_CANCELLATION', 'RETIREMENT_REJECTION'],
  ['CANCELLATION', 'CANCELLATION'],
  ['EXPORT_REQUEST', 'EXPORT_REQUEST'],
  ['EXPORT_ABANDONMENT', 'EXPORT_ABANDONMENT'],
  ['INTERNATIONAL_TRANSFER', 'INTERNATIONAL_TRANSFER'],
  ['ACQUISITION', 'ACQUISITION'],
] as const satisfies readonly (readonly [ActionKind, UnitAction['kind']])[];
const UNIT_ACTION_KIND: ReadonlyMap<ActionKind, UnitAction['kind']> = new Map(UNIT_KINDS);

/** A credit action of the read model as AEF input. */
function unitAction(row: CreditAction, kind: UnitAction['kind']): UnitAction {
  return {
    txId: row.txId,
    at: row.at,
    kind,
    blockId: row.blockId,
    sourceBlockId: row.sourceBlockId ?? row.blockId,
    projectId: row.projectId,
    vintage: row.vintage,
    serialStart: row.serialStart,
    serialEnd: row.serialEnd,
    quantity: row.quantity,
    authorisation: row.authorisation,
    fromAccountId: row.fromAccountId ?? undefined,
    toAccountId: row.toAccountId ?? undefined,
    purpose: row.purpose ?? undefined,
    ...(row.shareOfProceeds ? { shareOfProceeds: true } : {}),
    counterpartParty: row.counterpartParty ?? undefined,
    origin:
      row.originParty === null || row.originRegistryId === null
        ? undefined
        : {
            party: row.originParty,
            registryId: row.originRegistryId,
            mitigationType: row.originMitigationType ?? 'NA',
          },
  };
}

/**
 * The read model's credit actions of blocks [0, blockHeight) as AEF input, in ledger order, one at a time: the units
 * as the acted-on block records them, the holders from the log, the retirement purpose from the event payload.
 */
export function* unitActionsBefore(store: ReadModelStore, blockHeight: number): Generator<UnitAction, void, undefined> {
  for (const row of store.creditActionsBefore(blockHeight)) {
    const kind = UNIT_ACTION_KIND.get(row.kind);
    if (kind !== undefined) yield unitAction(row, kind);
  }
}

/**
 * Reads the AEF's inputs from the read model at one block height: settings, projects and details in one snapshot;
 * the credit actions of blocks [0, height), read row by row on each pass (the log only grows, so each pass sees the
 * same actions). `store` must stay open while the report is written.
 */
export function aefInputFrom(store: ReadModelStore, request: AefRequest): AefInput | undefined {
  return store.snapshot(() => {
    const settings = store.settings();
    if (settings === undefined) return undefined;
    const blockHeight = store.status().blockHeight;
    return {
      ...request,
      settings,
      projects: store.projects(),
      authorisationDetails: store.authorisationDetails(),
      actions: { [Symbol.iterator]: () => unitActionsBefore(store, blockHeight) },
      blockHeight,
    };
  });
}
