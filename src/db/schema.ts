// The one IndexedDB database of the app: its schema as a type, and every migration in one upgrade().
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import type { FileEntry, ReadOutcome } from '../core/model.ts';
import type { JournalStep } from '../core/journal-steps.ts';
import type { RunRecord } from '../db/journal-records.ts';
import type { ReviewChoice } from '../core/review-choices.ts';
import type { StoredPlugin, StoredResponse } from './plugin-records.ts';
import type { StoredAnswers } from './plugin-answers.ts';
import type { PlanSettings } from '../core/plan.ts';

export interface CachedRead extends FileEntry {
  /** Which granted library this path belongs to. */
  library: string;
  outcome: ReadOutcome;
  /** READER_VERSION of the reader that made it (absent: version 1); an older read is read again. */
  reader?: number;
  /** The content hash (Recording.hash), when the scan computed one. */
  hash?: string;
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
  /**
   * Files taken out of a temporary name after the step that should have done so failed (see
   * execute-run.ts): moved `from` → `to` right after step `step`; `row` is what the summary says.
   * Absent in journals written before it existed, and in batches without a rescue.
   */
  rescued?: Rescue[];
}

export interface Rescue {
  step: number;
  from: string;
  to: string;
  row: { path: string; reason: string };
}

export interface StepChunk {
  run: string;
  /** 0, 1, 2…: the chunk's place in the run; chunk c holds steps c × STEPS_PER_CHUNK onwards. */
  chunk: number;
  steps: JournalStep[];
}

export const STEPS_PER_CHUNK = 1000;

/** A run's steps as the chunks stored for it. */
export function chunksOf(run: string, steps: readonly JournalStep[]): StepChunk[] {
  const chunks: StepChunk[] = [];
  for (let c = 0; c * STEPS_PER_CHUNK < steps.length; c++) chunks.push({ run, chunk: c, steps: steps.slice(c * STEPS_PER_CHUNK, (c + 1) * STEPS_PER_CHUNK) });
  return chunks;
}

/**
 * One choice the user made while reviewing a library's plan (src/core/review-choices.ts), under
 * `choiceKey(choice)`. One store for every kind, told apart by `kind`, so that later kinds
 * (excluded files, edited releases) join without a new store.
 */
export type StoredChoice = ReviewChoice & {
  library: string;
  key: string;
};

/** What the user set for one library (path rules, untagged, clutter, move or copy), restored when it is opened again. */
export interface StoredSettings extends Omit<PlanSettings, 'maxPathLength'> {
  library: string;
  mode: 'move' | 'copy';
  deleteOriginals: boolean;
  savedAt: number;
}

/** Path rules the user saved under a name of their own; offered for every library. */
export interface StoredPreset {
  id: string;
  name: string;
  rules: string;
  savedAt: number;
}

export interface OrganizerDB extends DBSchema {
  reads: { key: [string, string]; value: CachedRead };
  libraries: { key: string; value: StoredLibrary };
  runs: { key: string; value: RunRecord; indexes: { byLibrary: string } };
  /**
   * A run's steps, written once before its first step (status updates do not copy them again), in
   * chunks of STEPS_PER_CHUNK, so that neither writing nor reading them is a long task on the page
   * (figures in docs/decisions/0009-no-long-task-on-the-page.md).
   */
  stepChunks: { key: [string, number]; value: StepChunk };
  progress: { key: [string, number]; value: JournalProgress; indexes: { byRun: string } };
  reviewChoices: { key: [string, string]; value: StoredChoice };
  /** Installed shared plugins: manifest, bytes and hash; always loaded from here (src/db/plugin-records.ts). */
  plugins: { key: string; value: StoredPlugin };
  /** JSON answers plugins fetched through the host, by URL, for offline use. */
  pluginResponses: { key: string; value: StoredResponse };
  /** What code plugins answered, per (plugin hash, input), in batches (src/db/plugin-answers.ts). */
  pluginAnswers: { key: [string, number, number]; value: StoredAnswers };
  librarySettings: { key: string; value: StoredSettings };
  presets: { key: string; value: StoredPreset };
}

export const DB_NAME = 'music-organizer';
const VERSION = 8;

/** What an open connection hears from other tabs of the app. */
export interface DatabaseEvents {
  /**
   * Another tab opens a newer version (the app was updated there), and this connection is in its
   * way. The callee must call `close` soon (after a run in progress, say); without this handler the
   * connection closes at once. Either way the other tab is never left hanging.
   */
  outdated?: (close: () => void) => void;
  /** An older version open in another tab keeps this one waiting until that tab closes its connection. */
  blocked?: () => void;
}

export function openOrganizerDb(name = DB_NAME, events: DatabaseEvents = {}): Promise<IDBPDatabase<OrganizerDB>> {
  return openDB<OrganizerDB>(name, VERSION, {
    blocking(_current, _newer, event) {
      const db = event.target as IDBDatabase;
      const close = () => db.close();
      if (events.outdated) events.outdated(close);
      else close();
    },
    blocked() {
      events.blocked?.();
    },
    upgrade(db, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) {
        db.createObjectStore('reads', { keyPath: ['library', 'path'] });
        db.createObjectStore('libraries', { keyPath: 'id' });
        const runs = db.createObjectStore('runs', { keyPath: 'id' });
        runs.createIndex('byLibrary', 'library');
        const progress = db.createObjectStore('progress', { keyPath: ['run', 'batch'] });
        progress.createIndex('byRun', 'run');
      }
      if (oldVersion < 3) {
        const chunks = db.createObjectStore('stepChunks', { keyPath: ['run', 'chunk'] });
        // Older journals move over in one pass over their records, while the upgrade holds the database.
        const old = tx as unknown as IDBPTransaction<unknown, string[], 'versionchange'>;
        const putSteps = (run: string, steps: JournalStep[]) => {
          for (const chunk of chunksOf(run, steps)) void chunks.put(chunk);
        };
        if (oldVersion === 1) {
          // Version 1 kept the steps inside each run record.
          void old.objectStore('runs').openCursor().then(async function migrate(cursor): Promise<void> {
            if (!cursor) return;
            const { steps = [], ...record } = cursor.value as RunRecord & { steps?: JournalStep[] };
            putSteps(record.id, steps);
            void cursor.update({ ...record, stepCount: steps.length });
            return migrate(await cursor.continue());
          });
        }
        if (oldVersion === 2) {
          // Version 2 kept them in one record per run, in the store 'runSteps'.
          void old.objectStore('runSteps').openCursor().then(async function migrate(cursor): Promise<void> {
            if (!cursor) {
              db.deleteObjectStore('runSteps' as never);
              return;
            }
            const { run, steps } = cursor.value as { run: string; steps: JournalStep[] };
            putSteps(run, steps);
            return migrate(await cursor.continue());
          });
        }
      }
      // Versions 1–3 had a 'settings' store that nothing ever used.
      if (oldVersion >= 1 && oldVersion < 4 && db.objectStoreNames.contains('settings' as never)) db.deleteObjectStore('settings' as never);
      // Version 5: what the user chose while reviewing a plan, per library (which copy of a duplicate to keep).
      if (oldVersion < 5) db.createObjectStore('reviewChoices', { keyPath: ['library', 'key'] });
      // Version 6: shared plugins and the answers they fetched (issue 14). Self-contained: it only adds stores.
      if (oldVersion < 6) {
        db.createObjectStore('plugins', { keyPath: 'id' });
        db.createObjectStore('pluginResponses', { keyPath: 'url' });
      }
      // Version 7: each library's settings, and the user's own presets.
      if (oldVersion < 7) {
        db.createObjectStore('librarySettings', { keyPath: 'library' });
        db.createObjectStore('presets', { keyPath: 'id' });
      }
      // Version 8: plugin answers kept across reloads, so a reload starts no sandbox (issue 14, point 3).
      if (oldVersion < 8) db.createObjectStore('pluginAnswers', { keyPath: ['plugin', 'storedAt', 'size'] });
    },
  });
}

export type OrganizerDb = IDBPDatabase<OrganizerDB>;
