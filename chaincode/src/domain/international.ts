import { canonicalJson } from './canonical';
import { invalidState, validation } from './errors';
import { deriveBlockId } from './ids';
import {
  TransferTermsSchema,
  type AuthorisationDetails,
  type CreditBlock,
  type RequestExportInput,
  type Settings,
  type TransferTerms,
} from './schemas';

/**
 * International transfers between two registries running this chaincode (docs/international.md): the rules that
 * need no Fabric.
 */

/** The registry chaincode's name on every channel of a cooperative approach (the topology's `chaincode.name`). */
export const REGISTRY_CHAINCODE = 'registry';

/** The bilateral channel of a cooperative approach: its ID in lower case (CA0001 → ca0001). */
export const bilateralChannel = (cooperativeApproachId: string): string => cooperativeApproachId.toLowerCase();

/** `X-0A1B2C3D4E5F6A7B`: sixteen hex digits of the requesting transaction. */
export const transferRequestId = (txId: string): string => `X-${txId.slice(0, 16).toUpperCase()}`;

const TERM_FIELDS = Object.keys(TransferTermsSchema.shape) as (keyof TransferTerms)[];

/** The agreed terms of a record that carries them (an export request, an acquisition), nothing else. */
export function termsOf(record: TransferTerms): TransferTerms {
  return TransferTermsSchema.parse(Object.fromEntries(TERM_FIELDS.map((field) => [field, record[field]])));
}

/** The fields in which two statements of a transfer's terms differ (none: they are the same transfer). */
export function termsMismatch(expected: TransferTerms, given: TransferTerms): string[] {
  return TERM_FIELDS.filter((field) => canonicalJson(expected[field]) !== canonicalJson(given[field]));
}

/**
 * A holder may ask to transfer units abroad when their authorisation names the cooperative approach, the approach
 * (registry settings) has the acquiring Party as partner, and the authorisation's Article 6 details, when they name
 * authorised Parties, name it. Units acquired from another registry are not transferred on. VALIDATION otherwise.
 */
export function assertExportAllowed(
  block: CreditBlock,
  settings: Settings,
  details: AuthorisationDetails | undefined,
  input: RequestExportInput,
): void {
  const { cooperativeApproachId: approachId, partyId } = input;
  if (block.acquiredFrom !== undefined) {
    throw invalidState(`credit block ${block.id} was acquired from ${block.acquiredFrom.transferringParty}`);
  }
  const approach = settings.cooperativeApproaches.find((entry) => entry.id === approachId);
  if (approach === undefined) throw validation(`cooperative approach ${approachId} is not in the registry settings`);
  if (!approach.partnerParties.includes(partyId)) {
    throw validation(`${partyId} is not a partner Party of cooperative approach ${approachId}`);
  }
  if (partyId === settings.party) throw validation(`${partyId} is this registry's own Party`);
  if (block.authorisation.cooperativeApproachId !== approachId) {
    throw validation(`the units of credit block ${block.id} are not authorised for cooperative approach ${approachId}`);
  }
  const parties = details?.authorisedParties ?? [];
  if (parties.length > 0 && !parties.includes(partyId)) {
    throw validation(`authorisation ${block.authorisation.authorisationId} does not authorise transfers to ${partyId}`);
  }
}

/** The export terms of units split off (or taken whole from) a block for a request. */
export function exportTerms(
  moved: CreditBlock,
  settings: Settings,
  input: RequestExportInput,
  request: { readonly requestId: string; readonly mitigationType: string },
): TransferTerms {
  if (moved.itmo === undefined) throw validation(`credit block ${moved.id} holds no ITMOs`);
  return TransferTermsSchema.parse({
    requestId: request.requestId,
    mitigationType: request.mitigationType,
    cooperativeApproachId: input.cooperativeApproachId,
    transferringParty: settings.party,
    transferringRegistryId: settings.registryId,
    acquiringParty: input.partyId,
    fromAccountId: moved.ownerAccountId,
    toAccountId: input.toAccountId,
    projectId: moved.projectId,
    issuanceReportId: moved.issuanceReportId,
    vintage: moved.vintage,
    quantity: moved.quantity,
    serialStart: moved.serialStart,
    serialEnd: moved.serialEnd,
    serialNumber: moved.serialNumber,
    itmo: moved.itmo,
    authorisation: moved.authorisation,
  });
}

/**
 * The block an acquiring registry creates for a recorded transfer: held by the acquiring account, with the first
 * transferring Party's serials, serial string and ITMO IDs.
 */
export function acquiredBlock(
  terms: TransferTerms,
  bilateralTxId: string,
  tx: { txId: string; at: string },
): CreditBlock {
  return {
    id: deriveBlockId(tx.txId, 0),
    projectId: terms.projectId,
    issuanceReportId: terms.issuanceReportId,
    vintage: terms.vintage,
    serialStart: terms.serialStart,
    serialEnd: terms.serialEnd,
    quantity: terms.quantity,
    ownerAccountId: terms.toAccountId,
    status: 'HELD',
    frozen: false,
    serialNumber: terms.serialNumber,
    itmo: terms.itmo,
    authorisation: terms.authorisation,
    acquiredFrom: {
      requestId: terms.requestId,
      transferringParty: terms.transferringParty,
      transferringRegistryId: terms.transferringRegistryId,
      bilateralTxId,
      mitigationType: terms.mitigationType,
    },
    createdAt: tx.at,
    createdTxId: tx.txId,
    updatedAt: tx.at,
    updatedTxId: tx.txId,
  };
}
