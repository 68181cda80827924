// The user's .m3u/.m3u8 files, read whole while scanning (they are small), so the plan can show
// how each will be rewritten when the files it lists move, and the journal can keep its original
// bytes for undo. Only UTF-8 is read: a playlist in another encoding (an old Latin-1 .m3u) cannot
// be rewritten without guessing, so it is left alone and the plan says so.
import { MAX_PLAYLIST_BYTES } from '../core/playlist-text.ts';
import type { ExistingPlaylist } from '../core/plan-outputs.ts';
import type { FileEntry } from '../core/model.ts';

export async function readPlaylist(file: Blob, entry: FileEntry): Promise<ExistingPlaylist> {
  if (file.size > MAX_PLAYLIST_BYTES) return { ...entry, unread: `it is larger than ${MAX_PLAYLIST_BYTES / 1024 / 1024} MB` };
  try {
    // ignoreBOM keeps a BOM in the text, so the text encodes back to exactly these bytes.
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(await file.arrayBuffer());
    return { ...entry, text };
  } catch (e) {
    if ((e as Error).name === 'TypeError') return { ...entry, unread: 'it is not UTF-8 text, and its entries cannot be rewritten without guessing its encoding' };
    return { ...entry, unread: `it could not be read (${(e as Error).message || (e as Error).name})` };
  }
}
