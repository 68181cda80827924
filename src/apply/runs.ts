// The life of a run: start (journal first), undo, and after a crash, resume or roll back.
import type { OrganizerDb } from '../db/schema.ts';
import { executeRun, JOURNAL_BATCH, type RunContext } from './execute-run.ts';
import { createRun, loadRun, progressOf, saveProgress, saveRun } from './journal-store.ts';
import type { JournalRun, JournalStep, RunRecord, RunSummary } from './journal-types.ts';
import { FolderCache, nameKey } from '../fs/folders.ts';
import { firstUnrecorded, unrecordedSteps } from '../core/recover.ts';
import { pathKey } from '../core/library-path.ts';
import { baseName, parentOf } from '../core/entries.ts';

export interface NewRun {
  library: string;
  libraryName: string;
  template: string;
  steps: JournalStep[];
  /** Copy mode: where the organized library is written. */
  destination?: { name: string; handle: FileSystemDirectoryHandle };
}

/** A run's own destination folder travels with it, so undo and resume find it again. */
const withDestination = (ctx: RunContext, run: JournalRun): RunContext =>
  run.destination && !ctx.destination ? { ...ctx, destination: run.destination.handle } : ctx;

/** The step that reverses a finished one. Copy steps are idempotent, so they reverse by kind. */
function inverse(step: Exclude<JournalStep, { kind: 'delete-junk' }>): JournalStep {
  if (step.kind === 'move') return { ...step, from: step.to, to: step.from };
  return { ...step, kind: step.kind === 'copy' ? 'uncopy' : 'copy' };
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
    ...(plan.destination ? { destination: plan.destination } : {}),
  };
  await createRun(ctx.db, run);
  const summary = await executeRun(withDestination(ctx, run), run);
  return { run, summary };
}

/**
 * Undo: the finished steps of a run, reversed, as a run of its own. Files changed since are left
 * alone. `everyStep` also reverses unrecorded steps: only safe for idempotent (copy) steps.
 */
export async function undoRun(ctx: RunContext, runId: string, everyStep = false): Promise<{ run: JournalRun; summary: RunSummary }> {
  const original = await loadRun(ctx.db, runId);
  if (!original) throw new Error('That run is not in the journal any more.');
  const { done } = await progressOf(ctx.db, runId);
  const indices = everyStep ? original.steps.map((_, i) => i) : [...done];
  // Deleted clutter has no way back (the user was told so when choosing to delete it).
  const steps: JournalStep[] = indices
    .sort((a, b) => b - a)
    .map((i) => original.steps[i]!)
    .filter((s) => s.kind !== 'delete-junk')
    .map(inverse);
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
    ...(original.destination ? { destination: original.destination } : {}),
  };
  await createRun(ctx.db, undo);
  const summary = await executeRun(withDestination(ctx, undo), undo);
  original.status = 'undone';
  await saveRun(ctx.db, original);
  return { run: undo, summary };
}

/** Runs that did not finish: the tab closed, the browser crashed, or a fault paused them. */
export async function unfinishedRuns(db: OrganizerDb, library: string): Promise<RunRecord[]> {
  const runs = await db.getAllFromIndex('runs', 'byLibrary', library);
  return runs.filter((r) => r.status === 'running' || r.status === 'paused');
}

/**
 * Which steps of an interrupted run really happened: the recorded ones, plus those done after the
 * last journal write, recognised from the file system (see src/core/recover.ts).
 */
export async function reconcile(ctx: RunContext, run: JournalRun): Promise<{ done: Set<number>; observed: number[]; batches: number }> {
  const { done, failed, batches } = await progressOf(ctx.db, run.id);
  // Copy steps are idempotent and simply run again; only moves need the file system's testimony.
  if (isCopyRun(run)) return { done, observed: [], batches };
  const folders = new FolderCache(ctx.root);
  const recorded = new Set([...done, ...failed.keys()]);
  // A snapshot of the files the crash window touches, so the recovery logic itself stays pure.
  const first = firstUnrecorded(recorded);
  const window = run.steps.slice(first, first + JOURNAL_BATCH + 1);
  const identities = new Map<string, string>();
  for (const step of window) {
    for (const path of [step.from, step.to]) {
      if (identities.has(pathKey(path))) continue;
      const names = await folders.namesIn(parentOf(path)).catch(() => new Set<string>());
      if (!names.has(nameKey(baseName(path)))) continue;
      const file = await (await folders.file(path)).getFile().catch(() => undefined);
      if (file) identities.set(pathKey(path), identityOf(file.size, file.lastModified));
    }
  }
  const steps = run.steps.map((s) => ({ from: s.from, to: s.to, identity: identityOf(s.size, s.lastModified) }));
  const observed = unrecordedSteps(steps, recorded, (path) => identities.get(pathKey(path)), JOURNAL_BATCH);
  for (const i of observed) done.add(i);
  return { done, observed, batches };
}

const identityOf = (size: number, lastModified: number) => `${size}:${lastModified}`;

export async function resumeRun(ctx: RunContext, runId: string): Promise<{ run: JournalRun; summary: RunSummary }> {
  const run = await loadRun(ctx.db, runId);
  if (!run) throw new Error('That run is not in the journal any more.');
  const { done, observed, batches } = await reconcile(ctx, run);
  // Record what the file system showed, so a second crash cannot forget it.
  if (observed.length > 0) await saveProgress(ctx.db, { run: run.id, batch: batches, done: observed, failed: [] });
  const summary = await executeRun(withDestination(ctx, run), run, done, batches + (observed.length > 0 ? 1 : 0));
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
  return undoRun(ctx, runId, isCopyRun(run));
}

const isCopyRun = (run: JournalRun) => run.steps.some((s) => s.kind === 'copy' || s.kind === 'uncopy');
