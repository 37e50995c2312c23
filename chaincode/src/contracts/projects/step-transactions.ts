import {
  conflict,
  EVENTS,
  GetProjectWorkflowInputSchema,
  GiveNoObjectionInputSchema,
  projectWorkflow,
  SubmitIdeaNoteInputSchema,
  type Project,
  type SubmitIdeaNoteInput,
} from '../../domain';
import type { Actor } from '../common/auth';
import { read, write, type TransactionTable } from '../common/transactions';
import type { Steps } from '../common/write';
import { updated, type TxInfo } from '../common/tx';
import type { WorldState } from '../common/state';
import { profileOfProject } from '../registry/profile-state';
import { PROJECTS, projectOf, projectParty, projectSince, saveProject } from './project-state';
import { storeDocuments } from '../documents/document-state';
import { checkProjectStep } from './workflow-state';

type RecordedStepInput = SubmitIdeaNoteInput;

/** Fails with CONFLICT when one of the documents is already attached to the project. */
function assertNewDocuments(project: Project, input: RecordedStepInput): void {
  const known = new Set(project.documents.map((d) => d.sha256));
  const duplicate = input.documents.find((d) => known.has(d.sha256));
  if (duplicate !== undefined) {
    throw conflict(`document ${duplicate.sha256} is already attached`);
  }
}

/** Records a step taken by its own transaction: its documents attached, the step appended to the project's steps. */
async function recordStep(
  ws: WorldState,
  project: Project,
  step: 'IDEA_NOTE' | 'NO_OBJECTION',
  input: RecordedStepInput,
  actor: Actor,
  tx: TxInfo,
): Promise<Project> {
  await checkProjectStep(
    ws,
    project,
    step,
    actor,
    input.documents.map((d) => d.type),
  );
  const digests = input.documents.map((d) => d.sha256);
  const recorded = { step, by: actor.ref, at: tx.at, txId: tx.txId, documents: digests, comment: input.comment };
  const next: Project = {
    ...project,
    documents: [
      ...project.documents,
      ...(await storeDocuments(ws, input.documents, tx, { account: actor.account, projectId: project.id })),
    ],
    steps: [...(project.steps ?? []), recorded],
    ...updated(tx),
  };
  await saveProject(ws, next, project);
  return next;
}

/**
 * The check and apply of a step taken by its own transaction: documents new to the project, the step recorded
 * ({@link recordStep}), its event naming the project and the documents' digests.
 */
function documentedStep(
  step: 'IDEA_NOTE' | 'NO_OBJECTION',
  event: typeof EVENTS.PROJECT_IDEA_NOTE_SUBMITTED | typeof EVENTS.PROJECT_NO_OBJECTION_GIVEN,
): Pick<Steps<RecordedStepInput, Project>, 'check' | 'apply'> {
  return {
    check: ({ input, record: project }) => {
      assertNewDocuments(project, input);
    },
    apply: async ({ ws, input, record: project, actor, tx, emit }) => {
      const next = await recordStep(ws, project, step, input, actor, tx);
      emit(event, { projectId: project.id, documents: input.documents.map((d) => d.sha256) });
      return next;
    },
  };
}

/** The steps a workflow profile may add before validation, and where a project stands in its workflow. */
export const PROJECT_STEP_TRANSACTIONS = {
  /**
   * Submits the idea note of a project whose workflow profile uses that step (INVALID_STATE otherwise, or once
   * done), with documents of the types the profile requires. Caller: the roles the profile names of the project's
   * developer account. Emits PROJECT_IDEA_NOTE_SUBMITTED.
   */
  SubmitIdeaNote: write(SubmitIdeaNoteInputSchema, {
    ...projectParty('submit idea notes', 'DEVELOPER'),
    ...documentedStep('IDEA_NOTE', EVENTS.PROJECT_IDEA_NOTE_SUBMITTED),
  }),

  /**
   * Records the government's no-objection to a project whose profile uses that step, after its idea note
   * (INVALID_STATE naming the step required next otherwise), with the letter among the documents.
   * Caller: the roles the profile names of a government account. Emits PROJECT_NO_OBJECTION_GIVEN.
   */
  GiveNoObjection: write(GiveNoObjectionInputSchema, {
    rule: { action: 'give no-objection to projects', types: ['GOVERNMENT'] },
    load: projectOf,
    since: projectSince,
    ...documentedStep('NO_OBJECTION', EVENTS.PROJECT_NO_OBJECTION_GIVEN),
  }),

  /**
   * A project's place in its workflow: the profile version it follows, the steps done, the next step and who takes
   * it. Caller: anyone.
   */
  GetProjectWorkflow: read(GetProjectWorkflowInputSchema, async (ws, input) => {
    const project = await PROJECTS.require(ws, input.projectId);
    return projectWorkflow(await profileOfProject(ws, project), project);
  }),
} satisfies TransactionTable;
