// Getting, remembering and re-checking access to the user's music folder.
import type { OrganizerDb, StoredLibrary } from '../db/schema.ts';

export function folderAccessSupported(): boolean {
  return typeof window !== 'undefined' && typeof window.showDirectoryPicker === 'function';
}

/** Opens the picker. Resolves undefined when the user closes it without choosing. */
export async function pickLibraryFolder(): Promise<FileSystemDirectoryHandle | undefined> {
  try {
    return await window.showDirectoryPicker!({ id: 'music-library', mode: 'readwrite', startIn: 'music' });
  } catch (e) {
    if ((e as DOMException).name === 'AbortError') return undefined;
    throw e;
  }
}

/**
 * Ask for read-write access if we do not have it. Must run inside a user gesture when asking;
 * Chrome 122+ may keep the grant across visits so no prompt appears.
 */
export async function ensureWriteAccess(handle: FileSystemDirectoryHandle, ask = true): Promise<boolean> {
  const mode = { mode: 'readwrite' as const };
  if ((await handle.queryPermission(mode)) === 'granted') return true;
  if (!ask) return false;
  return (await handle.requestPermission(mode)) === 'granted';
}

/** The stored library for this folder, reusing the id of one we have seen, so caches and history carry over. */
export async function rememberLibrary(db: OrganizerDb, handle: FileSystemDirectoryHandle): Promise<StoredLibrary> {
  const known = await db.getAll('libraries');
  for (const lib of known) {
    if (await lib.handle.isSameEntry(handle).catch(() => false)) {
      const updated = { ...lib, handle, name: handle.name, lastOpenedAt: Date.now() };
      await db.put('libraries', updated);
      return updated;
    }
  }
  const lib: StoredLibrary = { id: crypto.randomUUID(), name: handle.name, handle, addedAt: Date.now(), lastOpenedAt: Date.now() };
  await db.put('libraries', lib);
  return lib;
}

export async function rememberedLibraries(db: OrganizerDb): Promise<StoredLibrary[]> {
  return (await db.getAll('libraries')).sort((a, b) => b.lastOpenedAt - a.lastOpenedAt);
}
