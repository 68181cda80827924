// After the walk, exact copies are looked for where they can be: among audio files of equal size
// whose tags and audio read the same. Those whose hash is not known yet are read once more, whole,
// and hashed; the hash goes into their cached read, so the next scan reads nothing again. In a
// library few files tie like that, except copies, so this costs a read per copy, not per file.
import type { CachedRead, OrganizerDb } from '../db/schema.ts';
import type { Recording } from '../core/model.ts';
import type { LibraryScan, ScanProgress } from './scan-library.ts';
import { unhashedSizeTies } from '../core/duplicates.ts';
import { mapInOrder } from '../core/concurrency.ts';
import { contentHash } from './content-hash.ts';
import { READER_VERSION } from '../tags/protocol.ts';
import { storeReads, type PendingReads } from '../db/read-cache.ts';

/**
 * Whole-file reads in flight: small files are dominated by the per-read cost, so many overlap, as
 * in the scan itself; big ones hold a chunk of up to 8 MB each in memory, so only a few.
 */
const SMALL_IN_FLIGHT = 16;
const BIG_IN_FLIGHT = 2;
const SMALL_FILE_BYTES = 1024 * 1024;
const WRITE_BATCH = 256;

interface HashOptions {
  library: string;
  db: OrganizerDb;
  signal?: AbortSignal;
  progress: ScanProgress;
  onProgress: () => void;
  /** The follow's moves the scan took over (see ScanOptions.moved). */
  moved?: PendingReads;
}

export async function hashSizeTies(scan: LibraryScan, { library, db, signal, progress, onProgress, moved }: HashOptions): Promise<void> {
  const ties = unhashedSizeTies(scan.recordings);
  if (ties.length === 0) return;
  progress.comparing = { total: ties.length, done: 0 };
  onProgress();
  const rows: CachedRead[] = [];
  const compare = async (recording: Recording) => {
    signal?.throwIfAborted();
    try {
      const file = await scan.handles.get(recording.path)!.getFile();
      // Changed since its tags were read: it is compared on the next scan, with its new tags.
      if (file.size !== recording.size || file.lastModified !== recording.lastModified) return;
      const hash = await contentHash(file.size, (start, end) => (start === 0 && end === file.size ? file.arrayBuffer() : file.slice(start, end).arrayBuffer()));
      progress.bytesRead += file.size;
      recording.hash = hash;
      const { path, size, lastModified, tags, audio } = recording;
      rows.push({ library, path, size, lastModified, outcome: { kind: 'audio', tags, audio }, reader: READER_VERSION, hash });
    } catch (e) {
      // A file that cannot be read now is only not compared; its tags were read, and it is planned.
      if ((e as DOMException)?.name === 'AbortError') throw e;
    } finally {
      progress.comparing.done++;
      onProgress();
    }
  };
  await mapInOrder(ties.filter((r) => r.size <= SMALL_FILE_BYTES), SMALL_IN_FLIGHT, compare);
  await mapInOrder(ties.filter((r) => r.size > SMALL_FILE_BYTES), BIG_IN_FLIGHT, compare);
  for (let start = 0; start < rows.length; start += WRITE_BATCH) await storeReads(db, rows.slice(start, start + WRITE_BATCH), moved);
}
