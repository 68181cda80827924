// Scan: walk the granted folder, read every audio file's tags in the worker pool (or take them
// from the cache when size and lastModified are unchanged), and sort everything else into
// companions, junk and other files. The walk streams, so reading starts with the first folder.
import type { CompanionFile, FileEntry, Recording, UnreadableFile } from '../core/model.ts';
import { isAudioName, isJunkName } from '../core/entries.ts';
import { walkLibrary, type WalkedFile } from '../fs/walk.ts';
import type { OrganizerDb, CachedRead } from '../db/schema.ts';
import { loadReads, storeReads } from '../db/read-cache.ts';
import type { ReadItem, ReadReply } from '../read/reader-protocol.ts';
import type { TagReaderPool } from '../read/tag-reader-pool.ts';

export interface ScanProgress {
  /** Files found by the walk so far. */
  found: number;
  /** Files whose tags are known (read now or taken from the cache). */
  done: number;
  fromCache: number;
  unreadable: number;
  bytesRead: number;
  walking: boolean;
  startedAt: number;
}

export interface LibraryScan {
  recordings: Recording[];
  unreadable: UnreadableFile[];
  /** Non-audio files: judged later as companions, junk or other. */
  others: FileEntry[];
  junk: FileEntry[];
  /** Files that vanished while scanning. */
  vanished: { path: string; reason: string }[];
  handles: Map<string, FileSystemFileHandle>;
  progress: ScanProgress;
}

export interface ScanOptions {
  library: string;
  db: OrganizerDb;
  pool: TagReaderPool;
  signal?: AbortSignal;
  onProgress?: (p: Readonly<ScanProgress>) => void;
  /** Files per worker message: big enough to amortise postMessage, small enough to keep both cores busy. */
  batchSize?: number;
}

export async function scanLibrary(root: FileSystemDirectoryHandle, opts: ScanOptions): Promise<LibraryScan> {
  const { library, db, pool, signal } = opts;
  const batchSize = opts.batchSize ?? 48;
  const progress: ScanProgress = { found: 0, done: 0, fromCache: 0, unreadable: 0, bytesRead: 0, walking: true, startedAt: performance.now() };
  const scan: LibraryScan = { recordings: [], unreadable: [], others: [], junk: [], vanished: [], handles: new Map(), progress };
  const inFlight = new Set<Promise<void>>();
  const cache = await loadReads(db, library);
  let pendingWrites: CachedRead[] = [];

  const report = () => opts.onProgress?.(progress);

  const absorb = (reply: ReadReply, cached: CachedRead | undefined, isJunk: boolean) => {
    if (reply.status === 'missing') {
      scan.vanished.push({ path: reply.path, reason: reply.reason });
      scan.handles.delete(reply.path);
      return;
    }
    const entry: FileEntry = { path: reply.path, size: reply.size, lastModified: reply.lastModified };
    if (reply.status === 'stat') {
      (isJunk ? scan.junk : scan.others).push(entry);
      return;
    }
    const outcome = reply.status === 'read' ? reply.outcome : cached!.outcome;
    if (reply.status === 'read') {
      progress.bytesRead += reply.bytesRead;
      pendingWrites.push({ library, ...entry, outcome });
    } else {
      progress.fromCache++;
    }
    if (outcome.kind === 'audio') scan.recordings.push({ ...entry, tags: outcome.tags, audio: outcome.audio });
    else {
      scan.unreadable.push({ ...entry, reason: outcome.reason });
      progress.unreadable++;
    }
  };

  /**
   * Size and lastModified are asked here, all at once: cloning a handle into a worker costs more
   * than the getFile() itself. Only files whose content must be read go to the workers.
   */
  const statHere = async (f: WalkedFile, known: CachedRead | undefined): Promise<ReadReply | undefined> => {
    let file: File;
    try {
      file = await f.handle.getFile();
    } catch (e) {
      if ((e as DOMException).name !== 'NotFoundError') throw e;
      return { path: f.path, status: 'missing', reason: 'file no longer exists' };
    }
    const { size, lastModified } = file;
    if (!known) return { path: f.path, status: 'stat', size, lastModified };
    return known.size === size && known.lastModified === lastModified ? { path: f.path, status: 'unchanged', size, lastModified } : undefined;
  };

  const dispatch = async (files: WalkedFile[]) => {
    const toRead: ReadItem[] = [];
    const here: Promise<void>[] = [];
    const replies: ReadReply[] = [];
    for (const f of files) {
      const audio = isAudioName(f.name);
      const known = audio ? cache.get(f.path) : undefined;
      if (audio && !known) toRead.push({ path: f.path, handle: f.handle });
      else {
        here.push(
          statHere(f, known).then((reply) => {
            if (reply) replies.push(reply);
            else toRead.push({ path: f.path, handle: f.handle }); // changed since it was cached: read again
          }),
        );
      }
    }
    await Promise.all(here);
    if (toRead.length > 0) replies.push(...(await pool.read(toRead, signal)));
    const junk = new Set(files.filter((f) => isJunkName(f.name)).map((f) => f.path));
    for (const reply of replies) absorb(reply, cache.get(reply.path), junk.has(reply.path));
    progress.done += replies.length;
    if (pendingWrites.length >= 256) {
      const writes = pendingWrites;
      pendingWrites = [];
      await storeReads(db, writes);
    }
    report();
  };

  const launch = (files: WalkedFile[]) => {
    const job = dispatch(files).finally(() => inFlight.delete(job));
    inFlight.add(job);
  };

  let batch: WalkedFile[] = [];
  for await (const file of walkLibrary(root, signal)) {
    scan.handles.set(file.path, file.handle);
    batch.push(file);
    progress.found++;
    if (batch.length >= batchSize) {
      // Back-pressure: the walk waits while every worker already has work queued.
      while (inFlight.size >= pool.size * 2) await Promise.race(inFlight).catch(() => {});
      launch(batch);
      batch = [];
      report();
    }
  }
  if (batch.length > 0) launch(batch);
  progress.walking = false;
  report();
  // allSettled first so that no batch is left running behind a failure; then surface it.
  const outcomes = await Promise.allSettled([...inFlight]);
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) throw failed.reason;
  await storeReads(db, pendingWrites);
  scan.recordings.sort(byPath);
  scan.unreadable.sort(byPath);
  report();
  return scan;
}

const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
