// One release as its detail view shows it: each track and companion with where it goes, and in
// plain words why these files were grouped into one release and how it was classified. The
// grouping reasons are read back from what grouping leaves on the release (its id records the
// splits: `@year`, `~edition`, `#folder`, see releaseId in group.ts) and from the tracks' tags.
import type { Classification, LibraryPath, Release } from './model.ts';
import { parentOf } from './entries.ts';

interface ReleaseFile {
  path: LibraryPath;
  /** Where the plan puts it (the same path when it stays). */
  to: LibraryPath;
  disc?: number;
  track?: number;
  title?: string;
  artist?: string;
}

export interface ReleaseDetail {
  id: string;
  albumartist: string;
  album: string;
  year?: number;
  classification: Classification;
  tracks: ReleaseFile[];
  companions: ReleaseFile[];
  /** Why these tracks are one release, one sentence each. */
  grouping: string[];
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The splits grouping made, as recorded in the release id. */
function splitsOf(id: string): { year?: string; edition?: string; folder?: string } {
  if (id.startsWith('mb:')) return {};
  const hash = id.indexOf('#');
  // After the '#': the release's place among the folder split ("001/"), then its folder.
  const folder = hash >= 0 ? decodeURIComponent(id.slice(hash + 1).replace(/^\d+\//u, '')) : undefined;
  const rest = hash >= 0 ? id.slice(0, hash) : id;
  const tilde = rest.indexOf('~');
  const edition = tilde >= 0 ? decodeURIComponent(rest.slice(tilde + 1)) : undefined;
  const year = /@(\d+)(?:~|$)/.exec(rest)?.[1];
  return { ...(year ? { year } : {}), ...(edition !== undefined ? { edition } : {}), ...(folder !== undefined ? { folder } : {}) };
}

function groupingReasons(release: Release): string[] {
  const recs = release.recordings;
  const reasons: string[] = [];
  if (release.id.startsWith('mb:')) reasons.push(`${plural(recs.length, 'track')} carry one MusicBrainz release id (${release.id.slice(3)}).`);
  else reasons.push(`${plural(recs.length, 'track')} tagged with the album "${release.album}" by the same artist.`);
  const withAlbumArtist = recs.filter((r) => r.tags.albumartist).length;
  if (release.compilation) {
    const artists = new Set(recs.map((r) => r.tags.artist).filter(Boolean));
    reasons.push(`Tracks by ${plural(artists.size, 'artist')}: filed as a release of various artists.`);
  } else if (withAlbumArtist === recs.length) reasons.push(`Album artist "${release.albumartist}" is tagged on every track.`);
  else if (withAlbumArtist > 0) reasons.push(`Album artist "${release.albumartist}" is tagged on ${withAlbumArtist} of ${recs.length} tracks; the others name it as their artist.`);
  else reasons.push(`No album artist tag: "${release.albumartist}" is the tracks' own artist.`);
  const folders = [...new Set(recs.map((r) => parentOf(r.path)))].sort();
  if (folders.length === 1) reasons.push(`All in one folder now: ${folders[0] === '' ? 'the top of the library' : folders[0]}.`);
  else reasons.push(`Gathered from ${plural(folders.length, 'folder')}: ${folders.slice(0, 3).map((f) => f || 'the top of the library').join(', ')}${folders.length > 3 ? ', …' : ''}.`);
  if (release.disctotal > 1) reasons.push(`${release.disctotal} discs, from the disc tags or the folder names.`);
  const splits = splitsOf(release.id);
  if (splits.year) reasons.push(`Told apart from a release of the same title by its year, ${splits.year}: their track numbers collide.`);
  if (splits.edition) reasons.push(`Told apart as an edition of its own by its tags (${splits.edition}).`);
  if (splits.folder) reasons.push(`Told apart from a same-titled release of the same year by its folder, ${splits.folder}.`);
  return reasons;
}

/** The release's files in disc and track order, each with where the plan puts it. */
export function releaseDetail(release: Release, targetOf: (path: LibraryPath) => LibraryPath | undefined): ReleaseDetail {
  const tracks = release.recordings
    .map((r): ReleaseFile => ({
      path: r.path,
      to: targetOf(r.path) ?? r.path,
      ...(r.tags.disc !== undefined ? { disc: r.tags.disc } : {}),
      ...(r.tags.track !== undefined ? { track: r.tags.track } : {}),
      ...(r.tags.title ? { title: r.tags.title } : {}),
      ...(r.tags.artist ? { artist: r.tags.artist } : {}),
    }))
    .sort((a, b) => (a.disc ?? 1) - (b.disc ?? 1) || (a.track ?? Infinity) - (b.track ?? Infinity) || (a.path < b.path ? -1 : 1));
  const companions = release.companions.map((c) => ({ path: c.path, to: targetOf(c.path) ?? c.path }));
  const { id, albumartist, album, year, classification } = release;
  return { id, albumartist, album, ...(year !== undefined ? { year } : {}), classification, tracks, companions, grouping: groupingReasons(release) };
}
