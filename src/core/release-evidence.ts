// The evidence grouping weighs: which tracks collide on a track number, and how releases that
// share a title and an artist are told apart again by year or by folder.
import type { Recording } from './model.ts';
import { yearOf } from './names.ts';

/** A recording with the keys grouping looks at. */
export interface Track {
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

export interface Cluster {
  titleKey: string;
  artistKey: string;
  va: boolean;
  tracks: Track[];
  mbAlbumId?: string;
  yearSplit?: number;
  /** Set when one artist's same-titled releases of one year were told apart by their folders. */
  folderSplit?: string;
  /** That release's place among them (1, 2…; the first keeps the plain id), from its tracks alone. */
  folderIndex?: number;
  /** Set when copies of one track list were told apart as editions by their tags (editions.ts). */
  editionSplit?: string;
}

export const VA_KEY = 'various artists';

/** Same disc and track number but a different song: evidence of two different albums.
 * The same song twice is a duplicate, not a conflict. */
export function conflicts(a: readonly Track[], b: readonly Track[]): number {
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

export function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Two releases with one title and one artist (a 1983 and a 2003 "Greatest Hits", a single and
 * its album) collide on track numbers; when their years tell them apart, split them. Dates of one
 * year never split, and a lone track with another year sharing a folder is a mistag, not a release. */
export function splitByYear(cluster: Cluster): Cluster[] {
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

/** Same title, artist and year, yet colliding track numbers: two releases kept in different
 * folders (an album and a same-named box set). Each folder is one part; parts join the first group
 * they do not collide with; parts made only of copies follow the tracks they copy. */
export function splitByFolder(cluster: Cluster): Cluster[] {
  if (cluster.mbAlbumId !== undefined || conflicts(cluster.tracks, cluster.tracks) === 0) return [cluster];
  const parts = [...groupBy(cluster.tracks, (t) => t.folder)].sort(
    ([fa, a], [fb, b]) => b.length - a.length || (fa < fb ? -1 : fa > fb ? 1 : 0),
  );
  if (parts.length < 2) return [cluster];
  const isTwin = (t: Track, others: readonly Track[]) =>
    // Disc numbers are left out: a copy outside its CD2 folder no longer knows its disc.
    others.some((o) => o !== t && o.folder !== t.folder && o.track === t.track && o.songKey === t.songKey);
  const groups: { folder: string; tracks: Track[] }[] = [];
  const copies: Track[] = [];
  for (const [folder, part] of parts) {
    if (groups.length > 0 && part.every((t) => isTwin(t, cluster.tracks))) {
      copies.push(...part);
      continue;
    }
    const group = groups.find((g) => conflicts(g.tracks, part) === 0);
    if (group) group.tracks.push(...part);
    else groups.push({ folder, tracks: [...part] });
  }
  if (groups.length < 2) return [cluster];
  for (const t of copies) (groups.find((g) => isTwin(t, g.tracks)) ?? groups[0]!).tracks.push(t);
  // Which release keeps the plain id, and the order of the others, follow their tracks, never their
  // folders: %aunique numbers look-alikes in id order, and the plan renames the folders ("A/x [1]").
  const byTracks = groups
    .map((g) => ({ ...g, key: tracksKey(g.tracks) }))
    .sort((a, b) => b.tracks.length - a.tracks.length || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return byTracks.map((g, i) => ({ ...cluster, tracks: g.tracks, ...(i > 0 ? { folderSplit: g.folder, folderIndex: i } : {}) }));
}

/** What a group of tracks is, whatever folder holds it: their numbers, songs, album spellings and file identities. */
function tracksKey(tracks: readonly Track[]): string {
  return tracks
    .map((t) => [t.track ?? '', t.songKey, t.rec.tags.album ?? '', t.rec.size, t.rec.lastModified].join('\u0001'))
    .sort()
    .join('\u0002');
}
