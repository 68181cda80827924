// Each library's settings and the user's own presets, kept in IndexedDB so that a reload or the
// next visit plans the way the user left it. Settings are per library (a second library keeps its
// own); presets are the user's, offered for every library.
import type { OrganizerDb, StoredPreset, StoredSettings } from './schema.ts';

export function loadSettings(db: OrganizerDb, library: string): Promise<StoredSettings | undefined> {
  return db.get('librarySettings', library);
}

export async function saveSettings(db: OrganizerDb, settings: StoredSettings): Promise<void> {
  await db.put('librarySettings', settings);
}

/** The user's presets, oldest first. */
export async function loadPresets(db: OrganizerDb): Promise<StoredPreset[]> {
  return (await db.getAll('presets')).sort((a, b) => a.savedAt - b.savedAt || (a.id < b.id ? -1 : 1));
}

export async function savePreset(db: OrganizerDb, preset: StoredPreset): Promise<void> {
  await db.put('presets', preset);
}

export async function deletePreset(db: OrganizerDb, id: string): Promise<void> {
  await db.delete('presets', id);
}
