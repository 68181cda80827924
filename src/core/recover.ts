// After a crash: which steps of a run happened after the journal's last record?
//
// The executor runs steps in index order and writes their outcomes in batches (a failure is
// written at once), so everything up to the last recorded index is known and the unknown steps
// form one window after it: steps L+1…P happened, P+1… did not, for some crash point P. The
// file system tells P: undoing L+1…P in reverse from what is on disk now must be consistent
// (each step's file found at its target, its source free), and step P+1 must visibly not have
// run (its file still at its source, its target free). Files are recognised by identity (size
// and lastModified), not by name alone: after a completed swap or rotation the same names exist
// as before, only holding other files.
import type { LibraryPath } from './model.ts';
import { pathKey } from './library-path.ts';

export interface RecoverableStep {
  from: LibraryPath;
  to: LibraryPath;
  /** Identity of the file the step moves, e.g. `${size}:${lastModified}`. */
  identity: string;
  /**
   * A step that moves no file and may simply run again (a folder removal): the file system cannot
   * tell whether it ran, so recovery takes it as not run unless a step after it ran.
   */
  repeatable?: boolean;
}

/** The identity of the file at a path now, or undefined when nothing is there. */
export type IdentityAt = (path: LibraryPath) => string | undefined;

/** The first step whose outcome is not recorded: the crash window starts here. */
export function firstUnrecorded(recorded: ReadonlySet<number>): number {
  let last = -1;
  for (const i of recorded) last = Math.max(last, i);
  return last + 1;
}

/**
 * Indices of steps that happened but were not recorded, in order. `maxWindow` bounds how many
 * steps can run between two journal writes (the executor's batch size), so recovery only looks
 * at that many.
 */
export function unrecordedSteps(steps: readonly RecoverableStep[], recorded: ReadonlySet<number>, identityAt: IdentityAt, maxWindow = steps.length): number[] {
  const first = firstUnrecorded(recorded);
  const limit = Math.min(steps.length, first + maxWindow);
  for (let end = first - 1; end < limit; end++) {
    // A repeatable step cannot testify: the first step after it that moves a file does.
    let after = end + 1;
    while (steps[after]?.repeatable) after++;
    const next = steps[after];
    if (next && !(identityAt(next.from) === next.identity && identityAt(next.to) === undefined)) continue;
    if (undoIsConsistent(steps, first, end, identityAt)) return Array.from({ length: end - first + 1 }, (_, k) => first + k);
  }
  return [];
}

/** Replays the undo of steps end…first from the present state; true when every step finds its file. */
function undoIsConsistent(steps: readonly RecoverableStep[], first: number, end: number, identityAt: IdentityAt): boolean {
  const state = new Map<string, string | undefined>();
  const at = (path: string) => (state.has(pathKey(path)) ? state.get(pathKey(path)) : identityAt(path));
  for (let i = end; i >= first; i--) {
    const s = steps[i]!;
    if (s.repeatable) continue;
    if (at(s.to) !== s.identity || at(s.from) !== undefined) return false;
    state.set(pathKey(s.to), undefined);
    state.set(pathKey(s.from), s.identity);
  }
  return true;
}

/**
 * Files of a run that share their identity with another file of the run, so that recovery cannot
 * tell them apart by identity alone: each as the path it has before the run, with the steps that
 * move it (a parked file's steps are one file's). Deleted files (no target) count too.
 */
export function tiedFiles(steps: readonly RecoverableStep[]): Map<LibraryPath, number[]> {
  const originAt = new Map<string, LibraryPath>();
  const files = new Map<LibraryPath, { identity: string; steps: number[] }>();
  steps.forEach((step, i) => {
    if (step.repeatable) return;
    const origin = originAt.get(pathKey(step.from)) ?? step.from;
    originAt.delete(pathKey(step.from));
    if (step.to) originAt.set(pathKey(step.to), origin);
    const file = files.get(origin);
    if (file) file.steps.push(i);
    else files.set(origin, { identity: step.identity, steps: [i] });
  });
  const holders = new Map<string, number>();
  for (const { identity } of files.values()) holders.set(identity, (holders.get(identity) ?? 0) + 1);
  const tied = new Map<LibraryPath, number[]>();
  for (const [origin, file] of files) if (holders.get(file.identity)! > 1) tied.set(origin, file.steps);
  return tied;
}
