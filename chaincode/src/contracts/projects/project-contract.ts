import { Context, Contract, Returns, Transaction } from 'fabric-contract-api';
import {
  AddDocumentsInputSchema,
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
  type Project,
} from '../../domain';
import { ACCOUNTS } from '../accounts/account-state';
import { partyRule, requireActor } from '../common/auth';
import { query } from '../common/query';
import { WorldState } from '../common/state';
import { actedBy, assertNotBefore, emit, parseInput, result, txInfo } from '../common/tx';
import { requireSettings } from '../registry/settings-state';
import { PROJECTS, saveProject, storeDocuments, transition } from './project-state';

/** Projects: registration, validation by the assigned certifier, Article 6 authorisation by the government. */
export class ProjectContract extends Contract {
  constructor() {
    super('projects');
  }

  /**
   * Registers a project hosted in the registry's country, status SUBMITTED, ID `<party>-P-<10 hex of txId>`.
   * Caller: ADMIN or MANAGER of a developer account (the project's developer). Emits PROJECT_REGISTERED.
   */
  @Transaction()
  @Returns('string')
  async RegisterProject(ctx: Context, json: string): Promise<string> {
    const input = parseInput(RegisterProjectInputSchema, json);
    const ws = new WorldState(ctx);
    const actor = await requireActor(ctx, ws, { action: 'register projects', types: ['DEVELOPER'] });
    const settings = await requireSettings(ws);
    if (input.location.country !== settings.party) {
      throw validation(`location.country must be the host Party ${settings.party}`);
    }
    const certifier = await ACCOUNTS.require(ws, input.certifierAccountId);
    if (certifier.type !== 'CERTIFIER') {
      throw validation(`account ${certifier.id} is not a certifier`);
    }
    if (certifier.status !== 'ACTIVE') {
      throw invalidState(`certifier ${certifier.id} is ${certifier.status}`);
    }
    const tx = txInfo(ctx);
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
      documents: storeDocuments(input.documents, tx),
      issuedTotal: 0,
      transitions: [{ from: null, to: 'SUBMITTED', by: actor.ref, at: tx.at, txId: tx.txId, documents: digests }],
      createdAt: tx.at,
      createdTxId: tx.txId,
      updatedAt: tx.at,
      updatedTxId: tx.txId,
    };
    await saveProject(ws, project);
    emit(ctx, EVENTS.PROJECT_REGISTERED, {
      projectId: id,
      developerAccountId: project.developerAccountId,
      certifierAccountId: project.certifierAccountId,
      documents: digests,
      ...actedBy(actor, tx),
    });
    return result(project);
  }

  /** Returns a project (the project registry is public). Caller: anyone. */
  @Transaction(false)
  @Returns('string')
  async GetProject(ctx: Context, json: string): Promise<string> {
    return query(ctx, json, GetProjectInputSchema, (ws, input) => PROJECTS.require(ws, input.projectId));
  }

  /** Lists projects by status and/or developer through composite-key indexes, one page at a time. Caller: anyone. */
  @Transaction(false)
  @Returns('string')
  async ListProjects(ctx: Context, json: string): Promise<string> {
    return query(ctx, json, ListProjectsInputSchema, (ws, input) => {
      const { developer, status } = input;
      if (developer !== undefined) {
        const attributes = status === undefined ? [developer] : [developer, status];
        return PROJECTS.pageBy(ws, OBJECT.projectByDeveloper, attributes, input);
      }
      return status === undefined
        ? PROJECTS.page(ws, input)
        : PROJECTS.pageBy(ws, OBJECT.projectByStatus, [status], input);
    });
  }

  /** Returns the newest `limit` versions of a project record from the ledger history. Caller: anyone. */
  @Transaction(false)
  @Returns('string')
  async GetProjectHistory(ctx: Context, json: string): Promise<string> {
    return query(ctx, json, GetProjectHistoryInputSchema, async (ws, { projectId, limit }) => {
      await PROJECTS.require(ws, projectId);
      return { projectId, ...(await ws.history(PROJECTS.key(ws, projectId), limit)) };
    });
  }

  /**
   * Attaches documents (digests on-chain, files off-chain) while SUBMITTED or VALIDATION_REJECTED.
   * Caller: ADMIN or MANAGER of the project's developer account. Emits PROJECT_DOCUMENTS_ADDED.
   */
  @Transaction()
  @Returns('string')
  async AddDocuments(ctx: Context, json: string): Promise<string> {
    const input = parseInput(AddDocumentsInputSchema, json);
    const ws = new WorldState(ctx);
    const project = await PROJECTS.require(ws, input.projectId);
    const actor = await requireActor(ctx, ws, partyRule('add documents', project, 'DEVELOPER'));
    if (!projectAcceptsDocuments(project.status)) {
      throw invalidState(`project ${project.id} is ${project.status} and accepts no documents`);
    }
    const known = new Set(project.documents.map((d) => d.sha256));
    const duplicate = input.documents.find((d) => known.has(d.sha256));
    if (duplicate !== undefined) {
      throw conflict(`document ${duplicate.sha256} is already attached`);
    }
    const tx = txInfo(ctx);
    assertNotBefore(tx, `project ${project.id}`, project.updatedAt);
    const next: Project = {
      ...project,
      documents: [...project.documents, ...storeDocuments(input.documents, tx)],
      updatedAt: tx.at,
      updatedTxId: tx.txId,
    };
    await saveProject(ws, next, project);
    const digests = input.documents.map((d) => d.sha256);
    emit(ctx, EVENTS.PROJECT_DOCUMENTS_ADDED, {
      projectId: project.id,
      documents: digests,
      ...actedBy(actor, tx),
    });
    return result(next);
  }

  /**
   * Resubmits a VALIDATION_REJECTED project for validation (SUBMITTED).
   * Caller: ADMIN or MANAGER of the project's developer account. Emits PROJECT_RESUBMITTED.
   */
  @Transaction()
  @Returns('string')
  async ResubmitProject(ctx: Context, json: string): Promise<string> {
    const input = parseInput(ResubmitProjectInputSchema, json);
    const ws = new WorldState(ctx);
    const project = await PROJECTS.require(ws, input.projectId);
    const actor = await requireActor(ctx, ws, partyRule('resubmit projects', project, 'DEVELOPER'));
    const tx = txInfo(ctx);
    assertNotBefore(tx, `project ${project.id}`, project.updatedAt);
    const digests = project.documents.map((d) => d.sha256);
    const next = transition(project, 'RESUBMIT', actor.ref, tx, digests, input.comment);
    await saveProject(ws, next, project);
    emit(ctx, EVENTS.PROJECT_RESUBMITTED, { projectId: project.id, documents: digests, ...actedBy(actor, tx) });
    return result(next);
  }

  /**
   * Records the validation outcome of a SUBMITTED project: VALIDATED or VALIDATION_REJECTED.
   * Caller: ADMIN or MANAGER of the assigned certifier account. Emits PROJECT_VALIDATED or PROJECT_VALIDATION_REJECTED.
   */
  @Transaction()
  @Returns('string')
  async ValidateProject(ctx: Context, json: string): Promise<string> {
    const input = parseInput(ValidateProjectInputSchema, json);
    const ws = new WorldState(ctx);
    const project = await PROJECTS.require(ws, input.projectId);
    const rule = partyRule('validate this project (not the assigned certifier)', project, 'CERTIFIER');
    const actor = await requireActor(ctx, ws, rule);
    const tx = txInfo(ctx);
    assertNotBefore(tx, `project ${project.id}`, project.updatedAt);
    const action = input.approved ? 'VALIDATE' : 'REJECT_VALIDATION';
    const next: Project = {
      ...transition(project, action, actor.ref, tx, [input.report.sha256], input.comment),
      validation: { approved: input.approved, report: input.report, comment: input.comment },
    };
    await saveProject(ws, next, project);
    emit(ctx, input.approved ? EVENTS.PROJECT_VALIDATED : EVENTS.PROJECT_VALIDATION_REJECTED, {
      projectId: project.id,
      certifierAccountId: project.certifierAccountId,
      report: input.report.sha256,
      ...actedBy(actor, tx),
    });
    return result(next);
  }

  /**
   * Authorises a VALIDATED project under Article 6 (AUTHORISED, with the authorisation record) or rejects it
   * (REJECTED, final). Caller: ADMIN or MANAGER of a government account. Emits PROJECT_AUTHORISED or PROJECT_REJECTED.
   */
  @Transaction()
  @Returns('string')
  async AuthoriseProject(ctx: Context, json: string): Promise<string> {
    const input = parseInput(AuthoriseProjectInputSchema, json);
    const ws = new WorldState(ctx);
    const actor = await requireActor(ctx, ws, { action: 'authorise projects', types: ['GOVERNMENT'] });
    const project = await PROJECTS.require(ws, input.projectId);
    const tx = txInfo(ctx);
    assertNotBefore(tx, `project ${project.id}`, project.updatedAt);
    const documents = input.document === undefined ? [] : [input.document.sha256];
    if (!input.approved) {
      const next = transition(project, 'REJECT', actor.ref, tx, documents, input.comment);
      await saveProject(ws, next, project);
      emit(ctx, EVENTS.PROJECT_REJECTED, { projectId: project.id, ...actedBy(actor, tx) });
      return result(next);
    }
    const settings = await requireSettings(ws);
    const ca = input.cooperativeApproachId;
    if (ca !== undefined && !settings.cooperativeApproaches.some((c) => c.id === ca)) {
      throw notFound(`cooperative approach ${ca} is not in the registry settings`);
    }
    const authorisation = {
      authorisationId: input.authorisationId,
      date: input.date ?? tx.at.slice(0, 10),
      purposes: input.purposes,
      cooperativeApproachId: ca,
      authorisedQuantity: input.authorisedQuantity,
      timeframe: input.timeframe,
      firstTransferDefinition: input.firstTransferDefinition,
      document: input.document,
    };
    const next: Project = {
      ...transition(project, 'AUTHORISE', actor.ref, tx, documents, input.comment),
      authorisation,
    };
    await saveProject(ws, next, project);
    emit(ctx, EVENTS.PROJECT_AUTHORISED, {
      projectId: project.id,
      authorisationId: authorisation.authorisationId,
      purposes: authorisation.purposes,
      cooperativeApproachId: ca,
      authorisedQuantity: authorisation.authorisedQuantity,
      ...actedBy(actor, tx),
    });
    return result(next);
  }
}
