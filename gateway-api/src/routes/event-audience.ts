import { type AccountType, EVENTS, isEventName, type EventName, type EventPayload } from '@ncr/chaincode/domain';
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
  // An application has no account yet: the government (and whoever decided) sees it; its site reads the ledger.
  [EVENTS.ACCOUNT_APPLICATION_SUBMITTED]: { fields: [] },
  [EVENTS.ACCOUNT_APPLICATION_REJECTED]: { fields: [] },
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
  [EVENTS.DOCUMENT_RECORDED]: { fields: [], projectParties: true },
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

/** The accounts an event names, and the project whose parties it also concerns. */
interface EventAudience {
  readonly accounts: readonly string[];
  readonly projectId: string | undefined;
}

/**
 * Who `event` concerns: the accounts named by its audience fields and the actor's own account (`by.accountId`: one's
 * own action), and for project and monitoring events the project whose parties are concerned too. An event the
 * table does not know concerns nobody but the government (fail closed).
 */
function audienceOfEvent(event: Pick<RegistryEvent, 'eventName' | 'payload'>): EventAudience {
  const audience = audienceOf(event.eventName);
  if (audience === undefined) return { accounts: [], projectId: undefined };
  const { payload } = event;
  const named = [...audience.fields.map((name) => field(payload, name)), field(field(payload, 'by'), 'accountId')];
  const projectId = field(payload, 'projectId');
  return {
    accounts: named.filter((id): id is string => typeof id === 'string'),
    projectId: audience.projectParties === true && typeof projectId === 'string' ? projectId : undefined,
  };
}

/** An account that reads events: its ID and type. */
export interface EventReader {
  readonly id: string;
  readonly type: AccountType;
}

type Event = Pick<RegistryEvent, 'eventName' | 'payload'>;

/**
 * Whether `reader` sees `event` without looking at a project: true or false, or the project whose parties decide.
 * Every event for the government account's users (administrators and auditors), else the events that concern the
 * reader's own account ({@link audienceOfEvent}).
 */
function decide(reader: EventReader, event: Event): boolean | string {
  if (reader.type === 'GOVERNMENT') return true;
  const { accounts, projectId } = audienceOfEvent(event);
  return accounts.includes(reader.id) || (projectId ?? false);
}

/**
 * Whether `reader` may see `event`, a project's parties (developer and certifier accounts) read synchronously: the
 * rule of notifications, whose parties come from the read model. {@link readerSeesAsync} is the same rule.
 */
export function readerSees(
  reader: EventReader,
  event: Event,
  parties: (projectId: string) => readonly string[],
): boolean {
  const decided = decide(reader, event);
  return typeof decided === 'boolean' ? decided : parties(decided).includes(reader.id);
}

/** {@link readerSees} with parties asked of the ledger: the rule of the event stream (GET /v1/events). */
export async function readerSeesAsync(
  reader: EventReader,
  event: Event,
  parties: (projectId: string) => Promise<readonly string[]>,
): Promise<boolean> {
  const decided = decide(reader, event);
  return typeof decided === 'boolean' ? decided : (await parties(decided)).includes(reader.id);
}
