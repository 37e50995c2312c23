import {
  CurrentProfileSchema,
  LEAN_PROFILE,
  OBJECT,
  profileVersionId,
  WORKFLOW_PROFILE_KEY,
  WorkflowProfileRecordSchema,
  type ProfileInForce,
  type WorkflowProfileRecord,
  validation,
} from '../../domain';
import { ACCOUNTS } from '../accounts/account-state';
import { recordType } from '../common/records';
import type { WorldState } from '../common/state';

/** Each version of the workflow profile, by its padded version number (`profileVersionId`). */
const PROFILES = recordType(
  OBJECT.workflowProfile,
  WorkflowProfileRecordSchema,
  (id) => `workflow profile version ${String(Number(id))} does not exist`,
);

/** The version new projects follow, or undefined before the first profile was installed. */
export async function currentProfileVersion(ws: WorldState): Promise<number | undefined> {
  return (await ws.read(WORKFLOW_PROFILE_KEY, CurrentProfileSchema))?.version;
}

/** A version of the profile (NOT_FOUND when it does not exist). */
export function requireProfile(ws: WorldState, version: number): Promise<WorkflowProfileRecord> {
  return PROFILES.require(ws, profileVersionId(version));
}

/** The current version of the profile, or undefined before the first was installed. */
export async function currentProfile(ws: WorldState): Promise<WorkflowProfileRecord | undefined> {
  const version = await currentProfileVersion(ws);
  return version === undefined ? undefined : requireProfile(ws, version);
}

/** Writes a new version and makes it the one new projects follow. */
export async function saveProfile(ws: WorldState, record: WorkflowProfileRecord): Promise<void> {
  await ws.write(PROFILES.key(ws, profileVersionId(record.version)), record);
  await ws.write(WORKFLOW_PROFILE_KEY, { version: record.version });
}

/** The profile a project follows: the version it was registered under, or the built-in lean flow (version 0). */
export async function profileOfProject(
  ws: WorldState,
  project: { readonly profileVersion?: number },
): Promise<ProfileInForce> {
  if (project.profileVersion === undefined) return { version: 0, profile: LEAN_PROFILE };
  return { version: project.profileVersion, profile: await requireProfile(ws, project.profileVersion) };
}

/**
 * Whether a holder's retirement waits for the government's approval: the current profile's `retirementApproval`
 * (a holder's action, so the rules in force now apply, whatever version the units' project was registered under;
 * false before any profile was installed, as in the built-in lean flow).
 */
export async function retirementNeedsApproval(ws: WorldState): Promise<boolean> {
  return ((await currentProfile(ws)) ?? LEAN_PROFILE).retirementApproval;
}

/** The share-of-proceeds account, when given, must be an existing government account (NOT_FOUND, VALIDATION). */
export async function assertProceedsAccount(ws: WorldState, accountId: string | undefined): Promise<void> {
  if (accountId === undefined) return;
  const account = await ACCOUNTS.require(ws, accountId);
  if (account.type !== 'GOVERNMENT') {
    throw validation(`share-of-proceeds account ${accountId} is not a government account`);
  }
}
