// Reading and writing the journal in IndexedDB. Every write awaits its transaction, so when a
// function here returns, the record survives a crash.
import { chunksOf, type OrganizerDb, type JournalProgress, type Rescue } from '../db/schema.ts';
import type { JournalStep } from '../core/journal-steps.ts';
import type { JournalRun, RunRecord } from '../db/journal-records.ts';

const recordOf = ({ steps, ...record }: JournalRun): RunRecord => ({ ...record, stepCount: steps.length });

/**
 * Journal first: the run and all its steps, in one transaction, before any file is touched. Each
 * chunk is put after the previous one is stored, so their copying is spread over many short tasks.
 * The first chunk waits for a task of its own: the caller has just made the steps (scheduling,
 * inverting them for an undo) in the task it calls from, and both together were a long task
 * (decision 0009).
 */
export async function createRun(db: OrganizerDb, run: JournalRun, reversing?: JournalRun): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  // Strict: the run must be on the disk, not in the system's write buffer, before its first move.
  // Chromium's default has been 'relaxed' since version 121, which a power cut could undo while the
  // moves it describes stay done. One flush per run; the progress batches stay relaxed (recovery
  // finds unrecorded steps from the disk).
  const tx = db.transaction(['runs', 'stepChunks'], 'readwrite', { durability: 'strict' });
  void tx.objectStore('runs').put(recordOf(run));
  // The run being undone or rolled back changes status in the same transaction, so no crash can leave both unfinished.
  if (reversing) void tx.objectStore('runs').put(recordOf({ ...reversing, status: 'undoing' }));
  const chunks = tx.objectStore('stepChunks');
  for (const chunk of chunksOf(run.id, run.steps)) await chunks.put(chunk);
  await tx.done;
}

/** Status, summary and folders; the steps were written once by createRun. */
export async function saveRun(db: OrganizerDb, run: JournalRun): Promise<void> {
  const tx = db.transaction('runs', 'readwrite');
  await tx.store.put(recordOf(run));
  await tx.done;
}

/**
 * A run's last save, when every step was tried. An undo or roll back settles, in the same
 * transaction, the run it reversed (now undone) and, when that was itself an undo or roll back,
 * the run before it, which is back where it stood before: done after an undo, paused after a
 * roll back.
 */
export async function finishRun(db: OrganizerDb, run: JournalRun): Promise<void> {
  const tx = db.transaction('runs', 'readwrite');
  void tx.store.put(recordOf(run));
  const reversed = run.undoOf ? await tx.store.get(run.undoOf) : undefined;
  if (reversed) {
    void tx.store.put({ ...reversed, status: 'undone' });
    const before = reversed.undoOf && reversed.kind !== 'organize' ? await tx.store.get(reversed.undoOf) : undefined;
    if (before) void tx.store.put({ ...before, status: reversed.kind === 'rollback' ? 'paused' : 'done' });
  }
  await tx.done;
}

/** The run with its steps, read a chunk at a time (one short task each). */
export async function loadRun(db: OrganizerDb, id: string): Promise<JournalRun | undefined> {
  const tx = db.transaction(['runs', 'stepChunks'], 'readonly');
  const record = await tx.objectStore('runs').get(id);
  const steps: JournalStep[] = [];
  let cursor = record ? await tx.objectStore('stepChunks').openCursor(IDBKeyRange.bound([id, 0], [id, Infinity])) : null;
  while (cursor) {
    for (const step of cursor.value.steps) steps.push(step);
    cursor = await cursor.continue();
  }
  await tx.done;
  if (!record) return undefined;
  const { stepCount: _count, ...run } = record;
  return { ...run, steps };
}

export async function runsOf(db: OrganizerDb, library: string): Promise<RunRecord[]> {
  const runs = await db.getAllFromIndex('runs', 'byLibrary', library);
  return runs.sort((a, b) => b.startedAt - a.startedAt);
}

/** Appends one batch of finished (and failed) steps. */
export async function saveProgress(db: OrganizerDb, batch: JournalProgress): Promise<void> {
  const tx = db.transaction('progress', 'readwrite');
  await tx.store.put(batch);
  await tx.done;
}

export interface RunProgress {
  done: Set<number>;
  failed: Map<number, string>;
  /** Rescues of parked files, by the failed step they followed. */
  rescued: Map<number, Rescue>;
  batches: number;
}

export const noProgress = (): RunProgress => ({ done: new Set(), failed: new Map(), rescued: new Map(), batches: 0 });

export async function progressOf(db: OrganizerDb, run: string): Promise<RunProgress> {
  const batches = await db.getAllFromIndex('progress', 'byRun', run);
  const done = new Set<number>();
  const failed = new Map<number, string>();
  const rescued = new Map<number, Rescue>();
  for (const b of batches) {
    for (const i of b.done) done.add(i);
    for (const f of b.failed) failed.set(f.step, f.reason);
    for (const r of b.rescued ?? []) rescued.set(r.step, r);
  }
  return { done, failed, rescued, batches: batches.reduce((n, b) => Math.max(n, b.batch + 1), 0) };
}
