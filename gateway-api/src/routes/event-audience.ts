import { EVENTS, isEventName, type EventName, type EventPayload } from '@ncr/chaincode/domain';
import type { RegistryEvent } from '../fabric/ledger';

/**
 * Which accounts an event concerns, by event: the payload fields that name them, and whether the parties of the
 * payload's project (its developer and its certifier) are concerned too. Credit events name holders only: the
 * developer of a project is not told where credits of its project go once they are someone else's.
 */
interface Audience<E extends EventName> {
  /** Payload fields of the event (its schema's own names, so a renamed field fails to compile here). */
  readonly fields: readonly (keyof EventPayload<E> & string)[];
  readonly projectParties?: true;
}

const AUDIENCE: { readonly [E in EventName]: Audience<E> } = {
  [EVENTS.REGISTRY_INITIALISED]: { fields: ['authorityAccountId'] },
  [EVENTS.SETTINGS_UPDATED]: { fields: [] },
  [EVENTS.AUTHORISATION_DETAILS_SET]: { fields: [] },
  [EVENTS.WORKFLOW_PROFILE_UPDATED]: { fields: [] },
  [EVENTS.ACCOUNT_CREATED]: { fields: ['accountId'] },
  [EVENTS.ACCOUNT_SUSPENDED]: { fields: ['accountId'] },
  [EVENTS.ACCOUNT_REACTIVATED]: { fields: ['accountId'] },
  [EVENTS.IDENTITY_BOUND]: { fields: ['accountId'] },
  [EVENTS.IDENTITY_REVOKED]: { fields: ['accountId'] },
  [EVENTS.PROJECT_REGISTERED]: { fields: ['developerAccountId', 'certifierAccountId'] },
  [EVENTS.PROJECT_DOCUMENTS_ADDED]: { fields: [], projectParties: true },
  [EVENTS.PROJECT_IDEA_NOTE_SUBMITTED]: { fields: [], projectParties: true },
  [EVENTS.PROJECT_NO_OBJECTION_GIVEN]: { fields: [], projectParties: true },
  [EVENTS.PROJECT_RESUBMITTED]: { fields: [], projectParties: true },
  [EVENTS.PROJECT_VALIDATED]: { fields: ['certifierAccountId'], projectParties: true },
  [EVENTS.PROJECT_VALIDATION_REJECTED]: { fields: ['certifierAccountId'], projectParties: true },
  [EVENTS.PROJECT_AUTHORISED]: { fields: [], projectParties: true },
  [EVENTS.PROJECT_REJECTED]: { fields: [], projectParties: true },
  [EVENTS.MONITORING_REPORT_SUBMITTED]: { fields: [], projectParties: true },
  [EVENTS.MONITORING_REPORT_VERIFIED]: { fields: [], projectParties: true },
  [EVENTS.MONITORING_REPORT_REJECTED]: { fields: [], projectParties: true },
  [EVENTS.CREDITS_ISSUED]: { fields: ['ownerAccountId'] },
  [EVENTS.CREDITS_TRANSFERRED]: { fields: ['fromAccountId', 'toAccountId'] },
  [EVENTS.CREDITS_RETIRED]: { fields: ['ownerAccountId'] },
  [EVENTS.RETIREMENT_REQUESTED]: { fields: ['ownerAccountId'] },
  [EVENTS.RETIREMENT_REJECTED]: { fields: ['ownerAccountId'] },
  [EVENTS.CREDITS_CANCELLED]: { fields: ['ownerAccountId'] },
  [EVENTS.BLOCK_FROZEN]: { fields: ['ownerAccountId'] },
  [EVENTS.BLOCK_UNFROZEN]: { fields: ['ownerAccountId'] },
  [EVENTS.EXPORT_REQUESTED]: { fields: ['fromAccountId'] },
  [EVENTS.ITMOS_TRANSFERRED]: { fields: ['fromAccountId'] },
  [EVENTS.EXPORT_ABANDONED]: { fields: ['fromAccountId'] },
  [EVENTS.ITMOS_ACQUIRED]: { fields: ['ownerAccountId'] },
  [EVENTS.BILATERAL_INITIALISED]: { fields: [] },
  [EVENTS.TRANSFER_RECORDED]: { fields: [] },
  [EVENTS.TRANSFER_ABANDONED]: { fields: [] },
};

function audienceOf(
  eventName: string,
): { readonly fields: readonly string[]; readonly projectParties?: true } | undefined {
  return isEventName(eventName) ? AUDIENCE[eventName] : undefined;
}

function field(record: unknown, name: string): unknown {
  if (typeof record !== 'object' || record === null || !Object.hasOwn(record, name)) return undefined;
  return (record as Record<string, unknown>)[name];
}

/** The developer and certifier accounts of a project. */
export type ProjectParties = (projectId: string) => Promise<readonly string[]>;

/**
 * Whether `event` concerns `accountId`: an account named by the event's audience fields, the actor's own account
 * (`by.accountId`: one's own action), or a party of the project for project and monitoring events. An event the
 * table does not know concerns nobody but the government (fail closed).
 */
export async function eventConcerns(
  event: RegistryEvent,
  accountId: string,
  projectParties: ProjectParties,
): Promise<boolean> {
  const audience = audienceOf(event.eventName);
  if (audience === undefined) return false;
  const { payload } = event;
  if (audience.fields.some((name) => field(payload, name) === accountId)) return true;
  if (field(field(payload, 'by'), 'accountId') === accountId) return true;
  const projectId = field(payload, 'projectId');
  if (audience.projectParties === true && typeof projectId === 'string') {
    return (await projectParties(projectId)).includes(accountId);
  }
  return false;
}
