// What the app says about a run — its result, its line in the history, the notice when it did not
// finish — read from what the journal records about it (its kind, what it reversed, copy or move),
// never guessed from the button that started it.
import { formatCount } from '../core/rate.ts';
import type { RunKind, RunRecord, RunSummary } from '../db/journal-records.ts';

type Run = Pick<RunRecord, 'kind' | 'reverses' | 'libraryName' | 'destination' | 'deletesOriginals' | 'startedAt'>;

const when = (time: number) => new Date(time).toLocaleString();

/** What a reversal reverses; journals older than `reverses` only had undos of organize runs. */
const reversedKind = (run: Run): RunKind => run.reverses?.kind ?? 'organize';

const files = (n: number) => `${formatCount(n)} ${n === 1 ? 'file' : 'files'}`;

export interface RunOutcome {
  title: string;
  text: string;
  /** Only an organize run can be undone from its result. */
  canUndo: boolean;
}

/** The files a run's output steps wrote: playlists, and a shared plugin's other files, named apart. */
function outputs(summary: RunSummary): string {
  const other = summary.writtenOther ?? 0;
  const lists = (summary.written ?? 0) - other;
  const playlists = `${formatCount(lists)} ${lists === 1 ? 'playlist' : 'playlists'}`;
  if (other === 0) return `${playlists} ${lists === 1 ? 'was' : 'were'}`;
  const files = `${formatCount(other)} ${lists > 0 ? 'other ' : ''}${other === 1 ? 'file' : 'files'}`;
  return lists > 0 ? `${playlists} and ${files} were` : `${files} ${other === 1 ? 'was' : 'were'}`;
}

/** The result of a run that finished: an organize, an undo, a roll back, or a resumed one of them. */
export function outcomeOf(run: Run, summary: RunSummary): RunOutcome {
  const n = summary.moved;
  const dest = run.destination ? `"${run.destination.name}"` : '';
  const library = `"${run.libraryName}"`;
  const folders = (verb: string) => (summary.foldersRemoved ? `${verb}${formatCount(summary.foldersRemoved)} emptied folders were removed` : '');
  if (run.kind === 'organize') {
    const text = !run.destination
      ? `${files(n)} moved into ${formatCount(summary.foldersCreated)} new folders${folders('; ')}${summary.deleted ? `; ${formatCount(summary.deleted)} clutter files were deleted` : ''}${summary.written ? `; ${outputs(summary)} written or updated` : ''}.`
      : run.deletesOriginals
        ? `${files(n)} copied into ${dest} and verified; each original was deleted once its copy was checked.`
        : `${files(n)} copied into ${dest} and verified; your library was not changed.`;
    return { title: 'Done', text, canUndo: true };
  }
  const reversed = reversedKind(run);
  const since = run.reverses ? ` of ${when(run.reverses.startedAt)}` : '';
  if (reversed === 'rollback') {
    // Rolling back a roll back puts the files where the interrupted run had left them.
    return { title: 'Rolled back', text: `The roll back was itself rolled back: the files are where the interrupted run had left them. Finish that run or roll it back.`, canUndo: false };
  }
  if (reversed === 'undo') {
    const text = !run.destination
      ? `The undo was rolled back: ${files(n)} went back to where the run${since} had put them.`
      : run.deletesOriginals
        ? `The undo was rolled back: ${files(n)} are in ${dest} again, and their originals in ${library} were deleted again.`
        : `The undo was rolled back: the copies of ${files(n)} are in ${dest} again; your library was not changed.`;
    return { title: 'Rolled back', text, canUndo: false };
  }
  const title = run.kind === 'rollback' ? 'Rolled back' : 'Undone';
  let text: string;
  if (!run.destination) {
    text = run.kind === 'rollback'
      ? `${files(n)} went back to where they were before the run${since}${summary.foldersRemoved ? `; ${formatCount(summary.foldersRemoved)} folders it had created were removed` : ''}${summary.written ? `; ${outputs(summary)} removed or put back as they were` : ''}.`
      : `${files(n)} went back to where they were${summary.foldersRemoved ? `, and ${formatCount(summary.foldersRemoved)} folders the run had created were removed` : ''}${summary.written ? `; ${outputs(summary)} removed or put back as they were` : ''}.`;
  } else if (run.kind === 'rollback') {
    // A copy run is rolled back by trying every step again in reverse, so a count would include files it never reached.
    text = run.deletesOriginals
      ? `Every file is back in ${library}, and the copies the run${since} had made were removed from ${dest}.`
      : `The copies the run${since} had made were removed from ${dest}; your library was not changed.`;
  } else {
    text = run.deletesOriginals
      ? `${files(n)} are back in ${library}, and their copies were removed from ${dest}.`
      : `${files(n)} copied into ${dest} were removed again; your library was not changed.`;
  }
  return { title, text, canUndo: false };
}

/** A run's status in the history (which lists organize runs). */
export function statusOf(run: Pick<RunRecord, 'status'>): string {
  switch (run.status) {
    case 'done': return 'Done';
    case 'undone': return 'Undone';
    case 'undoing': return 'Undo not finished';
    case 'paused': return 'Paused';
    case 'running': return 'Interrupted';
  }
}

/** What a run that did not finish was doing, as a sentence subject: "Organizing…", "Undoing…". */
function doing(run: Run): string {
  const library = `"${run.libraryName}"`;
  if (run.kind === 'organize') return `Organizing ${library}${run.destination ? ` into "${run.destination.name}"` : ''}`;
  if (reversedKind(run) === 'undo') return `Rolling back an undo on ${library}`;
  if (reversedKind(run) === 'rollback') return `Undoing a roll back on ${library}`;
  const of = run.reverses ? `the run of ${when(run.reverses.startedAt)}` : 'a run';
  return `${run.kind === 'rollback' ? 'Rolling back' : 'Undoing'} ${of} on ${library}`;
}

/** Where the files of an unfinished run are. */
function whereFilesAre(run: Run): string {
  if (run.kind === 'organize') return 'Every file is either where it was or where the plan put it.';
  return 'Every file is either back where it was or still where the run had put it.';
}

export interface UnfinishedNotice {
  text: string;
  finish: string;
  rollBack: string;
}

/** The notice for a run that did not finish, with the names of its two ways out. */
export function unfinishedNotice(run: Run & Pick<RunRecord, 'stepCount' | 'pausedBecause'>): UnfinishedNotice {
  const steps = `${formatCount(run.stepCount)} ${run.destination ? 'copies' : 'moves'}`;
  const stopped = run.pausedBecause ? `: ${run.pausedBecause}` : ' (the tab was closed or crashed)';
  const text = `${doing(run)}, started ${when(run.startedAt)} (${steps}), stopped before the end${stopped} ${whereFilesAre(run)}`;
  if (run.kind === 'organize') return { text, finish: 'Finish the run', rollBack: 'Roll back' };
  if (run.kind === 'undo') return { text, finish: 'Finish the undo', rollBack: 'Roll back the undo' };
  return { text, finish: 'Finish the roll back', rollBack: 'Undo the roll back' };
}

/** The start page's line for a library with a run that did not finish. */
export function interruptedNotice(run: Run): string {
  const what = run.kind === 'organize' ? 'run' : run.kind === 'undo' ? 'undo' : 'roll back';
  return `${doing(run)} stopped on ${when(run.startedAt)} before the end. ${whereFilesAre(run)} Open the folder to finish the ${what} or roll it back.`;
}
