// The platform floors the app is measured against: what the browser itself costs for the walk,
// getFile() and one read per file, and for move(), with none of the app's work around them.
import { walkLibrary } from '../src/fs/walk.ts';
import { isAudioName } from '../src/core/entries.ts';
import { foldersAbove } from '../src/core/library-path.ts';
import { DEFAULT_HEAD_BYTES } from '../src/tags/protocol.ts';

export interface ReadFloor {
  concurrency: number;
  files: number;
  reads: number;
  bytes: number;
  ms: number;
}

/**
 * What the floor reads of each audio file. `head` is exactly what the app reads
 * (src/scan/scan-library.ts readHead): the whole file when it fits in the app's head
 * (DEFAULT_HEAD_BYTES) with `file.arrayBuffer()`, else a slice of that size, and nothing of an
 * empty file. `slice` is the older floor, one `file.slice(0, 65536).arrayBuffer()` per file
 * whatever its size (a slice registers a new blob with the browser, so on small files it costs more
 * than the app's read). `none` is the walk and `getFile()` alone, the floor of a warm rescan.
 */
export type FloorRead = 'none' | 'slice' | 'head';

const SLICE_BYTES = 65536;

function readOf(file: File, read: Exclude<FloorRead, 'none'>): Promise<ArrayBuffer> | undefined {
  if (read === 'slice') return file.slice(0, SLICE_BYTES).arrayBuffer();
  if (file.size === 0) return undefined;
  return file.size <= DEFAULT_HEAD_BYTES ? file.arrayBuffer() : file.slice(0, DEFAULT_HEAD_BYTES).arrayBuffer();
}

/**
 * Walk + getFile() for every file the app walks, plus one read per audio file (the app reads no
 * content of companions or junk). `lanes` async lanes share one walk, so the walk streams exactly
 * as in the app. `limit` stops early, for the concurrency sweep.
 */
export async function readFloor(root: FileSystemDirectoryHandle, lanes: number, read: FloorRead, limit = Infinity): Promise<ReadFloor> {
  const started = performance.now();
  const walk = walkLibrary(root);
  const result: ReadFloor = { concurrency: lanes, files: 0, reads: 0, bytes: 0, ms: 0 };
  const lane = async () => {
    for (;;) {
      if (result.files >= limit) return;
      const next = await walk.next();
      if (next.done) return;
      result.files++;
      const file = await next.value.handle.getFile();
      if (read === 'none' || !isAudioName(next.value.name)) continue;
      const bytes = await readOf(file, read);
      result.bytes += bytes?.byteLength ?? 0;
      if (bytes) result.reads++;
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  result.ms = performance.now() - started;
  return result;
}

/** The fastest row of a concurrency sweep. */
export const fastest = <T extends { ms: number }>(rows: readonly T[]): T => rows.reduce((a, b) => (b.ms < a.ms ? b : a));

export interface TreeEntry {
  path: string;
  size: number;
  handle: FileSystemFileHandle;
}

/** Every file under the root, hidden ones included, sorted by path. */
export async function snapshotTree(root: FileSystemDirectoryHandle, skip?: string): Promise<{ files: TreeEntry[]; folders: number }> {
  const files: TreeEntry[] = [];
  let folders = 0;
  const visit = async (dir: FileSystemDirectoryHandle, prefix: string): Promise<void> => {
    for await (const entry of dir.values()) {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (path === skip) continue;
      if (entry.kind === 'directory') {
        folders++;
        await visit(entry as FileSystemDirectoryHandle, path);
      } else {
        const handle = entry as FileSystemFileHandle;
        files.push({ path, size: (await handle.getFile()).size, handle });
      }
    }
  };
  await visit(root, '');
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, folders };
}

export function sameTree(a: readonly TreeEntry[], b: readonly TreeEntry[]): { same: boolean; missing: string[]; extra: string[]; resized: string[] } {
  const before = new Map(a.map((f) => [f.path, f.size]));
  const after = new Map(b.map((f) => [f.path, f.size]));
  const missing = [...before.keys()].filter((p) => !after.has(p));
  const extra = [...after.keys()].filter((p) => !before.has(p));
  const resized = [...before.keys()].filter((p) => after.has(p) && after.get(p) !== before.get(p));
  return { same: missing.length + extra.length + resized.length === 0, missing: missing.slice(0, 10), extra: extra.slice(0, 10), resized: resized.slice(0, 10) };
}

export interface MoveFloor {
  /** Moves in flight at once. */
  concurrency: number;
  moves: number;
  outMs: number;
  backMs: number;
  /** Folders made on the way out (the way back finds its folders there): an apply makes and removes more, which this floor does not pay. */
  foldersMade: number;
  /** The mean of out and back: each direction alone is one sample of a quantity that varies by ±15% between them. */
  ms: number;
}

/**
 * The raw move() cost: every file moved into a fresh folder tree under `scratch` (one new folder
 * per source folder, created on first use, as an apply creates its album folders), then moved
 * back home; `inFlight` moves at a time. No checks, no journal. The moves are independent: each
 * file has its own source and its own target, so they may run in any order. A folder is created
 * once, whichever move needs it first: the others wait for the same promise.
 */
export async function moveFloor(root: FileSystemDirectoryHandle, files: readonly TreeEntry[], scratch: string, inFlight: number): Promise<MoveFloor> {
  const base = await root.getDirectoryHandle(scratch, { create: true });
  let foldersMade = 0;
  const outMs = await moveEvery(files, folderMaker(base, () => foldersMade++).folder, inFlight);
  const backMs = await moveEvery(files, folderMaker(root, () => {}).folder, inFlight);
  await root.removeEntry(scratch, { recursive: true });
  return { concurrency: inFlight, moves: files.length, outMs, backMs, foldersMade, ms: (outMs + backMs) / 2 };
}

const parentPath = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');
const lastName = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/** Folders under `start` by relative path, each made (or found) once, on first use: the others wait for the same promise. */
function folderMaker(start: FileSystemDirectoryHandle, counted: () => void) {
  const made = new Map<string, Promise<FileSystemDirectoryHandle>>([['', Promise.resolve(start)]]);
  const folder = (path: string): Promise<FileSystemDirectoryHandle> => {
    let known = made.get(path);
    if (!known) {
      known = folder(parentPath(path)).then((p) => p.getDirectoryHandle(lastName(path), { create: true }));
      made.set(path, known);
      counted();
    }
    return known;
  };
  return { folder, made };
}

/** Every file moved into the folder of its own path under `folder`'s tree, `inFlight` at a time; the ms it took. */
async function moveEvery(files: readonly { handle: FileSystemFileHandle; path: string }[], folder: (path: string) => Promise<FileSystemDirectoryHandle>, inFlight: number): Promise<number> {
  const started = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < files.length) {
      const f = files[next++]!;
      await f.handle.move(await folder(parentPath(f.path)), lastName(f.path));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, inFlight) }, lane));
  return performance.now() - started;
}

export interface SameCallsFloor extends MoveFloor {
  /** Removing the home folders the moves out emptied, deepest first, one at a time (as the apply's tidying does). */
  homeTidyMs: number;
  homeFoldersRemoved: number;
  /** Removing the target folders the moves back emptied: the undo's removals. */
  scratchTidyMs: number;
  scratchFoldersRemoved: number;
  /** Folders made on the way back: the home folders again, as an undo makes them. */
  foldersMadeBack: number;
}

/** A file the apply moved, and the path (relative to the library) it moved it to. */
export interface AppliedMove {
  file: TreeEntry;
  to: string;
}

/** Every folder above one of `paths`, deepest first. */
const foldersAboveAll = (paths: readonly string[]): string[] =>
  [...new Set(paths.flatMap(foldersAbove))].sort((a, b) => b.split('/').length - a.split('/').length);

/**
 * The File System Access calls of the apply and of its undo, with none of the app's work: every file
 * the apply moved goes to the apply's own target path, in a fresh tree under `scratch` (so the same
 * folders are made, on first use, and no file of the library can be in the way), then the home
 * folders that emptied are removed, deepest first, one at a time; then every file goes home again
 * (making those folders again) and the target folders that emptied are removed. Out + home tidy
 * are the apply's calls, back + scratch tidy the undo's. The app removes folders while its moves
 * run; this floor removes them after the moves, so it is not a bound below the app, only the raw
 * cost of the same calls ("the apply is measured against the raw cost of the same File System
 * Access calls in the same run").
 */
export async function sameCallsFloor(root: FileSystemDirectoryHandle, moves: readonly AppliedMove[], scratch: string, inFlight: number): Promise<SameCallsFloor> {
  const base = await root.getDirectoryHandle(scratch, { create: true });
  const homeFolders = foldersAboveAll(moves.map((m) => m.file.path));
  const targetFolders = foldersAboveAll(moves.map((m) => m.to));
  // Removals use handles already held, as the app's folder cache holds them: no lookups timed.
  const tidy = async (folders: readonly string[], handles: Map<string, Promise<FileSystemDirectoryHandle>>): Promise<{ ms: number; removed: number }> => {
    const started = performance.now();
    let removed = 0;
    for (const path of folders) {
      try {
        await (await handles.get(parentPath(path))!).removeEntry(lastName(path));
        removed++;
      } catch {
        // Still holds something the apply did not move: kept, as the app keeps it.
      }
    }
    return { ms: performance.now() - started, removed };
  };
  let foldersMade = 0;
  let foldersMadeBack = 0;
  // The home folders' handles, looked up before anything is timed.
  const homeHandles = folderMaker(root, () => {});
  await Promise.all(homeFolders.map((path) => homeHandles.folder(path)));
  const out = folderMaker(base, () => foldersMade++);
  const outMs = await moveEvery(moves.map((m) => ({ handle: m.file.handle, path: m.to })), out.folder, inFlight);
  const home = await tidy(homeFolders, homeHandles.made);
  const backMs = await moveEvery(moves.map((m) => m.file), folderMaker(root, () => foldersMadeBack++).folder, inFlight);
  const away = await tidy(targetFolders, out.made);
  await root.removeEntry(scratch, { recursive: true });
  return {
    concurrency: inFlight, moves: moves.length, outMs, backMs, foldersMade, ms: (outMs + backMs) / 2,
    homeTidyMs: home.ms, homeFoldersRemoved: home.removed, scratchTidyMs: away.ms, scratchFoldersRemoved: away.removed, foldersMadeBack,
  };
}

