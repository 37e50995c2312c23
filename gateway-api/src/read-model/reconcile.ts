import {
  AccountSchema,
  AuthorisationDetailsSchema,
  CreditBlockSchema,
  IdentityBindingSchema,
  MAX_PAGE_SIZE,
  MonitoringReportSchema,
  ProjectSchema,
  SettingsSchema,
  canonicalJson,
  planAction,
  type ActionPlan,
  type TransactionName,
} from '@ncr/chaincode/domain';
import { z } from 'zod';
import type { ActionRow } from './action-row';
import type { ReadModelStore } from './store';

/** Runs an evaluate (read-only) registry transaction and returns its parsed result. */
export type Evaluate = (name: TransactionName, arg?: unknown) => Promise<unknown>;

interface Difference {
  readonly what: string;
  readonly id: string;
  readonly detail: string;
}

export interface ReconcileResult {
  readonly blockHeight: number;
  readonly compared: Record<string, number>;
  readonly differences: Difference[];
}

const PAGE = MAX_PAGE_SIZE;

/** One page of a list transaction's result, its items still unparsed. */
const PageSchema = z.object({ items: z.array(z.unknown()), bookmark: z.string() });

/** Reads every page of a paginated list transaction. */
async function all<S extends z.ZodType>(
  evaluate: Evaluate,
  name: TransactionName,
  arg: object,
  schema: S,
): Promise<z.output<S>[]> {
  const out: z.output<S>[] = [];
  let bookmark = '';
  for (;;) {
    const page = PageSchema.parse(await evaluate(name, { ...arg, pageSize: PAGE, bookmark }));
    out.push(...page.items.map((item) => schema.parse(item)));
    if (page.items.length < PAGE || page.bookmark === '' || page.bookmark === bookmark) return out;
    bookmark = page.bookmark;
  }
}

function compareSets<T>(
  what: string,
  ledger: readonly T[],
  readModel: readonly T[],
  idOf: (item: T) => string,
  differences: Difference[],
): number {
  const mine = new Map(readModel.map((item) => [idOf(item), canonicalJson(item)]));
  const theirs = new Map(ledger.map((item) => [idOf(item), canonicalJson(item)]));
  for (const [id, json] of theirs) {
    const local = mine.get(id);
    if (local === undefined) differences.push({ what, id, detail: 'on the ledger, missing from the read model' });
    else if (local !== json) differences.push({ what, id, detail: `differs: ledger ${json} / read model ${local}` });
  }
  for (const id of mine.keys()) {
    if (!theirs.has(id)) differences.push({ what, id, detail: 'in the read model, not on the ledger' });
  }
  return theirs.size;
}

interface ReplayedBlock {
  serialStart: number;
  serialEnd: number;
  quantity: number;
  status: string;
  ownerAccountId: string;
  frozen: boolean;
}

/** The source keeps what the chaincode's split rule leaves it; an impossible split leaves it as is (a difference). */
function splitOff(source: ReplayedBlock, quantity: number): void {
  let plan: ActionPlan;
  try {
    plan = planAction(source, quantity);
  } catch {
    return;
  }
  if (plan.kind === 'split') {
    source.quantity = plan.kept.quantity;
    source.serialEnd = plan.kept.serialEnd;
  }
}

/**
 * Rebuilds every block's current state from the action log alone (issuance, transfer, retirement, cancellation,
 * freeze). Equal to the ledger's blocks only if no action was lost or applied twice.
 */
function replayActionLog(actions: readonly ActionRow[]): Map<string, ReplayedBlock> {
  const blocks = new Map<string, ReplayedBlock>();
  for (const a of actions) {
    if (a.blockId === null) continue;
    if (a.kind === 'FREEZE' || a.kind === 'UNFREEZE') {
      const b = blocks.get(a.blockId);
      if (b !== undefined) b.frozen = a.kind === 'FREEZE';
      continue;
    }
    if (a.block === null) continue;
    const source = a.split && a.sourceBlockId !== null ? blocks.get(a.sourceBlockId) : undefined;
    if (source !== undefined) splitOff(source, a.block.quantity);
    const { serialStart, serialEnd, quantity, status, ownerAccountId, frozen } = a.block;
    blocks.set(a.blockId, { serialStart, serialEnd, quantity, status, ownerAccountId, frozen });
  }
  return blocks;
}

/** Reads every page of a list transaction for each argument (e.g. identities of every account). */
async function allFor<S extends z.ZodType>(
  evaluate: Evaluate,
  name: TransactionName,
  args: readonly object[],
  schema: S,
): Promise<z.output<S>[]> {
  const out: z.output<S>[] = [];
  for (const arg of args) out.push(...(await all(evaluate, name, arg, schema)));
  return out;
}

/** The chaincode's state, every list read page by page. */
async function readLedger(evaluate: Evaluate) {
  const settings = SettingsSchema.parse(await evaluate('registry:GetSettings'));
  const accounts = await all(evaluate, 'accounts:ListAccounts', {}, AccountSchema);
  const projects = await all(evaluate, 'projects:ListProjects', {}, ProjectSchema);
  return {
    settings,
    accounts,
    identities: await allFor(
      evaluate,
      'accounts:ListIdentities',
      accounts.map((a) => ({ accountId: a.id })),
      IdentityBindingSchema,
    ),
    projects,
    reports: await allFor(
      evaluate,
      'monitoring:ListMonitoringReports',
      projects.map((p) => ({ projectId: p.id })),
      MonitoringReportSchema,
    ),
    blocks: await all(evaluate, 'credits:ListBlocks', {}, CreditBlockSchema),
    details: await all(evaluate, 'registry:ListAuthorisationDetails', {}, AuthorisationDetailsSchema),
  };
}

/** The fields of a block that the action log alone determines. */
const logState = (b: ReplayedBlock & { id: string }): ReplayedBlock & { id: string } => ({
  id: b.id,
  serialStart: b.serialStart,
  serialEnd: b.serialEnd,
  quantity: b.quantity,
  status: b.status,
  ownerAccountId: b.ownerAccountId,
  frozen: b.frozen,
});

/**
 * Compares the read model with the chaincode's state through evaluate queries (every list read page by page):
 * settings, accounts, identities, projects, monitoring reports, credit blocks, authorisation details, and the
 * blocks rebuilt from the action log. Returns every difference.
 */
export async function reconcile(evaluate: Evaluate, store: ReadModelStore): Promise<ReconcileResult> {
  const local = store.snapshot(() => ({
    status: store.status(),
    settings: store.settings(),
    accounts: store.accounts(),
    identities: store.identities(),
    projects: store.projects(),
    reports: store.monitoringReports(),
    blocks: store.creditBlocks(),
    details: store.authorisationDetails(),
    actions: store.actions(),
  }));
  const ledger = await readLedger(evaluate);
  const differences: Difference[] = [];
  const compare = <T>(what: string, theirs: readonly T[], mine: readonly T[], idOf: (item: T) => string): number =>
    compareSets(what, theirs, mine, idOf, differences);
  const identityId = (b: { mspId: string; enrollmentId: string }): string => `${b.mspId}/${b.enrollmentId}`;
  const replayed = [...replayActionLog(local.actions).entries()].map(([id, b]) => ({ id, ...b }));
  const compared: Record<string, number> = {
    settings: compare(
      'settings',
      [ledger.settings],
      local.settings === undefined ? [] : [local.settings],
      () => 'settings',
    ),
    accounts: compare('account', ledger.accounts, local.accounts, (a) => a.id),
    identities: compare('identity', ledger.identities, local.identities, identityId),
    projects: compare('project', ledger.projects, local.projects, (p) => p.id),
    monitoringReports: compare('monitoring report', ledger.reports, local.reports, (r) => r.id),
    creditBlocks: compare('credit block', ledger.blocks, local.blocks, (b) => b.id),
    authorisationDetails: compare('authorisation details', ledger.details, local.details, (d) => d.authorisationId),
    actionLogBlocks: compare('block rebuilt from the action log', ledger.blocks.map(logState), replayed, (b) => b.id),
    actions: local.actions.length,
  };
  return { blockHeight: local.status.blockHeight, compared, differences };
}
