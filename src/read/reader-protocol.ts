// What crosses between the scan (main thread) and the tag-reading workers.
import type { ReadOutcome } from '../core/model.ts';

export interface ReadItem {
  path: string;
  handle: FileSystemFileHandle;
  /** What the cache knows: if the file still has this size and lastModified, its content is not read. */
  known?: { size: number; lastModified: number };
  /** Only size and lastModified are wanted (companions, junk): never read content. */
  statOnly?: boolean;
}

export type ReadReply =
  | { path: string; status: 'read'; size: number; lastModified: number; outcome: ReadOutcome; bytesRead: number; reads: number }
  | { path: string; status: 'unchanged' | 'stat'; size: number; lastModified: number }
  | { path: string; status: 'missing'; reason: string };

export interface TagWorkerApi {
  readBatch(items: ReadItem[]): Promise<ReadReply[]>;
}
