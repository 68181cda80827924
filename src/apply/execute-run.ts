// The journal loop: runs a journaled run's steps in order, each through the one door to the disk
// (src/fs/folders.ts, which checks the source is there and the target free right before acting),
// and records their outcomes in batches.
// One file's failure is a row in the summary; a fault that would fail every file (permission
// withdrawn, disk full, the library folder gone) pauses the run so it can be resumed.
import { baseName, parentOf } from '../core/entries.ts';
import type { OrganizerDb } from '../db/schema.ts';
import { FileInUseError, FolderCache, nameKey } from '../fs/folders.ts';
import { withSuffix } from '../core/sanitize.ts';
import { pathKey } from '../core/library-path.ts';
import { isPlaylistName } from '../core/playlist-text.ts';
import { FolderUse } from '../core/folder-use.ts';
import { EmptiedFolders } from './emptied-folders.ts';
import type { Rescue } from '../db/schema.ts';
import { finishRun, noProgress, saveProgress, saveRun, type RunProgress } from './journal-store.ts';
import { isOutputStep, isTemporaryPath, type JournalStep, type MoveStep, type OutputStep } from '../core/journal-steps.ts';
import type { JournalRun, RunSummary } from '../db/journal-records.ts';
import { copyStep, LeftoverCopyError } from './copy-steps.ts';
import { NO_CHANGE, outputStep } from './output-steps.ts';
import { RunPausedError } from './run-errors.ts';

export interface ApplyProgress {
  total: number;
  done: number;
  skipped: number;
  startedAt: number;
  /** 'checking': before an interrupted run goes on, what it did after its last record is looked up on disk. */
  phase: 'checking' | 'moving' | 'tidying' | 'finished' | 'paused';
  /** What the steps do to files: 'copy' and 'uncopy' runs say so in their progress. */
  work: 'move' | 'copy' | 'uncopy';
}

export interface RunContext {
  root: FileSystemDirectoryHandle;
  /** Copy mode: the second granted folder the library is copied into. */
  destination?: FileSystemDirectoryHandle;
  db: OrganizerDb;
  signal?: AbortSignal;
  onProgress?: (p: Readonly<ApplyProgress>) => void;
  /** Handles known from the scan, by path: saves a lookup per file. Updated as files move. */
  handles?: Map<string, FileSystemFileHandle>;
  /** Steps recorded per journal write. */
  journalBatch?: number;
  /** Steps in flight at once (at most MAX_IN_FLIGHT); copy runs run one at a time. */
  inFlight?: number;
}

/** Steps recorded per journal write. */
export const JOURNAL_BATCH = 256;

/**
 * Independent moves sent to the browser at once. Measured by `npm run bench` (the move() floor at
 * 1, 4, 8, 16 and 32 in flight): over four 10,000-file runs, 16 was the best width on average
 * (8,167 ms, against 9,076 at 8 and 8,597 at 32; decision 0013).
 */
export const MOVES_IN_FLIGHT = 16;
const MAX_IN_FLIGHT = 32;

/** Steps started and not yet recorded, at most: how far crash recovery looks past the records. */
export const RECOVERY_WINDOW = JOURNAL_BATCH + MAX_IN_FLIGHT;

export { RunNotStartedError, RunPausedError } from './run-errors.ts';

/**
 * Runs the steps of `run` that `previous` (an earlier, interrupted execution) has no outcome for.
 * Resolves with the summary when every step was tried; rejects with RunPausedError (run saved as
 * paused) on a run-wide fault.
 */
export async function executeRun(ctx: RunContext, run: JournalRun, previous: RunProgress = noProgress()): Promise<RunSummary> {
  const started = performance.now();
  const folders = new FolderCache(ctx.root, ctx.handles);
  const destination = ctx.destination ? new FolderCache(ctx.destination) : undefined;
  /** Folders that lost files, per side: emptied ones are removed at the end. */
  const emptiedInDestination = new Set<string>();
  const journalBatch = Math.min(ctx.journalBatch ?? JOURNAL_BATCH, JOURNAL_BATCH);
  const progress: ApplyProgress = { total: run.steps.length, done: previous.done.size, skipped: previous.failed.size, startedAt: started, phase: 'moving', work: workOf(run.steps) };
  // A failed step is final: its row was shown, and its source may since hold another file of this run.
  const earlier = new Map([...previous.failed].map(([i, reason]) => [i, previous.rescued.get(i)?.row ?? { path: run.steps[i]!.from, reason }]));
  const skipped: RunSummary['skipped'] = [];
  let { moved, deleted, written, writtenOther } = countDone(run.steps, previous.done);
  const parked = parkedBy(run.steps, previous);
  const movedFrom = new Set<string>();
  // Emptied folders are removed as soon as no step left touches them, while other steps run
  // (decision 0013, rule 8); whatever is left is tidied at the end. Copy runs tidy at the end only.
  const emptied = workOf(run.steps) === 'move' ? new EmptiedFolders(folders, await FolderUse.of(run.steps, (i) => previous.done.has(i) || previous.failed.has(i), parked, nextTask)) : undefined;
  /** Old spellings of folders renamed only in case, removed on the way. */
  const removedOnTheWay: string[] = [];
  let batch = previous.batches;
  let doneBuffer: number[] = [];
  let failedBuffer: { step: number; reason: string }[] = [];

  /** Steps handed to a journal write that has not finished yet. */
  let recording = 0;
  const flush = async () => {
    if (doneBuffer.length === 0 && failedBuffer.length === 0) return;
    const done = doneBuffer;
    const failed = failedBuffer;
    doneBuffer = [];
    failedBuffer = [];
    recording += done.length + failed.length;
    try {
      await saveProgress(ctx.db, { run: run.id, batch: batch++, done, failed });
    } catch (e) {
      // Not recorded: put back, so that the pause's last flush tries again.
      doneBuffer.push(...done);
      failedBuffer.push(...failed);
      throw e;
    } finally {
      recording -= done.length + failed.length;
    }
  };

  /**
   * A file whose step out of a temporary name failed must not stay hidden (the scan skips such
   * names): back where it was parked from, or beside that place under a free name. Written to the
   * journal at once, so that undo and roll back know where the file went.
   */
  const rescue = async (i: number, step: MoveStep, failure: string): Promise<Rescue | undefined> => {
    const home = parked.get(step.from) ?? step.to;
    const to = await visiblePlace(folders, step, home);
    if (to === undefined) return undefined;
    parked.delete(step.from);
    const reason = to === home ? `${failure} The file stays where it was.` : `${failure} It was put at "${to}" instead.`;
    const rescued: Rescue = { step: i, from: step.from, to, row: { path: home, reason } };
    await saveProgress(ctx.db, { run: run.id, batch: batch++, done: [], failed: [], rescued: [rescued] });
    return rescued;
  };

  ctx.onProgress?.(progress);

  // Steps in flight (see the loop below). Declared here so that a fault anywhere still waits for
  // them: the run must not report itself paused while the browser is still moving its files, or
  // a resume or roll back started at once would race them.
  let running = 0;
  let fault: unknown;
  let stopped = false;
  let wake = () => {};
  /** The journal write started in the background while further steps run, if one is under way. */
  let writing: Promise<void> | undefined;
  const settled = async () => {
    stopped = true;
    while (running > 0 || writing) await new Promise<void>((resolve) => (wake = resolve));
    await emptied?.busy;
  };
  /** Everything finished so far on record: the background write under way, then what is left. */
  const flushAll = async () => {
    await writing;
    await flush();
  };

  try {
    // A resumed run says it is running again (a new one already does), and how many steps it
    // runs at once, which crash recovery must know, before any step runs.
    if (run.status !== 'running' || run.inFlight !== stepsInFlight(ctx, run.steps)) {
      run.status = 'running';
      run.inFlight = stepsInFlight(ctx, run.steps);
      await saveRun(ctx.db, run);
    }
    // A rescue the last execution did not get to (it paused or crashed first).
    for (const [i, reason] of previous.failed) {
      const step = run.steps[i]!;
      if (step.kind === 'move' && isTemporaryPath(step.from) && !previous.rescued.has(i)) {
        const rescued = await rescue(i, step, reason);
        if (rescued) earlier.set(i, rescued.row);
      }
    }
    const rows = new Map<number, RunSummary['skipped'][number]>();

    /** Runs one step and records its outcome; a run-wide fault is kept for the loop to stop on. */
    const runStep = async (i: number, step: JournalStep): Promise<void> => {
      let failure: string | undefined;
      let changed = true;
      if (step.kind === 'move') failure = await folders.moveFile(step.from, step.to);
      // Never a failure: a folder that still holds files is simply kept.
      else if (step.kind === 'remove-folder') removedOnTheWay.push(...(await folders.removeFolderTree(step.from)));
      // Opt-in clutter removal: only the file the scan saw (same size), never a folder.
      else if (step.kind === 'delete-junk') failure = await folders.removeIfUnchanged(step.from, step.size);
      else if (isOutputStep(step)) {
        const outcome = await outputStep(folders, step);
        if (outcome === NO_CHANGE) changed = false;
        else failure = outcome;
      }
      else if (!destination) throw new RunPausedError('The destination folder of this copy is not available. Choose it again, then resume.');
      else failure = await copyStep(folders, destination, step);
      if (failure === undefined) {
        doneBuffer.push(i);
        progress.done++;
        if (step.kind === 'delete-junk') deleted++;
        else if (isOutputStep(step) && changed) {
          written++;
          if (!isPlaylistStep(step)) writtenOther++;
        }
        else if (movesAFile(step)) moved++;
        if (step.kind === 'uncopy') emptiedInDestination.add(parentOf(step.to));
        else if (step.kind !== 'copy' || step.deleteSource) {
          movedFrom.add(parentOf(step.from));
          emptied?.left(parentOf(step.from));
        }
        if (step.kind === 'move' && step.temporary) parked.set(step.to, step.from);
        else parked.delete(step.from);
      } else {
        failedBuffer.push({ step: i, reason: failure });
        progress.skipped++;
        // Failures are written at once, before any step touching the same paths may start: crash
        // recovery may then assume that an unrecorded step whose followers ran did not fail.
        await flush();
        const rescued = step.kind === 'move' && isTemporaryPath(step.from) ? await rescue(i, step, failure) : undefined;
        rows.set(i, rescued?.row ?? { path: step.from || step.to, reason: failure });
      }
      emptied?.stepFinished(i);
      // Called for every step: it must stay cheap, the UI throttles its own rendering.
      ctx.onProgress?.(progress);
    };

    // Several steps in flight, started in order. A step waits while a step in flight touches one
    // of its paths (by key: the disk may ignore case), so steps that depend on each other (a chain,
    // a swap through a temporary name) keep their order; a folder removal runs alone, with
    // everything before it recorded first and itself recorded before anything after it starts
    // (crash recovery relies on both, see src/core/recover.ts).
    const width = stepsInFlight(ctx, run.steps);
    const held = new Set<string>();
    const start = (i: number, step: JournalStep, keys: string[]) => {
      for (const key of keys) held.add(key);
      running++;
      void runStep(i, step)
        .catch((e: unknown) => {
          if (!stopped) fault = e;
          stopped = true;
        })
        .finally(() => {
          for (const key of keys) held.delete(key);
          running--;
          wake();
        });
    };
    let next = 0;
    for (;;) {
      while (!stopped && next < run.steps.length && running < width) {
        if (previous.done.has(next) || previous.failed.has(next)) {
          next++;
          continue;
        }
        if (ctx.signal?.aborted) {
          fault = new RunPausedError('Stopped before finishing. Resume to carry on, or roll back.');
          stopped = true;
          break;
        }
        // Never more steps started and unrecorded than crash recovery looks at.
        if (running + doneBuffer.length + recording >= journalBatch + width) break;
        const step = run.steps[next]!;
        // Output steps too run alone (decision 0017), so at most one of them is ever unrecorded.
        if (step.kind === 'remove-folder' || isOutputStep(step)) {
          if (running > 0) break;
          await flushAll();
          // Alone also means no folder removal under way: one in the tree a remove-folder step
          // walks would race it (two removals in one branch make each other fail).
          await emptied?.busy;
          await runStep(next, step);
          await flushAll();
          next++;
          continue;
        }
        const keys = pathKeysOf(step);
        if (keys.some((key) => held.has(key))) break;
        start(next++, step, keys);
      }
      // Half a batch is written in the background while further steps run: waiting for each write
      // stalled the moves every batch. Steps started and unrecorded stay within the window above.
      // Once stopped, the pause records what is left (a failed write started again at once would
      // spin for ever).
      if (!stopped && !writing && doneBuffer.length + failedBuffer.length >= Math.ceil(journalBatch / 2)) {
        writing = flush()
          .catch((e: unknown) => {
            if (!stopped) fault = e;
            stopped = true;
          })
          .finally(() => {
            writing = undefined;
            wake();
          });
      }
      if (running === 0 && !writing) {
        if (stopped || next >= run.steps.length) break;
        continue;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
    if (fault !== undefined) throw fault;
    await emptied?.busy;
    skipped.push(...earlier.values(), ...[...rows].sort(([a], [b]) => a - b).map(([, row]) => row));
    await flush();
    progress.phase = 'tidying';
    ctx.onProgress?.(progress);
    // An organize run also removes folders it created that ended up empty (a failed move's target).
    const left = (run.kind === 'organize' ? [...movedFrom, ...folders.created] : [...movedFrom]).filter((folder) => !emptied?.tried.has(folder));
    const removed = await folders.removeEmptyFolders(left);
    if (destination) await destination.removeEmptyFolders(emptiedInDestination);
    run.createdFolders.push(...folders.created);
    run.removedFolders.push(...removedOnTheWay, ...(emptied?.removed ?? []), ...removed);
    run.summary = {
      moved,
      ...(deleted > 0 ? { deleted } : {}),
      ...(written > 0 ? { written } : {}),
      ...(writtenOther > 0 ? { writtenOther } : {}),
      skipped,
      // The whole run's folders, not only this execution's: a resumed run reports what it did in all.
      foldersCreated: run.createdFolders.length,
      foldersRemoved: run.removedFolders.length,
      ms: performance.now() - started,
    };
    run.status = 'done';
    run.finishedAt = Date.now();
    delete run.pausedBecause;
    await finishRun(ctx.db, run);
    progress.phase = 'finished';
    ctx.onProgress?.(progress);
    return run.summary;
  } catch (e) {
    await settled();
    await flush().catch(() => {});
    run.createdFolders.push(...folders.created);
    run.removedFolders.push(...removedOnTheWay, ...(emptied?.removed ?? []));
    run.status = 'paused';
    run.pausedBecause = e instanceof RunPausedError || e instanceof FileInUseError ? e.message : pauseMessage(e);
    await saveRun(ctx.db, run).catch(() => {});
    progress.phase = 'paused';
    ctx.onProgress?.(progress);
    throw e instanceof RunPausedError ? e : new RunPausedError(run.pausedBecause);
  }
}

/** Lets the page paint and answer between slices of work (decision 0009). */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The paths a step touches, as keys: two steps sharing one never run at the same time. */
function pathKeysOf(step: JournalStep): string[] {
  // Copy runs run one step at a time; their keys only need to be distinct per side.
  if (step.kind === 'copy' || step.kind === 'uncopy') return [`library:${pathKey(step.from)}`, `destination:${pathKey(step.to)}`];
  // A deletion has no target.
  return step.kind === 'delete-junk' || step.kind === 'remove-output' ? [pathKey(step.from)] : step.kind === 'write-output' ? [pathKey(step.to)] : [pathKey(step.from), pathKey(step.to)];
}

/** What a run's steps do to files, for its progress. */
export function workOf(steps: readonly JournalStep[]): ApplyProgress['work'] {
  return steps.some((s) => s.kind === 'copy') ? 'copy' : steps.some((s) => s.kind === 'uncopy') ? 'uncopy' : 'move';
}

/** Steps a run keeps in flight: copies (long, and bounded by bytes, not calls) go one at a time. */
export function stepsInFlight(ctx: Pick<RunContext, 'inFlight'>, steps: readonly JournalStep[]): number {
  if (steps.some((s) => s.kind === 'copy' || s.kind === 'uncopy')) return 1;
  return Math.max(1, Math.min(MAX_IN_FLIGHT, Math.floor(ctx.inFlight ?? MOVES_IN_FLIGHT)));
}

/** Files moved (or copied), clutter deleted and outputs written by these steps: a file parked on the way counts once. */
function countDone(steps: readonly JournalStep[], done: ReadonlySet<number>): { moved: number; deleted: number; written: number; writtenOther: number } {
  const count = { moved: 0, deleted: 0, written: 0, writtenOther: 0 };
  for (const i of done) {
    const step = steps[i]!;
    if (step.kind === 'delete-junk') count.deleted++;
    else if (isOutputStep(step)) {
      count.written++;
      if (!isPlaylistStep(step)) count.writtenOther++;
    }
    else if (movesAFile(step)) count.moved++;
  }
  return count;
}

/** An output step on a playlist (the built-in's, or the user's own rewritten): the run's texts name those apart. */
const isPlaylistStep = (step: OutputStep): boolean => step.kind === 'rewrite-playlist' || isPlaylistName(step.kind === 'write-output' ? step.to : step.from);

/** A step that brings a file to its place: not a parking step, not a folder removal. */
const movesAFile = (step: JournalStep): boolean => step.kind !== 'remove-folder' && !isOutputStep(step) && (step.kind !== 'move' || !step.temporary);

/** Files an earlier execution left parked: temporary path → where each was parked from. */
function parkedBy(steps: readonly JournalStep[], previous: RunProgress): Map<string, string> {
  const parked = new Map<string, string>();
  for (const i of [...previous.done].sort((a, b) => a - b)) {
    const step = steps[i]!;
    if (step.kind === 'move' && step.temporary) parked.set(step.to, step.from);
    else parked.delete(step.from);
  }
  for (const r of previous.rescued.values()) parked.delete(r.from);
  return parked;
}

/** Moves a file out of its temporary name to `home`, or beside it under a free name. Undefined if it could not. */
async function visiblePlace(folders: FolderCache, step: MoveStep, home: string): Promise<string | undefined> {
  const folder = parentOf(home);
  const names = await folders.namesIn(folder).catch(() => new Set<string>());
  for (let n = 1; n <= names.size + 1; n++) {
    const name = withSuffix(baseName(home), n);
    if (names.has(nameKey(name))) continue;
    const to = folder === '' ? name : `${folder}/${name}`;
    return (await folders.moveFile(step.from, to)) === undefined ? to : undefined;
  }
  return undefined;
}

function isNamed(e: unknown, ...names: string[]): boolean {
  return typeof e === 'object' && e !== null && names.includes((e as { name?: string }).name ?? '');
}

function pauseMessage(e: unknown): string {
  if (e instanceof LeftoverCopyError) return pauseMessage(e.fault) + e.message;
  const name = (e as { name?: string })?.name ?? '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'Permission to change the music folder was withdrawn. Grant it again, then resume.';
  if (name === 'QuotaExceededError') return 'The disk is full. Free some space, then resume.';
  if (name === 'NotFoundError') return 'The music folder (or one of its folders) was removed or renamed. Put it back, then resume.';
  if (name === 'AbortError') return 'Stopped before finishing. Resume to carry on, or roll back.';
  return `The run stopped: ${(e as Error)?.message || name || String(e)}`;
}
