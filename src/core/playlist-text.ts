// Playlist text: M3U8 as players read it (UTF-8 without BOM, `#EXTM3U`, `#EXTINF:<seconds>,<what>`,
// entries relative to the playlist's own folder with '/'), and the rewrite of a user's existing
// .m3u/.m3u8 so its entries follow the files a run moves. Only relative entries are ours to
// change: an absolute path or a URL points outside the library as far as we can tell.
import { parentOf } from './entries.ts';
import { pathKey } from './library-path.ts';
import type { LibraryPath } from './model.ts';

/** `to` as seen from the folder `from` (both library paths), with '/' and '..' as needed. NFC. */
export function relativePath(fromFolder: LibraryPath, to: LibraryPath): string {
  const from = fromFolder === '' ? [] : fromFolder.normalize('NFC').split('/');
  const target = to.normalize('NFC').split('/');
  let common = 0;
  // Compared by key: on a disk that ignores case, "Abba/" and "ABBA/" are one folder.
  while (common < from.length && common < target.length - 1 && pathKey(from[common]!) === pathKey(target[common]!)) common++;
  return [...from.slice(common).map(() => '..'), ...target.slice(common)].join('/');
}

/** One entry of a playlist we write. */
export interface PlaylistEntry {
  /** The file's library path after the run. */
  path: LibraryPath;
  /** Length in seconds when the headers said; -1 is written when unknown. */
  seconds?: number;
  /** "Artist - Title" as players show it. */
  display: string;
}

/** An M3U8 playlist at `playlistPath` listing `entries` in order: UTF-8 text without a BOM, lines ending in '\n'. */
export function m3u8Text(playlistPath: LibraryPath, entries: readonly PlaylistEntry[]): string {
  const folder = parentOf(playlistPath);
  const lines = ['#EXTM3U'];
  for (const e of entries) {
    const seconds = e.seconds !== undefined && Number.isFinite(e.seconds) && e.seconds >= 0 ? Math.round(e.seconds) : -1;
    // A line break in a tag would start a new entry: a player would read it as a path.
    const display = e.display.replace(/[\r\n]+/g, ' ').normalize('NFC');
    lines.push(`#EXTINF:${seconds},${display}`, relativePath(folder, e.path));
  }
  return `${lines.join('\n')}\n`;
}

/** An entry that is not ours to change: a URL ("http://", "file:///") or an absolute path ("/…", "C:\…", "\\server\…"). */
function isAbsoluteOrUrl(entry: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) || /^[a-z]:[\\/]/i.test(entry) || entry.startsWith('/') || entry.startsWith('\\');
}

/** The library path a relative entry names from `folder`, or undefined when it climbs out of the library. */
export function resolveEntry(folder: LibraryPath, entry: string): LibraryPath | undefined {
  const parts = folder === '' ? [] : folder.split('/');
  // Windows players write '\'; a file name cannot hold one on the disks a library lives on.
  for (const part of entry.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
}

export interface PlaylistRewrite {
  /** The new text; the original's line endings and BOM kept. */
  text: string;
  /** Entries now pointing at a new place. */
  changed: number;
}

/**
 * The text of an existing playlist once the run is done: it was at `before` and will be at `after`
 * (the same path when it stays), and `targetOf` tells where a file of the library goes (undefined:
 * it stays). Relative entries that resolve to a library file are written relative to the new
 * place, with '/'; comments, blank lines, URLs and absolute paths are kept as they are. Undefined
 * when nothing changes.
 */
export function rewritePlaylist(text: string, before: LibraryPath, after: LibraryPath, targetOf: (path: LibraryPath) => LibraryPath | undefined): PlaylistRewrite | undefined {
  const oldFolder = parentOf(before);
  const newFolder = parentOf(after);
  let changed = 0;
  // Split keeping each line's own ending ("\r\n" or "\n"), so untouched lines stay byte for byte.
  const lines = text.split(/(?<=\n)/);
  const out = lines.map((line) => {
    const ending = line.endsWith('\r\n') ? '\r\n' : line.endsWith('\n') ? '\n' : '';
    let body = line.slice(0, line.length - ending.length);
    const bom = body.startsWith('\uFEFF') ? '\uFEFF' : '';
    body = body.slice(bom.length);
    const entry = body.trim();
    if (entry === '' || entry.startsWith('#') || isAbsoluteOrUrl(entry)) return line;
    const file = resolveEntry(oldFolder, entry);
    if (file === undefined) return line;
    const target = targetOf(file) ?? file;
    if (target === file && newFolder === oldFolder) return line;
    const rewritten = relativePath(newFolder, target);
    if (rewritten === entry) return line;
    changed++;
    return `${bom}${rewritten}${ending}`;
  });
  return changed === 0 ? undefined : { text: out.join(''), changed };
}

/** Playlists the app reads and may rewrite: `.m3u` and `.m3u8`. */
export const isPlaylistName = (name: string): boolean => /\.m3u8?$/i.test(name);

/** Bigger playlists are left alone (their original bytes are kept in the journal). */
export const MAX_PLAYLIST_BYTES = 1024 * 1024;
