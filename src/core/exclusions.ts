// The user's choices about single files, applied before anything is grouped: files and folders
// left out of the plan (they stay where they are, and their paths stay taken), and tags read
// otherwise (a suggestion's fix). Files are found by size and lastModified (and hash), which a
// move keeps; when several files are equal on those, the one at the remembered path.
import type { ChoiceOutcome, FileEntry, Recording } from './model.ts';
import type { PlanSource } from './plan.ts';
import { choiceKey, namesFile, type EditTagsChoice, type FileIdentity, type ReviewChoice } from './review-choices.ts';
import { foldersAbove, pathKey } from './library-path.ts';
import { baseName } from './entries.ts';

const sizeKey = (f: { size: number; lastModified: number }) => `${f.size}:${f.lastModified}`;

/**
 * Files of a list as choices find them: by identity, the remembered path breaking a tie. A copy of
 * the library made without its dates (another computer, another browser profile, an imported
 * file of choices) has new dates but the same paths and sizes: a file no date matches is found at
 * its remembered path when its size (and hash) agree.
 */
export class FileFinder<T extends FileEntry & { hash?: string }> {
  readonly #bySize = new Map<string, T[]>();
  readonly #byPath = new Map<string, T>();

  constructor(files: Iterable<T>) {
    for (const f of files) {
      this.#byPath.set(f.path, f);
      const list = this.#bySize.get(sizeKey(f));
      if (list) list.push(f);
      else this.#bySize.set(sizeKey(f), [f]);
    }
  }

  /** The files `id` names: the one at its path when that is among them, else every one (a tie the path no longer breaks). */
  find(id: FileIdentity): T[] {
    const named = (this.#bySize.get(sizeKey(id)) ?? []).filter((f) => namesFile(id, f));
    const there = named.find((f) => f.path === id.path);
    if (there) return [there];
    if (named.length > 0) return named;
    const same = this.#byPath.get(id.path);
    return same && namesFile({ ...id, lastModified: same.lastModified }, same) ? [same] : [];
  }
}

export interface LeftOut {
  /** The source without the files left out. */
  source: PlanSource;
  /** Every file left out (it stays where it is), in path order. */
  excluded: string[];
  outcomes: ChoiceOutcome[];
}

/** Takes the excluded files and folders out of the source. A file left out is never moved, deleted or renamed. */
export function leaveOut(source: PlanSource, choices: readonly ReviewChoice[]): LeftOut {
  const folders = choices.filter((c) => c.kind === 'exclude-folder');
  const files = choices.filter((c) => c.kind === 'exclude-file');
  if (folders.length === 0 && files.length === 0) return { source, excluded: [], outcomes: [] };
  const all = [...source.recordings, ...source.unreadable, ...source.others, ...source.junk];
  const out = new Set<string>();
  const outcomes: ChoiceOutcome[] = [];

  const folderCounts = new Map(folders.map((c) => [pathKey(c.folder), 0]));
  for (const f of all) {
    for (const folder of foldersAbove(pathKey(f.path))) {
      const n = folderCounts.get(folder);
      if (n === undefined) continue;
      folderCounts.set(folder, n + 1);
      out.add(f.path);
    }
  }
  for (const c of folders) {
    const n = folderCounts.get(pathKey(c.folder))!;
    outcomes.push({ key: choiceKey(c), kind: c.kind, subject: `${c.folder}/`, effect: stays(n, 'in this folder'), files: n });
  }
  const finder = new FileFinder(all);
  for (const c of files) {
    const found = finder.find(c.file);
    for (const f of found) out.add(f.path);
    const where = found.length === 1 && found[0]!.path !== c.file.path ? ` (now at ${found[0]!.path})` : '';
    outcomes.push({ key: choiceKey(c), kind: c.kind, subject: c.file.path, effect: found.length === 0 ? 'Not in the library any more.' : `Stays where it is${where}.`, files: found.length });
  }
  const keep = <T extends FileEntry>(list: readonly T[]) => list.filter((f) => !out.has(f.path));
  return {
    source: { recordings: keep(source.recordings), unreadable: keep(source.unreadable), others: keep(source.others), junk: keep(source.junk) },
    excluded: [...out].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    outcomes,
  };
}

function stays(n: number, where: string): string {
  if (n === 0) return `No file ${where} now.`;
  return `${n === 1 ? 'Its 1 file stays' : `Its ${n} files stay`} where ${n === 1 ? 'it is' : 'they are'}.`;
}

/** Tags as the user's tag edits (suggestions' fixes) say the planner should read them, in the order they were made. */
export function retag(recordings: Recording[], choices: readonly ReviewChoice[]): { recordings: Recording[]; outcomes: ChoiceOutcome[] } {
  const edits = choices.filter((c): c is EditTagsChoice => c.kind === 'edit-tags').sort((a, b) => a.madeAt - b.madeAt);
  if (edits.length === 0) return { recordings, outcomes: [] };
  const finder = new FileFinder(recordings);
  const edited = new Map<string, Recording['tags']>();
  const outcomes: ChoiceOutcome[] = [];
  for (const c of edits) {
    let n = 0;
    for (const id of c.files) {
      for (const r of finder.find(id)) {
        const tags = { ...(edited.get(r.path) ?? r.tags), ...c.set };
        // A year set by hand replaces the tagged date it would otherwise be read from.
        if (c.set.year !== undefined) delete tags.date;
        edited.set(r.path, tags);
        n++;
      }
    }
    const subject = c.files.length === 1 ? baseName(c.files[0]!.path) : `${c.files.length} files`;
    outcomes.push({ key: choiceKey(c), kind: c.kind, subject, effect: c.label, files: n });
  }
  return { recordings: recordings.map((r) => (edited.has(r.path) ? { ...r, tags: edited.get(r.path)! } : r)), outcomes };
}
