import {
  itmoIdOf,
  notFound,
  SerialIndexEntrySchema,
  type CreditBlock,
  type ListBlocksInput,
  type Settings,
} from '../../domain';
import type { ReadScope } from '../../domain';
import { assertCanReadHoldings } from '../common/auth';
import { OBJECT, RANGE_END_SUFFIX, SERIAL_INDEX_PREFIX, serialIndexKey, type ObjectType } from '../../domain';
import { decodeJson, type HistoryEntry, type Page, type WorldState } from '../common/state';
import { BLOCKS } from './block-state';

/** Longest parent chain LookupSerial follows, and history entries it returns per block. */
const MAX_LINEAGE_DEPTH = 50;
const MAX_HISTORY_PER_BLOCK = 20;

/** Attribute prefix of the most selective index for the filters, truncated at the first filter it cannot use. */
function indexFor(filter: ListBlocksInput): { objectType: ObjectType; attributes: string[] } {
  const vintage = filter.vintage === undefined ? undefined : String(filter.vintage);
  const prefix = (values: (string | undefined)[]): string[] => {
    const end = values.indexOf(undefined);
    return (end === -1 ? values : values.slice(0, end)).filter((v): v is string => v !== undefined);
  };
  if (filter.owner !== undefined) {
    return {
      objectType: OBJECT.blockByOwner,
      attributes: prefix([filter.owner, filter.status, filter.project, vintage]),
    };
  }
  if (filter.project !== undefined) {
    return { objectType: OBJECT.blockByProject, attributes: prefix([filter.project, vintage, filter.status]) };
  }
  if (filter.status !== undefined) {
    return { objectType: OBJECT.blockByStatus, attributes: prefix([filter.status, vintage]) };
  }
  return { objectType: OBJECT.block, attributes: [] };
}

/**
 * One page of blocks. Filters the index cannot express are applied to the page afterwards, so a page may hold
 * fewer than pageSize items while the bookmark still advances; clients page until the bookmark is empty.
 */
export async function listBlocks(ws: WorldState, filter: ListBlocksInput): Promise<Page<CreditBlock>> {
  const { objectType, attributes } = indexFor(filter);
  const page =
    objectType === OBJECT.block
      ? await BLOCKS.page(ws, filter)
      : await BLOCKS.pageBy(ws, objectType, attributes, filter);
  const items = page.items.filter(
    (b) =>
      (filter.owner === undefined || b.ownerAccountId === filter.owner) &&
      (filter.project === undefined || b.projectId === filter.project) &&
      (filter.status === undefined || b.status === filter.status) &&
      (filter.vintage === undefined || b.vintage === filter.vintage),
  );
  return { items, bookmark: page.bookmark, fetched: page.fetched };
}

export interface LineageEntry {
  readonly block: CreditBlock;
  readonly history: HistoryEntry[];
  readonly historyTruncated: boolean;
}

/**
 * The block holding `serial`: ranges are disjoint and `serial~<padded end>` keys sort numerically, so the first
 * key >= serial names the only candidate, which holds the serial iff its start <= serial.
 */
export async function lookupSerial(
  ws: WorldState,
  scope: ReadScope,
  settings: Settings,
  serial: number,
): Promise<{
  serial: number;
  itmoId?: string;
  block: CreditBlock;
  lineage: LineageEntry[];
  lineageTruncated: boolean;
}> {
  const [entry] = await ws.range(serialIndexKey(serial), SERIAL_INDEX_PREFIX + RANGE_END_SUFFIX, 1);
  const candidate = entry === undefined ? undefined : SerialIndexEntrySchema.parse(decodeJson(entry.value));
  const block = candidate === undefined ? undefined : await BLOCKS.require(ws, candidate.blockId);
  if (block === undefined || block.serialStart > serial) {
    throw notFound(`serial ${serial} has not been issued`);
  }
  assertCanReadHoldings(scope, block.ownerAccountId);
  const lineage: LineageEntry[] = [];
  let current: CreditBlock | undefined = block;
  while (current !== undefined && lineage.length < MAX_LINEAGE_DEPTH) {
    const { entries, truncated } = await ws.history(BLOCKS.key(ws, current.id), MAX_HISTORY_PER_BLOCK);
    lineage.push({ block: current, history: entries, historyTruncated: truncated });
    current = current.parentBlockId === undefined ? undefined : await BLOCKS.require(ws, current.parentBlockId);
  }
  const itmoId = itmoIdOf(block, settings, serial);
  return { serial, itmoId, block, lineage, lineageTruncated: current !== undefined };
}
