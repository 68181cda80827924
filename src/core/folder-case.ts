// A folder renamed only in letter case (or Unicode normalisation) cannot be reached by moving its
// files one by one on a disk that ignores case: asking there for `Beatles` opens the existing
// `beatles`, so the files land back where they were. The scheduler therefore parks the files of
// such a folder in a hidden folder at the library root, removes the old folder once it is empty,
// and only then moves the files on into the new spelling.
import type { LibraryPath } from './model.ts';
import { foldersAbove, pathKey } from './library-path.ts';

/**
 * Existing folders that the targets spell differently, old spelling → new spelling, topmost only
 * (removing a folder takes its emptied subfolders with it), sorted so the schedule is deterministic.
 */
export function caseRenamedFolders(existing: Iterable<LibraryPath>, targets: Iterable<LibraryPath>): Map<string, string> {
  const spellings = new Map<string, Set<string>>();
  const seen = new Set<string>();
  const eachFolder = (path: string, visit: (folder: string) => void) => {
    const parent = path.slice(0, Math.max(path.lastIndexOf('/'), 0));
    if (parent === '' || seen.has(parent)) return;
    seen.add(parent);
    for (const folder of foldersAbove(path)) visit(folder);
  };
  for (const path of existing) {
    eachFolder(path, (folder) => {
      const key = pathKey(folder);
      const known = spellings.get(key);
      if (known) known.add(folder);
      else spellings.set(key, new Set([folder]));
    });
  }
  seen.clear();
  const renamed = new Map<string, string>();
  for (const path of targets) {
    eachFolder(path, (folder) => {
      const known = spellings.get(pathKey(folder));
      if (!known || known.has(folder)) return;
      for (const old of known) if (!renamed.has(old)) renamed.set(old, folder);
    });
  }
  const topmost = [...renamed].filter(([old]) => !foldersAbove(old).some((above) => renamed.has(above)));
  return new Map(topmost.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** True when `path` lies inside one of `folders` (exact spelling). */
export const insideAny = (path: LibraryPath, folders: ReadonlyMap<string, string>): boolean => foldersAbove(path).some((folder) => folders.has(folder));
