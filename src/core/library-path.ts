// Path helpers shared by the move scheduler and its simulator. Library paths are '/'-separated and
// relative; the disk under them may ignore case and Unicode normalisation (Windows, macOS), so
// "the same place" is decided by key, never by the exact spelling.

import type { LibraryPath } from './model.ts';

/** Two paths name the same place on a case-insensitive, normalisation-insensitive disk iff their keys are equal. */
export function pathKey(path: LibraryPath): string {
  // ASCII is already NFC, and this runs for every path many times: skip ICU for it (decision 0009).
  return (NON_ASCII.test(path) ? path.normalize('NFC') : path).toLowerCase();
}

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * The folders above a path, outermost first ('a/b/c' → 'a', 'a/b'). Works on keys too: NFC and
 * lower-casing never move a '/', so the prefixes of a key are the keys of the folders.
 */
export function foldersAbove(path: string): string[] {
  const folders: string[] = [];
  for (let slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
    folders.push(path.slice(0, slash));
  }
  return folders;
}

/**
 * Collects the folders above keys, deepest first, stopping at one already present: its own
 * ancestors came with it. Files arrive folder by folder, so the last parent is checked by
 * comparison before anything is hashed.
 */
export function folderCollector(folders: Set<string>): (key: string) => void {
  let lastParent = '';
  return (key) => {
    const end = key.lastIndexOf('/');
    if (end <= 0 || (end === lastParent.length && key.startsWith(lastParent))) return;
    lastParent = key.slice(0, end);
    for (let slash = end; slash > 0; slash = key.lastIndexOf('/', slash - 1)) {
      const folder = key.slice(0, slash);
      if (folders.has(folder)) return;
      folders.add(folder);
    }
  };
}

// An empty, '.' or '..' segment anywhere: absolute paths, trailing slashes, '//' and escapes.
const IRREGULAR_SEGMENT = /(?:^|\/)\.{0,2}(?:\/|$)/;

/** Why a string cannot be a library path, or undefined when it can. */
export function libraryPathProblem(path: string): string | undefined {
  if (path === '') return 'the path is empty';
  if (IRREGULAR_SEGMENT.test(path)) return `"${path}" is not a plain relative library path`;
  return undefined;
}
