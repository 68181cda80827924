// Reading and writing the journal in IndexedDB. Every write awaits its transaction, so when a
// function here returns, the record survives a crash.
import type { OrganizerDb, JournalProgress } from '../db/schema.ts';
import type { JournalRun } from './journal-types.ts';

export async function saveRun(db: OrganizerDb, run: JournalRun): Promise<void> {
  const tx = db.transaction('runs', 'readwrite');
  await tx.store.put(run);
  await tx.done;
}

export function loadRun(db: OrganizerDb, id: string): Promise<JournalRun | undefined> {
  return db.get('runs', id);
}

export async function runsOf(db: OrganizerDb, library: string): Promise<JournalRun[]> {
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
  batches: number;
}

export async function progressOf(db: OrganizerDb, run: string): Promise<RunProgress> {
  const batches = await db.getAllFromIndex('progress', 'byRun', run);
  const done = new Set<number>();
  const failed = new Map<number, string>();
  for (const b of batches) {
    for (const i of b.done) done.add(i);
    for (const f of b.failed) failed.set(f.step, f.reason);
  }
  return { done, failed, batches: batches.reduce((n, b) => Math.max(n, b.batch + 1), 0) };
}
