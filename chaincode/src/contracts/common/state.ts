import type { Context } from 'fabric-contract-api';
import { KeyEndorsementPolicy } from 'fabric-shim';
import type { Iterators } from 'fabric-shim-api';
import type { z } from 'zod';
import { canonicalBytes, MAX_SCAN_PAGE_SIZE, validation } from '../../domain';
import { timestampToIso } from './tx';

export interface Page<T> {
  readonly items: T[];
  readonly bookmark: string;
  readonly fetched: number;
}

export interface Entry {
  readonly key: string;
  readonly attributes: string[];
  readonly value: Uint8Array;
}

export interface HistoryEntry {
  readonly txId: string;
  readonly at: string;
  readonly isDelete: boolean;
  readonly value: unknown;
}

/** Marker value of pure index entries: the key carries the information. */
const INDEX_MARKER = Uint8Array.of(0);
const decoder = new TextDecoder();

/** Typed, canonical access to world state. Reads never see this transaction's own writes (Fabric semantics). */
export class WorldState {
  readonly #ctx: Context;

  constructor(ctx: Context) {
    this.#ctx = ctx;
  }

  key(objectType: string, attributes: readonly string[]): string {
    return this.#ctx.stub.createCompositeKey(objectType, [...attributes]);
  }

  async read<S extends z.ZodType>(key: string, schema: S): Promise<z.infer<S> | undefined> {
    const bytes = await this.#ctx.stub.getState(key);
    if (bytes.length === 0) {
      return undefined;
    }
    return schema.parse(JSON.parse(decoder.decode(bytes)));
  }

  /**
   * The MSP of the peer endorsing this proposal (its chaincode service's CORE_PEER_LOCALMSPID): the same on every
   * run on that peer, different between the endorsing peers. A transaction may use it only to decide whether to run
   * a check this peer alone can run (docs/international.md), never for what it writes.
   */
  peerMspId(): string {
    return this.#ctx.stub.getMspID();
  }

  /**
   * A read of chaincode `chaincode` on another channel of this peer (`invokeChaincode`; nothing it writes counts,
   * and its reads are not validated at commit): its answer, or its error message.
   */
  async readOtherChannel(
    channel: string,
    chaincode: string,
    args: readonly string[],
  ): Promise<{ ok: true; payload: string } | { ok: false; message: string }> {
    try {
      const response = await this.#ctx.stub.invokeChaincode(chaincode, [...args], channel);
      if (response.status >= 400) return { ok: false, message: response.message ?? `status ${response.status}` };
      return { ok: true, payload: decoder.decode(response.payload) };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  }

  async exists(key: string): Promise<boolean> {
    return (await this.#ctx.stub.getState(key)).length > 0;
  }

  async write(key: string, value: unknown): Promise<void> {
    await this.#ctx.stub.putState(key, canonicalBytes(value));
  }

  async writeIndex(key: string): Promise<void> {
    await this.#ctx.stub.putState(key, INDEX_MARKER);
  }

  async remove(key: string): Promise<void> {
    await this.#ctx.stub.deleteState(key);
  }

  /**
   * Key-level (state-based) endorsement: from the next transaction on, a change of `key` commits only when endorsed
   * by a peer of every one of `mspIds`, whatever the chaincode-level policy allows. Organisations in sorted order,
   * so every endorser writes the same bytes.
   */
  async requireEndorsers(key: string, mspIds: readonly string[]): Promise<void> {
    const policy = new KeyEndorsementPolicy();
    policy.addOrgs('PEER', ...[...new Set(mspIds)].sort());
    await this.#ctx.stub.setStateValidationParameter(key, policy.getPolicy());
  }

  /**
   * One page of a partial composite key query (read-only transactions only, as Fabric requires). Fabric starts the
   * page at the bookmark without checking it, so the bookmark is checked here (`assertBookmarkWithin`) and entries
   * outside the queried prefix are dropped. Pages handed to clients are at most MAX_PAGE_SIZE (their input schemas
   * say so); a page summed inside the transaction may be larger, up to MAX_SCAN_PAGE_SIZE.
   */
  async page(
    objectType: string,
    attributes: readonly string[],
    pageSize: number,
    bookmark: string,
  ): Promise<Page<Entry>> {
    const size = Math.min(Math.max(1, pageSize), MAX_SCAN_PAGE_SIZE);
    const prefix = this.key(objectType, attributes);
    assertBookmarkWithin(prefix, bookmark);
    const { iterator, metadata } = await this.#ctx.stub.getStateByPartialCompositeKeyWithPagination(
      objectType,
      [...attributes],
      size,
      bookmark,
    );
    const entries = await this.#drain(iterator, (kv) => {
      const { attributes: attrs } = this.#ctx.stub.splitCompositeKey(kv.key);
      return { key: kv.key, attributes: attrs, value: kv.value };
    });
    const items = entries.filter((entry) => entry.key.startsWith(prefix));
    // fabric-shim leaves `metadata` out when the peer's metadata is empty (an empty result set), whatever its typings say.
    const meta = metadata as typeof metadata | undefined;
    const next = meta?.bookmark ?? '';
    return { items, bookmark: next.startsWith(prefix) ? next : '', fetched: meta?.fetchedRecordsCount ?? 0 };
  }

  /** All entries under a partial composite key, for small bounded sets inside update transactions. */
  async all(objectType: string, attributes: readonly string[], limit: number): Promise<Entry[]> {
    const iterator = await this.#ctx.stub.getStateByPartialCompositeKey(objectType, [...attributes]);
    return this.#drain(
      iterator,
      (kv) => ({ key: kv.key, attributes: this.#ctx.stub.splitCompositeKey(kv.key).attributes, value: kv.value }),
      limit,
    );
  }

  /** Entries of a simple-key range [startKey, endKey), at most `limit`. */
  async range(startKey: string, endKey: string, limit: number): Promise<{ key: string; value: Uint8Array }[]> {
    const iterator = await this.#ctx.stub.getStateByRange(startKey, endKey);
    return this.#drain(iterator, (kv) => ({ key: kv.key, value: kv.value }), limit);
  }

  /** The newest `limit` modifications of a key, newest first as Fabric returns them. */
  async history(key: string, limit: number): Promise<{ entries: HistoryEntry[]; truncated: boolean }> {
    const iterator = await this.#ctx.stub.getHistoryForKey(key);
    const entries = await this.#drain(
      iterator,
      (mod) => ({
        txId: mod.txId,
        at: timestampToIso(mod.timestamp),
        isDelete: mod.isDelete,
        value: mod.isDelete || mod.value.length === 0 ? null : (JSON.parse(decoder.decode(mod.value)) as unknown),
      }),
      limit + 1,
    );
    return { entries: entries.slice(0, limit), truncated: entries.length > limit };
  }

  async #drain<I, T>(iterator: Iterators.CommonIterator<I>, map: (item: I) => T, limit = Infinity): Promise<T[]> {
    const out: T[] = [];
    try {
      while (out.length < limit) {
        const next = await iterator.next();
        // fabric-shim ends with `{ done: true }` and no value, whatever its typings say
        const value = next.value as I | undefined;
        if (value !== undefined) {
          out.push(map(value));
        }
        if (next.done) {
          break;
        }
      }
    } finally {
      await iterator.close();
    }
    return out;
  }
}

/**
 * A page bookmark is the key the next page starts at, and Fabric uses it as the start of the range as it is. So
 * the only bookmarks accepted are empty (first page) or keys under the queried partial composite key `prefix`: any
 * other key would start the page inside another index or another account's entries. Fails with VALIDATION.
 */
function assertBookmarkWithin(prefix: string, bookmark: string): void {
  if (bookmark !== '' && !bookmark.startsWith(prefix)) {
    throw validation('bookmark does not belong to this query; pass back the bookmark of its previous page');
  }
}

export function decodeJson(value: Uint8Array): unknown {
  return JSON.parse(decoder.decode(value));
}
