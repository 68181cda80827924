// The platform floors the app is measured against: what the browser itself costs for the walk,
// getFile() and one read per file, and for move(), with none of the app's work around them.
import { walkLibrary } from '../src/fs/walk.ts';
import { isAudioName } from '../src/core/entries.ts';

export interface ReadFloor {
  concurrency: number;
  files: number;
  reads: number;
  bytes: number;
  ms: number;
}

/**
 * How the floor reads 64 KB of each audio file: `slice` is the floor, one
 * `file.slice(0, 65536).arrayBuffer()`; `whole` reads a file that fits in 64 KB with
 * `file.arrayBuffer()`, skipping the slice (which registers a new blob with the browser), as the
 * app does for files that fit its head. On the bench's small files that is the stricter floor.
 */
export type FloorRead = 'none' | 'slice' | 'whole';

/**
 * Walk + getFile() for every file the app walks, plus one 64 KB read for each audio file (the
 * app reads no content of companions or junk). `lanes` async lanes share one walk, so the walk
 * streams exactly as in the app. `limit` stops early, for the concurrency sweep.
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
      if (read !== 'none' && isAudioName(next.value.name)) {
        const bytes = await (read === 'whole' && file.size <= 65536 ? file.arrayBuffer() : file.slice(0, 65536).arrayBuffer());
        result.bytes += bytes.byteLength;
        result.reads++;
      }
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  result.ms = performance.now() - started;
  return result;
}

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

/**
 * The raw move() cost: every file moved into a fresh folder tree (one new folder per source
 * folder, created on first use, as an apply creates its album folders), then moved back. No
 * checks, no journal, one move at a time as the apply does.
 */
export async function moveFloor(root: FileSystemDirectoryHandle, files: readonly TreeEntry[], scratch: string): Promise<{ outMs: number; backMs: number; moves: number }> {
  const base = await root.getDirectoryHandle(scratch, { create: true });
  const made = new Map<string, FileSystemDirectoryHandle>([['', base]]);
  const folderUnder = async (start: FileSystemDirectoryHandle, cache: Map<string, FileSystemDirectoryHandle>, path: string): Promise<FileSystemDirectoryHandle> => {
    const known = cache.get(path);
    if (known) return known;
    const cut = path.lastIndexOf('/');
    const parent = await folderUnder(start, cache, cut < 0 ? '' : path.slice(0, cut));
    const dir = await parent.getDirectoryHandle(path.slice(cut + 1), { create: true });
    cache.set(path, dir);
    return dir;
  };
  const parent = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');
  const name = (p: string) => p.slice(p.lastIndexOf('/') + 1);

  let started = performance.now();
  for (const f of files) await f.handle.move(await folderUnder(base, made, parent(f.path)), name(f.path));
  const outMs = performance.now() - started;

  const home = new Map<string, FileSystemDirectoryHandle>([['', root]]);
  started = performance.now();
  for (const f of files) await f.handle.move(await folderUnder(root, home, parent(f.path)), name(f.path));
  const backMs = performance.now() - started;
  await root.removeEntry(scratch, { recursive: true });
  return { outMs, backMs, moves: files.length };
}
