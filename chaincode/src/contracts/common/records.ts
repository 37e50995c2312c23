import type { z } from 'zod';
import { notFound, type ObjectType } from '../../domain';
import { decodeJson, type Page, type WorldState } from './state';

interface Pagination {
  readonly pageSize: number;
  readonly bookmark: string;
}

/**
 * A record kept under the composite key `objectType [id]`, read through its schema: its key, a read, a read that
 * fails with NOT_FOUND, and pages of records, listed from their own keys or through an index whose last attribute
 * is the record ID.
 */
export interface RecordType<T> {
  readonly key: (ws: WorldState, id: string) => string;
  readonly get: (ws: WorldState, id: string) => Promise<T | undefined>;
  readonly require: (ws: WorldState, id: string) => Promise<T>;
  readonly page: (ws: WorldState, pagination: Pagination) => Promise<Page<T>>;
  readonly pageBy: (
    ws: WorldState,
    index: ObjectType,
    attributes: readonly string[],
    pagination: Pagination,
  ) => Promise<Page<T>>;
}

/** `missing(id)` is the NOT_FOUND detail. */
export function recordType<T>(
  objectType: ObjectType,
  schema: z.ZodType<T>,
  missing: (id: string) => string,
): RecordType<T> {
  const key = (ws: WorldState, id: string): string => ws.key(objectType, [id]);
  const get = (ws: WorldState, id: string): Promise<T | undefined> => ws.read(key(ws, id), schema);
  const requireRecord = async (ws: WorldState, id: string): Promise<T> => {
    const record = await get(ws, id);
    if (record === undefined) {
      throw notFound(missing(id));
    }
    return record;
  };
  return {
    key,
    get,
    require: requireRecord,
    page: async (ws, { pageSize, bookmark }) => {
      const page = await ws.page(objectType, [], pageSize, bookmark);
      return { ...page, items: page.items.map((e) => schema.parse(decodeJson(e.value))) };
    },
    pageBy: async (ws, index, attributes, { pageSize, bookmark }) => {
      const page = await ws.page(index, attributes, pageSize, bookmark);
      const items = await Promise.all(page.items.map((e) => requireRecord(ws, e.attributes.at(-1) ?? '')));
      return { ...page, items };
    },
  };
}
