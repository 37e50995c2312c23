import type { ActionKind } from '../../read-model/schema';
import type { ActionRow } from '../../read-model/action-row';
import type { ReadModelStore } from '../../read-model/store';
import type { AefInput, AefRequest, UnitAction } from './model';

/** The action kinds that move units (authorisations, freezes and unfreezes move none). */
const UNIT_ACTION_KIND: Readonly<Partial<Record<ActionKind, UnitAction['kind']>>> = {
  ISSUANCE: 'ISSUANCE',
  TRANSFER: 'TRANSFER',
  RETIREMENT: 'RETIREMENT',
  CANCELLATION: 'CANCELLATION',
};

/**
 * The read model's credit actions as AEF input: the units as the acted-on block records them, the holders from the
 * log, the retirement purpose from the event payload.
 */
export function unitActions(rows: readonly ActionRow[]): UnitAction[] {
  return rows.flatMap((row): UnitAction[] => {
    const kind = UNIT_ACTION_KIND[row.kind];
    const { block, blockId, payload } = row;
    if (kind === undefined || block === null || blockId === null) return [];
    const { projectId, vintage, serialStart, serialEnd, quantity, authorisation } = block;
    return [
      {
        txId: row.txId,
        at: row.at,
        kind,
        blockId,
        sourceBlockId: row.sourceBlockId ?? blockId,
        projectId,
        vintage,
        serialStart,
        serialEnd,
        quantity,
        authorisation,
        fromAccountId: row.fromAccountId ?? undefined,
        toAccountId: row.toAccountId ?? undefined,
        purpose: 'purpose' in payload ? payload.purpose : undefined,
      },
    ];
  });
}

/** Reads the AEF's inputs from the read model in one snapshot (one block height). */
export function aefInputFrom(store: ReadModelStore, request: AefRequest): AefInput | undefined {
  return store.snapshot(() => {
    const settings = store.settings();
    if (settings === undefined) return undefined;
    return {
      ...request,
      settings,
      projects: store.projects(),
      authorisationDetails: store.authorisationDetails(),
      actions: unitActions(store.actions()),
      blockHeight: store.status().blockHeight,
    };
  });
}
