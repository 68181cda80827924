// A folder the browser lets the page read but not change: where showDirectoryPicker is missing
// (Firefox, Safari), picked with <input webkitdirectory> or dropped on the page
// (webkitGetAsEntry). It is scanned, planned and exported as a script exactly as a granted
// folder is; it has no handles, so nothing in it can be moved from the page.
// See docs/decisions/0012-read-only-folders.md.
import { isHiddenEntry, joinPath } from '../core/entries.ts';
import { IDENTITY_FILES, firstInFolderOrder, readOnlyLibraryId } from '../core/read-only-library.ts';
import type { LibraryFile } from './walk.ts';

export interface ReadOnlyFolder {
  readonly kind: 'read-only';
  readonly name: string;
  /** The library id, the same on every visit whether picked or dropped (src/core/read-only-library.ts). */
  readonly id: string;
  /** Its files, hidden ones left out as the walk of a granted folder leaves them out. */
  files(signal?: AbortSignal): AsyncGenerator<LibraryFile>;
}

/**
 * The folder the folder input gave: each File's webkitRelativePath is "<folder>/<library path>".
 * Reads the list at once (the caller may clear the input right after); a list that is not a
 * folder gets the reason why.
 */
export function pickedFolder(list: ArrayLike<File>): ReadOnlyFolder | { problem: string } {
  const files: LibraryFile[] = [];
  let name: string | undefined;
  for (const file of Array.from(list)) {
    const parts = file.webkitRelativePath.split('/');
    if (parts.length < 2) return { problem: 'The browser gave single files, not a folder. Choose the folder that holds your music, or drop it on this page.' };
    name ??= parts[0]!;
    if (parts.slice(1).some(isHiddenEntry)) continue;
    files.push({ path: parts.slice(1).join('/'), name: parts.at(-1)!, getFile: () => Promise.resolve(file) });
  }
  if (name === undefined) return { problem: 'The folder you chose has no files in it. Choose the folder that holds your music.' };
  return {
    kind: 'read-only',
    name,
    id: readOnlyLibraryId(name, firstInFolderOrder(files.map((f) => f.path))),
    async *files(signal) {
      for (const file of files) {
        signal?.throwIfAborted();
        yield file;
      }
    },
  };
}

/**
 * The folder a drop gave (FileSystemDirectoryEntry). Its first files are walked now, for the id;
 * the first scan goes on from there, so the walk still streams, and a later scan walks the
 * folder again as it is then.
 */
export async function droppedFolder(root: FileSystemDirectoryEntry): Promise<ReadOnlyFolder> {
  const walk = walkEntries(root, '');
  const first: LibraryFile[] = [];
  while (first.length < IDENTITY_FILES) {
    const next = await walk.next();
    if (next.done) break;
    first.push(next.value);
  }
  let started: AsyncGenerator<LibraryFile> | null = walk;
  return {
    kind: 'read-only',
    name: root.name,
    // The walk lists every folder sorted by name, so its first files are the first in folder order.
    id: readOnlyLibraryId(root.name, first.map((f) => f.path)),
    files(signal) {
      const rest = started;
      started = null;
      return rest ? resume(first, rest, signal) : walkEntries(root, '', signal);
    },
  };
}

async function* resume(first: LibraryFile[], rest: AsyncGenerator<LibraryFile>, signal?: AbortSignal): AsyncGenerator<LibraryFile> {
  yield* first;
  for (;;) {
    signal?.throwIfAborted();
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}

/** Depth-first, each folder's entries sorted by name; hidden entries skipped, as in src/fs/walk.ts. */
async function* walkEntries(dir: FileSystemDirectoryEntry, path: string, signal?: AbortSignal): AsyncGenerator<LibraryFile> {
  signal?.throwIfAborted();
  const entries = (await listFolder(dir)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (isHiddenEntry(entry.name)) continue;
    const entryPath = joinPath(path, entry.name);
    if (entry.isDirectory) yield* walkEntries(entry as FileSystemDirectoryEntry, entryPath, signal);
    else if (entry.isFile) yield { path: entryPath, name: entry.name, getFile: () => fileOf(entry as FileSystemFileEntry) };
  }
}

/** Every entry of a folder: readEntries gives a batch at a time (100 in Chromium) and an empty batch at the end. */
async function listFolder(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}
