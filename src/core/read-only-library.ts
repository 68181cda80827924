// Which library a read-only folder is, from one visit to the next. A folder picked with
// <input webkitdirectory> or dropped in Firefox or Safari comes without a handle to recognise it
// by (no isSameEntry, nothing to store), yet its saved tags are kept under a library id, and a
// rescan reads no file content only if the next visit finds them under the same id.
//
// So the id is made from what the folder holds: its name and the first files a walk meets when
// it lists every folder sorted by name (the same files whether the folder was picked or dropped,
// in any browser). Only their paths, not their sizes or dates: editing a track's tags changes its
// size, and that must not make every other file's saved tags unreachable. Two folders of the same
// name are told apart by their first files. When those first files change (an album added that
// sorts before them, the library reorganized), the id changes and the next scan reads every file,
// as on a first visit; it never serves wrong tags, because each saved read is also checked
// against the file's size and lastModified.
import { crc32 } from './crc32.ts';

/** How many of the first files name a read-only library. */
export const IDENTITY_FILES = 32;

/**
 * Library paths in the order a walk meets them when it lists each folder sorted by name and goes
 * into a folder where its name comes: compared folder by folder, not as whole strings
 * ("A b/x" comes after "A/x" here, before it as a string).
 */
export function compareInFolderOrder(a: string, b: string): number {
  const as = a.split('/');
  const bs = b.split('/');
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    const x = as[i]!;
    const y = bs[i]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return as.length - bs.length;
}

/**
 * The first `n` of the paths in folder order, in one pass: the names of a 50,000-file library
 * are not sorted on the page for the sake of 32 of them.
 */
export function firstInFolderOrder(paths: Iterable<string>, n = IDENTITY_FILES): string[] {
  const first: string[] = [];
  for (const path of paths) {
    if (first.length === n && compareInFolderOrder(path, first[n - 1]!) >= 0) continue;
    let i = first.length;
    while (i > 0 && compareInFolderOrder(path, first[i - 1]!) < 0) i--;
    first.splice(i, 0, path);
    if (first.length > n) first.pop();
  }
  return first;
}

/** The library id of a read-only folder: its name, and a checksum of its name and first paths (in folder order). */
export function readOnlyLibraryId(folderName: string, firstPaths: readonly string[]): string {
  const sum = crc32(new TextEncoder().encode(JSON.stringify([folderName, ...firstPaths])));
  return `read-only:${folderName}:${sum}`;
}
