// The life of a run: start (journal first), undo, and after a crash, resume or roll back.
import type { OrganizerDb } from '../db/schema.ts';
import { executeRun, type RunContext } from './execute-run.ts';
import { loadRun, progressOf, saveProgress, saveRun } from './journal-store.ts';
import type { JournalRun, JournalStep, RunSummary } from './journal-types.ts';
import { FolderCache } from '../fs/folders.ts';
import { baseName, parentOf } from '../core/entries.ts';

export interface NewRun {
  library: string;
  libraryName: string;
  template: string;
  steps: JournalStep[];
}

function newId(): string {
  return `${Date.now().toString(36)}-${crypto.randomUUID().slice(0, 8)}`;
}

/** Records the whole plan, then executes it. */
export async function startRun(ctx: RunContext, plan: NewRun): Promise<{ run: JournalRun; summary: RunSummary }> {
  const run: JournalRun = {
    id: newId(),
    library: plan.library,
    libraryName: plan.libraryName,
    kind: 'organize',
    startedAt: Date.now(),
    status: 'running',
    template: plan.template,
    steps: plan.steps,
    createdFolders: [],
    removedFolders: [],
  };
  await saveRun(ctx.db, run);
  const summary = await executeRun(ctx, run);
  return { run, summary };
}

/** Undo: the finished steps of a run, reversed, as a run of its own. Files changed since are left alone. */
export async function undoRun(ctx: RunContext, runId: string): Promise<{ run: JournalRun; summary: RunSummary }> {
  const original = await loadRun(ctx.db, runId);
  if (!original) throw new Error('That run is not in the journal any more.');
  const { done } = await progressOf(ctx.db, runId);
  const steps: JournalStep[] = [...done]
    .sort((a, b) => b - a)
    .map((i) => original.steps[i]!)
    .map((s) => ({ ...s, from: s.to, to: s.from }));
  const undo: JournalRun = {
    id: newId(),
    library: original.library,
    libraryName: original.libraryName,
    kind: 'undo',
    undoOf: original.id,
    startedAt: Date.now(),
    status: 'running',
    template: original.template,
    steps,
    createdFolders: [],
    removedFolders: [],
  };
  await saveRun(ctx.db, undo);
  const summary = await executeRun(ctx, undo);
  original.status = 'undone';
  await saveRun(ctx.db, original);
  return { run: undo, summary };
}

/** Runs that did not finish: the tab closed, the browser crashed, or a fault paused them. */
export async function unfinishedRuns(db: OrganizerDb, library: string): Promise<JournalRun[]> {
  const runs = await db.getAllFromIndex('runs', 'byLibrary', library);
  return runs.filter((r) => r.status === 'running' || r.status === 'paused');
}

/**
 * Which steps of an interrupted run really happened. Recorded batches say most of it; a step in
 * flight at the crash (or finished after the last batch) is recognised from the file system:
 * its source gone and its target present means it was done.
 */
export async function reconcile(ctx: RunContext, run: JournalRun): Promise<{ done: Set<number>; observed: number[]; batches: number }> {
  const { done, failed, batches } = await progressOf(ctx.db, run.id);
  const folders = new FolderCache(ctx.root);
  const exists = async (path: string) => {
    try {
      const names = await folders.namesIn(parentOf(path));
      return names.has(baseName(path).normalize('NFC').toLowerCase());
    } catch {
      return false;
    }
  };
  const observed: number[] = [];
  for (let i = 0; i < run.steps.length; i++) {
    if (done.has(i) || failed.has(i)) continue;
    const step = run.steps[i]!;
    if (!(await exists(step.from)) && (await exists(step.to))) observed.push(i);
  }
  for (const i of observed) done.add(i);
  // A parked file that already moved on to its target leaves no trace at its temporary name:
  // the parking step happened if the step that continues from it did.
  const parkedBy = new Map<string, number>();
  run.steps.forEach((s, i) => s.temporary && parkedBy.set(s.to, i));
  for (const i of [...done]) {
    const parking = parkedBy.get(run.steps[i]!.from);
    if (parking !== undefined && !done.has(parking)) {
      done.add(parking);
      observed.push(parking);
    }
  }
  return { done, observed, batches };
}

export async function resumeRun(ctx: RunContext, runId: string): Promise<{ run: JournalRun; summary: RunSummary }> {
  const run = await loadRun(ctx.db, runId);
  if (!run) throw new Error('That run is not in the journal any more.');
  const { done, batches } = await reconcile(ctx, run);
  const summary = await executeRun(ctx, run, done, batches);
  return { run, summary };
}

/** Roll back an interrupted run: reconcile what happened, then undo exactly that. */
export async function rollBackRun(ctx: RunContext, runId: string): Promise<{ run: JournalRun; summary: RunSummary }> {
  const run = await loadRun(ctx.db, runId);
  if (!run) throw new Error('That run is not in the journal any more.');
  const { observed, batches } = await reconcile(ctx, run);
  // Record what the file system showed, so the undo reverses those steps too.
  if (observed.length > 0) await saveProgress(ctx.db, { run: run.id, batch: batches, done: observed, failed: [] });
  run.status = 'done';
  await saveRun(ctx.db, run);
  return undoRun(ctx, runId);
}
