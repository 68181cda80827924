// ID3v1 cuts album titles at 30 characters. A cut title joins the one longer title of the same
// folder or artist that starts with it; with no candidate or several, it is left alone.
import type { Recording } from './model.ts';
import { albumFolderOf } from './album-folder.ts';
import { artistKeyOf, ID3V1_FIELD_LENGTH } from './artist-spelling.ts';
import { nameKey } from './names.ts';

/** The album-title key each recording groups under (its own nameKey, or the full title's). */
export function aliasTruncatedTitles(recordings: readonly Recording[]): Map<string, string> {
  const keys = new Map<string, string>();
  const neighbourhoods = new Map<string, Set<string>>();
  const note = (place: string, key: string) => {
    const set = neighbourhoods.get(place) ?? new Set<string>();
    neighbourhoods.set(place, set.add(key));
  };
  for (const r of recordings) {
    const key = nameKey(r.tags.album);
    keys.set(r.path, key);
    note(`folder:${albumFolderOf(r.path)}`, key);
    note(`artist:${artistKeyOf(r.tags.artist ?? '')}`, key);
  }
  for (const r of recordings) {
    const album = (r.tags.album ?? '').normalize('NFC');
    if ([...album].length !== ID3V1_FIELD_LENGTH) continue;
    const stump = keys.get(r.path)!;
    const candidates = new Set<string>();
    for (const place of [`folder:${albumFolderOf(r.path)}`, `artist:${artistKeyOf(r.tags.artist ?? '')}`]) {
      for (const k of neighbourhoods.get(place) ?? []) if (k.length > stump.length && k.startsWith(stump)) candidates.add(k);
    }
    if (candidates.size === 1) keys.set(r.path, [...candidates][0]!);
  }
  return keys;
}
