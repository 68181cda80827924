// Big pictures in an ID3v2 tag. music-metadata reads the whole tag into memory before it parses
// a single frame, skipCovers or not, so a 50 MB APIC frame costs a 50 MB read per scan. When the
// tag does not fit in the head, the reader walks the frame headers itself and gives the parser a
// tag without the big frames: a picture costs one small read past it, never the picture itself.
import { id3v2End } from './content-sniff.ts';
import type { ReadCost } from './head-tokenizer.ts';
import { splicedSource, type ByteSource } from './byte-source.ts';

/** Frames larger than this are left out: pictures, GEOB and PRIV blobs, never tag text. */
const MAX_KEPT_FRAME = 64 * 1024;
/** Smallest read while walking frame headers past the head. */
const WINDOW = 64 * 1024;

export interface SkimmedTag {
  /** The file with the big frames cut out of its tag: its text frames, then its audio. */
  source: ByteSource;
  /** Bytes at the start of `source` that are already in memory (the rewritten tag). */
  inMemory: number;
  skippedBytes: number;
}

/**
 * Undefined when there is nothing to gain (the tag fits the head, or holds no big frame) or the
 * tag is laid out in ways best left to music-metadata (ID3v2.2, unsynchronised, extended header).
 */
export async function skimId3v2(file: ByteSource, head: Uint8Array, cost: ReadCost): Promise<SkimmedTag | undefined> {
  const tagEnd = id3v2End(head);
  const major = head[3];
  const flags = head[5] ?? 0;
  if (tagEnd <= head.length || tagEnd > file.size) return undefined;
  // 0x80 unsynchronisation, 0x40 extended header, 0x10 footer.
  if ((major !== 3 && major !== 4) || (flags & 0xd0) !== 0) return undefined;

  let window = { start: 0, bytes: head };
  const bytesAt = async (pos: number, length: number): Promise<Uint8Array> => {
    const from = pos - window.start;
    if (from >= 0 && from + length <= window.bytes.length) return window.bytes.subarray(from, from + length);
    const end = Math.min(tagEnd, pos + Math.max(length, WINDOW));
    const bytes = await file.read(pos, end);
    cost.reads++;
    cost.bytesRead += bytes.length;
    window = { start: pos, bytes };
    return bytes.subarray(0, length);
  };

  const kept: Uint8Array<ArrayBuffer>[] = [];
  let skippedBytes = 0;
  for (let pos = 10; pos + 10 <= tagEnd; ) {
    const header = await bytesAt(pos, 10);
    // Padding (or a file that shrank under us) ends the frames.
    if (header.length < 10 || header[0] === 0) break;
    const id = String.fromCharCode(...header.subarray(0, 4));
    const size = major === 4 ? synchsafe(header, 4) : new DataView(header.buffer, header.byteOffset, 10).getUint32(4);
    const end = pos + 10 + size;
    if (!/^[A-Z0-9]{4}$/.test(id) || end > tagEnd) return undefined;
    if (size <= MAX_KEPT_FRAME) kept.push((await bytesAt(pos, 10 + size)).slice());
    else skippedBytes += 10 + size;
    pos = end;
  }
  if (skippedBytes === 0) return undefined;

  const framesSize = kept.reduce((sum, f) => sum + f.length, 0);
  const tag = new Uint8Array(10 + framesSize);
  tag.set([0x49, 0x44, 0x33, major, 0, 0, ...toSynchsafe(framesSize)]);
  let at = 10;
  for (const frame of kept) {
    tag.set(frame, at);
    at += frame.length;
  }
  return { source: splicedSource(tag, file, tagEnd), inMemory: tag.length, skippedBytes };
}

function synchsafe(b: Uint8Array, at: number): number {
  return ((b[at]! & 0x7f) << 21) | ((b[at + 1]! & 0x7f) << 14) | ((b[at + 2]! & 0x7f) << 7) | (b[at + 3]! & 0x7f);
}

function toSynchsafe(n: number): number[] {
  return [(n >> 21) & 0x7f, (n >> 14) & 0x7f, (n >> 7) & 0x7f, n & 0x7f];
}
