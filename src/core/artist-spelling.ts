// One spelling per artist across the whole library, so "Talk Talk" and "talk talk" never become
// twin folders, and an ID3v1 tag's 30-character stump joins the full name it was cut from.
import type { Release } from './model.ts';
import { chooseSpelling, nameKey, primaryArtist } from './names.ts';

/** The comparison key of a credited artist: guests stripped, then nameKey. */
export function artistKeyOf(artist: string): string {
  return nameKey(primaryArtist(artist));
}

const VARIOUS = new Set([
  'various artists', 'various', 'various artist', 'va', 'v.a.', 'v/a', 'v. a.',
  'varios artistas', 'verschiedene interpreten', 'artistes divers', 'artisti vari',
]);

/** "Various Artists" and the usual ways of writing it. Takes a nameKey. */
export function isVariousArtists(key: string): boolean {
  return VARIOUS.has(key);
}

/** ID3v1 stores at most 30 characters per field. */
export const ID3V1_FIELD_LENGTH = 30;

/** Maps each key that looks cut at 30 characters to the one longer key that starts with it. */
function truncationAliases(spellings: Iterable<string>): Map<string, string> {
  const keys = new Set<string>();
  const stumps = new Set<string>();
  for (const s of spellings) {
    const key = nameKey(s);
    keys.add(key);
    if ([...s.normalize('NFC')].length === ID3V1_FIELD_LENGTH) stumps.add(key);
  }
  const aliases = new Map<string, string>();
  for (const stump of stumps) {
    const longer = [...keys].filter((k) => k.length > stump.length && k.startsWith(stump));
    if (longer.length === 1) aliases.set(stump, longer[0]!);
  }
  return aliases;
}

/** Gives every release of one artist (by nameKey) the same album-artist spelling: the one most
 * of the library's tracks carry, ties to the better-written. Releases are returned as new objects
 * only where the spelling changed. */
export function unifyArtistSpellings(releases: readonly Release[]): Release[] {
  const aliases = truncationAliases(releases.map((r) => r.albumartist));
  const keyOf = (r: Release) => {
    const key = nameKey(r.albumartist);
    return aliases.get(key) ?? key;
  };
  const votes = new Map<string, string[]>();
  for (const r of releases) {
    const key = keyOf(r);
    const list = votes.get(key) ?? [];
    // A stump never wins over the full name it was cut from.
    if (nameKey(r.albumartist) === key) for (let i = 0; i < Math.max(1, r.recordings.length); i += 1) list.push(r.albumartist);
    votes.set(key, list);
  }
  const winner = new Map([...votes].map(([key, list]) => [key, chooseSpelling(list)]));
  return releases.map((r) => {
    const spelling = winner.get(keyOf(r));
    return spelling && spelling !== r.albumartist ? { ...r, albumartist: spelling } : r;
  });
}
