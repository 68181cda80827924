// A strtok3 tokenizer that serves music-metadata from one read of the file's head. Each blob
// read costs about the same whatever its size (decision 0003), while music-metadata asks for dozens of
// small tokens per file, so the head is read once and the parser reads from memory. Only a
// request beyond the head (ID3v1/APE at the end of an MP3, an MP4 `moov` after `mdat`, an ID3
// chunk after a WAV's samples) touches the blob again, and that read takes a generous window.
import type { ByteSource } from './byte-source.ts';
import { AbstractTokenizer, EndOfStreamError, type IGetToken, type IRandomAccessFileInfo, type IReadChunkOptions } from 'strtok3';

/** Reads this close to the end take everything up to the end: trailing tags come as a set. */
const TAIL_WINDOW = 64 * 1024;
/** A trailing box or chunk up to this size is read to the end of the file in one go. */
const READ_TO_END_LIMIT = 1024 * 1024;
/** Smallest read in the middle of a file: parsers ask for a few bytes at a time. */
const FORWARD_WINDOW = 64 * 1024;

/** What reading a file cost; readRecording reports it so scans can show their I/O. */
export interface ReadCost {
  /** Blob reads, the head included. */
  reads: number;
  bytesRead: number;
}

interface Chunk {
  start: number;
  bytes: Uint8Array;
}

export interface HeadTokenizerOptions {
  /** Path and MIME hints for format detection. The size is always the source's. */
  fileInfo?: { path?: string; mimeType?: string };
  /**
   * Whether to admit random access. music-metadata then scans the end of the file for ID3v1
   * and APE tags before parsing, which costs a read for every file larger than the head, so
   * the caller admits it only where trailing tags are likely.
   */
  randomAccess: boolean;
}

export class HeadTokenizer extends AbstractTokenizer {
  readonly fileInfo: IRandomAccessFileInfo;
  readonly cost: ReadCost;
  private readonly source: ByteSource;
  private readonly chunks: Chunk[];
  private readonly randomAccess: boolean;
  /**
   * Set when the parser asked for bytes past the end of the file. Some parsers (FLAC) swallow
   * that and report whatever they had, so a cut-off file would otherwise pass for an untagged one.
   */
  reachedEnd = false;

  constructor(source: ByteSource, head: Uint8Array, cost: ReadCost, options: HeadTokenizerOptions) {
    super();
    this.source = source;
    this.chunks = [{ start: 0, bytes: head }];
    this.cost = cost;
    this.randomAccess = options.randomAccess;
    this.fileInfo = { ...options.fileInfo, size: source.size };
  }

  supportsRandomAccess(): boolean {
    return this.randomAccess;
  }

  setPosition(position: number): void {
    this.validateLength(position, 'position');
    this.position = position;
  }

  // Token reads check the size before reading, so a cut-off file shows up here, not in peekBuffer.
  override async readToken<Value>(token: IGetToken<Value>, position?: number): Promise<Value> {
    return this.noticingEnd(() => super.readToken(token, position));
  }

  override async peekToken<Value>(token: IGetToken<Value>, position?: number | null): Promise<Value> {
    return this.noticingEnd(() => super.peekToken(token, position));
  }

  override async ignore(length: number): Promise<number> {
    if (length > this.fileInfo.size - this.position) this.reachedEnd = true;
    return super.ignore(length);
  }

  private async noticingEnd<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      if (error instanceof EndOfStreamError) this.reachedEnd = true;
      throw error;
    }
  }

  async peekBuffer(target: Uint8Array, options?: IReadChunkOptions): Promise<number> {
    const { length, position, mayBeLess } = this.normalizeOptions(target, options);
    const available = Math.max(0, Math.min(this.fileInfo.size - position, length));
    if (available < length) this.reachedEnd = true;
    if (!mayBeLess && available < length) throw new EndOfStreamError();
    await this.copy(target, position, available);
    return available;
  }

  async readBuffer(target: Uint8Array, options?: IReadChunkOptions): Promise<number> {
    const { position } = this.normalizeOptions(target, options);
    const count = await this.peekBuffer(target, options);
    this.position = position + count;
    return count;
  }

  private async copy(target: Uint8Array, position: number, length: number): Promise<void> {
    let done = 0;
    while (done < length) {
      const at = position + done;
      const chunk = this.chunkAt(at) ?? (await this.fetch(at, position + length));
      const from = at - chunk.start;
      const take = Math.min(length - done, chunk.bytes.length - from);
      target.set(chunk.bytes.subarray(from, from + take), done);
      done += take;
    }
  }

  private chunkAt(at: number): Chunk | undefined {
    return this.chunks.find((c) => at >= c.start && at < c.start + c.bytes.length);
  }

  /** Reads a window that covers [at, wanted) and whatever nearby bytes the parser will want next. */
  private async fetch(at: number, wanted: number): Promise<Chunk> {
    const size = this.fileInfo.size;
    let start = at;
    let end: number;
    if (size - at <= READ_TO_END_LIMIT) {
      // Trailing tags or a trailing moov: take it all, and near the end take the whole tail
      // window so that ID3v1, Lyrics3 and an APE footer come in the same read.
      start = Math.min(at, Math.max(0, size - TAIL_WINDOW));
      end = size;
    } else {
      end = Math.min(size, Math.max(wanted, at + FORWARD_WINDOW));
    }
    // Never re-read bytes already held.
    for (const c of this.chunks) {
      const cEnd = c.start + c.bytes.length;
      if (cEnd <= at) start = Math.max(start, cEnd);
      else if (c.start > at) end = Math.min(end, c.start);
    }
    const bytes = await this.source.read(start, end);
    this.cost.reads++;
    this.cost.bytesRead += bytes.length;
    // A file that shrank under us must not loop forever.
    if (bytes.length < at + 1 - start) throw new EndOfStreamError();
    const chunk = { start, bytes };
    this.chunks.push(chunk);
    return chunk;
  }
}
