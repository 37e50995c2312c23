import {
  AuthorisationDetailsSchema,
  invalidState,
  notFound,
  SettingsSchema,
  validation,
  type AuthorisationDetails,
  type AuthorisedEntity,
  type CooperativeApproach,
  type Settings,
} from '../../domain';
import { OBJECT, SETTINGS_KEY } from '../../domain';
import type { WorldState } from '../common/state';

export function getSettings(ws: WorldState): Promise<Settings | undefined> {
  return ws.read(SETTINGS_KEY, SettingsSchema);
}

export async function requireSettings(ws: WorldState): Promise<Settings> {
  const settings = await getSettings(ws);
  if (settings === undefined) {
    throw invalidState('registry is not initialised (registry:InitRegistry)');
  }
  return settings;
}

export function saveSettings(ws: WorldState, settings: Settings): Promise<void> {
  return ws.write(SETTINGS_KEY, settings);
}

const detailsKey = (ws: WorldState, authorisationId: string): string =>
  ws.key(OBJECT.authorisationDetails, [authorisationId]);

export function getAuthorisationDetails(
  ws: WorldState,
  authorisationId: string,
): Promise<AuthorisationDetails | undefined> {
  return ws.read(detailsKey(ws, authorisationId), AuthorisationDetailsSchema);
}

export async function requireAuthorisationDetails(
  ws: WorldState,
  authorisationId: string,
): Promise<AuthorisationDetails> {
  const details = await getAuthorisationDetails(ws, authorisationId);
  if (details === undefined) {
    throw notFound(`no Article 6 details recorded for authorisation ${authorisationId}`);
  }
  return details;
}

export function saveAuthorisationDetails(ws: WorldState, details: AuthorisationDetails): Promise<void> {
  return ws.write(detailsKey(ws, details.authorisationId), details);
}

/**
 * Settings lists are add/edit only: authorisations, AEF rows and ITMO identifiers refer to cooperative approaches
 * and authorised entities by ID, so an ID once recorded never disappears.
 */
export function assertNoneRemoved(
  kind: string,
  current: readonly { id: string }[],
  next: readonly { id: string }[],
): void {
  const kept = new Set(next.map((item) => item.id));
  const removed = current.filter((item) => !kept.has(item.id)).map((item) => item.id);
  if (removed.length > 0) {
    throw validation(`${kind} cannot be removed: ${removed.join(', ')}`);
  }
}

/** Every cooperative approach an authorised entity names must be in the settings. */
export function assertEntitiesReferToApproaches(
  entities: readonly AuthorisedEntity[],
  approaches: readonly CooperativeApproach[],
): void {
  const known = new Set(approaches.map((c) => c.id));
  const unknown = entities.filter((e) => e.cooperativeApproachId !== undefined && !known.has(e.cooperativeApproachId));
  if (unknown.length > 0) {
    throw validation(
      `authorised entities name unknown cooperative approaches: ${unknown.map((e) => `${e.id} (${e.cooperativeApproachId ?? ''})`).join(', ')}`,
    );
  }
}
