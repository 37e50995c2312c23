import {
  AuthorisationDetailsSchema,
  invalidState,
  SettingsSchema,
  validation,
  type AuthorisationDetails,
  type AuthorisedEntity,
  type CooperativeApproach,
  type Settings,
} from '../../domain';
import { OBJECT, SETTINGS_KEY } from '../../domain';
import { recordType } from '../common/records';
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

/** The Article 6 details of each authorisation, by authorisation ID. */
export const AUTHORISATION_DETAILS = recordType(
  OBJECT.authorisationDetails,
  AuthorisationDetailsSchema,
  (authorisationId) => `no Article 6 details recorded for authorisation ${authorisationId}`,
);

export function saveAuthorisationDetails(ws: WorldState, details: AuthorisationDetails): Promise<void> {
  return ws.write(AUTHORISATION_DETAILS.key(ws, details.authorisationId), details);
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
