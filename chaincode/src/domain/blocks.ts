import { formatItmoId, formatSerialNumber, type QuantifiedRange } from './serial';
import type { CreditBlock, Settings } from './schemas';

type RegistryIds = Pick<Settings, 'registryId' | 'party'>;

/**
 * The ITMO identifier of one serial of a block, or undefined when its authorisation names no cooperative approach
 * (the units are then not ITMOs). The host Party is the first transferring Party of units it issues.
 */
export function itmoIdOf(
  block: Pick<CreditBlock, 'vintage' | 'authorisation'>,
  registry: RegistryIds,
  serial: number,
): string | undefined {
  const cooperativeApproachId = block.authorisation.cooperativeApproachId;
  if (cooperativeApproachId === undefined) return undefined;
  return formatItmoId({
    cooperativeApproachId,
    registryId: registry.registryId,
    firstTransferringParty: registry.party,
    serial,
    vintage: block.vintage,
  });
}

/**
 * A block with its range-dependent fields (serial string, ITMO identifiers) computed for `range`: with this
 * registry's IDs, or with the first transferring Party's for units acquired from it.
 */
export function withRange(block: CreditBlock, range: QuantifiedRange, own: RegistryIds): CreditBlock {
  const origin = block.acquiredFrom;
  const registry =
    origin === undefined ? own : { registryId: origin.transferringRegistryId, party: origin.transferringParty };
  const firstId = itmoIdOf(block, registry, range.serialStart);
  const lastId = itmoIdOf(block, registry, range.serialEnd);
  return {
    ...block,
    serialStart: range.serialStart,
    serialEnd: range.serialEnd,
    quantity: range.quantity,
    serialNumber: formatSerialNumber({
      registryId: registry.registryId,
      projectId: block.projectId,
      vintage: block.vintage,
      serialStart: range.serialStart,
      serialEnd: range.serialEnd,
    }),
    itmo: firstId === undefined || lastId === undefined ? undefined : { firstId, lastId },
  };
}
