// After a crash: which steps of a run happened after the journal's last record?
//
// A run executed one step at a time (journals written before steps ran several at once, see the
// end of this file) runs steps in index order and writes their outcomes in batches (a failure is
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
  if (!mayTie(steps)) return new Map();
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

// ---------------------------------------------------------------------------------------------
// Runs with several steps in flight (see src/apply/execute-run.ts). Steps start in index order,
// but two steps that touch the same path (by key) never run at the same time: the later one
// starts once the earlier one has finished. Steps that share no path may finish in any order, so
// the steps that ran unrecorded are a set, not a prefix: among the unrecorded steps, a set closed
// under "an earlier step touching the same path". The executor records every step before a
// repeatable one (a folder removal) before starting it, and the repeatable step itself before
// starting anything after it, so no step after an unrecorded repeatable step can have run.

/**
 * The unrecorded steps that may have run, in order: at most `window` of them (the executor never
 * has more steps started and unrecorded), and none from the first unrecorded repeatable step on.
 */
export function crashCandidates(steps: readonly RecoverableStep[], recorded: ReadonlySet<number>, window: number): number[] {
  const candidates: number[] = [];
  for (let i = 0; i < steps.length && candidates.length < window; i++) {
    if (recorded.has(i)) continue;
    if (steps[i]!.repeatable) break;
    candidates.push(i);
  }
  return candidates;
}

/** Ideals tried per group of steps that share paths before falling back to prefixes. */
const MAX_IDEALS = 20_000;

/**
 * Indices of steps that happened but were not recorded, in order, for a run whose steps ran
 * several at a time. The candidates fall into groups linked by shared paths; groups are
 * independent of each other. In each group the steps that ran form an ideal (every earlier step
 * sharing a path with one that ran also ran), and the file system tells which: undoing it from
 * what is on disk now must be consistent, and every step just outside it must visibly not have
 * run (its file at its source, its target free). The smallest such ideal is taken, as for a
 * prefix (see unrecordedSteps); a group where none fits is taken as not run, so resuming retries
 * its steps, which then find their files gone and report it: nothing is moved blindly.
 */
export function unrecordedStepsInFlight(steps: readonly RecoverableStep[], recorded: ReadonlySet<number>, identityAt: IdentityAt, window: number): number[] {
  const happened: number[] = [];
  for (const group of sharedPathGroups(steps, crashCandidates(steps, recorded, window))) {
    happened.push(...smallestConsistentIdeal(steps, group, identityAt));
  }
  return happened.sort((a, b) => a - b);
}

/** Candidates grouped by shared path keys (union-find), each group in index order. */
function sharedPathGroups(steps: readonly RecoverableStep[], candidates: readonly number[]): number[][] {
  const parent = new Map<number, number>(candidates.map((i) => [i, i]));
  const root = (i: number): number => {
    let r = i;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(i, r);
    return r;
  };
  const holder = new Map<string, number>();
  for (const i of candidates) {
    for (const key of keysOf(steps[i]!)) {
      const other = holder.get(key);
      if (other === undefined) holder.set(key, i);
      else parent.set(root(i), root(other));
    }
  }
  const groups = new Map<number, number[]>();
  for (const i of candidates) {
    const r = root(i);
    const group = groups.get(r);
    if (group) group.push(i);
    else groups.set(r, [i]);
  }
  return [...groups.values()];
}

function smallestConsistentIdeal(steps: readonly RecoverableStep[], group: readonly number[], identityAt: IdentityAt): number[] {
  const keys = group.map((i) => new Set(keysOf(steps[i]!)));
  /** For each member (by position in the group), the earlier members sharing a path with it. */
  const before = group.map((_, k) => group.slice(0, k).flatMap((_, j) => ([...keys[k]!].some((key) => keys[j]!.has(key)) ? [j] : [])));
  const ideals = idealsOf(before) ?? Array.from({ length: group.length + 1 }, (_, n) => Array.from({ length: n }, (_, j) => j));
  ideals.sort((a, b) => a.length - b.length);
  for (const ideal of ideals) {
    const members = ideal.map((k) => group[k]!);
    const inIdeal = new Set(ideal);
    const frontier = group.flatMap((i, k) => (!inIdeal.has(k) && before[k]!.every((j) => inIdeal.has(j)) ? [i] : []));
    if (undoIsConsistentFor(steps, members, identityAt) && frontier.every((i) => visiblyNotRun(steps[i]!, identityAt))) return members;
  }
  return [];
}

/** Every ideal of the order given by `before` (as sorted positions), or undefined past MAX_IDEALS. */
function idealsOf(before: readonly number[][]): number[][] | undefined {
  const ideals: number[][] = [];
  const chosen: boolean[] = [];
  const visit = (k: number, current: number[]): boolean => {
    if (ideals.length > MAX_IDEALS) return false;
    if (k === before.length) {
      ideals.push(current.slice());
      return true;
    }
    chosen[k] = false;
    if (!visit(k + 1, current)) return false;
    if (before[k]!.every((j) => chosen[j])) {
      chosen[k] = true;
      current.push(k);
      const ok = visit(k + 1, current);
      current.pop();
      chosen[k] = false;
      if (!ok) return false;
    }
    return true;
  };
  return visit(0, []) ? ideals : undefined;
}

/** A deletion (clutter removed on request) has no target. */
const keysOf = (step: RecoverableStep): string[] => (step.to === '' ? [pathKey(step.from)] : [pathKey(step.from), pathKey(step.to)]);

const visiblyNotRun = (step: RecoverableStep, identityAt: IdentityAt) =>
  identityAt(step.from) === step.identity && (step.to === '' || identityAt(step.to) === undefined);

/** Replays the undo of `members` (in index order), last first, from the present state. */
function undoIsConsistentFor(steps: readonly RecoverableStep[], members: readonly number[], identityAt: IdentityAt): boolean {
  const state = new Map<string, string | undefined>();
  const at = (path: string) => (state.has(pathKey(path)) ? state.get(pathKey(path)) : identityAt(path));
  for (let m = members.length - 1; m >= 0; m--) {
    const s = steps[members[m]!]!;
    if ((s.to !== '' && at(s.to) !== s.identity) || at(s.from) !== undefined) return false;
    if (s.to !== '') state.set(pathKey(s.to), undefined);
    state.set(pathKey(s.from), s.identity);
  }
  return true;
}

/**
 * A cheap first look for tiedFiles, which keys every path (pathKey normalises each: about 80 ms at
 * 10,000 steps, in the task that starts an apply). Here files are followed by their exact path
 * strings: a step leaving a path spelled differently from the one it arrived at only counts as
 * one file more, so this never says "no tie" where there is one. Usually no identity has two
 * files, and the full look is skipped.
 */
function mayTie(steps: readonly RecoverableStep[]): boolean {
  const arrived = new Set<string>();
  const files = new Map<string, number>();
  for (const step of steps) {
    if (step.repeatable) continue;
    const movesOn = arrived.delete(step.from);
    if (step.to) arrived.add(step.to);
    if (movesOn) continue;
    const count = (files.get(step.identity) ?? 0) + 1;
    if (count > 1) return true;
    files.set(step.identity, count);
  }
  return false;
}
