import type { z } from 'zod';
import type { ConservedStatus, IssuanceIndexEntry } from '../../domain';
import type { RecordType } from '../common/records';
import type { Entry, Page, WorldState } from '../common/state';

export interface IntegrityReport {
  violations: string[];
  checked: { issuances: number; blocks: number };
  /** Units by status, pending retirements counted as HELD (`conservedStatus`). */
  totals: Record<ConservedStatus, number> & { issued: number };
  bookmark: string;
  complete: boolean;
}

/** An issuance-index entry and the serial its key carries (equal to its start on a sound ledger). */
export interface Issuance {
  readonly key: number;
  readonly entry: IssuanceIndexEntry;
}

/**
 * Where the audit stands, which is all a bookmark carries (no sums, no counts: those are re-derived from the ledger).
 * `next`: before the issuance after `after` (the first one when absent). `serials`: walking the serial index over the
 * issuance's range from serial `next`; the next block must start at `expected`, one past the end of the block whose
 * serial-index entry precedes `next` (re-read from the ledger when a page resumes there). `index`: walking the issuance's entries of the `blockByIssuance` index from
 * `blockId` (the first entry when absent).
 */
export type Position =
  | { readonly kind: 'next'; readonly after?: Issuance }
  | { readonly kind: 'serials'; readonly issuance: Issuance; readonly next: number; readonly expected: number }
  | { readonly kind: 'index'; readonly issuance: Issuance; readonly blockId?: string }
  | { readonly kind: 'done' };

/** Key reads a block costs the audit: 3 in the serial-index walk, 3 in the issuance-index walk. */
export const READS_PER_BLOCK = 6;
/** The most key reads one step of the walk makes (one index entry and what it points at). */
export const STEP_READS = 3;

/** One page of the audit: its report and its budget of key reads, charged by every read it makes. */
export class Walk {
  readonly ws: WorldState;
  readonly out: IntegrityReport = {
    violations: [],
    checked: { issuances: 0, blocks: 0 },
    totals: { issued: 0, HELD: 0, RETIRED: 0, CANCELLED: 0, TRANSFERRED: 0 },
    bookmark: '',
    complete: false,
  };
  /** The blocks' quantities of the issuance whose serial walk began on this page (from its start), so far. */
  tally: { readonly issuance: number; sum: number } | undefined;
  readonly #budget: number;
  #reads = 0;

  constructor(ws: WorldState, budget: number) {
    this.ws = ws;
    this.#budget = budget;
  }

  /** How many steps of `cost` reads the rest of the budget pays for. */
  affordable(cost: number): number {
    return Math.max(0, Math.floor((this.#budget - this.#reads) / cost));
  }

  report(violation: string): void {
    this.out.violations.push(violation);
  }

  async read<S extends z.ZodType>(key: string, schema: S): Promise<z.infer<S> | undefined> {
    this.#reads++;
    return this.ws.read(key, schema);
  }

  async exists(key: string): Promise<boolean> {
    this.#reads++;
    return this.ws.exists(key);
  }

  async record<T>(type: RecordType<T>, id: string): Promise<T | undefined> {
    this.#reads++;
    return type.get(this.ws, id);
  }

  async range(startKey: string, endKey: string, limit: number): Promise<{ key: string; value: Uint8Array }[]> {
    const rows = await this.ws.range(startKey, endKey, limit);
    this.#reads += rows.length;
    return rows;
  }

  async page(objectType: string, attributes: readonly string[], size: number, bookmark: string): Promise<Page<Entry>> {
    const page = await this.ws.page(objectType, attributes, size, bookmark);
    this.#reads += page.items.length;
    return page;
  }
}
