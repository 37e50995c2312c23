import { invalidState, validation } from './errors';
import type { AccountType } from './identity';
import type { ProjectStatus } from './lifecycle';
import type { AuthorisationPurpose, FirstTransferDefinition } from './nomenclature';
import type { ProjectStepRecord, ProjectWorkflow, StepRule, WorkflowProfile } from './schemas/workflow';

/** The steps of a project under a workflow profile, in the order they are taken (docs/workflows.md). */
export const PROJECT_STEPS = [
  'IDEA_NOTE',
  'NO_OBJECTION',
  'DESIGN_DOCUMENT',
  'VALIDATION',
  'AUTHORISATION',
  'MONITORING',
  'VERIFICATION',
  'ISSUANCE',
] as const;
export type ProjectStep = (typeof PROJECT_STEPS)[number];

/** Steps every profile uses: the project and report state machines (lifecycle.ts) are made of them. */
export const CORE_STEPS: readonly ProjectStep[] = PROJECT_STEPS.slice(2);

/** Steps a project records in its own `steps` list, each by its own transaction. */
export const RECORDED_STEPS = ['IDEA_NOTE', 'NO_OBJECTION'] as const;
type RecordedStep = (typeof RECORDED_STEPS)[number];

/** The account type that acts on each step: the party the contracts authorise for it. */
export const STEP_ACTOR_TYPES: Readonly<Record<ProjectStep, AccountType>> = {
  IDEA_NOTE: 'DEVELOPER',
  NO_OBJECTION: 'GOVERNMENT',
  DESIGN_DOCUMENT: 'DEVELOPER',
  VALIDATION: 'CERTIFIER',
  AUTHORISATION: 'GOVERNMENT',
  MONITORING: 'DEVELOPER',
  VERIFICATION: 'CERTIFIER',
  ISSUANCE: 'GOVERNMENT',
};

const rule = (actorType: AccountType, used = true): StepRule => ({
  used,
  actorType,
  roles: ['ADMIN', 'MANAGER'],
  documentTypes: [],
});

/**
 * The flow projects follow when no profile was installed when they were registered (profile version 0): the
 * six core steps, by ADMIN or MANAGER, no document types beyond what each transaction takes. `network/profiles/
 * lean.json` holds the same (a unit test compares them).
 */
export const LEAN_PROFILE: WorkflowProfile = {
  name: 'Lean',
  description: 'Registration, validation, authorisation, monitoring, verification, issuance; no approvals.',
  steps: {
    IDEA_NOTE: rule('DEVELOPER', false),
    NO_OBJECTION: rule('GOVERNMENT', false),
    DESIGN_DOCUMENT: rule('DEVELOPER'),
    VALIDATION: rule('CERTIFIER'),
    AUTHORISATION: rule('GOVERNMENT'),
    MONITORING: rule('DEVELOPER'),
    VERIFICATION: rule('CERTIFIER'),
    ISSUANCE: rule('GOVERNMENT'),
  },
  retirementApproval: false,
  transferOutApproval: false,
  allowedPurposes: ['NDC', 'OIMP', 'IMP', 'OP', 'NDC and OIMP', 'NDC and IMP', 'NDC and OP'],
  allowedFirstTransferDefinitions: ['Authorisation', 'Issuance', 'Use or Cancellation'],
  shareOfProceeds: { percent: 0 },
};

/** The profile a project follows and its version (0: the built-in lean flow). */
export interface ProfileInForce {
  readonly version: number;
  readonly profile: WorkflowProfile;
}

/** What the workflow needs of a project: its ID, status and recorded steps. */
interface ProjectProgress {
  readonly id: string;
  readonly status: ProjectStatus;
  readonly steps?: readonly ProjectStepRecord[];
}

/** Project-level steps a status shows done: registration stands until a validation is rejected. */
function statusSteps(status: ProjectStatus): ProjectStep[] {
  switch (status) {
    case 'SUBMITTED':
      return ['DESIGN_DOCUMENT'];
    case 'VALIDATION_REJECTED':
      return [];
    case 'VALIDATED':
    case 'REJECTED':
      return ['DESIGN_DOCUMENT', 'VALIDATION'];
    case 'AUTHORISED':
      return ['DESIGN_DOCUMENT', 'VALIDATION', 'AUTHORISATION'];
  }
}

/** The steps a project has done, in workflow order: those it recorded and those its status shows. */
export function stepsDone(project: ProjectProgress): ProjectStep[] {
  const done = new Set<ProjectStep>([...(project.steps ?? []).map((s) => s.step), ...statusSteps(project.status)]);
  return PROJECT_STEPS.filter((step) => done.has(step));
}

/**
 * The step a project takes next under its profile: the first used step not done; once authorised, MONITORING
 * (each report then goes through VERIFICATION and ISSUANCE); none once its authorisation was refused.
 */
export function nextProjectStep(profile: WorkflowProfile, project: ProjectProgress): ProjectStep | undefined {
  if (project.status === 'REJECTED') return undefined;
  const done = stepsDone(project);
  return PROJECT_STEPS.find((step) => profile.steps[step].used && !done.includes(step));
}

const describeRule = (step: ProjectStep, stepRule: StepRule): string =>
  `${step} (by ${stepRule.actorType} ${stepRule.roles.join(' or ')})`;

/**
 * Fails with INVALID_STATE, naming the step the profile requires next, unless `step` may be taken now: the profile
 * uses it, a recorded step is not done yet, and every used step before it is done.
 */
export function assertProjectStep(inForce: ProfileInForce, project: ProjectProgress, step: ProjectStep): void {
  const { profile, version } = inForce;
  const under = `project ${project.id} (workflow profile version ${String(version)})`;
  if (!profile.steps[step].used) {
    throw invalidState(`${under} does not use ${step}`);
  }
  const done = stepsDone(project);
  if (isRecordedStep(step) && done.includes(step)) {
    throw invalidState(`${under} has done ${step} already`);
  }
  // A report's steps follow its own state machine (lifecycle.ts); before them, every project-level step.
  const earlier = PROJECT_STEPS.slice(0, Math.min(PROJECT_STEPS.indexOf(step), PROJECT_STEPS.indexOf('MONITORING')));
  const missing = earlier.find((before) => profile.steps[before].used && !done.includes(before));
  if (missing !== undefined) {
    throw invalidState(`${under} requires ${describeRule(missing, profile.steps[missing])} next, before ${step}`);
  }
}

function isRecordedStep(step: ProjectStep): step is RecordedStep {
  return RECORDED_STEPS.some((recorded) => recorded === step);
}

/** The document types a step requires that are not among `held` (the project's and the step's own documents). */
export function missingDocumentTypes(profile: WorkflowProfile, step: ProjectStep, held: readonly string[]): string[] {
  return profile.steps[step].documentTypes.filter((type) => !held.includes(type));
}

/** True when the profile lets `role` act on `step`. */
export function roleMayAct(profile: WorkflowProfile, step: ProjectStep, role: string): boolean {
  return profile.steps[step].roles.some((allowed) => allowed === role);
}

/** Who must act on a step of a project: the profile's rule, and the project's party when the step is a party's. */
function nextStepOf(
  profile: WorkflowProfile,
  project: ProjectParties,
  step: ProjectStep,
): NonNullable<ProjectWorkflow['nextStep']> {
  const { actorType, roles, documentTypes } = profile.steps[step];
  const accountId =
    actorType === 'DEVELOPER'
      ? project.developerAccountId
      : actorType === 'CERTIFIER'
        ? project.certifierAccountId
        : undefined;
  return { step, actorType, roles, accountId, documentTypes };
}

interface ProjectParties extends ProjectProgress {
  readonly developerAccountId: string;
  readonly certifierAccountId: string;
}

/** A project's place in its workflow: its profile version, the steps done, the next step and who takes it. */
export function projectWorkflow(inForce: ProfileInForce, project: ProjectParties): ProjectWorkflow {
  const next = nextProjectStep(inForce.profile, project);
  return {
    projectId: project.id,
    profileVersion: inForce.version,
    stepsDone: stepsDone(project),
    nextStep: next === undefined ? null : nextStepOf(inForce.profile, project, next),
  };
}

/** Fails with VALIDATION unless the profile allows the authorisation's purposes and first-transfer definition. */
export function assertAuthorisationAllowed(
  profile: WorkflowProfile,
  purposes: AuthorisationPurpose,
  firstTransferDefinition: FirstTransferDefinition | undefined,
): void {
  if (!profile.allowedPurposes.includes(purposes)) {
    throw validation(
      `purposes ${purposes} are not allowed by the workflow profile (${profile.allowedPurposes.join(', ')})`,
    );
  }
  if (
    firstTransferDefinition !== undefined &&
    !profile.allowedFirstTransferDefinitions.includes(firstTransferDefinition)
  ) {
    throw validation(`first transfer definition ${firstTransferDefinition} is not allowed by the workflow profile`);
  }
}
