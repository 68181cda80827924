// Which recordings are copies of one another. Two kinds:
// - exact copies: the same bytes. Files are grouped by size first; only files whose size ties
//   with another's are compared, by the content hash the scan computed for exactly those.
// - the same recording in other bytes (a FLAC and its MP3 re-encode): the same artist and title
//   on the same album, where nothing the tags say about the track or the release disagrees (track
//   and disc numbers, album artist, year, edition, MusicBrainz ids, length); or, for tracks on no
//   album, the same artist and title with lengths that agree.
// The same song on two different albums (an album and a best-of) is never a duplicate: a release
// keeps all its tracks. Only tags and content are compared, never folders, so a copy set aside
// under Duplicates/ is still a copy of the same file when the organized library is planned again.
import type { Recording, Tags } from './model.ts';
import { nameKey, primaryArtist } from './names.ts';
import { discFromPath } from './album-folder.ts';
import { groupBy } from './release-evidence.ts';

/** Copies of one another, in path order. */
export interface Copies {
  /** 'exact' when every copy has the same bytes. */
  kind: 'exact' | 'recording';
  recordings: Recording[];
}

/**
 * Lengths this close are one recording: encoders add a few frames of padding and delay, and a
 * length worked out from a file's size (CBR MP3 without a Xing frame) errs by a percent or so.
 */
const SAME_LENGTH_SECONDS = 2;
const SAME_LENGTH_SHARE = 0.015;

export function sameLength(a: number | undefined, b: number | undefined): boolean | undefined {
  if (a === undefined || b === undefined) return undefined;
  return Math.abs(a - b) <= Math.max(SAME_LENGTH_SECONDS, SAME_LENGTH_SHARE * Math.max(a, b));
}

/**
 * Artist, title and album as compared (nameKey, guests stripped from the artist), or '' when artist
 * or title is missing. Artists and albums repeat on every track, so their keys are made once each.
 */
function songKeys(): (r: Recording) => string {
  const made = new Map<string, string>();
  const once = (s: string, key: (s: string) => string) => {
    let k = made.get(s);
    if (k === undefined) made.set(s, (k = key(s)));
    return k;
  };
  const artistKey = (s: string) => nameKey(primaryArtist(s));
  return (r) => {
    const artist = once(`a${r.tags.artist ?? r.tags.albumartist ?? ''}`, (s) => artistKey(s.slice(1)));
    const title = nameKey(r.tags.title);
    return artist === '' || title === '' ? '' : `${artist}\u0000${title}\u0000${once(`l${r.tags.album ?? ''}`, (s) => nameKey(s.slice(1)))}`;
  };
}

/** Two things both known and different. */
const differ = <T>(a: T | undefined, b: T | undefined): boolean => a !== undefined && b !== undefined && a !== b;

/** Tags that tell one release (or edition) from another of the same title. */
const RELEASE_TAGS = ['year', 'date', 'label', 'catalognumber', 'albumdisambig', 'mb_albumid'] as const satisfies readonly (keyof Tags)[];

/** Two files of one song on one album: the same recording unless their tags or lengths say otherwise. */
function sameOnAlbum(a: Recording, b: Recording): boolean {
  if (differ(a.tags.mb_trackid, b.tags.mb_trackid)) return false;
  if (differ(a.tags.albumartist && nameKey(a.tags.albumartist), b.tags.albumartist && nameKey(b.tags.albumartist))) return false;
  if (RELEASE_TAGS.some((key) => differ(a.tags[key], b.tags[key]))) return false;
  if (differ(a.tags.releasetype?.join('/'), b.tags.releasetype?.join('/'))) return false;
  if (differ(a.tags.disc ?? discFromPath(a.path), b.tags.disc ?? discFromPath(b.path))) return false;
  if (differ(a.tags.track, b.tags.track)) return false;
  return sameLength(a.audio.duration, b.audio.duration) !== false;
}

/** Two files of one song on no album: the same recording only when their lengths are known and agree. */
function sameLoose(a: Recording, b: Recording): boolean {
  if (differ(a.tags.mb_trackid, b.tags.mb_trackid)) return false;
  return sameLength(a.audio.duration, b.audio.duration) === true;
}

/** Groups of copies among the recordings (each recording in at most one group), in path order. */
export function findCopies(recordings: readonly Recording[]): Copies[] {
  const index = new Map(recordings.map((r, i) => [r, i]));
  const parent = recordings.map((_, i) => i);
  /** Roots something was joined to: with the recordings whose parent moved, every member of a group. */
  const joinedTo = new Set<number>();
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const join = (a: Recording, b: Recording) => {
    const [x, y] = [root(index.get(a)!), root(index.get(b)!)];
    if (x === y) return;
    parent[Math.max(x, y)] = Math.min(x, y);
    joinedTo.add(Math.min(x, y));
  };

  for (const [size, bySize] of groupBy(recordings, (r) => String(r.size))) {
    if (size === '0' || bySize.length < 2) continue;
    for (const [hash, copies] of groupBy(bySize, (r) => r.hash ?? '')) if (hash !== '') for (const copy of copies) join(copies[0]!, copy);
  }
  for (const [key, songs] of groupBy(recordings, songKeys())) {
    if (key === '' || songs.length < 2) continue;
    const same = key.endsWith('\u0000') ? sameLoose : sameOnAlbum;
    for (let i = 0; i < songs.length; i++) for (let j = i + 1; j < songs.length; j++) if (same(songs[i]!, songs[j]!)) join(songs[i]!, songs[j]!);
  }

  const joined = recordings.filter((_, i) => parent[i] !== i || joinedTo.has(i));
  const groups = [...groupBy(joined, (r) => String(root(index.get(r)!))).values()].filter((g) => g.length > 1);
  return groups
    .map((group) => {
      const sorted = [...group].sort(byPath);
      const hash = sorted[0]!.hash;
      const exact = hash !== undefined && sorted.every((r) => r.hash === hash && r.size === sorted[0]!.size);
      return { kind: exact ? ('exact' as const) : ('recording' as const), recordings: sorted };
    })
    .sort((a, b) => byPath(a.recordings[0]!, b.recordings[0]!));
}

const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/**
 * The audio files whose content hash the scan should compute: those whose size ties with another
 * audio file's and whose hash is not known yet. Files of the same bytes read the same, so a tie
 * between files whose tags or audio read differently is a coincidence and costs no read. Empty
 * files are never copies of anything.
 */
export function unhashedSizeTies(recordings: readonly Recording[]): Recording[] {
  // Runs on the page after the walk, over every recording: numbers as keys, and the full
  // comparison (a JSON text per file) only among files whose length and title already agree.
  const bySize = new Map<number, Recording[]>();
  for (const r of recordings) {
    if (r.size <= 0) continue;
    const list = bySize.get(r.size);
    if (list) list.push(r);
    else bySize.set(r.size, [r]);
  }
  const ties: Recording[] = [];
  for (const sameSize of bySize.values()) {
    if (sameSize.length < 2 || sameSize.every((r) => r.hash !== undefined)) continue;
    for (const near of groupBy(sameSize, (r) => `${r.audio.duration ?? ''}\u0000${r.tags.title ?? ''}\u0000${r.tags.track ?? ''}`).values()) {
      if (near.length < 2) continue;
      for (const alike of groupBy(near, (r) => JSON.stringify([r.tags, r.audio])).values()) {
        if (alike.length > 1) ties.push(...alike.filter((r) => r.hash === undefined));
      }
    }
  }
  return ties;
}
