// Recordings → releases. A release is identified by its album title and album artist, compared
// by nameKey, so case, NFD, "feat." credits and year-vs-date differences never split an album,
// while the same title by different artists, or an edition with a different title, never merge.
// MusicBrainz album ids, when tagged, are authoritative.
import type { Recording, Release } from './model.ts';
import { albumFolderOf, discFromFolder } from './album-folder.ts';
import { classify } from './classify.ts';
import { chooseSpelling, nameKey, primaryArtist, yearOf } from './names.ts';
import { artistKeyOf, isVariousArtists, unifyArtistSpellings } from './artist-spelling.ts';
import { aliasTruncatedArtists, aliasTruncatedTitles } from './truncation.ts';

export { unifyArtistSpellings } from './artist-spelling.ts';

/** Why a recording is not in any release. */
export type LooseReason =
  /** No album, title or artist tag: only the file name tells what it is. */
  | 'untagged'
  /** Title and artist but no album: a loose track (singleton). */
  | 'no-album';

export interface Grouping {
  releases: Release[];
  loose: Recording[];
  whyLoose: Map<string, LooseReason>;
}

export function looseReason(r: Recording): LooseReason | undefined {
  if (nameKey(r.tags.album) !== '') return undefined;
  return nameKey(r.tags.title) === '' && nameKey(r.tags.artist) === '' ? 'untagged' : 'no-album';
}

/** A recording with the keys grouping looks at. */
interface Track {
  rec: Recording;
  titleKey: string;
  /** nameKey of the album-artist tag, when tagged. */
  albumArtistKey: string | undefined;
  /** nameKey of the main track artist (guests stripped), falling back to the album artist. */
  artistKey: string;
  folder: string;
  disc: number;
  track: number | undefined;
  songKey: string;
}

interface Cluster {
  titleKey: string;
  artistKey: string;
  va: boolean;
  tracks: Track[];
  mbAlbumId?: string;
  yearSplit?: number;
}

const VA_KEY = 'various artists';

function toTrack(rec: Recording, titleKey: string, artistKey: string): Track {
  const tags = rec.tags;
  const aa = nameKey(tags.albumartist);
  return {
    rec,
    titleKey,
    albumArtistKey: aa === '' ? undefined : isVariousArtists(aa) ? VA_KEY : artistKeyOf(aa),
    artistKey,
    folder: albumFolderOf(rec.path),
    disc: tags.disc ?? discFromFolder(rec.path) ?? 1,
    track: tags.track,
    // A song is its title by its artist: one title by two artists in one slot is a conflict.
    songKey: `${nameKey(tags.title)}\u0000${artistKey}`,
  };
}

/** Same disc and track number but a different song: evidence of two different albums.
 * The same song twice is a duplicate, not a conflict. */
function conflicts(a: readonly Track[], b: readonly Track[]): number {
  const slots = new Map<string, Set<string>>();
  for (const t of a) {
    if (t.track === undefined) continue;
    const slot = `${t.disc}/${t.track}`;
    slots.set(slot, (slots.get(slot) ?? new Set()).add(t.songKey));
  }
  let n = 0;
  for (const t of b) {
    if (t.track === undefined) continue;
    const songs = slots.get(`${t.disc}/${t.track}`);
    if (songs && [...songs].some((song) => song !== t.songKey)) n += 1;
  }
  return n;
}

/** Tracks from a few or many artists? Compilations spread tracks thinly over ≥ 3 artists. */
function looksVarious(tracks: readonly Track[]): boolean {
  if (tracks.filter((t) => t.rec.tags.compilation === true).length * 2 >= tracks.length) return true;
  const counts = countBy(tracks, (t) => t.artistKey);
  return counts.size >= 3 && Math.max(...counts.values()) * 2 <= tracks.length;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** May a handful of tracks without an album-artist tag join `host` found in the same folder? */
function canJoin(guests: readonly Track[], host: readonly Track[]): boolean {
  if (conflicts(host, guests) > 0) return false;
  // Without track numbers there is no evidence against a merge, so only a stray track or two.
  return guests.length <= 2 || guests.every((t) => t.track !== undefined);
}

/** Places one folder's tracks (no album-artist tag, not a compilation) artist by artist. */
function placeByArtist(
  clusters: Map<string, Cluster>,
  folder: string,
  inFolder: readonly Track[],
  add: (artistKey: string, va: boolean, members: readonly Track[]) => void,
): void {
  // Largest artist first, so a folder's main artist is in place before its stray tracks.
  const byArtist = [...groupBy(inFolder, (t) => t.artistKey).values()].sort(
    (a, b) => b.length - a.length || (a[0]!.artistKey < b[0]!.artistKey ? -1 : 1),
  );
  for (const members of byArtist) {
    const own = clusters.get(members[0]!.artistKey);
    if (own) {
      own.tracks.push(...members);
      continue;
    }
    // Same title, same folder, an artist the album artist doesn't name: "A & B" on A's album.
    const hosts = [...clusters.values()].filter((c) => c.tracks.some((t) => t.folder === folder));
    const host = hosts.length === 1 ? hosts[0]! : undefined;
    if (host && canJoin(members, host.tracks)) host.tracks.push(...members);
    else add(members[0]!.artistKey, false, members);
  }
}

/** Splits one album title's tracks (no MusicBrainz id) into releases by album artist. */
function clusterTitle(titleKey: string, tracks: readonly Track[]): Cluster[] {
  const clusters = new Map<string, Cluster>();
  const add = (artistKey: string, va: boolean, members: readonly Track[]) => {
    const c = clusters.get(artistKey);
    if (c) c.tracks.push(...members);
    else clusters.set(artistKey, { titleKey, artistKey, va, tracks: [...members] });
  };
  for (const [key, members] of groupBy(tracks.filter((t) => t.albumArtistKey !== undefined), (t) => t.albumArtistKey!)) {
    add(key, key === VA_KEY, members);
  }
  const untagged = tracks.filter((t) => t.albumArtistKey === undefined);
  // Folders in name order, one-artist folders first: a folder of strays ("Duplicates") must find
  // the albums its tracks belong to before it can look like a compilation.
  const folders = [...groupBy(untagged, (t) => t.folder)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const various: Track[][] = [];
  for (const [folder, inFolder] of folders) {
    if (looksVarious(inFolder)) various.push(inFolder);
    else placeByArtist(clusters, folder, inFolder, add);
  }
  for (const inFolder of various) {
    // A track goes home to its artist's album of this title when that album is the bigger group:
    // strays copied together are "various" only by accident.
    const homeless = inFolder.filter((t) => {
      const home = clusters.get(t.artistKey);
      if (!home || home.va || home.tracks.length <= inFolder.length || conflicts(home.tracks, [t]) > 0) return true;
      home.tracks.push(t);
      return false;
    });
    if (homeless.length === 0) continue;
    if (looksVarious(homeless)) add(VA_KEY, true, homeless);
    else placeByArtist(clusters, homeless[0]!.folder, homeless, add);
  }
  absorbOrphansIntoCompilation(clusters);
  return [...clusters.values()];
}

/** A stray track of an untagged compilation (a copy in another folder, one track without the
 * flag) looks like a one-artist release of the same title. Give it back to the compilation. */
function absorbOrphansIntoCompilation(clusters: Map<string, Cluster>): void {
  const compilations = [...clusters.values()].filter((c) => c.va);
  if (compilations.length !== 1) return;
  const va = compilations[0]!;
  for (const [key, c] of clusters) {
    if (c.va || c.tracks.length > 3 || c.tracks.some((t) => t.albumArtistKey !== undefined)) continue;
    const sameFolder = c.tracks.every((t) => va.tracks.some((v) => v.folder === t.folder));
    const twins = c.tracks.every((t) =>
      va.tracks.some((v) => v.disc === t.disc && v.track === t.track && v.songKey === t.songKey),
    );
    if (twins || (sameFolder && canJoin(c.tracks, va.tracks))) {
      va.tracks.push(...c.tracks);
      clusters.delete(key);
    }
  }
}

/** Two releases with one title and one artist (a 1983 and a 2003 "Greatest Hits", a single and
 * its album) collide on track numbers; when their years tell them apart, split them. Dates of one
 * year never split, and a lone track with another year sharing a folder is a mistag, not a release. */
function splitByYear(cluster: Cluster): Cluster[] {
  const all = cluster.tracks;
  const total = cluster.mbAlbumId === undefined ? conflicts(all, all) : 0;
  if (total === 0) return [cluster];
  const byYear = groupBy(all, (t) => String(yearOf(t.rec.tags.year ?? t.rec.tags.date) ?? ''));
  const undated = byYear.get('') ?? [];
  byYear.delete('');
  const groups = [...byYear.entries()].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
  if (groups.length < 2) return [cluster];
  groups[0]![1].push(...undated);
  const inside = groups.reduce((n, [, g]) => n + conflicts(g, g), 0);
  if (inside === total) return [cluster];
  const sharesFolder = (g: readonly Track[]) => all.some((t) => !g.includes(t) && g.some((m) => m.folder === t.folder));
  if (groups.some(([, g]) => g.length < 2 && sharesFolder(g))) return [cluster];
  return groups.map(([year, tracks]) => ({ ...cluster, tracks, yearSplit: Number(year) }));
}

function mostCommon(values: readonly (number | undefined)[]): number | undefined {
  const counts = new Map<number, number>();
  for (const v of values) if (v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: number | undefined;
  for (const [v, n] of counts) if (best === undefined || n > counts.get(best)! || (n === counts.get(best)! && v < best)) best = v;
  return best;
}

function releaseId(c: Cluster): string {
  if (c.mbAlbumId) return `mb:${c.mbAlbumId}`;
  const base = `release:${encodeURIComponent(c.artistKey)}/${encodeURIComponent(c.titleKey)}`;
  return c.yearSplit !== undefined ? `${base}@${c.yearSplit}` : base;
}

function spellingsMatching(values: readonly string[], key: string, toKey: (s: string) => string): string[] {
  const matching = values.filter((v) => toKey(v) === key);
  return matching.length > 0 ? matching : [...values];
}

function toRelease(c: Cluster, knownArtists: ReadonlySet<string>): Release {
  const recs = c.tracks.map((t) => t.rec);
  const tagged = recs.map((r) => r.tags.albumartist).filter((s): s is string => nameKey(s) !== '');
  let albumartist: string;
  if (c.va) {
    albumartist = chooseSpelling(tagged.filter((s) => isVariousArtists(nameKey(s)))) || 'Various Artists';
  } else {
    const candidates = (tagged.length > 0 ? tagged : recs.map((r) => r.tags.artist ?? '')).map(primaryArtist);
    albumartist = chooseSpelling(spellingsMatching(candidates, c.artistKey, artistKeyOf));
  }
  const albums = recs.map((r) => r.tags.album ?? '');
  const sorted = [...c.tracks].sort(
    (a, b) => a.disc - b.disc || (a.track ?? Infinity) - (b.track ?? Infinity) || (a.rec.path < b.rec.path ? -1 : a.rec.path > b.rec.path ? 1 : 0),
  );
  const disctotal = Math.max(1, ...c.tracks.map((t) => Math.max(t.disc, t.rec.tags.disctotal ?? 1)));
  const year = c.yearSplit ?? mostCommon(recs.map((r) => yearOf(r.tags.year ?? r.tags.date)));
  const originalyear = mostCommon(recs.map((r) => r.tags.originalyear));
  const release: Omit<Release, 'classification'> = {
    id: releaseId(c),
    albumartist,
    album: chooseSpelling(spellingsMatching(albums, c.titleKey, nameKey)),
    ...(year !== undefined ? { year } : {}),
    ...(originalyear !== undefined ? { originalyear } : {}),
    compilation: c.va,
    disctotal,
    recordings: sorted.map((t) => t.rec),
    companions: [],
  };
  return { ...release, classification: classify(release, { knownArtists }) };
}

/** MusicBrainz album ids decide on their own; untagged tracks of the same title and artist join
 * the id'd release when exactly one matches. */
function clusterByMusicBrainz(tracks: Track[]): { clusters: Cluster[]; rest: Track[] } {
  const withId = groupBy(tracks.filter((t) => t.rec.tags.mb_albumid), (t) => t.rec.tags.mb_albumid!);
  const clusters: Cluster[] = [...withId].map(([id, members]) => {
    const va = members.some((t) => t.albumArtistKey === VA_KEY);
    const artistKey = va ? VA_KEY : mostCommonKey(members.map((t) => t.albumArtistKey ?? t.artistKey));
    return { titleKey: mostCommonKey(members.map((t) => t.titleKey)), artistKey, va, tracks: members, mbAlbumId: id };
  });
  const rest: Track[] = [];
  for (const t of tracks) {
    if (t.rec.tags.mb_albumid) continue;
    const matches = clusters.filter((c) => c.titleKey === t.titleKey && c.artistKey === (t.albumArtistKey ?? t.artistKey));
    if (matches.length === 1) matches[0]!.tracks.push(t);
    else rest.push(t);
  }
  return { clusters, rest };
}

function mostCommonKey(keys: readonly string[]): string {
  return chooseSpelling(keys);
}

/** Groups recordings into releases; untagged and album-less recordings come back as loose. */
export function groupReleases(recordings: readonly Recording[]): Grouping {
  const loose: Recording[] = [];
  const whyLoose = new Map<string, LooseReason>();
  const albumTracks: Recording[] = [];
  for (const r of recordings) {
    const why = looseReason(r);
    if (why) {
      loose.push(r);
      whyLoose.set(r.path, why);
    } else albumTracks.push(r);
  }
  const titleKeys = aliasTruncatedTitles(albumTracks);
  const artistKeys = aliasTruncatedArtists(albumTracks);
  const tracks = albumTracks.map((r) => toTrack(r, titleKeys.get(r.path)!, artistKeys.get(r.path)!));
  const { clusters, rest } = clusterByMusicBrainz(tracks);
  for (const [titleKey, members] of groupBy(rest, (t) => t.titleKey)) clusters.push(...clusterTitle(titleKey, members));
  const knownArtists = new Set<string>();
  for (const t of tracks) {
    knownArtists.add(t.artistKey);
    if (t.albumArtistKey) knownArtists.add(t.albumArtistKey);
  }
  const releases = clusters.flatMap(splitByYear).map((c) => toRelease(c, knownArtists));
  releases.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { releases: unifyArtistSpellings(releases), loose, whyLoose };
}
