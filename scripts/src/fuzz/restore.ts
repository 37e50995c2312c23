import { canonicalJson } from '@ncr/chaincode/domain';
import type { FuzzClient } from './client';

/**
 * What valid-looking writes by the government admin may legitimately change and other work relies on: account
 * suspensions, block freezes, the registry settings and the workflow profile. Read before a run and put back after it, so that a fuzz
 * run leaves the demo registry usable (the integration specs that follow expect it as `npm start` left it).
 */
export interface AdminState {
  readonly suspended: ReadonlySet<string>;
  readonly frozen: ReadonlySet<string>;
  readonly settings: Readonly<Record<string, unknown>>;
  /** The current workflow profile version, without what the ledger adds to it (version, who, when). */
  readonly profile: Readonly<Record<string, unknown>>;
  readonly profileVersion: unknown;
}

interface Page {
  items: Record<string, unknown>[];
  bookmark: string;
}

const SETTINGS_FIELDS = ['name', 'ndcPeriod', 'cooperativeApproaches', 'authorisedEntities'] as const;

/** What the ledger adds to a workflow profile version; the rest is what a government sends. */
const PROFILE_RECORD_FIELDS: readonly string[] = ['version', 'updatedBy', 'updatedAt', 'updatedTxId'];

/** Settings lists the ledger keeps every ID of (add/edit only): an item added since cannot be taken out again. */
const ADD_ONLY_LISTS = ['cooperativeApproaches', 'authorisedEntities'] as const;

const idOf = (item: unknown): unknown =>
  typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;

/**
 * The settings to write back: `initial` as it was, except that items a fuzz write added to an add-only list stay
 * (after the initial ones), since the ledger refuses to remove an ID once recorded.
 */
export function settingsToRestore(
  initial: Readonly<Record<string, unknown>>,
  now: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const restored: Record<string, unknown> = { ...initial };
  for (const field of ADD_ONLY_LISTS) {
    const before: unknown[] = Array.isArray(initial[field]) ? (initial[field] as unknown[]) : [];
    const ids = new Set(before.map(idOf));
    const added = (Array.isArray(now[field]) ? (now[field] as unknown[]) : []).filter((item) => !ids.has(idOf(item)));
    if (added.length > 0) restored[field] = [...before, ...added];
  }
  return restored;
}

async function all(client: FuzzClient, target: string, apiKey: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let bookmark = '';
  do {
    const page = (await client.getJson(
      `${target}?pageSize=100${bookmark === '' ? '' : `&bookmark=${encodeURIComponent(bookmark)}`}`,
      apiKey,
    )) as Page;
    items.push(...page.items);
    bookmark = page.items.length === 0 ? '' : page.bookmark;
  } while (bookmark !== '');
  return items;
}

export async function readAdminState(client: FuzzClient, apiKey: string): Promise<AdminState> {
  const accounts = await all(client, '/v1/accounts', apiKey);
  const blocks = await all(client, '/v1/credit-blocks', apiKey);
  const settings = (await client.getJson('/v1/settings', apiKey)) as Record<string, unknown>;
  const profile = (await client.getJson('/v1/workflow-profile', apiKey)) as Record<string, unknown>;
  return {
    profile: Object.fromEntries(Object.entries(profile).filter(([field]) => !PROFILE_RECORD_FIELDS.includes(field))),
    profileVersion: profile.version,
    suspended: new Set(accounts.filter((a) => a.status === 'SUSPENDED').map((a) => String(a.id))),
    frozen: new Set(blocks.filter((b) => b.frozen === true).map((b) => String(b.id))),
    settings: Object.fromEntries(SETTINGS_FIELDS.map((field) => [field, settings[field]])),
  };
}

/**
 * Reactivates, unfreezes, rewrites the settings and reinstalls the workflow profile as in `initial` (a new version
 * with the same content); returns what could not be put back.
 */
export async function restoreAdminState(client: FuzzClient, apiKey: string, initial: AdminState): Promise<string[]> {
  const now = await readAdminState(client, apiKey);
  const failed: string[] = [];
  const post = async (target: string, body: unknown, method = 'POST'): Promise<void> => {
    const answer = await client.send(
      { method, target, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
      apiKey,
    );
    if ('failure' in answer || answer.status !== 201) failed.push(`${method} ${target}`);
  };
  for (const id of [...now.suspended].filter((account) => !initial.suspended.has(account))) {
    await post(`/v1/accounts/${encodeURIComponent(id)}/reactivate`, { reason: 'undo a fuzz-generated suspension' });
  }
  for (const id of [...now.frozen].filter((block) => !initial.frozen.has(block))) {
    await post(`/v1/credit-blocks/${encodeURIComponent(id)}/unfreeze`, { reason: 'undo a fuzz-generated freeze' });
  }
  if (canonicalJson(now.settings) !== canonicalJson(initial.settings)) {
    await post('/v1/settings', settingsToRestore(initial.settings, now.settings));
  }
  if (now.profileVersion !== initial.profileVersion) {
    await post('/v1/workflow-profile', initial.profile, 'PUT');
  }
  return failed;
}
