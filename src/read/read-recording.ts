// Reads one audio file's tags: one read of the head, parsed from memory, an extra read only
// when the format keeps something at the end. Every failure becomes an `unreadable` outcome
// with a reason a person can act on; nothing here throws.
import { parseFromTokenizer } from 'music-metadata';
import type { AudioInfo, ReadOutcome, Tags } from '../core/model.ts';
import { HeadTokenizer, type ReadCost } from './head-tokenizer.ts';
import { normalizeAudio, normalizeTags } from './normalize-tags.ts';

/** Big enough for tags with a typical embedded cover; one read of this costs what 4 KB costs. */
export const DEFAULT_HEAD_BYTES = 256 * 1024;

export interface ReadRecordingOptions {
  headBytes?: number;
}

export interface RecordingRead extends ReadCost {
  outcome: ReadOutcome;
}

export const UNREADABLE = {
  empty: 'empty file (0 bytes)',
  notAudio: 'not an audio file / unsupported format',
  vanished: 'file no longer exists',
  changed: 'file changed or became unreadable while it was being read',
} as const;

/** Extensions whose tags may sit at the end of the file (ID3v1, APE). */
const TRAILING_TAG_EXTENSIONS = new Set(['mp3', 'mp2', 'aac', 'ape', 'wv', 'mpc']);

export async function readRecording(file: Blob, path: string, opts: ReadRecordingOptions = {}): Promise<RecordingRead> {
  const cost: ReadCost = { reads: 0, bytesRead: 0 };
  if (file.size === 0) return { outcome: unreadable(UNREADABLE.empty), ...cost };
  let head: Uint8Array;
  try {
    head = new Uint8Array(await file.slice(0, Math.min(file.size, opts.headBytes ?? DEFAULT_HEAD_BYTES)).arrayBuffer());
    cost.reads++;
    cost.bytesRead += head.length;
  } catch (error) {
    return { outcome: unreadable(blobFailure(error)), ...cost };
  }
  const tokenizer = new HeadTokenizer(file, head, cost, {
    fileInfo: { path, ...(file.type ? { mimeType: file.type } : {}) },
    randomAccess: head.length === file.size || mayHaveTrailingTags(path, head),
  });
  try {
    // skipPostHeaders: an MP3 whose ID3v2 tag says anything is not read again at its end,
    // whatever its size, so a file reads the same whether or not it fits in the head.
    const metadata = await parseFromTokenizer(tokenizer, { duration: false, skipCovers: true, skipPostHeaders: true });
    const tags = normalizeTags(metadata.common);
    const audio = normalizeAudio(metadata.format);
    return { outcome: audioOrNothing(tags, audio), ...cost };
  } catch (error) {
    return { outcome: unreadable(parseFailure(error)), ...cost };
  } finally {
    await tokenizer.close().catch(() => {});
  }
}

function audioOrNothing(tags: Tags, audio: AudioInfo): ReadOutcome {
  // music-metadata "succeeds" on a text file named .mp3: it finds no frames and no tags.
  if (!audio.container && Object.keys(tags).length === 0) return unreadable(UNREADABLE.notAudio);
  return { kind: 'audio', tags, audio };
}

/** MPEG audio without an ID3v2 tag up front keeps its tags, if any, at the end. */
function mayHaveTrailingTags(path: string, head: Uint8Array): boolean {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  if (!TRAILING_TAG_EXTENSIONS.has(ext)) return false;
  const startsWithId3v2 = head[0] === 0x49 && head[1] === 0x44 && head[2] === 0x33;
  return !startsWithId3v2;
}

function unreadable(reason: string): ReadOutcome {
  return { kind: 'unreadable', reason };
}

function errorName(error: unknown): string {
  return error instanceof Error || error instanceof DOMException ? error.name : '';
}

function blobFailure(error: unknown): string {
  if (errorName(error) === 'NotFoundError') return UNREADABLE.vanished;
  return UNREADABLE.changed;
}

function parseFailure(error: unknown): string {
  switch (errorName(error)) {
    case 'CouldNotDetermineFileTypeError':
    case 'UnsupportedFileTypeError':
      return UNREADABLE.notAudio;
    case 'NotFoundError':
      return UNREADABLE.vanished;
    case 'NotReadableError':
      return UNREADABLE.changed;
    case 'EndOfStreamError':
      return 'file is truncated or corrupt: it ends too soon';
  }
  const message = error instanceof Error ? error.message : String(error);
  return `file is truncated or corrupt: ${message}`;
}
