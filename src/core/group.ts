// Recordings → releases. A release is identified by its album title and album artist, compared
// by nameKey, so case, NFD, "feat." credits and year-vs-date differences never split an album,
// while the same title by different artists, or an edition with a different title, never merge;
// editions of one title found in different folders are told apart by their tags (editions.ts).
// MusicBrainz album ids, when tagged, are authoritative.
import type { Recording, Release } from './model.ts';
import { albumFolderOf, discFromPath } from './album-folder.ts';
import { classify } from './classify.ts';
import { chooseSpelling, nameKey, primaryArtist, yearOf } from './names.ts';
import { artistKeyOf, isVariousArtists, unifyArtistSpellings } from './artist-spelling.ts';
import { aliasTruncatedArtists, aliasTruncatedTitles } from './truncation.ts';
import { conflicts, countBy, groupBy, splitByFolder, splitByYear, VA_KEY, type Cluster, type Track } from './release-evidence.ts';
import { splitByEdition } from './editions.ts';

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

function toTrack(rec: Recording, titleKey: string, artistKey: string): Track {
  const tags = rec.tags;
  const aa = nameKey(tags.albumartist);
  // "Various Artists" in the artist tag (a CDDB rip) names nobody: it says, as an album-artist tag
  // would, that the track is on a compilation. Read as an artist, it founded a release keyed like a
  // compilation yet not one, and moved beside the other tracks it became their guest.
  const variousArtist = aa === '' && isVariousArtists(artistKey);
  return {
    rec,
    titleKey,
    albumArtistKey: variousArtist ? VA_KEY : aa === '' ? undefined : isVariousArtists(aa) ? VA_KEY : artistKeyOf(aa),
    artistKey,
    folder: albumFolderOf(rec.path),
    disc: tags.disc ?? discFromPath(rec.path) ?? 1,
    track: tags.track,
    // A song is its title by its artist: one title by two artists in one slot is a conflict.
    songKey: `${nameKey(tags.title)}\u0000${artistKey}`,
  };
}

/** Tracks from a few or many artists? Compilations spread tracks thinly over ≥ 3 artists. */
function looksVarious(tracks: readonly Track[]): boolean {
  const counts = countBy(tracks, (t) => t.artistKey);
  return counts.size >= 3 && Math.max(...counts.values()) * 2 <= tracks.length;
}

/**
 * The compilation flag on at least half of a release's tracks that name an artist. Asked of whole
 * releases, never of folders: the plan gathers a release in one folder, and a flag on one of its
 * tracks must weigh the same there as it did where the track was found.
 */
function flaggedCompilation(tracks: readonly Track[]): boolean {
  const known = tracks.filter((t) => t.artistKey !== '');
  return known.length > 0 && known.filter((t) => t.rec.tags.compilation === true).length * 2 >= known.length;
}

/** May a handful of tracks without an album-artist tag join `host` found in the same folder? */
function canJoin(guests: readonly Track[], host: readonly Track[]): boolean {
  if (conflicts(host, guests) > 0) return false;
  // Without track numbers there is no evidence against a merge, so only a stray track or two.
  return guests.length <= 2 || guests.every((t) => t.track !== undefined);
}

/** A folder's tracks (no album-artist tag, not a compilation) by artist, largest first. */
function artistsOf(inFolder: readonly Track[]): Track[][] {
  return [...groupBy(inFolder, (t) => t.artistKey).values()].sort(
    (a, b) => b.length - a.length || (a[0]!.artistKey < b[0]!.artistKey ? -1 : 1),
  );
}

/** Places tracks whose artist has no release of this title: with the one release of their folder
 * ("A & B" on A's album) when nothing speaks against it, else as a release of their own. */
function placeStrays(clusters: Map<string, Cluster>, members: readonly Track[], add: (artistKey: string, va: boolean, members: readonly Track[]) => void): void {
  const own = clusters.get(members[0]!.artistKey);
  if (own) {
    own.tracks.push(...members);
    return;
  }
  const folder = members[0]!.folder;
  if (members.some((t) => t.folder !== folder)) {
    add(members[0]!.artistKey, false, members);
    return;
  }
  const hosts = [...clusters.values()].filter((c) => c.tracks.some((t) => t.folder === folder));
  const host = hosts.length === 1 ? hosts[0]! : undefined;
  if (host && canJoin(members, host.tracks)) host.tracks.push(...members);
  else add(members[0]!.artistKey, false, members);
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
  // Tracks without any artist tell nothing of who made the release: they neither vote on a
  // folder's main artist or on a compilation nor found a release where their folder has one.
  // Were they counted, moving them beside a flagged track would turn an album into a compilation.
  const anonymous = untagged.filter((t) => t.artistKey === '');
  const folders = [...groupBy(untagged.filter((t) => t.artistKey !== ''), (t) => t.folder)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // Each folder's main artist first, then the strays, then folders that look like compilations:
  // a stray ("Duplicates", a guest's track) must find its album whatever order folders come in.
  const strays: Track[][] = [];
  const various: Track[][] = [];
  for (const [, inFolder] of folders) {
    if (looksVarious(inFolder)) {
      various.push(inFolder);
      continue;
    }
    const [main, ...rest] = artistsOf(inFolder);
    // A folder some tagged release already lives in has no main artist of its own.
    const occupied = [...clusters.values()].some((c) => c.tracks.some((t) => t.folder === main![0]!.folder));
    if (occupied || clusters.has(main![0]!.artistKey)) strays.push(main!);
    else add(main![0]!.artistKey, false, main!);
    strays.push(...rest);
  }
  // Strays of one artist from several folders count together, the biggest placed first.
  const strayGroups = [...groupBy(strays.flat(), (t) => t.artistKey).values()].sort(
    (a, b) => b.length - a.length || (a[0]!.artistKey < b[0]!.artistKey ? -1 : 1),
  );
  for (const members of strayGroups) placeStrays(clusters, members, add);
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
    else for (const members of artistsOf(homeless)) placeStrays(clusters, members, add);
  }
  splitGatheredCompilation(clusters, add);
  for (const [, inFolder] of [...groupBy(anonymous, (t) => t.folder)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const hosts = [...clusters.values()].filter((c) => c.tracks.some((t) => t.folder === inFolder[0]!.folder));
    if (hosts.length === 1 && canJoin(inFolder, hosts[0]!.tracks)) hosts[0]!.tracks.push(...inFolder);
    else add('', false, inFolder);
  }
  // An artist's release nobody tagged with an album artist, flagged as a compilation, is one.
  for (const [key, c] of [...clusters]) {
    if (c.va || c.tracks.some((t) => t.albumArtistKey !== undefined) || !flaggedCompilation(c.tracks)) continue;
    clusters.delete(key);
    add(VA_KEY, true, c.tracks);
  }
  absorbOrphansIntoCompilation(clusters);
  return [...clusters.values()];
}

/**
 * A release takes in strays folder by folder (its artist's own tracks, guests sharing a folder with
 * it), so its tracks without an album-artist tag may come from several folders. The plan moves them
 * into one, and there they are judged as one folder's tracks: by three or more artists spread thin,
 * they are a compilation. So they are judged so here already, the way a folder of them is: a track
 * of the release's own artist stays when the rest of the release is the bigger group (and no track
 * number collides); the others, when they still look various, are the title's compilation.
 */
function splitGatheredCompilation(clusters: Map<string, Cluster>, add: (artistKey: string, va: boolean, members: readonly Track[]) => void): void {
  for (const [key, c] of [...clusters]) {
    if (c.va) continue;
    const untagged = c.tracks.filter((t) => t.albumArtistKey === undefined && t.artistKey !== '');
    if (!looksVarious(untagged)) continue;
    const rest = c.tracks.filter((t) => !untagged.includes(t));
    const homeless = untagged.filter((t) => t.artistKey !== key || rest.length <= untagged.length || conflicts(rest, [t]) > 0);
    if (!looksVarious(homeless)) continue;
    c.tracks = c.tracks.filter((t) => !homeless.includes(t));
    if (c.tracks.length === 0) clusters.delete(key);
    add(VA_KEY, true, homeless);
  }
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
      va.tracks.some((v) => v.track === t.track && v.songKey === t.songKey),
    );
    if (twins || (sameFolder && canJoin(c.tracks, va.tracks))) {
      va.tracks.push(...c.tracks);
      clusters.delete(key);
    }
  }
}

/** The value most tracks have; ties to the smallest. */
export function mostCommon(values: readonly (number | undefined)[]): number | undefined {
  const counts = new Map<number, number>();
  for (const v of values) if (v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: number | undefined;
  for (const [v, n] of counts) if (best === undefined || n > counts.get(best)! || (n === counts.get(best)! && v < best)) best = v;
  return best;
}

function releaseId(c: Cluster): string {
  if (c.mbAlbumId) return `mb:${c.mbAlbumId}`;
  const base = `release:${encodeURIComponent(c.artistKey)}/${encodeURIComponent(c.titleKey)}`;
  const year = c.yearSplit !== undefined ? `@${c.yearSplit}` : '';
  const edition = c.editionSplit !== undefined ? `~${encodeURIComponent(c.editionSplit)}` : '';
  // The index leads, so that ids sort as grouping ordered the releases, not as their folders sort.
  const folder = c.folderSplit !== undefined ? `#${String(c.folderIndex ?? 0).padStart(3, '0')}/${encodeURIComponent(c.folderSplit)}` : '';
  return base + year + edition + folder;
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
    // A disc known only from the folder or file name is written into the tags the planner sees,
    // so the tracks of disc 2 are named "2-01…", not "1-01…".
    recordings: sorted.map((t) => (t.rec.tags.disc === undefined && disctotal > 1 ? { ...t.rec, tags: { ...t.rec.tags, disc: t.disc } } : t.rec)),
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
  const releases = clusters.flatMap(splitByYear).flatMap(splitByFolder).flatMap(splitByEdition).map((c) => toRelease(c, knownArtists));
  releases.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { releases: unifyArtistSpellings(releases), loose, whyLoose };
}
