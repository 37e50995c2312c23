import {
  ACTING_ROLES,
  LEAN_PROFILE,
  type AccountType,
  type CreditBlock,
  type MonitoringReport,
  type ProfileInForce,
  type Project,
  type ProjectStep,
  type ReportStatus,
  type Role,
  projectWorkflow,
} from '@ncr/chaincode/domain';

/**
 * What waits: a project's next step, a monitoring report's own step (verification, issuance), or a holder's
 * retirement request the government approves or rejects.
 */
export const TASK_KINDS = ['PROJECT', 'REPORT', 'RETIREMENT_REQUEST'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** The step of a retirement request: the government's decision (docs/workflows.md, retirement approval). */
export const RETIREMENT_APPROVAL = 'RETIREMENT_APPROVAL';
type TaskStep = ProjectStep | typeof RETIREMENT_APPROVAL;

/** A project, a report or a pending block as the read model holds it, with where it was last written. */
export interface TaskCandidate {
  readonly kind: TaskKind;
  readonly project: Project;
  /** The report, for kind REPORT. */
  readonly report?: MonitoringReport;
  /** The PENDING_RETIREMENT block, for kind RETIREMENT_REQUEST. */
  readonly block?: CreditBlock;
  readonly blockNumber: number;
  readonly txId: string;
}

/** A step that waits for an account type (and, for a party's step, one account), with the roles that may take it. */
export interface Task {
  readonly kind: TaskKind;
  readonly projectId: string;
  readonly reportId?: string;
  /** The pending block, its quantity and holder (kind RETIREMENT_REQUEST). */
  readonly blockId?: string;
  readonly quantity?: number;
  readonly holderAccountId?: string;
  readonly step: TaskStep;
  readonly actorType: AccountType;
  readonly roles: readonly string[];
  readonly accountId?: string;
  /** The profile version the project follows (project and report tasks). */
  readonly profileVersion?: number;
  /** Since the record's last write: its block, transaction and ledger time. */
  readonly since: { readonly blockNumber: number; readonly txId: string; readonly at: string };
}

/** The caller as the ledger knows them (accounts:WhoAmI). */
export interface TaskCaller {
  readonly id: string;
  readonly type: AccountType;
  readonly role: Role;
}

/** A report's own step while it waits: its certifier verifies a SUBMITTED one, the government issues a VERIFIED one. */
const REPORT_STEP: Readonly<Partial<Record<ReportStatus, ProjectStep>>> = {
  SUBMITTED: 'VERIFICATION',
  VERIFIED: 'ISSUANCE',
};

/** The profile version a project follows (0: the built-in lean flow, docs/workflows.md). */
export const profileVersionOf = (project: Project): number => project.profileVersion ?? 0;

/** The step that waits on a project or report, and who takes it; undefined when nothing waits (a final state). */
export function taskOf(inForce: ProfileInForce, candidate: TaskCandidate): Task | undefined {
  const { project, report, blockNumber, txId } = candidate;
  if (candidate.kind === 'PROJECT') {
    const next = projectWorkflow(inForce, project).nextStep;
    if (next === null) return undefined;
    const at = project.updatedAt;
    return {
      kind: 'PROJECT',
      projectId: project.id,
      step: next.step,
      actorType: next.actorType,
      roles: next.roles,
      ...(next.accountId === undefined ? {} : { accountId: next.accountId }),
      profileVersion: inForce.version,
      since: { blockNumber, txId, at },
    };
  }
  const step = report === undefined ? undefined : REPORT_STEP[report.status];
  if (report === undefined || step === undefined) return undefined;
  const { actorType, roles } = inForce.profile.steps[step];
  const accountId =
    actorType === 'CERTIFIER'
      ? report.certifierAccountId
      : actorType === 'DEVELOPER'
        ? report.developerAccountId
        : undefined;
  return {
    kind: 'REPORT',
    projectId: report.projectId,
    reportId: report.id,
    step,
    actorType,
    roles,
    ...(accountId === undefined ? {} : { accountId }),
    profileVersion: inForce.version,
    since: { blockNumber, txId, at: report.verification?.at ?? report.submittedAt },
  };
}

/**
 * A retirement request waits for any government account's ADMIN or MANAGER (`credits:ApproveRetirement`,
 * `RejectRetirement`), whatever profile is in force now; undefined once the block is no longer pending.
 */
function retirementTaskOf(candidate: TaskCandidate): Task | undefined {
  const { block, blockNumber, txId } = candidate;
  const request = block?.retirementRequest;
  if (block?.status !== 'PENDING_RETIREMENT' || request === undefined) return undefined;
  return {
    kind: 'RETIREMENT_REQUEST',
    projectId: block.projectId,
    blockId: block.id,
    quantity: block.quantity,
    holderAccountId: block.ownerAccountId,
    step: RETIREMENT_APPROVAL,
    actorType: 'GOVERNMENT',
    roles: ACTING_ROLES,
    since: { blockNumber, txId, at: request.at },
  };
}

/** Whether the caller takes the task: their account type, a role the profile allows, and their account for a party's step. */
export function takesTask(caller: TaskCaller, task: Task): boolean {
  return (
    task.actorType === caller.type &&
    task.roles.includes(caller.role) &&
    (task.accountId === undefined || task.accountId === caller.id)
  );
}

/**
 * The caller's tasks among `candidates`, in their order. `profile` gives each version a project follows (version 0:
 * the built-in lean flow, never asked for; a retirement request needs none).
 */
export function callerTasks(
  caller: TaskCaller,
  candidates: readonly TaskCandidate[],
  profile: (version: number) => ProfileInForce,
): Task[] {
  return candidates.flatMap((candidate) => {
    const version = profileVersionOf(candidate.project);
    const task =
      candidate.kind === 'RETIREMENT_REQUEST'
        ? retirementTaskOf(candidate)
        : taskOf(version === 0 ? { version, profile: LEAN_PROFILE } : profile(version), candidate);
    return task !== undefined && takesTask(caller, task) ? [task] : [];
  });
}
