// The one IndexedDB database of the app: its schema as a type, and every migration in one upgrade().
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { FileEntry, ReadOutcome } from '../core/model.ts';
import type { JournalStep, RunRecord } from '../apply/journal-types.ts';

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
  runs: { key: string; value: RunRecord; indexes: { byLibrary: string } };
  /** A run's steps, written once before its first step: status updates do not copy them again. */
  runSteps: { key: string; value: { run: string; steps: JournalStep[] } };
  progress: { key: [string, number]; value: JournalProgress; indexes: { byRun: string } };
  settings: { key: string; value: unknown };
}

export const DB_NAME = 'music-organizer';
const VERSION = 2;

export function openOrganizerDb(name = DB_NAME): Promise<IDBPDatabase<OrganizerDB>> {
  return openDB<OrganizerDB>(name, VERSION, {
    upgrade(db, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) {
        db.createObjectStore('reads', { keyPath: ['library', 'path'] });
        db.createObjectStore('libraries', { keyPath: 'id' });
        const runs = db.createObjectStore('runs', { keyPath: 'id' });
        runs.createIndex('byLibrary', 'library');
        const progress = db.createObjectStore('progress', { keyPath: ['run', 'batch'] });
        progress.createIndex('byRun', 'run');
        db.createObjectStore('settings');
      }
      if (oldVersion < 2) {
        // Version 1 kept the steps inside each run record; move them to a store of their own.
        const steps = db.createObjectStore('runSteps', { keyPath: 'run' });
        if (oldVersion >= 1) {
          const runs = tx.objectStore('runs');
          void runs.openCursor().then(async function migrate(cursor): Promise<void> {
            if (!cursor) return;
            const { steps: old = [], ...record } = cursor.value as RunRecord & { steps?: JournalStep[] };
            void steps.put({ run: record.id, steps: old });
            void cursor.update({ ...record, stepCount: old.length });
            return migrate(await cursor.continue());
          });
        }
      }
    },
  });
}

export type OrganizerDb = IDBPDatabase<OrganizerDB>;
