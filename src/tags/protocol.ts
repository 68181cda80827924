// What crosses between the scan (main thread) and the tag-parsing workers. The scan reads each
// file's head itself and transfers the bytes: cloning a file handle or a File into a worker
// costs the browser more than the read. A parser that needs bytes past the head asks back.
import type { ReadOutcome } from '../core/model.ts';

/**
 * Bytes the scan reads from the start of each file in one go: big enough for tags with a typical
 * embedded cover; one read of this costs about what a small one does (decision 0003).
 */
export const DEFAULT_HEAD_BYTES = 256 * 1024;

/**
 * Which reader made a cached read. Raise it when the reader learns to read something new (a tag,
 * a field): reads made by an older reader are then read again, once, instead of lacking it forever.
 * 2: `albumdisambig` (MusicBrainz album comment), the three tag spellings.
 * 3: `duration` from the headers, `cover` (an embedded picture).
 */
export const READER_VERSION = 3;

export interface HeadItem {
  path: string;
  size: number;
  /** MIME type as the platform reports it, or ''. */
  type: string;
  /** The first min(size, DEFAULT_HEAD_BYTES) bytes of the file; transferred, not copied. */
  head: ArrayBuffer;
}

export interface ParsedHead {
  path: string;
  outcome: ReadOutcome;
  /** Bytes of content read, the head included. */
  bytesRead: number;
  reads: number;
}

/** Bytes [start, end) of a file in the batch being parsed, read by the main thread. */
export type MoreBytes = (path: string, start: number, end: number) => Promise<ArrayBuffer>;

export interface TagWorkerApi {
  /** Set once per worker: where parseHeads gets bytes beyond a head. */
  setMoreBytes(more: MoreBytes): void;
  parseHeads(items: HeadItem[]): Promise<ParsedHead[]>;
}
