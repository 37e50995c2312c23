import { DocumentRecordSchema } from '@ncr/chaincode/domain';
import { z } from 'zod';
import type { RegistryClient } from '../fabric/registry';
import type { IdentityRef } from '../identity/credentials';
import { digestOf } from './hashing';
import type { DocumentStore } from './store';

const RecordPageSchema = z.object({ items: z.array(DocumentRecordSchema), bookmark: z.string() });

/** What the integrity audit of a site's document store found. */
export const StoreAuditSchema = z.object({
  holder: z.string().describe("this site's organisation, whose users' documents it keeps"),
  recorded: z.number().int().describe('documents the ledger says this site keeps'),
  kept: z.number().int().describe('files in the store'),
  corrupt: z.array(z.string()).describe('kept files that no longer hash to their digest (expected: none)'),
  missing: z.array(z.string()).describe('recorded documents whose file is not in the store (expected: none)'),
  unrecorded: z.array(z.string()).describe('kept files no record names as this site’s (an upload the ledger refused)'),
});

export type StoreAudit = z.infer<typeof StoreAuditSchema>;

/** The digests of the documents the ledger says `holder`'s site keeps, every page, read as `actor`. */
async function recordedBy(registry: RegistryClient, actor: IdentityRef, holder: string): Promise<Set<string>> {
  const recorded = new Set<string>();
  let bookmark = '';
  do {
    const page = RecordPageSchema.parse(
      await registry.evaluate(actor, 'documents:ListDocuments', { holder, pageSize: 100, bookmark }),
    );
    for (const record of page.items) recorded.add(record.sha256);
    bookmark = page.items.length === 0 ? '' : page.bookmark;
  } while (bookmark !== '');
  return recorded;
}

/**
 * Checks a site's document store against the ledger: every kept file is hashed again (corrupt when it no longer
 * matches its name), every document the ledger records as this site's must be kept (missing otherwise).
 */
export async function auditStore(
  deps: { readonly registry: RegistryClient; readonly store: DocumentStore; readonly mspId: string },
  actor: IdentityRef,
): Promise<StoreAudit> {
  const recorded = await recordedBy(deps.registry, actor, deps.mspId);
  const kept = new Set<string>();
  const corrupt: string[] = [];
  for await (const sha256 of deps.store.list()) {
    kept.add(sha256);
    const content = await deps.store.get(sha256);
    if (content !== undefined && (await digestOf(content)).sha256 !== sha256) corrupt.push(sha256);
  }
  return {
    holder: deps.mspId,
    recorded: recorded.size,
    kept: kept.size,
    corrupt,
    missing: [...recorded].filter((sha256) => !kept.has(sha256)).sort(),
    unrecorded: [...kept].filter((sha256) => !recorded.has(sha256)).sort(),
  };
}
