import {
  AccountApplicationSchema,
  AccountTypeSchema,
  type AccountApplication,
  type ProfileInForce,
  PROJECT_STEPS,
  WorkflowProfileRecordSchema,
} from '@ncr/chaincode/domain';
import { z } from 'zod';
import { type Route, defineRoute, ok } from '../http/route';
import { decimalInt, pageOf } from '../http/schemas';
import type { IdentityRef } from '../identity/credentials';
import { identityOf } from '../identity/users';
import type { TaskParty, TaskPosition } from '../read-model/store-types';
import {
  RETIREMENT_APPROVAL,
  TASK_KINDS,
  type Task,
  type TaskCaller,
  callerTasks,
  profileVersionOf,
} from '../tasks/select';
import { requireBoundUser } from './caller';
import { Application } from './components';
import type { RouteDeps } from './deps';
import { withStore } from './reports';

/**
 * At most this many projects, reports and pending blocks are examined for one page: a page may hold fewer tasks,
 * `next` goes on.
 */
const SCAN_LIMIT = 500;

const CURSOR = /^(\d{1,15})\.(PROJECT|REPORT|RETIREMENT_REQUEST)\.([A-Z0-9-]{1,64})$/;
const kindOf = (kind: string): TaskPosition['kind'] => TASK_KINDS.find((k) => k === kind) ?? 'PROJECT';
const cursorOf = (p: TaskPosition): string => `${String(p.block)}.${p.kind}.${p.id}`;

const tasksQuery = z.object({
  limit: decimalInt({ min: 1, max: 100 }).default(50).describe('tasks a page (at most 100)'),
  after: z
    .string()
    .regex(CURSOR, 'the `next` of the previous page, such as 42.PROJECT.GHA-P-0A1B2C3D4E')
    .transform((after): TaskPosition => {
      const [, block = '', kind = '', id = ''] = CURSOR.exec(after) ?? [];
      return { block: Number(block), kind: kindOf(kind), id };
    })
    .optional()
    .describe('the `next` of the previous page'),
});

const TaskSchema = z.object({
  kind: z.enum(TASK_KINDS),
  projectId: z.string(),
  reportId: z.string().optional(),
  blockId: z.string().optional().describe('the block pending retirement (RETIREMENT_REQUEST)'),
  quantity: z.number().int().optional().describe('its quantity (RETIREMENT_REQUEST)'),
  holderAccountId: z.string().optional().describe('the account that asked to retire it (RETIREMENT_REQUEST)'),
  step: z.enum([...PROJECT_STEPS, RETIREMENT_APPROVAL]),
  actorType: AccountTypeSchema,
  roles: z.array(z.string()),
  accountId: z.string().optional().describe("the account that must act, for a party's step"),
  profileVersion: z.number().int().optional().describe("the project's workflow profile version (PROJECT, REPORT)"),
  since: z.object({ blockNumber: z.number().int(), txId: z.string(), at: z.string() }),
});

/** At most this many pending account applications a government ADMIN's first page carries. */
const PENDING_APPLICATIONS = 100;

const tasksPage = z.object({
  account: z.object({ id: z.string(), type: AccountTypeSchema, role: z.string() }),
  items: z.array(TaskSchema),
  next: z.string().nullable().describe('`after` of the next page; null at the end'),
  blockHeight: z.number().int().describe('the read model holds blocks below this height'),
  applications: z
    .array(Application)
    .optional()
    .describe(
      `government ADMIN, first page only: account applications waiting for a decision, from the ledger (at most ` +
        `${String(PENDING_APPLICATIONS)}, oldest first; GET /v1/account-applications?status=SUBMITTED lists them all)`,
    ),
});

/** The account applications waiting for a government ADMIN's decision (one ledger page), oldest first. */
async function pendingApplications(deps: RouteDeps, actor: IdentityRef): Promise<AccountApplication[]> {
  const input = { status: 'SUBMITTED' as const, pageSize: PENDING_APPLICATIONS };
  const page = pageOf(AccountApplicationSchema).parse(
    await deps.registry.evaluate(actor, 'accounts:ListAccountApplications', input),
  );
  return page.items.sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
}

/**
 * The projects and reports a caller can have tasks on: their own for a party, every one for the government, which
 * also decides every retirement request.
 */
function partyOf(caller: TaskCaller): TaskParty {
  switch (caller.type) {
    case 'DEVELOPER':
      return { developerAccountId: caller.id };
    case 'CERTIFIER':
      return { certifierAccountId: caller.id };
    case 'GOVERNMENT':
      return { retirementRequests: true };
  }
}

/**
 * Each profile version `versions` names (above 0): from `known`, else from the ledger, then kept in `known`. An
 * installed version never changes, so each is read once per gateway.
 */
async function profilesOf(
  deps: RouteDeps,
  actor: IdentityRef,
  versions: ReadonlySet<number>,
  known: Map<number, ProfileInForce>,
): Promise<Map<number, ProfileInForce>> {
  for (const version of versions) {
    if (version === 0 || known.has(version)) continue;
    const record = WorkflowProfileRecordSchema.parse(
      await deps.registry.evaluate(actor, 'registry:GetWorkflowProfile', { version }),
    );
    known.set(version, { version, profile: record });
  }
  return known;
}

/** One page of the caller's tasks from one scan of the read model, and where the next page starts. */
async function tasksPageOf(
  deps: RouteDeps,
  actor: IdentityRef,
  caller: TaskCaller,
  query: z.output<typeof tasksQuery>,
  known: Map<number, ProfileInForce>,
): Promise<{ items: Task[]; next: string | null; blockHeight: number }> {
  const scan = withStore(deps, (store) =>
    store.snapshot(() => ({
      rows: store.taskCandidates(partyOf(caller), SCAN_LIMIT, query.after),
      blockHeight: store.status().blockHeight,
    })),
  );
  const versions = new Set(
    scan.rows
      .filter((r) => r.candidate.kind !== 'RETIREMENT_REQUEST')
      .map((r) => profileVersionOf(r.candidate.project)),
  );
  const profiles = await profilesOf(deps, actor, versions, known);
  const profile = (version: number): ProfileInForce => {
    const found = profiles.get(version);
    if (found === undefined) throw new Error(`workflow profile version ${String(version)} was not read`);
    return found;
  };
  const items: Task[] = [];
  let last: TaskPosition | undefined;
  for (const { candidate, position } of scan.rows) {
    items.push(...callerTasks(caller, [candidate], profile));
    last = position;
    if (items.length === query.limit) break;
  }
  const exhausted = scan.rows.length < SCAN_LIMIT && last === scan.rows.at(-1)?.position;
  return { items, next: exhausted || last === undefined ? null : cursorOf(last), blockHeight: scan.blockHeight };
}

/**
 * `GET /v1/tasks`: what waits for the caller, as the ledger binds them (accounts:WhoAmI): the projects whose next
 * step their account type and role take (for a party's step, their own account's), the monitoring reports to
 * verify or issue, and for a government ADMIN or MANAGER the retirement requests to approve or reject, from the read
 * model.
 */
export function taskRoutes(deps: RouteDeps): Route[] {
  const profiles = new Map<number, ProfileInForce>();
  return [
    defineRoute({
      method: 'get',
      path: '/v1/tasks',
      tag: 'tasks',
      summary:
        "What waits for the caller: projects' next steps, reports to verify or issue, retirement requests to decide " +
        '(and, for a government ADMIN, account applications to decide)',
      description:
        'From the read model (with its `blockHeight`), oldest first; each page examines at most ' +
        `${String(SCAN_LIMIT)} projects, reports and blocks pending retirement, so it may hold fewer than \`limit\` ` +
        'tasks while `next` goes on. A retirement request (`kind` RETIREMENT_REQUEST, `step` RETIREMENT_APPROVAL) ' +
        'waits for the ADMIN or MANAGER of any government account (POST /v1/retirements/:blockId/approve or reject).',
      query: tasksQuery,
      responses: { 200: { description: 'a page of tasks', schema: tasksPage } },
      handler: async ({ query, user }) => {
        const account = await requireBoundUser(deps, user);
        const page = await tasksPageOf(deps, identityOf(user), account, query, profiles);
        const decides = account.type === 'GOVERNMENT' && account.role === 'ADMIN' && query.after === undefined;
        const applications = decides ? { applications: await pendingApplications(deps, identityOf(user)) } : {};
        return ok({ account: { id: account.id, type: account.type, role: account.role }, ...page, ...applications });
      },
    }),
  ];
}
