// A plan as a script the user runs on their own machine or NAS (any browser can export one; only
// Chrome and Edge can apply a plan themselves). This module is what the sh and PowerShell scripts
// share: the journal steps numbered, with the facts each script needs to check a step before it
// moves anything, the steps of the undo, and the folders a run may empty. The scripts themselves
// are written by plan-script-sh.ts and plan-script-ps.ts.
//
// The undo of a run that stopped part-way must undo exactly the steps that happened. Every script
// records each finished move in the undo script's own tail (see the generators), so the undo knows
// how far the organize run got; the numbers below let it check its steps for any such point.
import type { DeleteStep, MoveStep, OutputStep, RemoveFolderStep } from './journal-steps.ts';
import { pathKey, foldersAbove } from './library-path.ts';

export interface ScriptStep {
  /** Number of the step in the organize run, from 1. The undo names its steps by the same numbers. */
  n: number;
  from: string;
  to: string;
  /**
   * The step that puts a file at `from` before this one runs (0: none, the file is there from the
   * start). In the undo: a later organize step whose undo runs first.
   */
  madeBy: number;
  /** The step that takes the file at `to` away before this one runs (0: none, `to` must be free). */
  freedBy: number;
}

/** A folder a run may leave empty, with the first step (organize number) that takes a file out of it; 0: any. */
export interface TidyFolder {
  n: number;
  folder: string;
}

export interface ScriptPlan {
  organize: ScriptStep[];
  /** The organize steps reversed, from and to swapped: temporary names are passed again, in reverse. */
  undo: ScriptStep[];
  /** Clutter the user chose to delete, after every move, only if its size is still the scanned one. */
  clutter: { path: string; size: number }[];
  /**
   * Folders renamed only in case: the old spelling is removed (empty folders only) right before
   * organize step `n`, once its files are parked; the undo removes the new spelling right after
   * undoing step `n`, before the parked files go back.
   */
  caseRenames: { n: number; from: string; to: string }[];
  /** Deepest first, never the library folder itself. */
  organizeFolders: TidyFolder[];
  undoFolders: TidyFolder[];
  /** Files that move (a move through a temporary name is two steps, one file). */
  files: number;
  /** Steps to a temporary name: swaps, rotations, renames that change only letter case. */
  temporary: number;
}

/** What the header of a script says about the plan. */
export interface ScriptInfo {
  /** The music folder's name, as the app shows it. */
  libraryName: string;
  /** When the plan was made (the script is pure: the caller passes the time). */
  madeAt: Date;
}

export function scriptPlan(steps: readonly (MoveStep | RemoveFolderStep | DeleteStep | OutputStep)[]): ScriptPlan {
  const moves = steps.filter((s): s is MoveStep => s.kind === 'move');
  const caseRenames: ScriptPlan['caseRenames'] = [];
  let movesSoFar = 0;
  for (const s of steps) {
    if (s.kind === 'move') movesSoFar++;
    else if (s.kind === 'remove-folder') caseRenames.push({ n: movesSoFar + 1, from: s.from, to: s.to });
  }
  // Keys, not spellings: on a disk that ignores case, 'a.mp3' is freed by moving 'A.MP3' away.
  const fromKeys = moves.map((m) => pathKey(m.from));
  const toKeys = moves.map((m) => pathKey(m.to));
  const stepLeaving = new Map<string, number>();
  const stepArriving = new Map<string, number>();
  fromKeys.forEach((key, i) => stepLeaving.set(key, i + 1));
  toKeys.forEach((key, i) => stepArriving.set(key, i + 1));
  // Each key is left by at most one step and reached by at most one (the scheduler's promise), so
  // "before" and "after" are a comparison of step numbers.
  const before = (n: number | undefined, i: number) => (n !== undefined && n < i ? n : 0);
  const after = (n: number | undefined, i: number) => (n !== undefined && n > i ? n : 0);

  const organize = moves.map((m, i): ScriptStep => ({
    n: i + 1,
    from: m.from,
    to: m.to,
    madeBy: before(stepArriving.get(fromKeys[i]!), i + 1),
    freedBy: before(stepLeaving.get(toKeys[i]!), i + 1),
  }));
  const undo = moves
    .map((m, i): ScriptStep => ({
      n: i + 1,
      from: m.to,
      to: m.from,
      // The file at `to` came by this step; a later step may have taken it on, and its undo brings it back first.
      madeBy: after(stepLeaving.get(toKeys[i]!), i + 1),
      // A later step may have filled `from` again; its undo empties it first.
      freedBy: after(stepArriving.get(fromKeys[i]!), i + 1),
    }))
    .reverse();

  const clutter = steps.flatMap((s) => (s.kind === 'delete-junk' ? [{ path: s.from, size: s.size }] : []));
  const organizeFolders = deepestFirst([...moves.map((m) => m.from), ...clutter.map((c) => c.path)].map((path) => ({ n: 0, path })));
  const undoFolders = deepestFirst(moves.map((m, i) => ({ n: i + 1, path: m.to })));
  return {
    organize,
    undo,
    caseRenames,
    clutter,
    organizeFolders,
    undoFolders,
    files: moves.filter((m) => !m.temporary).length,
    temporary: moves.filter((m) => m.temporary).length,
  };
}

/** Every folder above the paths, with the smallest step number that leaves it; deepest first. */
function deepestFirst(paths: { n: number; path: string }[]): TidyFolder[] {
  const first = new Map<string, number>();
  for (const { n, path } of paths) {
    for (const folder of foldersAbove(path)) {
      const seen = first.get(folder);
      if (seen === undefined || n < seen) first.set(folder, n);
    }
  }
  const depth = (folder: string) => folder.split('/').length;
  return [...first]
    .map(([folder, n]) => ({ n, folder }))
    .sort((a, b) => depth(b.folder) - depth(a.folder) || (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0));
}

/** The sentences every script's header starts with, same in both shells. */
export function headerLines(plan: ScriptPlan, info: ScriptInfo, kind: 'organize' | 'undo'): string[] {
  const name = printable(info.libraryName);
  const made = `${info.madeAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const moves = `${plan.files} ${plan.files === 1 ? 'file moves' : 'files move'}`;
  const temporary = plan.temporary > 0
    ? ` (${plan.temporary} by way of a temporary name: swaps, rotations and renames that change only letter case)`
    : '';
  const clutter = plan.clutter.length > 0
    ? ` ${plan.clutter.length} clutter ${plan.clutter.length === 1 ? 'file is' : 'files are'} deleted, as chosen in the app.`
    : '';
  return kind === 'organize'
    ? [`Music Organizer: the plan for the music folder "${name}", as a script.`, `Plan made ${made}. ${moves}${temporary}.${clutter}`]
    : [
      `Music Organizer: UNDO script for the music folder "${name}", written by its organize script.`,
      `Plan made ${made}. Puts back the files the organize script moved (up to ${plan.files}), in reverse order.`,
      ...(plan.clutter.length > 0 ? ['The clutter files the organize script deleted cannot come back.'] : []),
    ];
}

/** The undo script's header, same in both shells but for the line that says how to run it. */
export function undoHeaderLines(plan: ScriptPlan, info: ScriptInfo, runIt: string): string[] {
  return [
    ...headerLines(plan, info, 'undo'),
    '',
    `Run it with the music folder:   ${runIt}`,
    '',
    'The organize script recorded at the end of this file each move it finished, so this script',
    'undoes exactly those, last first, with the same care: it checks every step before it changes',
    'anything and never overwrites a file. If it stops on an error, put the problem right and run it',
    'again: it records its own progress too, and carries on where it stopped.',
  ];
}

/** The line in an undo script after which the scripts record progress (made unique by unusedLine). */
export const PROGRESS_MARK = '# Progress: lines below this one are written by the scripts. Keep them.';

/**
 * Where each script removes a folder renamed only in case: the organize script removes the old
 * spelling before step `n`; the undo removes the new one right after undoing step `n`.
 */
export function caseRenameRemovals(plan: ScriptPlan, kind: 'organize' | 'undo'): { before: number; n: number; folder: string }[] {
  return plan.caseRenames.map((r) => (kind === 'organize' ? { before: r.n, n: r.n, folder: r.from } : { before: r.n - 1, n: r.n - 1, folder: r.to }));
}

/** A name as a comment can show it: control characters (a newline would end the comment) as '?'. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
}

/** The file name a script is downloaded as: ASCII letters, digits and dashes, then the date. */
export function scriptFileName(libraryName: string, madeAt: Date, extension: 'sh' | 'ps1'): string {
  return downloadName('organize', libraryName, madeAt, extension);
}

/** `<what>-<library name in ASCII letters, digits and dashes>-<date and minute>.<extension>`: safe on every file system. */
export function downloadName(what: string, libraryName: string, madeAt: Date, extension: string): string {
  const name = libraryName.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'music';
  const stamp = madeAt.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  return `${what}-${name}-${stamp}.${extension}`;
}

/**
 * A word that is no line of `text`: a here-document ends at the first line equal to its
 * delimiter, and a file name may hold a newline followed by anything.
 */
export function unusedLine(text: string, base: string): string {
  const lines = new Set(text.split(/\r\n|\r|\n/));
  let word = base;
  for (let i = 1; lines.has(word); i++) word = `${base}_${i}`;
  return word;
}
