// The tag worker's work, kept out of the worker module so it reads as plain functions: open
// each file (getFile() runs here, off the main thread), read it, and turn any failure into a
// row. One bad or vanished file never rejects the batch.
import type { ReadOutcome } from '../core/model.ts';
import type { ReadItem, ReadReply } from './reader-protocol.ts';
import { readRecording, UNREADABLE, type ReadRecordingOptions } from './read-recording.ts';

export interface ReadManyItem {
  path: string;
  handle?: FileSystemFileHandle;
  file?: File;
}

export interface ReadManyRow {
  path: string;
  size: number;
  lastModified: number;
  outcome: ReadOutcome;
  bytesRead: number;
  reads: number;
}

type Opened = { file: File } | { missing: string };

async function open(item: { handle?: FileSystemFileHandle; file?: File }): Promise<Opened> {
  if (item.file) return { file: item.file };
  if (!item.handle) return { missing: 'nothing to read: no file or handle given' };
  try {
    return { file: await item.handle.getFile() };
  } catch (error) {
    const name = error instanceof Error || error instanceof DOMException ? error.name : 'Error';
    return { missing: name === 'NotFoundError' ? UNREADABLE.vanished : `could not open the file (${name})` };
  }
}

export async function readMany(items: ReadManyItem[], opts?: ReadRecordingOptions): Promise<ReadManyRow[]> {
  const rows: ReadManyRow[] = [];
  for (const item of items) {
    const opened = await open(item);
    if ('missing' in opened) {
      rows.push({ path: item.path, size: 0, lastModified: 0, outcome: { kind: 'unreadable', reason: opened.missing }, bytesRead: 0, reads: 0 });
      continue;
    }
    const { file } = opened;
    const read = await readRecording(file, item.path, opts);
    rows.push({ path: item.path, size: file.size, lastModified: file.lastModified, ...read });
  }
  return rows;
}

/**
 * The scan's protocol (reader-protocol.ts): stat-only items and files the cache already knows are
 * not read. Every getFile() of the batch is issued at once (they wait on the browser's file I/O,
 * not on this thread), and a few reads run interleaved so one file's I/O overlaps another's parse.
 */
export async function readBatch(items: ReadItem[], opts?: ReadRecordingOptions): Promise<ReadReply[]> {
  const opened = await Promise.all(items.map(open));
  return mapInOrder(items, READS_IN_FLIGHT, async (item, i): Promise<ReadReply> => {
    const o = opened[i]!;
    if ('missing' in o) return { path: item.path, status: 'missing', reason: o.missing };
    const { size, lastModified } = o.file;
    const unchanged = item.known?.size === size && item.known.lastModified === lastModified;
    if (item.statOnly || unchanged) return { path: item.path, status: item.statOnly ? 'stat' : 'unchanged', size, lastModified };
    const read = await readRecording(o.file, item.path, opts);
    return { path: item.path, status: 'read', size, lastModified, ...read };
  });
}

const READS_IN_FLIGHT = 6;

/** Like Promise.all over `fn`, with at most `limit` calls pending; results keep the input order. */
async function mapInOrder<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
