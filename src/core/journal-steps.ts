// The one vocabulary of journal steps: what a run does to files, one step at a time. The
// scheduler makes move, remove-folder and delete-junk steps, copy mode makes copy steps, undo makes their
// inverses, the journal stores them (src/db) and the apply executes them (src/apply).
import { TEMP_PREFIX } from './schedule.ts';

/** A file moved within the library (`move()`); `temporary` when `to` is a hidden parking name. */
export interface MoveStep {
  kind: 'move';
  from: string;
  to: string;
  temporary?: boolean;
  /** Size and lastModified at scan time: the file's identity when recovering from a crash (move keeps both). */
  size: number;
  lastModified: number;
  /**
   * Only for a file that ties with another file of the run on size and lastModified: a checksum of
   * its first and last few KB, taken when the run starts, so crash recovery can tell the two apart.
   */
  fingerprint?: string;
}

/** Opt-in deletion of system clutter, after every move. Undo cannot reverse it. */
export interface DeleteStep {
  kind: 'delete-junk';
  from: string;
  /** Always '': nothing is created. */
  to: '';
  size: number;
  lastModified: number;
  /** As for a move: only when the file ties with another on size and lastModified. */
  fingerprint?: string;
}

/**
 * Copy mode: the file is copied from the library into the destination folder at `to` and verified
 * (size and CRC-32); with `deleteSource` the original is removed only after that. 'uncopy' is its
 * undo: the file ends at `from` in the library only. Both are idempotent, so resuming or rolling
 * back simply runs them again.
 */
export interface CopyStep {
  kind: 'copy' | 'uncopy';
  from: string;
  to: string;
  size: number;
  lastModified: number;
  deleteSource: boolean;
}

/**
 * A folder renamed only in letter case: once its files are parked, the old spelling `from` is
 * removed with its subfolders if they hold no files (else it is kept, and that is no failure), so
 * that the files can move on into the new spelling `to` on a disk that ignores case. Its undo
 * removes `to`. It moves nothing, so it counts as neither moved nor deleted, and running it twice
 * is harmless.
 */
export interface RemoveFolderStep {
  kind: 'remove-folder';
  from: string;
  to: string;
}

export type JournalStep = MoveStep | CopyStep | DeleteStep | RemoveFolderStep;

/**
 * A hidden name the scheduler parks a file under (a swap, a rotation, a case-only rename), or a
 * path inside its hidden parking folder (a folder renamed only in case).
 */
export const isTemporaryPath = (path: string): boolean => path.split('/').some((name) => name.startsWith(TEMP_PREFIX));
