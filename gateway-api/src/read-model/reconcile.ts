import {
  AccountSchema,
  AuthorisationDetailsSchema,
  CreditBlockSchema,
  IdentityBindingSchema,
  MonitoringReportSchema,
  ProjectSchema,
  SettingsSchema,
  canonicalJson,
  planAction,
  type ActionPlan,
} from '@ncr/chaincode/domain';
import type { z } from 'zod';
import type { ActionRow, ReadModelStore } from './store';

/** Runs an evaluate (read-only) registry transaction and returns its parsed result. */
export type Evaluate = (name: string, arg?: unknown) => Promise<unknown>;

export interface Difference {
  readonly what: string;
  readonly id: string;
  readonly detail: string;
}

export interface ReconcileResult {
  readonly blockHeight: number;
  readonly compared: Record<string, number>;
  readonly differences: Difference[];
}

const PAGE = 100;

/** Reads every page of a paginated list transaction. */
async function all<S extends z.ZodType>(
  evaluate: Evaluate,
  name: string,
  arg: object,
  schema: S,
): Promise<z.output<S>[]> {
  const out: z.output<S>[] = [];
  let bookmark = '';
  for (;;) {
    const page = (await evaluate(name, { ...arg, pageSize: PAGE, bookmark })) as { items: unknown[]; bookmark: string };
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
export function replayActionLog(actions: readonly ActionRow[]): Map<string, ReplayedBlock> {
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
  const differences: Difference[] = [];
  const compared: Record<string, number> = {};

  const settings = SettingsSchema.parse(await evaluate('registry:GetSettings'));
  compared.settings = compareSets(
    'settings',
    [settings],
    local.settings === undefined ? [] : [local.settings],
    () => 'settings',
    differences,
  );

  const accounts = await all(evaluate, 'accounts:ListAccounts', {}, AccountSchema);
  compared.accounts = compareSets('account', accounts, local.accounts, (a) => a.id, differences);

  const identities = [];
  for (const account of accounts) {
    identities.push(
      ...(await all(evaluate, 'accounts:ListIdentities', { accountId: account.id }, IdentityBindingSchema)),
    );
  }
  const identityId = (b: { mspId: string; enrollmentId: string }): string => `${b.mspId}/${b.enrollmentId}`;
  compared.identities = compareSets('identity', identities, local.identities, identityId, differences);

  const projects = await all(evaluate, 'projects:ListProjects', {}, ProjectSchema);
  compared.projects = compareSets('project', projects, local.projects, (p) => p.id, differences);

  const reports = [];
  for (const project of projects) {
    reports.push(
      ...(await all(evaluate, 'monitoring:ListMonitoringReports', { projectId: project.id }, MonitoringReportSchema)),
    );
  }
  compared.monitoringReports = compareSets('monitoring report', reports, local.reports, (r) => r.id, differences);

  const blocks = await all(evaluate, 'credits:ListBlocks', {}, CreditBlockSchema);
  compared.creditBlocks = compareSets('credit block', blocks, local.blocks, (b) => b.id, differences);

  const details = await all(evaluate, 'registry:ListAuthorisationDetails', {}, AuthorisationDetailsSchema);
  compared.authorisationDetails = compareSets(
    'authorisation details',
    details,
    local.details,
    (d) => d.authorisationId,
    differences,
  );

  const replayed = replayActionLog(local.actions);
  const fromLedger = blocks.map((b) => ({
    id: b.id,
    serialStart: b.serialStart,
    serialEnd: b.serialEnd,
    quantity: b.quantity,
    status: b.status,
    ownerAccountId: b.ownerAccountId,
    frozen: b.frozen,
  }));
  const fromLog = [...replayed.entries()].map(([id, b]) => ({ id, ...b }));
  compared.actionLogBlocks = compareSets(
    'block rebuilt from the action log',
    fromLedger,
    fromLog,
    (b) => b.id,
    differences,
  );
  compared.actions = local.actions.length;

  return { blockHeight: local.status.blockHeight, compared, differences };
}
