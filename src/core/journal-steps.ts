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

/**
 * A file an output asks for (a playlist…), written after the moves: into a hidden name beside its
 * place, verified (size and CRC-32), then given its name, never over an existing file. Its text
 * is in the step, so apply, resume and undo never need the plugin that made it. Its undo is
 * 'remove-output'. Both are idempotent (a write finds its own text already there; a removal finds
 * the file gone), so recovery may simply run them again (decision 0017).
 */
export interface WriteOutputStep {
  kind: 'write-output';
  /** Always '': nothing is moved. */
  from: '';
  to: string;
  text: string;
  /** Who asked for it, for the rows ("Playlists"). */
  by: string;
}

/** The undo of a write: removes the file only while it holds exactly the text written; otherwise it is left, and the row says so. */
interface RemoveOutputStep {
  kind: 'remove-output';
  from: string;
  /** Always '': nothing is created. */
  to: '';
  text: string;
  by: string;
  /**
   * The roll back of a write the journal never heard of (a crash): it may never have run, so a
   * file there with other bytes is someone else's, left alone without a row.
   */
  unrecorded?: true;
}

/**
 * A user's playlist rewritten in place so its entries follow the moved files (`from` = `to`). It
 * is written only while the file holds `before` (its original bytes, as text that encodes back
 * byte for byte); finding `after` already there means it was done. Its undo is the same step with
 * the two swapped.
 */
export interface RewritePlaylistStep {
  kind: 'rewrite-playlist';
  from: string;
  to: string;
  before: string;
  after: string;
}

export type OutputStep = WriteOutputStep | RemoveOutputStep | RewritePlaylistStep;

export type JournalStep = MoveStep | CopyStep | DeleteStep | RemoveFolderStep | OutputStep;

export const isOutputStep = (step: JournalStep): step is OutputStep =>
  step.kind === 'write-output' || step.kind === 'remove-output' || step.kind === 'rewrite-playlist';

/**
 * A hidden name the scheduler parks a file under (a swap, a rotation, a case-only rename), or a
 * path inside its hidden parking folder (a folder renamed only in case).
 */
export const isTemporaryPath = (path: string): boolean => path.split('/').some((name) => name.startsWith(TEMP_PREFIX));
