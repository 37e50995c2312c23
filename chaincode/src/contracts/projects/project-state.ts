import { nextProjectStatus, ProjectSchema, type ActorRef, type Project, type ProjectAction } from '../../domain';
import { OBJECT } from '../../domain';
import { recordType } from '../common/records';
import type { WorldState } from '../common/state';
import { partyRule, type ActorRule } from '../common/auth';
import { updated, type TxInfo } from '../common/tx';
import type { Since } from '../common/write';

export const PROJECTS = recordType(OBJECT.project, ProjectSchema, (id) => `project ${id} does not exist`);

/** The project a transaction names: NOT_FOUND when it does not exist. */
export function projectOf(ws: WorldState, input: { readonly projectId: string }): Promise<Project> {
  return PROJECTS.require(ws, input.projectId);
}

/** A project's last change, which a transaction that changes it may not precede. */
export function projectSince(project: Project): Since {
  return [`project ${project.id}`, project.updatedAt];
}

/**
 * The steps of a write on the project a transaction names, by one of its parties (ADMIN or MANAGER of its developer
 * or of its assigned certifier): load the project, authorise the party, date the transaction after its last change.
 */
export function projectParty(
  action: string,
  party: 'DEVELOPER' | 'CERTIFIER',
): {
  load: typeof projectOf;
  rule: (project: Project) => ActorRule;
  since: typeof projectSince;
} {
  return { load: projectOf, rule: (project) => partyRule(action, project, party), since: projectSince };
}

/** Writes a project and moves its status indexes when the status changed. */
export async function saveProject(ws: WorldState, next: Project, previous?: Project): Promise<void> {
  await ws.write(PROJECTS.key(ws, next.id), next);
  if (previous?.status === next.status) {
    return;
  }
  if (previous !== undefined) {
    await ws.remove(ws.key(OBJECT.projectByStatus, [previous.status, previous.id]));
    await ws.remove(ws.key(OBJECT.projectByDeveloper, [previous.developerAccountId, previous.status, previous.id]));
  }
  await ws.writeIndex(ws.key(OBJECT.projectByStatus, [next.status, next.id]));
  await ws.writeIndex(ws.key(OBJECT.projectByDeveloper, [next.developerAccountId, next.status, next.id]));
}

/** Applies a workflow action: new status plus the appended transition record (who, when, documents involved). */
export function transition(
  project: Project,
  action: ProjectAction,
  by: ActorRef,
  tx: TxInfo,
  documents: readonly string[],
  comment?: string,
): Project {
  const to = nextProjectStatus(project.status, action);
  return {
    ...project,
    status: to,
    transitions: [
      ...project.transitions,
      { from: project.status, to, by, at: tx.at, txId: tx.txId, documents: [...documents], comment },
    ],
    ...updated(tx),
  };
}
