import {
  AddDocumentsInputSchema,
  assertAuthorisationAllowed,
  AuthoriseProjectInputSchema,
  conflict,
  deriveProjectId,
  EVENTS,
  GetProjectHistoryInputSchema,
  GetProjectInputSchema,
  invalidState,
  ListProjectsInputSchema,
  notFound,
  OBJECT,
  projectAcceptsDocuments,
  RegisterProjectInputSchema,
  ResubmitProjectInputSchema,
  validation,
  ValidateProjectInputSchema,
  type AuthoriseProjectInput,
  type Project,
} from '../../domain';
import { ACCOUNTS } from '../accounts/account-state';
import { contractOf, read, write, type TransactionTable } from '../common/transactions';
import type { WorldState } from '../common/state';
import type { TxInfo } from '../common/tx';
import { requireSettings } from '../registry/settings-state';
import { PROJECTS, projectOf, projectParty, projectSince, saveProject, transition } from './project-state';
import { storeDocuments } from '../documents/document-state';
import { PROJECT_STEP_TRANSACTIONS } from './step-transactions';
import { checkProjectStep, registrationProfileVersion } from './workflow-state';

/** Fails unless `accountId` is an ACTIVE certifier account: the certifier a project is assigned. */
async function assertActiveCertifier(ws: WorldState, accountId: string): Promise<void> {
  const certifier = await ACCOUNTS.require(ws, accountId);
  if (certifier.type !== 'CERTIFIER') {
    throw validation(`account ${certifier.id} is not a certifier`);
  }
  if (certifier.status !== 'ACTIVE') {
    throw invalidState(`certifier ${certifier.id} is ${certifier.status}`);
  }
}

/** The Article 6 authorisation record of an approval; its cooperative approach must be in the registry settings. */
async function authorisationOf(
  ws: WorldState,
  input: Extract<AuthoriseProjectInput, { approved: true }>,
  tx: TxInfo,
): Promise<NonNullable<Project['authorisation']>> {
  const settings = await requireSettings(ws);
  const ca = input.cooperativeApproachId;
  if (ca !== undefined && !settings.cooperativeApproaches.some((c) => c.id === ca)) {
    throw notFound(`cooperative approach ${ca} is not in the registry settings`);
  }
  return {
    authorisationId: input.authorisationId,
    date: input.date ?? tx.at.slice(0, 10),
    purposes: input.purposes,
    cooperativeApproachId: ca,
    authorisedQuantity: input.authorisedQuantity,
    timeframe: input.timeframe,
    firstTransferDefinition: input.firstTransferDefinition,
    document: input.document,
  };
}

const PROJECT_TRANSACTIONS = {
  /**
   * Registers a project hosted in the registry's country, status SUBMITTED, ID `<party>-P-<10 hex of txId>`.
   * Caller: ADMIN or MANAGER of a developer account (the project's developer). Emits PROJECT_REGISTERED.
   */
  RegisterProject: write(RegisterProjectInputSchema, {
    rule: { action: 'register projects', types: ['DEVELOPER'] },
    load: requireSettings,
    apply: async ({ ws, input, record: settings, actor, tx, emit }) => {
      if (input.location.country !== settings.party) {
        throw validation(`location.country must be the host Party ${settings.party}`);
      }
      await assertActiveCertifier(ws, input.certifierAccountId);
      const profileVersion = await registrationProfileVersion(ws, input.documents, actor);
      const id = deriveProjectId(settings.party, tx.txId);
      if ((await PROJECTS.get(ws, id)) !== undefined) {
        throw conflict(`project ${id} already exists; retry the transaction`);
      }
      const digests = input.documents.map((d) => d.sha256);
      const project: Project = {
        ...input,
        id,
        developerAccountId: actor.account.id,
        status: 'SUBMITTED',
        documents: await storeDocuments(ws, input.documents, tx, { account: actor.account, projectId: id }),
        issuedTotal: 0,
        profileVersion,
        transitions: [{ from: null, to: 'SUBMITTED', by: actor.ref, at: tx.at, txId: tx.txId, documents: digests }],
        createdAt: tx.at,
        createdTxId: tx.txId,
        updatedAt: tx.at,
        updatedTxId: tx.txId,
      };
      await saveProject(ws, project);
      const { developerAccountId, certifierAccountId } = project;
      emit(EVENTS.PROJECT_REGISTERED, { projectId: id, developerAccountId, certifierAccountId, documents: digests });
      return project;
    },
  }),

  /** Returns a project (the project registry is public). Caller: anyone. */
  GetProject: read(GetProjectInputSchema, (ws, input) => PROJECTS.require(ws, input.projectId)),

  /** Lists projects by status and/or developer through composite-key indexes, one page at a time. Caller: anyone. */
  ListProjects: read(ListProjectsInputSchema, (ws, input) => {
    const { developer, status } = input;
    if (developer !== undefined) {
      const attributes = status === undefined ? [developer] : [developer, status];
      return PROJECTS.pageBy(ws, OBJECT.projectByDeveloper, attributes, input);
    }
    return status === undefined
      ? PROJECTS.page(ws, input)
      : PROJECTS.pageBy(ws, OBJECT.projectByStatus, [status], input);
  }),

  /** Returns the newest `limit` versions of a project record from the ledger history. Caller: anyone. */
  GetProjectHistory: read(GetProjectHistoryInputSchema, async (ws, { projectId, limit }) => {
    await PROJECTS.require(ws, projectId);
    return { projectId, ...(await ws.history(PROJECTS.key(ws, projectId), limit)) };
  }),

  /**
   * Attaches documents (digests on-chain, files off-chain) while SUBMITTED or VALIDATION_REJECTED.
   * Caller: ADMIN or MANAGER of the project's developer account. Emits PROJECT_DOCUMENTS_ADDED.
   */
  AddDocuments: write(AddDocumentsInputSchema, {
    ...projectParty('add documents', 'DEVELOPER'),
    check: ({ input, record: project }) => {
      if (!projectAcceptsDocuments(project.status)) {
        throw invalidState(`project ${project.id} is ${project.status} and accepts no documents`);
      }
      const known = new Set(project.documents.map((d) => d.sha256));
      const duplicate = input.documents.find((d) => known.has(d.sha256));
      if (duplicate !== undefined) {
        throw conflict(`document ${duplicate.sha256} is already attached`);
      }
    },
    apply: async ({ ws, input, record: project, actor, tx, emit }) => {
      const added = await storeDocuments(ws, input.documents, tx, { account: actor.account, projectId: project.id });
      const documents = [...project.documents, ...added];
      const next: Project = { ...project, documents, updatedAt: tx.at, updatedTxId: tx.txId };
      await saveProject(ws, next, project);
      emit(EVENTS.PROJECT_DOCUMENTS_ADDED, {
        projectId: project.id,
        documents: input.documents.map((d) => d.sha256),
      });
      return next;
    },
  }),

  /**
   * Resubmits a VALIDATION_REJECTED project for validation (SUBMITTED).
   * Caller: ADMIN or MANAGER of the project's developer account. Emits PROJECT_RESUBMITTED.
   */
  ResubmitProject: write(ResubmitProjectInputSchema, {
    ...projectParty('resubmit projects', 'DEVELOPER'),
    apply: async ({ ws, input, record: project, actor, tx, emit }) => {
      const digests = project.documents.map((d) => d.sha256);
      const next = transition(project, 'RESUBMIT', actor.ref, tx, digests, input.comment);
      await checkProjectStep(ws, next, 'DESIGN_DOCUMENT', actor);
      await saveProject(ws, next, project);
      emit(EVENTS.PROJECT_RESUBMITTED, { projectId: project.id, documents: digests });
      return next;
    },
  }),

  /**
   * Records the validation outcome of a SUBMITTED project: VALIDATED or VALIDATION_REJECTED.
   * Caller: ADMIN or MANAGER of the assigned certifier account. Emits PROJECT_VALIDATED or PROJECT_VALIDATION_REJECTED.
   */
  ValidateProject: write(ValidateProjectInputSchema, {
    ...projectParty('validate this project (not the assigned certifier)', 'CERTIFIER'),
    apply: async ({ ws, input, record: project, actor, tx, emit }) => {
      const { approved, report, comment } = input;
      const next: Project = {
        ...transition(project, approved ? 'VALIDATE' : 'REJECT_VALIDATION', actor.ref, tx, [report.sha256], comment),
        validation: { approved, report, comment },
      };
      await checkProjectStep(ws, project, 'VALIDATION', actor, ['VALIDATION_REPORT']);
      await saveProject(ws, next, project);
      const { id: projectId, certifierAccountId } = project;
      const event = approved ? EVENTS.PROJECT_VALIDATED : EVENTS.PROJECT_VALIDATION_REJECTED;
      emit(event, { projectId, certifierAccountId, report: report.sha256 });
      return next;
    },
  }),

  /**
   * Authorises a VALIDATED project under Article 6 (AUTHORISED, with the authorisation record) or rejects it
   * (REJECTED, final). Caller: ADMIN or MANAGER of a government account. Emits PROJECT_AUTHORISED or PROJECT_REJECTED.
   */
  AuthoriseProject: write(AuthoriseProjectInputSchema, {
    rule: { action: 'authorise projects', types: ['GOVERNMENT'] },
    load: projectOf,
    since: projectSince,
    apply: async ({ ws, input, record: project, actor, tx, emit }) => {
      const documents = input.document === undefined ? [] : [input.document.sha256];
      const letter = input.document === undefined ? [] : ['AUTHORISATION_LETTER'];
      if (!input.approved) {
        const rejected = transition(project, 'REJECT', actor.ref, tx, documents, input.comment);
        await checkProjectStep(ws, project, 'AUTHORISATION', actor, letter);
        await saveProject(ws, rejected, project);
        emit(EVENTS.PROJECT_REJECTED, { projectId: project.id });
        return rejected;
      }
      const approved = transition(project, 'AUTHORISE', actor.ref, tx, documents, input.comment);
      const { profile } = await checkProjectStep(ws, project, 'AUTHORISATION', actor, letter);
      assertAuthorisationAllowed(profile, input.purposes, input.firstTransferDefinition);
      const authorisation = await authorisationOf(ws, input, tx);
      const next: Project = { ...approved, authorisation };
      await saveProject(ws, next, project);
      const { authorisationId, purposes, cooperativeApproachId, authorisedQuantity } = authorisation;
      emit(EVENTS.PROJECT_AUTHORISED, {
        projectId: project.id,
        authorisationId,
        purposes,
        cooperativeApproachId,
        authorisedQuantity,
      });
      return next;
    },
  }),

  ...PROJECT_STEP_TRANSACTIONS,
} satisfies TransactionTable;

/**
 * Projects: registration, validation by the assigned certifier, Article 6 authorisation by the government. Each step
 * is also checked against the project's workflow profile (`checkProjectStep`: INVALID_STATE naming the step the
 * profile requires next, FORBIDDEN for a role it does not name; docs/workflows.md).
 */
export class ProjectContract extends contractOf('projects', PROJECT_TRANSACTIONS) {}
