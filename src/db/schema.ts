// The one IndexedDB database of the app: its schema as a type, and every migration in one upgrade().
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { FileEntry, ReadOutcome } from '../core/model.ts';
import type { JournalRun } from '../apply/journal-types.ts';

export interface CachedRead extends FileEntry {
  /** Which granted library this path belongs to. */
  library: string;
  outcome: ReadOutcome;
}

export interface StoredLibrary {
  id: string;
  name: string;
  handle: FileSystemDirectoryHandle;
  addedAt: number;
  lastOpenedAt: number;
}

/** A batch of finished steps of a run; written every few hundred steps so the journal stays cheap. */
export interface JournalProgress {
  run: string;
  batch: number;
  /** Step indices finished in this batch. */
  done: number[];
  /** Step indices that failed, with the reason. */
  failed: { step: number; reason: string }[];
}

export interface OrganizerDB extends DBSchema {
  reads: { key: [string, string]; value: CachedRead };
  libraries: { key: string; value: StoredLibrary };
  runs: { key: string; value: JournalRun; indexes: { byLibrary: string } };
  progress: { key: [string, number]; value: JournalProgress; indexes: { byRun: string } };
  settings: { key: string; value: unknown };
}

export const DB_NAME = 'music-organizer';
const VERSION = 1;

export function openOrganizerDb(name = DB_NAME): Promise<IDBPDatabase<OrganizerDB>> {
  return openDB<OrganizerDB>(name, VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore('reads', { keyPath: ['library', 'path'] });
        db.createObjectStore('libraries', { keyPath: 'id' });
        const runs = db.createObjectStore('runs', { keyPath: 'id' });
        runs.createIndex('byLibrary', 'library');
        const progress = db.createObjectStore('progress', { keyPath: ['run', 'batch'] });
        progress.createIndex('byRun', 'run');
        db.createObjectStore('settings');
      }
    },
  });
}

export type OrganizerDb = IDBPDatabase<OrganizerDB>;
