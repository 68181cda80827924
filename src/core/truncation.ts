// ID3v1 cuts album titles at 30 characters. A cut title joins the one longer title of the same
// folder that starts with it, and only where the full title is the majority there: stumps that
// agree among themselves are an album of their own (whole-album ID3v1 rips), left alone.
import type { Recording } from './model.ts';
import { albumFolderOf } from './album-folder.ts';
import { artistKeyOf, ID3V1_FIELD_LENGTH } from './artist-spelling.ts';
import { nameKey, primaryArtist } from './names.ts';

/** The album-title key each recording groups under (its own nameKey, or the full title's). */
export function aliasTruncatedTitles(recordings: readonly Recording[]): Map<string, string> {
  const keys = new Map<string, string>();
  const byFolder = new Map<string, Map<string, number>>();
  for (const r of recordings) {
    const key = nameKey(r.tags.album);
    keys.set(r.path, key);
    const folder = albumFolderOf(r.path);
    const counts = byFolder.get(folder) ?? new Map<string, number>();
    byFolder.set(folder, counts.set(key, (counts.get(key) ?? 0) + 1));
  }
  for (const r of recordings) {
    if ([...(r.tags.album ?? '').normalize('NFC')].length !== ID3V1_FIELD_LENGTH) continue;
    const stump = keys.get(r.path)!;
    const counts = byFolder.get(albumFolderOf(r.path))!;
    const candidates = [...counts.keys()].filter((k) => k.length > stump.length && k.startsWith(stump));
    if (candidates.length === 1 && counts.get(candidates[0]!)! > counts.get(stump)!) keys.set(r.path, candidates[0]!);
  }
  return keys;
}

/** What survives ID3v1's Latin-1: letters without their accents, any "?" it put in their place dropped. */
function latin1Skeleton(s: string): string {
  return [...s.normalize('NFD').replace(/\p{M}/gu, '')]
    .filter((c) => c !== '?' && c.codePointAt(0)! <= 0xff)
    .join('')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The artist key each recording groups under. ID3v1 damages artist names two ways: it cuts them at
 * 30 characters, either inside the name ("...And You Will Know Us by the") or inside a guest credit
 * ("Nick Cave & The Bad Seeds feat"), and it writes "?" for what Latin-1 lacks ("Beyonce?" from an
 * NFD "Beyoncé"). A damaged name becomes the one full artist name it can only have come from.
 */
export function aliasTruncatedArtists(recordings: readonly Recording[]): Map<string, string> {
  const isStump = (s: string | undefined) => s !== undefined && [...s.normalize('NFC')].length === ID3V1_FIELD_LENGTH;
  const isDamaged = (s: string | undefined) => s !== undefined && (isStump(s) || s.includes('?'));
  const full = new Set<string>();
  for (const r of recordings) {
    for (const s of [r.tags.artist, r.tags.albumartist]) if (s && !isDamaged(s)) full.add(artistKeyOf(s));
  }
  const keys = new Map<string, string>();
  for (const r of recordings) {
    const artist = r.tags.artist ?? r.tags.albumartist ?? '';
    const key = artistKeyOf(artist);
    keys.set(r.path, key);
    if (!isDamaged(artist) || full.has(key)) continue;
    const alias = isStump(artist) ? fullNameOfStump(nameKey(artist), full) : undefined;
    const skeleton = latin1Skeleton(primaryArtist(artist));
    const sameSkeleton = skeleton === '' ? [] : [...full].filter((k) => latin1Skeleton(k) === skeleton);
    if (alias !== undefined) keys.set(r.path, alias);
    else if (sameSkeleton.length === 1) keys.set(r.path, sameSkeleton[0]!);
  }
  return keys;
}

function fullNameOfStump(stump: string, full: ReadonlySet<string>): string | undefined {
  const cutName = [...full].filter((k) => k.length > stump.length && k.startsWith(stump));
  const cutCredit = [...full].filter((k) => stump.startsWith(k + ' ')).sort((a, b) => b.length - a.length);
  if (cutName.length === 1 && cutCredit.length === 0) return cutName[0];
  if (cutName.length === 0 && cutCredit.length > 0) return cutCredit[0];
  return undefined;
}
