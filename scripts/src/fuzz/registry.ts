import { canonicalJson } from '@ncr/chaincode/domain';
import type { DemoUser } from '../demo/api-client';
import type { FuzzClient } from './client';
import type { Snapshot } from './oracles';
import type { Category, Pool } from './values';

/**
 * Reads of the running registry the fuzzer needs: identifiers to aim requests at (harvested from the lists) and
 * the state rejected requests must leave alone (ledger height as the auditor, every account's balance as a
 * government user).
 */

/** The demo users that read for the fuzzer: a government ADMIN (balances) and a government VIEWER (ledger). */
export interface Readers {
  readonly government: DemoUser;
  readonly auditor: DemoUser;
}

export function readersOf(users: readonly DemoUser[]): Readers {
  const government = users.find((user) => user.org === 'GovernmentMSP' && user.role === 'ADMIN');
  const auditor = users.find((user) => user.org === 'GovernmentMSP' && user.role === 'VIEWER') ?? government;
  if (government === undefined || auditor === undefined) {
    throw new Error('.ncr/users.json has no government ADMIN user: run npm start');
  }
  return { government, auditor };
}

interface Page {
  readonly items?: readonly Record<string, unknown>[];
  readonly bookmark?: string;
  readonly complete?: boolean;
}

const MAX_PAGES = 50;

/** Every item of a paginated list (bounded), following bookmarks. */
async function listAll(client: FuzzClient, target: string, apiKey: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let bookmark = '';
  for (let page = 0; page < MAX_PAGES; page++) {
    const separator = target.includes('?') ? '&' : '?';
    const query = `${separator}pageSize=100${bookmark === '' ? '' : `&bookmark=${encodeURIComponent(bookmark)}`}`;
    const answer = (await client.getJson(`${target}${query}`, apiKey)) as Page;
    items.push(...(answer.items ?? []));
    bookmark = answer.bookmark ?? '';
    if (bookmark === '' || (answer.items ?? []).length === 0) break;
  }
  return items;
}

const strings = (items: readonly Record<string, unknown>[], field: string): string[] =>
  items
    .map((item) => item[field])
    .filter((value): value is string | number => typeof value === 'string' || typeof value === 'number')
    .map(String);

/** A first page of one item from each list, for its bookmark: bookmarks sent to other lists (and to their own). */
async function bookmarks(client: FuzzClient, targets: readonly string[], apiKey: string): Promise<string[]> {
  const found: string[] = [];
  for (const target of targets) {
    const separator = target.includes('?') ? '&' : '?';
    const answer = (await client.getJson(`${target}${separator}pageSize=1`, apiKey).catch(() => ({}))) as Page;
    if (typeof answer.bookmark === 'string' && answer.bookmark !== '') found.push(answer.bookmark);
  }
  return found;
}

const MAX_PER_CATEGORY = 40;

/** Identifiers of the registry as it is now, by kind (each list capped, sorted, so runs are reproducible). */
export async function harvestPool(client: FuzzClient, readers: Readers): Promise<Pool> {
  const gov = readers.government.apiKey;
  const accounts = await listAll(client, '/v1/accounts', gov);
  const projects = await listAll(client, '/v1/projects', gov);
  const blocks = await listAll(client, '/v1/credit-blocks', gov);
  const authorisations = await listAll(client, '/v1/authorisations', gov).catch(() => []);
  const reports: Record<string, unknown>[] = [];
  for (const project of strings(projects, 'id').slice(0, 10)) {
    reports.push(...(await listAll(client, `/v1/projects/${encodeURIComponent(project)}/monitoring-reports`, gov)));
  }
  const ledger = (await client.getJson('/v1/ledger', readers.auditor.apiKey)) as { height?: number };
  const height = ledger.height ?? 0;
  const ledgerBlocks = [0, 1, Math.max(0, height - 1), height, height + 1].map(String);
  const txIds: string[] = [];
  for (const number of [1, Math.max(0, height - 1)]) {
    const block = (await client.getJson(`/v1/ledger/blocks/${number}`, readers.auditor.apiKey).catch(() => ({}))) as {
      transactions?: readonly Record<string, unknown>[];
    };
    txIds.push(...strings(block.transactions ?? [], 'txId'));
  }
  const serials = blocks.flatMap((block) => strings([block], 'serialStart').concat(strings([block], 'serialEnd')));
  const firstProject = strings(projects, 'id')[0];
  const firstAccount = strings(accounts, 'id')[0];
  const bookmarkPool = await bookmarks(
    client,
    [
      '/v1/accounts',
      '/v1/projects',
      '/v1/credit-blocks',
      '/v1/authorisations',
      '/v1/audit/integrity',
      ...(firstProject === undefined ? [] : [`/v1/projects/${encodeURIComponent(firstProject)}/monitoring-reports`]),
      ...(firstAccount === undefined ? [] : [`/v1/accounts/${encodeURIComponent(firstAccount)}/identities`]),
    ],
    gov,
  );
  const pool: Partial<Record<Category, readonly string[]>> = {
    account: strings(accounts, 'id'),
    project: strings(projects, 'id'),
    report: strings(reports, 'id'),
    block: strings(blocks, 'id'),
    serial: serials,
    ledgerBlock: ledgerBlocks,
    tx: txIds,
    authorisation: strings(authorisations, 'authorisationId').concat(strings(authorisations, 'id')),
    bookmark: bookmarkPool,
  };
  return Object.fromEntries(
    Object.entries(pool).map(([category, values]) => [
      category,
      [...new Set(values)].sort().slice(0, MAX_PER_CATEGORY),
    ]),
  );
}

/** The ledger height and every account's status and full balance (all pages). */
export async function takeSnapshot(client: FuzzClient, readers: Readers): Promise<Snapshot> {
  const gov = readers.government.apiKey;
  const ledger = (await client.getJson('/v1/ledger', readers.auditor.apiKey)) as { height?: unknown };
  if (typeof ledger.height !== 'number') throw new Error('GET /v1/ledger answered no height');
  const accounts: Record<string, string> = {};
  for (const account of await listAll(client, '/v1/accounts', gov)) {
    const id = String(account.id);
    const pages: unknown[] = [];
    let bookmark = '';
    for (let page = 0; page < MAX_PAGES; page++) {
      const query = bookmark === '' ? '' : `?bookmark=${encodeURIComponent(bookmark)}`;
      const balance = (await client.getJson(`/v1/accounts/${encodeURIComponent(id)}/balance${query}`, gov)) as Record<
        string,
        unknown
      >;
      const { bookmark: next, ...rest } = balance;
      pages.push(rest);
      bookmark = typeof next === 'string' ? next : '';
      if (bookmark === '' || balance.complete === true) break;
    }
    accounts[id] = canonicalJson({ status: account.status, balance: pages });
  }
  return { height: ledger.height, accounts };
}
