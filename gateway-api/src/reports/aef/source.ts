import { RetirementPurposeSchema } from '@ncr/chaincode/domain';
import type { ActionRow, ReadModelStore } from '../../read-model/store';
import type { AefInput, UnitAction } from './model';

const KIND = {
  ISSUANCE: 'ISSUANCE',
  TRANSFER: 'TRANSFER',
  RETIREMENT: 'RETIREMENT',
  CANCELLATION: 'CANCELLATION',
} as const;

/** The read model's credit actions as AEF input (authorisations, freezes and unfreezes move no units). */
export function unitActions(rows: readonly ActionRow[]): UnitAction[] {
  return rows.flatMap((row): UnitAction[] => {
    const kind = KIND[row.kind as keyof typeof KIND] as UnitAction['kind'] | undefined;
    const block = row.block;
    if (kind === undefined || block === null || row.blockId === null) return [];
    return [
      {
        txId: row.txId,
        at: row.at,
        kind,
        blockId: row.blockId,
        sourceBlockId: row.sourceBlockId ?? row.blockId,
        projectId: block.projectId,
        vintage: block.vintage,
        serialStart: block.serialStart,
        serialEnd: block.serialEnd,
        quantity: block.quantity,
        authorisation: block.authorisation,
        fromAccountId: row.fromAccountId ?? undefined,
        toAccountId: row.toAccountId ?? undefined,
        purpose: row.purpose === null ? undefined : RetirementPurposeSchema.safeParse(row.purpose).data,
      },
    ];
  });
}

export interface AefRequest {
  readonly year: number;
  readonly version: string;
  readonly submissionDate: string;
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
