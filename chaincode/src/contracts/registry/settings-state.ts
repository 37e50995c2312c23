import { invalidState, SettingsSchema, type Settings } from '../../domain';
import { SETTINGS_KEY } from '../common/keys';
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
