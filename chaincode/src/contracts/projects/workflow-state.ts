import {
  assertProjectStep,
  forbidden,
  invalidState,
  missingDocumentTypes,
  roleMayAct,
  type ProfileInForce,
  type Project,
  type ProjectStep,
  validation,
} from '../../domain';
import type { Actor } from '../common/auth';
import type { WorldState } from '../common/state';
import { currentProfile, profileOfProject } from '../registry/profile-state';

/**
 * Checks a step of a project against the workflow profile it follows: the step is the one the profile allows now
 * (INVALID_STATE naming the step required next), the caller's role may take it (FORBIDDEN), and the project holds
 * a document of each type the step requires, counting the step's own documents (`ownTypes`; INVALID_STATE).
 */
export async function checkProjectStep(
  ws: WorldState,
  project: Project,
  step: ProjectStep,
  actor: Actor,
  ownTypes: readonly string[] = [],
): Promise<ProfileInForce> {
  const inForce = await profileOfProject(ws, project);
  assertProjectStep(inForce, project, step);
  const under = `workflow profile version ${String(inForce.version)}`;
  if (!roleMayAct(inForce.profile, step, actor.binding.role)) {
    throw forbidden(`role ${actor.binding.role} may not take ${step} under ${under}`);
  }
  const held = [...project.documents.map((d) => d.type), ...ownTypes];
  const missing = missingDocumentTypes(inForce.profile, step, held);
  if (missing.length > 0) {
    throw invalidState(`project ${project.id}: ${step} requires documents of type ${missing.join(', ')} (${under})`);
  }
  return inForce;
}

/**
 * The profile version a new project is registered under (none before the first profile was installed): the
 * caller's role may take DESIGN_DOCUMENT (FORBIDDEN) and the documents hold each type it requires (VALIDATION).
 */
export async function registrationProfileVersion(
  ws: WorldState,
  documents: readonly { readonly type: string }[],
  actor: Actor,
): Promise<number | undefined> {
  const current = await currentProfile(ws);
  if (current === undefined) return undefined;
  const under = `workflow profile version ${String(current.version)}`;
  if (!roleMayAct(current, 'DESIGN_DOCUMENT', actor.binding.role)) {
    throw forbidden(`role ${actor.binding.role} may not register projects under ${under}`);
  }
  const missing = missingDocumentTypes(
    current,
    'DESIGN_DOCUMENT',
    documents.map((d) => d.type),
  );
  if (missing.length > 0) {
    throw validation(`registration under ${under} requires documents of type ${missing.join(', ')}`);
  }
  return current.version;
}
