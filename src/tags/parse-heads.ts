// The tag worker's work, kept out of the worker module so it reads as plain functions: parse
// each file from the head the scan sent, asking the main thread for more bytes only when the
// format keeps something further on (ID3v1 at the end, an MP4 `moov` after its `mdat`).
import type { ByteSource } from './byte-source.ts';
import type { HeadItem, MoreBytes, ParsedHead } from './protocol.ts';
import { readRecording } from './read-recording.ts';
import { mapInOrder } from '../core/concurrency.ts';

/** Parsing is CPU work; a few in flight only so that one file's wait for more bytes overlaps another's parse. */
const PARSES_IN_FLIGHT = 4;

export async function parseHeads(items: readonly HeadItem[], more: MoreBytes | undefined): Promise<ParsedHead[]> {
  return mapInOrder(items, PARSES_IN_FLIGHT, async (item) => {
    const source: ByteSource = {
      size: item.size,
      type: item.type,
      read: async (start, end) => {
        if (!more) throw new DOMException('no way to read past the head', 'NotReadableError');
        return new Uint8Array(await more(item.path, start, end));
      },
    };
    const read = await readRecording(source, item.path, { head: new Uint8Array(item.head) });
    return { path: item.path, ...read };
  });
}
