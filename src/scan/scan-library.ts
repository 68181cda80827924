// Scan: walk the granted folder, read every audio file's head and have the worker pool parse
// its tags (or take them from the cache when size and lastModified are unchanged), and sort
// everything else into companions, junk and other files. The walk streams, so reading starts
// with the first folder.
//
// The file I/O happens here, on the main thread, exactly as the platform's floor does it (a
// few lanes sharing one walk, each doing getFile() then one read): the handles are here
// already, and handing a handle or a File to a worker costs the browser more than the read.
// Only the bytes go to the workers, transferred, and the parsing there never blocks this thread.
// A read-only folder (src/fs/read-only-folder.ts) is scanned the same way, its files in place of the walk.
import { isPlaylistName } from '../core/playlist-text.ts';
import { readPlaylist } from './playlist-read.ts';
import type { ExistingPlaylist } from '../core/plan-outputs.ts';
import type { FileEntry, ReadOutcome, Recording, UnreadableFile } from '../core/model.ts';
import { isAudioName, isJunkName } from '../core/entries.ts';
import { walkLibrary, type LibraryFile } from '../fs/walk.ts';
import type { ReadOnlyFolder } from '../fs/read-only-folder.ts';
import type { OrganizerDb, CachedRead } from '../db/schema.ts';
import { forgetReads, loadReads, overlayReads, storeReads, type PendingReads } from '../db/read-cache.ts';
import { DEFAULT_HEAD_BYTES, READER_VERSION, type HeadItem } from '../tags/protocol.ts';
import type { TagReaderPool } from '../tags/pool.ts';
import { UNREADABLE, readFailure } from '../tags/unreadable.ts';
import { hashSizeTies } from './size-ties.ts';

export interface ScanProgress {
  /** Files found by the walk so far. */
  found: number;
  /** Files whose tags are known (read now or taken from the cache). */
  done: number;
  fromCache: number;
  unreadable: number;
  bytesRead: number;
  walking: boolean;
  /** Audio files of equal size being compared byte for byte after the walk (read whole, then hashed), and how many are done. */
  comparing: { total: number; done: number; ms?: number };
  startedAt: number;
}

export interface LibraryScan {
  recordings: Recording[];
  unreadable: UnreadableFile[];
  /** Non-audio files: judged later as companions, junk or other. */
  others: FileEntry[];
  junk: FileEntry[];
  /** The .m3u/.m3u8 among `others`, with their text (src/scan/playlist-read.ts). */
  playlists: ExistingPlaylist[];
  /** Files that vanished while scanning. */
  vanished: { path: string; reason: string }[];
  handles: Map<string, FileSystemFileHandle>;
  progress: ScanProgress;
  /** Why the saved tags could not be read, when they were forgotten and every file read again. */
  cacheLost?: string;
}

export interface ScanOptions {
  library: string;
  db: OrganizerDb;
  pool: TagReaderPool;
  signal?: AbortSignal;
  onProgress?: (p: Readonly<ScanProgress>) => void;
  /** Files per worker message: big enough to amortise postMessage, small enough to keep both cores busy. */
  batchSize?: number;
  /** Files in flight on this thread: getFile() alone goes faster with many pending. */
  lanes?: number;
  /** Head reads in flight: the read floor's best concurrency on these machines. */
  reads?: number;
  /** The playlists the last scan of this library read: one with the same path, size and lastModified is not read again. */
  playlists?: readonly ExistingPlaylist[];
  /**
   * Moves of this library whose cached rows are not written yet, taken over from the follow of the
   * last run (ReadsFollow.takeOver): the scan sees the cache as it will be, so it neither waits for
   * the follow nor reads those files again. A move whose file the scan stores a row for itself is
   * dropped from it.
   */
  moved?: PendingReads;
  /** The files to scan: the walk of `root` unless given (a test hands in files that fail to open). */
  files?: AsyncIterator<LibraryFile>;
}

/** Heads waiting for a worker are bounded by bytes too: real files fill a 256 KB head each. */
const BATCH_BYTES = 4 * 1024 * 1024;
/** Cached reads are written a few hundred at a time: one IndexedDB transaction each. */
const WRITE_BATCH = 256;

export async function scanLibrary(root: FileSystemDirectoryHandle | ReadOnlyFolder, opts: ScanOptions): Promise<LibraryScan> {
  const { library, db, pool, signal } = opts;
  const batchSize = opts.batchSize ?? 48;
  const progress: ScanProgress = { found: 0, done: 0, fromCache: 0, unreadable: 0, bytesRead: 0, walking: true, comparing: { total: 0, done: 0 }, startedAt: performance.now() };
  const scan: LibraryScan = { recordings: [], unreadable: [], others: [], junk: [], playlists: [], vanished: [], handles: new Map(), progress };
  let cache: Map<string, CachedRead>;
  try {
    cache = await loadReads(db, library);
  } catch (e) {
    // The cache only saves reading: without it every file is read again, and its rows are written anew.
    scan.cacheLost = (e as Error)?.message ?? String(e);
    await forgetReads(db, library);
    cache = new Map();
  }
  if (opts.moved) overlayReads(cache, opts.moved);
  const playlistsBefore = new Map((opts.playlists ?? []).map((p) => [p.path, p]));
  const parsing = new Set<Promise<void>>();
  let pendingWrites: CachedRead[] = [];
  let heads: HeadItem[] = [];
  let files = new Map<string, File>();
  let headBytes = 0;

  const report = () => opts.onProgress?.(progress);

  const record = (entry: FileEntry, outcome: ReadOutcome, hash?: string) => {
    if (outcome.kind === 'audio') scan.recordings.push({ ...entry, tags: outcome.tags, audio: outcome.audio, ...(hash !== undefined ? { hash } : {}) });
    else {
      scan.unreadable.push({ ...entry, reason: outcome.reason });
      progress.unreadable++;
    }
    progress.done++;
  };

  const vanished = (path: string, reason: string) => {
    scan.vanished.push({ path, reason });
    scan.handles.delete(path);
    progress.done++;
  };

  /** Sends the heads gathered so far to the pool; waits while every worker already has work queued. */
  const flush = async () => {
    if (heads.length === 0) return;
    const batch = heads;
    const batchFiles = files;
    heads = [];
    files = new Map();
    headBytes = 0;
    while (parsing.size >= pool.size * 2) await Promise.race(parsing).catch(() => {});
    const job = pool.parse(batch, batchFiles, signal).then(async (rows) => {
      for (const row of rows) {
        const file = batchFiles.get(row.path)!;
        const entry: FileEntry = { path: row.path, size: file.size, lastModified: file.lastModified };
        progress.bytesRead += row.bytesRead;
        if (row.outcome.kind === 'unreadable' && row.outcome.reason === UNREADABLE.vanished) {
          vanished(row.path, row.outcome.reason);
          continue;
        }
        pendingWrites.push({ library, ...entry, outcome: row.outcome, reader: READER_VERSION });
        record(entry, row.outcome);
      }
      if (pendingWrites.length >= WRITE_BATCH) {
        const writes = pendingWrites;
        pendingWrites = [];
        await storeReads(db, writes, opts.moved);
      }
      report();
    });
    const tracked = job.finally(() => parsing.delete(tracked));
    // Its failure is surfaced once the lanes are done (allSettled below), not as an unhandled rejection.
    tracked.catch(() => {});
    parsing.add(tracked);
  };

  const visit = async (f: LibraryFile) => {
    let file: File;
    try {
      file = await f.getFile();
    } catch (e) {
      if ((e as DOMException).name === 'NotFoundError') return vanished(f.path, UNREADABLE.vanished);
      // One file the browser cannot open (locked by another program, refused to us) is one row, not the end of the scan.
      return record({ path: f.path, size: 0, lastModified: 0 }, { kind: 'unreadable', reason: openFailure(e) });
    }
    const entry: FileEntry = { path: f.path, size: file.size, lastModified: file.lastModified };
    if (!isAudioName(f.name)) {
      (isJunkName(f.name) ? scan.junk : scan.others).push(entry);
      if (isPlaylistName(f.name)) {
        // Keyed like the read cache (path, size, lastModified): a warm rescan reads no content.
        const before = playlistsBefore.get(f.path);
        scan.playlists.push(before && before.size === entry.size && before.lastModified === entry.lastModified ? before : await readPlaylist(file, entry));
      }
      progress.done++;
      return;
    }
    const known = cache.get(f.path);
    if (known && known.size === entry.size && known.lastModified === entry.lastModified && (known.reader ?? 1) === READER_VERSION) {
      progress.fromCache++;
      return record(entry, known.outcome, known.hash);
    }
    let head: ArrayBuffer;
    try {
      head = await reading(() => readHead(file));
    } catch (e) {
      const reason = readFailure(e);
      return reason === UNREADABLE.vanished ? vanished(f.path, reason) : record(entry, { kind: 'unreadable', reason });
    }
    heads.push({ path: f.path, size: file.size, type: file.type, head });
    files.set(f.path, file);
    headBytes += head.byteLength;
    if (heads.length >= batchSize || headBytes >= BATCH_BYTES) await flush();
  };

  const reading = limiter(opts.reads ?? 16);
  const walk = opts.files ?? (root.kind === 'read-only' ? root.files(signal) : walkLibrary(root, signal));
  let lastReport = 0;
  const lane = async () => {
    for (;;) {
      signal?.throwIfAborted();
      const next = await walk.next();
      if (next.done) return;
      if (next.value.handle) scan.handles.set(next.value.path, next.value.handle);
      progress.found++;
      await visit(next.value);
      // Progress for the eye, not per file: a few updates a second are enough.
      const now = performance.now();
      if (now - lastReport > 50) {
        lastReport = now;
        report();
      }
    }
  };
  const lanes = await Promise.allSettled(Array.from({ length: opts.lanes ?? 64 }, lane));
  await flush();
  progress.walking = false;
  report();
  // allSettled first so that no batch is left running behind a failure; then surface it.
  const outcomes = [...lanes, ...(await Promise.allSettled([...parsing]))];
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) throw failed.reason;
  await storeReads(db, pendingWrites, opts.moved);
  // Exact copies have equal sizes and read alike: only such files are read again and hashed.
  const comparedAt = performance.now();
  await hashSizeTies(scan, { library, db, signal, progress, onProgress: report, ...(opts.moved ? { moved: opts.moved } : {}) });
  // What finding exact copies adds to the scan (issue 13 asks ≤ 10 % at 10,000 files; npm run bench reports it).
  progress.comparing.ms = performance.now() - comparedAt;
  scan.recordings.sort(byPath);
  scan.unreadable.sort(byPath);
  report();
  return scan;
}

/** Runs at most `n` of the given tasks at once, in the order they ask. */
function limiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const queue: (() => void)[] = [];
  return async (task) => {
    if (running >= n) await new Promise<void>((resolve) => queue.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      queue.shift()?.();
    }
  };
}

/**
 * The first DEFAULT_HEAD_BYTES of a file. A file that fits is read whole: slice() registers a new
 * blob with the browser, which costs about as much again as the read (decision 0003). Larger
 * files need the slice; a stream would read far ahead of the head.
 */
async function readHead(file: File): Promise<ArrayBuffer> {
  if (file.size === 0) return new ArrayBuffer(0);
  return file.size <= DEFAULT_HEAD_BYTES ? file.arrayBuffer() : file.slice(0, DEFAULT_HEAD_BYTES).arrayBuffer();
}

/** Why a file could not be opened, in the words of the "can't read" list. */
function openFailure(e: unknown): string {
  const { name, message } = (e ?? {}) as { name?: string; message?: string };
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'permission to read this file was refused';
  if (name === 'NotReadableError') return `the file could not be opened: another program may have it locked (${message})`;
  return `the file could not be opened (${name ?? 'Error'}: ${message ?? String(e)})`;
}

const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

