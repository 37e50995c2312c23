import {
  type AefActionSubtype,
  type AefActionType,
  type AuthorisationPurpose,
  type AuthorisationSnapshot,
  oimpPart,
} from '@ncr/chaincode/domain';
import type { UnitAction } from './model';

/** Units are ITMOs when their authorisation names a cooperative approach: only then can an ITMO ID be formed. */
export function isItmo(authorisation: AuthorisationSnapshot): boolean {
  return authorisation.cooperativeApproachId !== undefined;
}

/** One AEF action produced by one registry action (an issuance can produce an Authorization and a First transfer). */
export interface MappedAction {
  readonly type: AefActionType;
  readonly subtype: AefActionSubtype | undefined;
  readonly purpose?: AuthorisationPurpose | undefined;
  readonly acquiringParty?: string | undefined;
  readonly transferringParty?: string | undefined;
  readonly usingParty?: boolean;
}

function mapIssuance(action: UnitAction): MappedAction[] {
  const { purposes, firstTransferDefinition: ftd } = action.authorisation;
  const out: MappedAction[] = [{ type: 'Authorization', subtype: undefined }];
  if (oimpPart(purposes) === undefined) return out;
  if (ftd === 'Issuance') out.push({ type: 'First transfer', subtype: 'Issuance' });
  if (ftd === 'Authorisation') out.push({ type: 'First transfer', subtype: 'Authorization' });
  return out;
}

function mapRetirement(action: UnitAction, firstTransferred: boolean): MappedAction[] {
  const { purposes, firstTransferDefinition: ftd } = action.authorisation;
  if (action.purpose === 'NDC') return [{ type: 'Use', subtype: undefined, purpose: 'NDC', usingParty: true }];
  if (action.purpose === 'OIMP') {
    const oimp = oimpPart(purposes);
    const use: MappedAction = { type: 'Use', subtype: undefined, purpose: oimp, usingParty: true };
    return ftd === 'Use or Cancellation' && !firstTransferred
      ? [{ type: 'First transfer', subtype: 'Use or cancellation', purpose: oimp }, use]
      : [use];
  }
  return [{ type: 'Voluntary Cancellation', subtype: undefined, usingParty: true }];
}

/**
 * The documented mapping (docs/aef.md) from a registry action on ITMO units to AEF actions. `firstTransferred`
 * says whether the units' first transfer already happened (at issuance, or by an earlier action).
 */
export function mapAction(action: UnitAction, firstTransferred: boolean): MappedAction[] {
  switch (action.kind) {
    case 'ISSUANCE':
      return mapIssuance(action);
    case 'TRANSFER':
      return []; // between holders in this registry: not an Article 6 action
    case 'RETIREMENT':
      return mapRetirement(action, firstTransferred);
    case 'RETIREMENT_REQUEST':
    case 'RETIREMENT_REJECTION':
    case 'EXPORT_REQUEST':
    case 'EXPORT_ABANDONMENT':
      return []; // the units stay held until the approval, which is the retirement (the Use)
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
