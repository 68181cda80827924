// Turns desired moves into an order the apply stage can execute one `move()` at a time.
// `FileSystemFileHandle.move()` silently overwrites its target, so the one promise this module
// makes is that no step ever lands on a path that is occupied at that moment — judged by
// pathKey, because the user's disk may ignore case and Unicode normalisation.
//
// Once rejected moves are removed, target keys are unique and source keys are unique, so every
// move waits for at most one other move (the one leaving its target) and frees at most one
// (the one aiming at its source). The moves therefore form simple chains and cycles: a chain runs
// from the end whose target is free; a cycle (a swap, a rotation, a case-only rename) parks one
// member under a temporary name first. A folder renamed only in case is emptied into a hidden
// parking folder and removed before its files move on (see folder-case.ts). Everything is linear
// apart from hashing.

import type { LibraryPath } from './model.ts';
import { folderCollector, libraryPathProblem, pathKey } from './library-path.ts';
import { baseName, parentOf } from './entries.ts';
import { caseRenamedFolders, insideAny } from './folder-case.ts';

export { pathKey } from './library-path.ts';
export { simulate } from './simulate-moves.ts';

export interface DesiredMove {
  from: LibraryPath;
  to: LibraryPath;
}

interface Step {
  from: LibraryPath;
  to: LibraryPath;
  /** True when `to` is a temporary name. */
  temporary?: boolean;
  /** Index into the input moves this step serves. */
  move: number;
}

/**
 * Removes the folder `from` and its subfolders when they hold no files (a folder that still holds
 * one is kept): a folder renamed only in case, whose files were parked. `to` is the spelling that
 * replaces it, so the undo removes that one.
 */
interface FolderStep {
  from: LibraryPath;
  to: LibraryPath;
  removeFolder: true;
  move?: never;
  temporary?: never;
}

interface RejectedMove {
  move: number;
  reason: string;
}

export interface Schedule {
  steps: (Step | FolderStep)[];
  /** Moves that cannot be done safely, by input index ascending. */
  rejected: RejectedMove[];
}

export interface ScheduleOptions {
  /** Short run id written into temporary names, so a name left by a crash points at its journal. */
  tempTag?: string;
}

/** Temporary names start with '.', so a scan skips them if a crash leaves one behind. */
export const TEMP_PREFIX = '.mo-tmp-';
/** Keeps temporary names far below the 255-unit limit of common file systems. */
const TEMP_BASENAME_MAX = 80;

export function scheduleMoves(
  moves: readonly DesiredMove[],
  occupied: Iterable<LibraryPath>,
  opts: ScheduleOptions = {},
): Schedule {
  const existing = new Set<string>(occupied);
  // First spelling and count per key: two spellings of one key can only coexist on a case-sensitive disk.
  const existingByKey = new Map<string, { path: string; count: number }>();
  for (const path of existing) {
    const key = pathKey(path);
    const seen = existingByKey.get(key);
    if (seen) seen.count++;
    else existingByKey.set(key, { path, count: 1 });
  }

  const fromKey: string[] = [];
  const toKey: string[] = [];
  const rejected = new Map<number, string>();
  const candidates: number[] = [];
  const bySource = new Map<string, number>();
  const byTargetKey = new Map<string, number>();

  moves.forEach(({ from, to }, i) => {
    fromKey[i] = pathKey(from);
    toKey[i] = pathKey(to);
    if (from === to) return;
    const problem = libraryPathProblem(from) ?? libraryPathProblem(to);
    const sameSource = bySource.get(from);
    const sameTarget = byTargetKey.get(toKey[i]);
    const reason = problem
      ?? (!existing.has(from) ? `${from} does not exist` : undefined)
      ?? ((existingByKey.get(fromKey[i])?.count ?? 0) > 1
        ? `another file's name differs from ${from} only in letter case or accents; moving it is unsafe on disks that ignore case`
        : undefined)
      ?? (sameSource !== undefined ? `${from} is already planned to move to ${moves[sameSource]?.to}` : undefined)
      ?? (sameTarget !== undefined ? `${moves[sameTarget]?.from} is already planned to move to ${to}` : undefined);
    if (reason !== undefined) {
      rejected.set(i, reason);
      return;
    }
    bySource.set(from, i);
    byTargetKey.set(toKey[i], i);
    candidates.push(i);
  });

  // A target must be a file name, not a folder, and no file may sit where its folders go.
  // Judged against everything that exists or will land, which is stricter than needed and cheap.
  const folderKeys = new Set<string>();
  const collectFolders = folderCollector(folderKeys);
  for (const key of existingByKey.keys()) collectFolders(key);
  for (const key of byTargetKey.keys()) collectFolders(key);
  const fileAt = (folder: string) => existingByKey.has(folder) || byTargetKey.has(folder);
  const blockedFolder = blockedFolderFinder(fileAt);
  for (const i of candidates) {
    const target = toKey[i]!;
    if (folderKeys.has(target)) {
      rejected.set(i, `a folder is named ${moves[i]!.to}`);
      continue;
    }
    const blocking = blockedFolder(target);
    if (blocking !== undefined) rejected.set(i, `a file stands where the folder ${blocking} would go`);
  }

  const accepted = (i: number | undefined): i is number => i !== undefined && !rejected.has(i);
  const movingByKey = new Map<string, number>();
  for (const i of candidates) if (accepted(i)) movingByKey.set(fromKey[i]!, i);

  // A target held by a file that stays is off limits; rejecting a move keeps its source in place,
  // which may in turn block the move aiming at that source.
  const stays: number[] = [];
  for (const i of candidates) {
    if (!accepted(i)) continue;
    const holder = existingByKey.get(toKey[i]!);
    if (holder && !movingByKey.has(toKey[i]!)) {
      rejected.set(i, `${holder.path} is already there and is not moving`);
      stays.push(i);
    }
  }
  for (let r = stays.pop(); r !== undefined; r = stays.pop()) {
    const aimingHere = byTargetKey.get(fromKey[r]!);
    if (aimingHere !== r && accepted(aimingHere)) {
      rejected.set(aimingHere, `${moves[r]!.from} is already there and stays, because its own move was rejected`);
      stays.push(aimingHere);
    }
  }

  const isAccepted = new Uint8Array(moves.length);
  for (const i of candidates) if (accepted(i)) isAccepted[i] = 1;
  /** The accepted move waiting for `i` to leave its source, if any (possibly `i` itself). */
  const freedBy = (i: number): number | undefined => {
    const next = byTargetKey.get(fromKey[i]!);
    return next !== undefined && isAccepted[next] ? next : undefined;
  };
  const blockedBy = (i: number): number | undefined => {
    const holder = movingByKey.get(toKey[i]!);
    return holder !== undefined && isAccepted[holder] ? holder : undefined;
  };

  const steps: (Step | FolderStep)[] = [];
  // Files leaving a folder renamed only in case are parked first; the old folder is then removed.
  // A parked file moves on from its parking place, which no other move aims at.
  const parkedAt = new Map<number, LibraryPath>();
  const renamed = caseRenamedFolders(existing, candidates.flatMap((i) => (isAccepted[i] ? [moves[i]!.to] : [])));
  if (renamed.size > 0) {
    const folder = parkingFolder(opts.tempTag, [existingByKey.keys(), byTargetKey.keys(), folderKeys]);
    for (const i of candidates) {
      if (!isAccepted[i] || !insideAny(moves[i]!.from, renamed)) continue;
      const parked = `${folder}/${moves[i]!.from}`;
      steps.push({ from: moves[i]!.from, to: parked, temporary: true, move: i });
      parkedAt.set(i, parked);
      movingByKey.delete(fromKey[i]!);
      fromKey[i] = pathKey(parked);
      movingByKey.set(fromKey[i]!, i);
    }
    for (const [from, to] of renamed) steps.push({ from, to, removeFolder: true });
  }
  const sourceOf = (i: number): LibraryPath => parkedAt.get(i) ?? moves[i]!.from;

  const scheduled = new Uint8Array(moves.length);
  const runChain = (start: number | undefined): void => {
    for (let i = start; i !== undefined && !scheduled[i]; i = freedBy(i)) {
      scheduled[i] = 1;
      steps.push({ from: sourceOf(i), to: moves[i]!.to, move: i });
    }
  };
  for (const i of candidates) if (isAccepted[i] && blockedBy(i) === undefined) runChain(i);

  // Whatever is left lies on cycles; the first member in input order is parked.
  let temporaryName: ((from: LibraryPath) => LibraryPath) | undefined;
  for (const i of candidates) {
    if (!isAccepted[i] || scheduled[i]) continue;
    temporaryName ??= temporaryNamer(opts.tempTag, [existingByKey.keys(), byTargetKey.keys(), folderKeys]);
    const parked = temporaryName(sourceOf(i));
    scheduled[i] = 1;
    steps.push({ from: sourceOf(i), to: parked, temporary: true, move: i });
    runChain(freedBy(i));
    steps.push({ from: parked, to: moves[i]!.to, move: i });
  }

  return {
    steps,
    rejected: [...rejected].sort((a, b) => a[0] - b[0]).map(([move, reason]) => ({ move, reason })),
  };
}

/**
 * Finds, for a target key, the outermost folder above it where a file stands. Folders found clear
 * are remembered, and the previous target's clear parent is recognised without hashing.
 */
function blockedFolderFinder(fileAt: (folder: string) => boolean): (key: string) => string | undefined {
  const clear = new Set<string>();
  let lastClearParent = '';
  return (key) => {
    const end = key.lastIndexOf('/');
    if (end <= 0 || (end === lastClearParent.length && key.startsWith(lastClearParent))) return undefined;
    let blocked: string | undefined;
    const checked: string[] = [];
    for (let slash = end; slash > 0; slash = key.lastIndexOf('/', slash - 1)) {
      const folder = key.slice(0, slash);
      if (clear.has(folder)) break;
      checked.push(folder);
      if (fileAt(folder)) blocked = folder;
    }
    if (blocked === undefined) {
      for (const folder of checked) clear.add(folder);
      lastClearParent = key.slice(0, end);
    }
    return blocked;
  };
}

const safeTagOf = (tag: string | undefined) => (tag ?? 'run').replace(/[^A-Za-z0-9_-]/g, '_') || 'run';

/** A hidden folder at the library root, free of every name in `taken`, where parked files keep their paths. */
function parkingFolder(tag: string | undefined, taken: Iterable<string>[]): LibraryPath {
  const takenKeys = new Set<string>();
  for (const keys of taken) for (const key of keys) takenKeys.add(key.split('/', 1)[0]!);
  for (let n = 0; ; n++) {
    const name = `${TEMP_PREFIX}${safeTagOf(tag)}-dir-${n}`;
    if (!takenKeys.has(pathKey(name))) return name;
  }
}

/** Temporary names sit beside their source, so parking a file is a rename within one folder. */
function temporaryNamer(tag: string | undefined, taken: Iterable<string>[]): (from: LibraryPath) => LibraryPath {
  const safeTag = safeTagOf(tag);
  const takenKeys = new Set<string>();
  for (const keys of taken) for (const key of keys) takenKeys.add(key);
  let counter = 0;
  return (from) => {
    const folder = parentOf(from);
    const base = Array.from(baseName(from)).slice(-TEMP_BASENAME_MAX).join('');
    for (;;) {
      const name = `${TEMP_PREFIX}${safeTag}-${counter++}-${base}`;
      const path = folder === '' ? name : `${folder}/${name}`;
      const key = pathKey(path);
      if (!takenKeys.has(key)) {
        takenKeys.add(key);
        return path;
      }
    }
  };
}

/**
 * The steps that undo `steps`: reversed, each from/to swapped, everything else kept (a journal
 * step's size and date too; a folder removal then removes the new spelling). The temporary step of the undo is the one that goes back into a
 * temporary name, so a failure after it can still put the parked file back.
 */
export function invertSteps<S extends { from: LibraryPath; to: LibraryPath; temporary?: boolean }>(steps: readonly S[]): S[] {
  const temporaries = new Set<string>();
  for (const step of steps) if (step.temporary) temporaries.add(step.to);
  return steps
    .slice()
    .reverse()
    .map(({ temporary: _wasTemporary, ...step }) => ({ ...step, from: step.to, to: step.from, ...(temporaries.has(step.from) ? { temporary: true } : {}) }) as unknown as S);
}
