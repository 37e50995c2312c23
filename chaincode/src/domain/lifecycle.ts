import { invalidState } from './errors';

/** Project workflow (docs/domain.md, workflow). REJECTED and AUTHORISED are final. */
export const PROJECT_STATUSES = ['SUBMITTED', 'VALIDATED', 'VALIDATION_REJECTED', 'AUTHORISED', 'REJECTED'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const PROJECT_ACTIONS = ['VALIDATE', 'REJECT_VALIDATION', 'RESUBMIT', 'AUTHORISE', 'REJECT'] as const;
export type ProjectAction = (typeof PROJECT_ACTIONS)[number];

/** A workflow: for each action, the one status it applies to and the status it leads to. */
type Transitions<S extends string, A extends string> = Readonly<Record<A, { readonly from: S; readonly to: S }>>;

/** The status `action` leads to from `from` in `transitions`, or INVALID_STATE when the action does not apply. */
function nextStatus<S extends string, A extends string>(
  what: string,
  transitions: Transitions<S, A>,
  from: S,
  action: A,
): S {
  const transition = transitions[action];
  if (transition.from !== from) {
    throw invalidState(`${what} is ${from}; ${action} requires ${transition.from}`);
  }
  return transition.to;
}

const PROJECT_TRANSITIONS: Transitions<ProjectStatus, ProjectAction> = {
  VALIDATE: { from: 'SUBMITTED', to: 'VALIDATED' },
  REJECT_VALIDATION: { from: 'SUBMITTED', to: 'VALIDATION_REJECTED' },
  RESUBMIT: { from: 'VALIDATION_REJECTED', to: 'SUBMITTED' },
  AUTHORISE: { from: 'VALIDATED', to: 'AUTHORISED' },
  REJECT: { from: 'VALIDATED', to: 'REJECTED' },
};

/** The status a project reaches by `action`, or INVALID_STATE when the action is not allowed from `from`. */
export function nextProjectStatus(from: ProjectStatus, action: ProjectAction): ProjectStatus {
  return nextStatus('project', PROJECT_TRANSITIONS, from, action);
}

/** Developers may add documents while the project is under (re)validation. */
export function projectAcceptsDocuments(status: ProjectStatus): boolean {
  return status === 'SUBMITTED' || status === 'VALIDATION_REJECTED';
}

/** Monitoring report workflow (docs/domain.md, workflow). REJECTED and ISSUED are final. */
export const REPORT_STATUSES = ['SUBMITTED', 'VERIFIED', 'REJECTED', 'ISSUED'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const REPORT_ACTIONS = ['VERIFY', 'REJECT', 'ISSUE'] as const;
export type ReportAction = (typeof REPORT_ACTIONS)[number];

const REPORT_TRANSITIONS: Transitions<ReportStatus, ReportAction> = {
  VERIFY: { from: 'SUBMITTED', to: 'VERIFIED' },
  REJECT: { from: 'SUBMITTED', to: 'REJECTED' },
  ISSUE: { from: 'VERIFIED', to: 'ISSUED' },
};

/** The status a monitoring report reaches by `action`, or INVALID_STATE when the action is not allowed from `from`. */
export function nextReportStatus(from: ReportStatus, action: ReportAction): ReportStatus {
  return nextStatus('monitoring report', REPORT_TRANSITIONS, from, action);
}

/**
 * A company's application for an account (docs/api.md, _Applications_): SUBMITTED by its organisation's site,
 * then decided once by a government ADMIN. APPROVED and REJECTED are final.
 */
export const APPLICATION_STATUSES = ['SUBMITTED', 'APPROVED', 'REJECTED'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const APPLICATION_ACTIONS = ['APPROVE', 'REJECT'] as const;
export type ApplicationAction = (typeof APPLICATION_ACTIONS)[number];

const APPLICATION_TRANSITIONS: Transitions<ApplicationStatus, ApplicationAction> = {
  APPROVE: { from: 'SUBMITTED', to: 'APPROVED' },
  REJECT: { from: 'SUBMITTED', to: 'REJECTED' },
};

/** The status an account application reaches by `action`, or INVALID_STATE when it was decided already. */
export function nextApplicationStatus(from: ApplicationStatus, action: ApplicationAction): ApplicationStatus {
  return nextStatus('account application', APPLICATION_TRANSITIONS, from, action);
}

/**
 * Credit block statuses. A RETIRED, CANCELLED or TRANSFERRED (to another Party's registry, docs/international.md)
 * block never moves again; FROZEN is a flag on a HELD block. A PENDING_RETIREMENT block (a retirement waiting for the
 * government's approval, docs/workflows.md) is locked: it only becomes RETIRED (approved) or HELD again (rejected). A
 * PENDING_EXPORT block (an international transfer waiting for the bilateral decision) only becomes TRANSFERRED
 * (recorded) or HELD again (abandoned).
 */
export const BLOCK_STATUSES = [
  'HELD',
  'PENDING_RETIREMENT',
  'PENDING_EXPORT',
  'RETIRED',
  'CANCELLED',
  'TRANSFERRED',
] as const;
export type BlockStatus = (typeof BLOCK_STATUSES)[number];

/** The statuses conservation sums: pending units are still held until the decision on them. */
export type ConservedStatus = Exclude<BlockStatus, 'PENDING_RETIREMENT' | 'PENDING_EXPORT'>;

/** The status a block's units count under in conservation totals and holdings (pending counts as HELD). */
export function conservedStatus(status: BlockStatus): ConservedStatus {
  return status === 'PENDING_RETIREMENT' || status === 'PENDING_EXPORT' ? 'HELD' : status;
}
