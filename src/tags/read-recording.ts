// Reads one audio file's tags: one read of the head, parsed from memory, an extra read only
// when the format keeps something at the end. Every failure becomes an `unreadable` outcome
// with a reason a person can act on; nothing here throws.
import { parseFromTokenizer } from 'music-metadata';
import type { AudioInfo, ReadOutcome, Tags } from '../core/model.ts';
import { HeadTokenizer, type ReadCost } from './head-tokenizer.ts';
import { normalizeAudio, normalizeTags } from './normalize-tags.ts';
import { hasAudioSignature, hasMpegFrames, id3v2End, strangerKind } from './content-sniff.ts';
import { skimId3v2 } from './id3v2-skim.ts';
import { hasEmbeddedCover } from './cover-sniff.ts';
import { blobSource, type ByteSource } from './byte-source.ts';
import { DEFAULT_HEAD_BYTES } from './protocol.ts';
import { UNREADABLE, errorName, readFailure } from './unreadable.ts';

export interface ReadRecordingOptions {
  headBytes?: number;
  /** The head, already read by the caller: the first min(size, headBytes) bytes of the file. */
  head?: Uint8Array;
}

export interface RecordingRead extends ReadCost {
  outcome: ReadOutcome;
}

/** Extensions whose tags may sit at the end of the file (ID3v1, APE). */
const TRAILING_TAG_EXTENSIONS = new Set(['mp3', 'mp2', 'aac', 'ape', 'wv', 'mpc']);

export async function readRecording(blob: Blob | ByteSource, path: string, opts: ReadRecordingOptions = {}): Promise<RecordingRead> {
  const file = blob instanceof Blob ? blobSource(blob) : blob;
  const cost: ReadCost = { reads: 0, bytesRead: 0 };
  if (file.size === 0) return { outcome: unreadable(UNREADABLE.empty), ...cost };
  const headBytes = opts.headBytes ?? DEFAULT_HEAD_BYTES;
  let source = file;
  let head: Uint8Array;
  let cover: boolean;
  try {
    head = opts.head ?? (await file.read(0, Math.min(file.size, headBytes)));
    cost.reads++;
    cost.bytesRead += head.length;
    const stranger = strangerKind(head);
    if (stranger) return { outcome: unreadable(`not an audio file: it is ${stranger}`), ...cost };
    // Before the skim, which cuts big pictures out of the tag the parser sees.
    cover = hasEmbeddedCover(head);
    const skimmed = await skimId3v2(file, head, cost);
    if (skimmed) {
      source = skimmed.source;
      head = await source.read(0, Math.min(source.size, headBytes));
      cost.reads++;
      cost.bytesRead += Math.max(0, head.length - skimmed.inMemory);
    }
  } catch (error) {
    return { outcome: unreadable(readFailure(error)), ...cost };
  }
  const tokenizer = new HeadTokenizer(source, head, cost, {
    fileInfo: { path, ...(file.type ? { mimeType: file.type } : {}) },
    randomAccess: head.length === source.size || mayHaveTrailingTags(path, head),
  });
  try {
    // skipPostHeaders: an MP3 whose ID3v2 tag says anything is not read again at its end,
    // whatever its size, so a file reads the same whether or not it fits in the head.
    const metadata = await parseFromTokenizer(tokenizer, { duration: false, skipCovers: true, skipPostHeaders: true });
    const tags = normalizeTags(metadata.common, metadata.native);
    const audio = normalizeAudio(metadata.format);
    if (cover) audio.cover = true;
    return { outcome: judge(tags, audio, { path, head, size: source.size, reachedEnd: tokenizer.reachedEnd }), ...cost };
  } catch (error) {
    return { outcome: unreadable(parseFailure(error, path, head, tokenizer.reachedEnd)), ...cost };
  } finally {
    await tokenizer.close().catch(() => {});
  }
}

/** Containers whose parser reads only headers: reaching the end of the file there means it was cut off. */
const HEADER_ONLY_CONTAINERS = new Set(['FLAC']);

/** A parse that "succeeded" can still mean nothing: no tags and no believable audio. */
function judge(tags: Tags, audio: AudioInfo, seen: { path: string; head: Uint8Array; size: number; reachedEnd: boolean }): ReadOutcome {
  const tagged = Object.keys(tags).length > 0;
  if (tagged) return { kind: 'audio', tags, audio };
  // music-metadata "succeeds" on a text file named .mp3: it finds no frames and no tags.
  if (!audio.container) return unreadable(withoutAudio(seen.path, seen.head));
  if (seen.reachedEnd && HEADER_ONLY_CONTAINERS.has(audio.container)) return unreadable(UNREADABLE.truncated);
  // Random bytes hold a plausible MPEG sync word every few hundred bytes; real audio holds frames.
  if (audio.container === 'MPEG' && !hasMpegFrames(seen.head, seen.size, id3v2End(seen.head))) return unreadable(garbled(seen.path));
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


/** Bytes that look like no audio at all, under an audio name. */
function garbled(path: string): string {
  return `no audio found: the file is damaged or is not really ${formatName(path)}`;
}

/** Text (a playlist, a web page saved as .mp3) is plainly not audio; binary noise may be damaged audio. */
function withoutAudio(path: string, head: Uint8Array): string {
  // eslint-disable-next-line no-control-regex
  const text = !/[\x00-\x08\x0e-\x1f\x7f]/.test(String.fromCharCode(...head.subarray(0, 512)));
  return text ? UNREADABLE.notAudio : garbled(path);
}

const formatName = (path: string): string => path.slice(path.lastIndexOf('.') + 1).toUpperCase();

/**
 * A parser's error, in words a person can act on: other kinds of file, files cut short, and
 * files whose header is damaged. The parser's own message stays as a detail for the last kind.
 */
function parseFailure(error: unknown, path: string, head: Uint8Array, reachedEnd: boolean): string {
  const name = errorName(error);
  if (name === 'CouldNotDetermineFileTypeError' || name === 'UnsupportedFileTypeError') return withoutAudio(path, head);
  if (name === 'NotFoundError') return UNREADABLE.vanished;
  if (name === 'NotReadableError') return UNREADABLE.changed;
  if (!hasAudioSignature(head)) return garbled(path);
  const message = error instanceof Error ? error.message : String(error);
  // Sizes in a header that run past the end of the file: the rest of the file is missing.
  if (reachedEnd || name === 'EndOfStreamError' || /exceed|outside the bounds|end of/i.test(message)) return UNREADABLE.truncated;
  return `file is corrupt: its ${formatName(path)} header is damaged (${message})`;
}
