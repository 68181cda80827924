// The life of a run: start (journal first), undo, and after a crash, resume or roll back.
import type { OrganizerDb } from '../db/schema.ts';
import { executeRun, JOURNAL_BATCH, RECOVERY_WINDOW, RunNotStartedError, stepsInFlight, workOf, type RunContext } from './execute-run.ts';
import { createRun, loadRun, progressOf, saveProgress, type RunProgress } from './journal-store.ts';
import { isOutputStep, isTemporaryPath, type DeleteStep, type JournalStep, type MoveStep } from '../core/journal-steps.ts';
import type { JournalRun, RunRecord, RunSummary } from '../db/journal-records.ts';
import { FolderCache, nameKey } from '../fs/folders.ts';
import { crashCandidates, firstUnrecorded, tiedFiles, unrecordedSteps, unrecordedStepsInFlight, type RecoverableStep } from '../core/recover.ts';
import { fingerprintOf } from './fingerprint.ts';
import { mapInOrder } from '../core/concurrency.ts';
import { pathKey } from '../core/library-path.ts';
import { netMoves } from '../core/net-moves.ts';
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

/**
 * The step that reverses a finished one. Copy steps are idempotent, so they reverse by kind. A
 * reversed move parks its file when its new target is a temporary name, so that is the step
 * marked temporary: if the step after it fails, the file is put back where it was.
 */
function inverse(step: Exclude<JournalStep, { kind: 'delete-junk' }>): JournalStep {
  if (step.kind === 'move') {
    const { temporary: _wasTemporary, ...rest } = step;
    return { ...rest, from: step.to, to: step.from, ...(isTemporaryPath(step.from) ? { temporary: true } : {}) };
  }
  // An output written is removed (only while it holds what was written); a rewritten playlist gets its original text back.
  if (step.kind === 'write-output') return { kind: 'remove-output', from: step.to, to: '', text: step.text, by: step.by };
  if (step.kind === 'remove-output') return { kind: 'write-output', from: '', to: step.from, text: step.text, by: step.by };
  if (step.kind === 'rewrite-playlist') return { ...step, before: step.after, after: step.before };
  // Removing the new spelling lets the undo's parked files go back into the old one.
  if (step.kind === 'remove-folder') return { ...step, from: step.to, to: step.from };
  return { ...step, kind: step.kind === 'copy' ? 'uncopy' : 'copy' };
}

/**
 * The steps that reverse a run: its finished steps (or all of them, when `everyStep`), last first.
 * A file the run rescued from a temporary name goes back under it first, so that the reversed
 * parking step finds it — unless the rescue had simply put it back home, where both would cancel out.
 */
function reversalSteps(run: JournalRun, progress: RunProgress, everyStep: boolean): JournalStep[] {
  const parkedBy = new Map<string, number>();
  for (const i of progress.done) {
    const step = run.steps[i]!;
    if (step.kind === 'move' && step.temporary) parkedBy.set(step.to, i);
  }
  const cancelled = new Set<number>();
  const entries: { at: number; step: JournalStep }[] = [];
  for (const r of progress.rescued.values()) {
    const parking = parkedBy.get(r.from);
    if (parking !== undefined && run.steps[parking]!.from === r.to) {
      cancelled.add(parking);
      continue;
    }
    const { size, lastModified, fingerprint } = run.steps[r.step] as MoveStep;
    entries.push({ at: r.step + 0.5, step: { kind: 'move', from: r.to, to: r.from, size, lastModified, temporary: true, ...(fingerprint ? { fingerprint } : {}) } });
  }
  // An output step not recorded may have run (a crash); its reverse checks the file's content
  // first, so reversing it when it did not run changes nothing. Failed ones did nothing.
  const unrecordedOutputs = run.steps.flatMap((s, i) => (isOutputStep(s) && !progress.done.has(i) && !progress.failed.has(i) ? [i] : []));
  for (const i of everyStep ? run.steps.keys() : [...progress.done, ...unrecordedOutputs]) {
    const step = run.steps[i]!;
    // Deleted clutter has no way back (the user was told so when choosing to delete it).
    if (step.kind === 'delete-junk' || cancelled.has(i)) continue;
    const reverse = inverse(step);
    entries.push({ at: i, step: reverse.kind === 'remove-output' && !progress.done.has(i) ? { ...reverse, unrecorded: true } : reverse });
  }
  return entries.sort((a, b) => b.at - a.at).map((e) => e.step);
}

function newId(): string {
  return `${Date.now().toString(36)}-${crypto.randomUUID().slice(0, 8)}`;
}

/** Records the whole plan, then executes it. */
export async function startRun(ctx: RunContext, plan: NewRun): Promise<{ run: JournalRun; summary: RunSummary }> {
  const steps = plan.destination ? plan.steps : await withFingerprints(ctx, plan.steps);
  const run: JournalRun = {
    id: newId(),
    library: plan.library,
    libraryName: plan.libraryName,
    kind: 'organize',
    startedAt: Date.now(),
    status: 'running',
    template: plan.template,
    steps,
    inFlight: stepsInFlight(ctx, steps),
    createdFolders: [],
    removedFolders: [],
    ...(plan.destination ? { destination: plan.destination, deletesOriginals: steps.some((s) => s.kind === 'copy' && s.deleteSource) } : {}),
  };
  await createRun(ctx.db, run).catch((e: unknown) => {
    throw new RunNotStartedError(e);
  });
  const summary = await executeRun(withDestination(ctx, run), run);
  return { run, summary };
}

/** Undo a finished run: its finished steps, reversed, as a run of its own. Files changed since are left alone. */
export async function undoRun(ctx: RunContext, runId: string): Promise<{ run: JournalRun; summary: RunSummary }> {
  const original = await loadRun(ctx.db, runId);
  if (!original) throw new Error('That run is not in the journal any more.');
  if (original.status === 'undoing' || original.status === 'undone') throw new Error('That run is already undone (or being undone).');
  return reverse(ctx, original, 'undo', false);
}

/**
 * Reverses a run as a run of its own, which the journal records as its undo or roll back. The
 * reversed run is 'undoing' until the reversal finishes (see finishRun). `everyStep` also reverses
 * unrecorded steps: only safe for idempotent (copy) steps.
 */
async function reverse(ctx: RunContext, original: JournalRun, kind: 'undo' | 'rollback', everyStep: boolean): Promise<{ run: JournalRun; summary: RunSummary }> {
  const progress = await progressOf(ctx.db, original.id);
  const reversal: JournalRun = {
    id: newId(),
    library: original.library,
    libraryName: original.libraryName,
    kind,
    undoOf: original.id,
    reverses: { kind: original.kind, startedAt: original.startedAt },
    startedAt: Date.now(),
    status: 'running',
    template: original.template,
    steps: reversalSteps(original, progress, everyStep),
    inFlight: stepsInFlight(ctx, original.steps),
    createdFolders: [],
    removedFolders: [],
    ...(original.destination ? { destination: original.destination, deletesOriginals: original.deletesOriginals ?? original.steps.some((s) => 'deleteSource' in s && s.deleteSource) } : {}),
  };
  await createRun(ctx.db, reversal, original).catch((e: unknown) => {
    throw new RunNotStartedError(e);
  });
  const summary = await executeRun(withDestination(ctx, reversal), reversal);
  return { run: reversal, summary };
}

/**
 * Where each file of a run started and where it is now, through temporary names and rescues, as
 * the journal records it: what the read cache follows after a run.
 */
export async function movedFiles(db: OrganizerDb, run: JournalRun): Promise<{ from: string; to: string }[]> {
  const { done, rescued } = await progressOf(db, run.id);
  const moves: { at: number; from: string; to: string }[] = [];
  for (const i of done) {
    const step = run.steps[i]!;
    if (step.kind === 'move') moves.push({ at: i, from: step.from, to: step.to });
  }
  for (const r of rescued.values()) moves.push({ at: r.step + 0.5, from: r.from, to: r.to });
  return netMoves(moves.sort((a, b) => a.at - b.at));
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
async function reconcile(ctx: RunContext, run: JournalRun): Promise<{ progress: RunProgress; observed: number[] }> {
  const progress = await progressOf(ctx.db, run.id);
  const { done, failed } = progress;
  // Copy steps are idempotent and simply run again; only moves need the file system's testimony.
  if (isCopyRun(run)) return { progress, observed: [] };
  const folders = new FolderCache(ctx.root);
  const recorded = new Set([...done, ...failed.keys()]);
  const steps = run.steps.map(recoverable);
  // Runs recorded before steps ran several at once (no `inFlight`) ran them in order.
  const inFlight = (run.inFlight ?? 1) > 1;
  // A snapshot of the files the crash window touches, so the recovery logic itself stays pure.
  const window = inFlight
    ? crashCandidates(steps, recorded, RECOVERY_WINDOW).map((i) => run.steps[i]!)
    : run.steps.slice(firstUnrecorded(recorded), firstUnrecorded(recorded) + JOURNAL_BATCH + 1);
  const identities = new Map<string, string>();
  const tied = new Set(run.steps.flatMap((s) => ('fingerprint' in s && s.fingerprint ? [identityOf(s.size, s.lastModified)] : [])));
  const startedAt = performance.now();
  for (const [k, step] of window.entries()) {
    ctx.onProgress?.({ total: window.length, done: k, skipped: 0, startedAt, phase: 'checking', work: workOf(run.steps) });
    if (step.kind === 'remove-folder' || isOutputStep(step)) continue;
    for (const path of [step.from, step.to]) {
      if (path === '' || identities.has(pathKey(path))) continue;
      const names = await folders.namesIn(parentOf(path)).catch(() => new Set<string>());
      if (!names.has(nameKey(baseName(path)))) continue;
      const file = await (await folders.file(path)).getFile().catch(() => undefined);
      if (!file) continue;
      const identity = identityOf(file.size, file.lastModified);
      identities.set(pathKey(path), tied.has(identity) ? `${identity}:${await fingerprintOf(file)}` : identity);
    }
  }
  const identityAt = (path: string) => identities.get(pathKey(path));
  const observed = inFlight
    ? unrecordedStepsInFlight(steps, recorded, identityAt, RECOVERY_WINDOW)
    : unrecordedSteps(steps, recorded, identityAt, JOURNAL_BATCH);
  // Output steps are never taken as done from the outside: they run again, and see for themselves.
  const moves = observed.filter((i) => !isOutputStep(run.steps[i]!));
  for (const i of moves) done.add(i);
  return { progress, observed: moves };
}

/** Records what the file system showed, so that a second crash cannot forget it. */
async function recordObserved(ctx: RunContext, run: JournalRun, progress: RunProgress, observed: number[]): Promise<void> {
  if (observed.length === 0) return;
  await saveProgress(ctx.db, { run: run.id, batch: progress.batches++, done: observed, failed: [] });
}

const identityOf = (size: number, lastModified: number) => `${size}:${lastModified}`;

/**
 * A step as crash recovery sees it: a tied file's identity includes its fingerprint. Output steps
 * run alone after the moves and check the file's content themselves, so, like a folder removal,
 * they are simply run again (decision 0017).
 */
const recoverable = (s: JournalStep): RecoverableStep => s.kind === 'remove-folder' || isOutputStep(s) ? { from: s.from, to: s.to, identity: '', repeatable: true } : ({
  from: s.from,
  to: s.to,
  identity: identityOf(s.size, s.lastModified) + ('fingerprint' in s && s.fingerprint ? `:${s.fingerprint}` : ''),
});

/** Fingerprint reads at once (4 KB at each end of a file). */
const FINGERPRINTS_IN_FLIGHT = 8;

/**
 * Fingerprints the files that tie with another file of the run on size and lastModified (usually
 * none, so usually nothing is read), for crash recovery to tell them apart.
 */
async function withFingerprints(ctx: RunContext, steps: JournalStep[]): Promise<JournalStep[]> {
  const tied = tiedFiles(steps.map(recoverable));
  if (tied.size === 0) return steps;
  const folders = new FolderCache(ctx.root);
  const fingerprinted = steps.slice();
  // Independent small reads, several at once: one at a time they held up the start of the run.
  await mapInOrder([...tied], FINGERPRINTS_IN_FLIGHT, async ([origin, indices]) => {
    const handle = ctx.handles?.get(origin) ?? (await folders.file(origin).catch(() => undefined));
    const file = await handle?.getFile().catch(() => undefined);
    // A file already gone fails its step anyway.
    if (!file) return;
    const fingerprint = await fingerprintOf(file);
    for (const i of indices) fingerprinted[i] = { ...(fingerprinted[i] as MoveStep | DeleteStep), fingerprint };
  });
  return fingerprinted;
}

export async function resumeRun(ctx: RunContext, runId: string): Promise<{ run: JournalRun; summary: RunSummary }> {
  const run = await loadRun(ctx.db, runId);
  if (!run) throw new Error('That run is not in the journal any more.');
  const { progress, observed } = await reconcile(ctx, run);
  await recordObserved(ctx, run, progress, observed);
  const summary = await executeRun(withDestination(ctx, run), run, progress);
  return { run, summary };
}

/** Roll back an interrupted run: reconcile what happened, then reverse exactly that. */
export async function rollBackRun(ctx: RunContext, runId: string): Promise<{ run: JournalRun; summary: RunSummary }> {
  const run = await loadRun(ctx.db, runId);
  if (!run) throw new Error('That run is not in the journal any more.');
  if (run.status === 'undoing' || run.status === 'undone') throw new Error('That run is already rolled back (or being rolled back).');
  const { progress, observed } = await reconcile(ctx, run);
  // Recorded, so that the roll back reverses those steps too.
  await recordObserved(ctx, run, progress, observed);
  return reverse(ctx, run, 'rollback', isCopyRun(run));
}

const isCopyRun = (run: JournalRun) => run.steps.some((s) => s.kind === 'copy' || s.kind === 'uncopy');
