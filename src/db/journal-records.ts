// The journal's run records: what a run intends and what it finished, stored before and during
// the run, so that after a crash the app knows where every file is and can finish or roll it
// back. The steps themselves are the core's vocabulary (src/core/journal-steps.ts).
import type { JournalStep } from '../core/journal-steps.ts';

export type RunStatus =
  /** Steps are being executed, or the tab died while they were. */
  | 'running'
  /** Stopped on a fault (permission, disk full…) or by the user; can be resumed or rolled back. */
  | 'paused'
  | 'done'
  /** An undo or roll back of this run has started and not finished (it may be paused). */
  | 'undoing'
  /** Every finished step was reversed by an undo or a roll-back. */
  | 'undone';

/**
 * What a run is: it organizes the library, undoes a finished run, or rolls back one that did not
 * finish. Journals written before 'rollback' existed call a roll back 'undo'.
 */
export type RunKind = 'organize' | 'undo' | 'rollback';

export interface JournalRun {
  id: string;
  library: string;
  libraryName: string;
  kind: RunKind;
  /** For an undo or roll back: the run it reverses. */
  undoOf?: string;
  /** For an undo or roll back: what the run it reverses was, so that its texts need no second lookup. */
  reverses?: { kind: RunKind; startedAt: number };
  startedAt: number;
  finishedAt?: number;
  status: RunStatus;
  /** Copy mode: the folder the organized library is copied into. Absent: organized in place. */
  destination?: { name: string; handle: FileSystemDirectoryHandle };
  /** Copy mode: each original is deleted once its copy is verified (an undo or roll back inherits it). */
  deletesOriginals?: boolean;
  /** The path rules the plan was made with, shown in the history. */
  template: string;
  steps: JournalStep[];
  /**
   * Steps kept in flight at once by the run's last execution. Absent (journals written before
   * steps ran several at once) or 1: steps ran in order, and crash recovery looks for a prefix.
   */
  inFlight?: number;
  /** Folders this run created, deepest last; undo removes them again when empty. */
  createdFolders: string[];
  /** Folders this run removed because they became empty. */
  removedFolders: string[];
  summary?: RunSummary;
  /** Plain-language reason the run stopped early. */
  pausedBecause?: string;
}

export interface RunSummary {
  /** Files moved, copied or deleted, over every execution of the run; a file parked on the way counts once. */
  moved: number;
  /** Clutter files deleted on request (absent when none, and in runs recorded before it was counted apart). */
  deleted?: number;
  /** Files written, rewritten, removed or restored by output steps (playlists); absent when none. */
  written?: number;
  /** Of `written`, the files that are not playlists (a shared plugin's outputs); absent when none. */
  writtenOther?: number;
  skipped: { path: string; reason: string }[];
  foldersCreated: number;
  foldersRemoved: number;
  ms: number;
}

/** What the `runs` store holds: the run without its steps, which are written once, apart. */
export type RunRecord = Omit<JournalRun, 'steps'> & { stepCount: number };
