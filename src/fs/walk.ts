// Walks a granted folder as a stream, so reading can start before the walk ends.
import { isHiddenEntry, joinPath } from '../core/entries.ts';

/**
 * One file of a library as the scan meets it: its library path, and how to open it. A granted
 * folder's walk gives its handle too (Apply moves it); a read-only folder has none
 * (src/fs/read-only-folder.ts).
 */
export interface LibraryFile {
  path: string;
  name: string;
  getFile(): Promise<File>;
  handle?: FileSystemFileHandle;
}

export interface WalkedFile extends LibraryFile {
  handle: FileSystemFileHandle;
}

/**
 * Depth-first, folders in the order the file system lists them. Hidden entries (dot files and
 * folders, `*.crswap`) are skipped; junk such as Thumbs.db is yielded and judged later.
 */
export async function* walkLibrary(root: FileSystemDirectoryHandle, signal?: AbortSignal): AsyncGenerator<WalkedFile> {
  const pending: { dir: FileSystemDirectoryHandle; path: string }[] = [{ dir: root, path: '' }];
  while (pending.length > 0) {
    signal?.throwIfAborted();
    const { dir, path } = pending.pop()!;
    const subfolders: { dir: FileSystemDirectoryHandle; path: string }[] = [];
    for await (const entry of dir.values()) {
      if (isHiddenEntry(entry.name)) continue;
      const entryPath = joinPath(path, entry.name);
      if (entry.kind === 'directory') subfolders.push({ dir: entry as FileSystemDirectoryHandle, path: entryPath });
      else yield walked(entryPath, entry as FileSystemFileHandle);
    }
    // Reverse so that popping visits folders in listing order.
    for (let i = subfolders.length - 1; i >= 0; i--) pending.push(subfolders[i]!);
  }
}

function walked(path: string, handle: FileSystemFileHandle): WalkedFile {
  return { path, name: handle.name, handle, getFile: () => handle.getFile() };
}
