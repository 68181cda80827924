// Playlists: M3U8 files written after a run, one per release (in its folder), one per album
// artist, and one per saved query ("Jazz 50s-60s = genre:Jazz year:1950..1969", beets' query
// syntax). Written against the public plugin API only; the app writes the files through its
// journal, never over an existing one, and undo removes them.
import { m3u8Text, matchQuery, parseQuery, sanitizeComponent, type OrganizerPlugin, type OutputInput, type OutputFile, type OutputTrack, type PlaylistEntry } from '../../src/core/plugin-api.ts';

/** What the user picks (kept per library in its settings). */
export interface PlaylistOptions {
  /** One playlist per release, in the release's folder. */
  release?: boolean;
  /** One playlist per album artist, under Playlists/Artists/. */
  artist?: boolean;
  /** Saved queries, one per line: "Name = query". Each becomes Playlists/<Name>.m3u8. */
  queries?: string;
}

/** Where the playlists that are not a release's own go. */
const PLAYLIST_FOLDER = 'Playlists';

const READS = ['albumartist', 'album', 'artist', 'title', 'year', 'original_year', 'genre', 'composer', 'label', 'track', 'disc', 'albumtype', 'kind', 'comp', 'various', 'format'];

const entryOf = (t: OutputTrack): PlaylistEntry => {
  const name = t.path.slice(t.path.lastIndexOf('/') + 1).replace(/\.[^.]*$/, '');
  const title = t.fields.title || name;
  return { path: t.path, ...(t.seconds !== undefined ? { seconds: t.seconds } : {}), display: t.fields.artist ? `${t.fields.artist} - ${title}` : title };
};

/** Disc, then track, then path: the order a release is played in. */
const byTrack = (a: OutputTrack, b: OutputTrack) =>
  Number(a.fields.disc || 1) - Number(b.fields.disc || 1) || Number(a.fields.track || 0) - Number(b.fields.track || 0) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

const folderOf = (path: string) => path.slice(0, Math.max(0, path.lastIndexOf('/')));

/** The folder every track of a release ends in, or above them all ("Album/CD1", "Album/CD2" → "Album"). */
function commonFolder(paths: readonly string[]): string {
  let common = folderOf(paths[0] ?? '').split('/');
  for (const p of paths) {
    const parts = folderOf(p).split('/');
    let i = 0;
    while (i < common.length && i < parts.length && common[i] === parts[i]) i++;
    common = common.slice(0, i);
  }
  return common.filter(Boolean).join('/');
}

/** "Name = query" lines; blank lines and lines starting with # are skipped. */
export function savedQueries(text: string): { name: string; query: string; line: number }[] {
  return text.split('\n').flatMap((raw, i) => {
    const line = raw.trim();
    const eq = line.indexOf('=');
    if (line === '' || line.startsWith('#') || eq <= 0) return [];
    return [{ name: line.slice(0, eq).trim(), query: line.slice(eq + 1).trim(), line: i + 1 }];
  });
}

export function makePlaylists(input: OutputInput): { files: OutputFile[]; notes: string[] } {
  const options = (input.options ?? {}) as PlaylistOptions;
  const files: OutputFile[] = [];
  const notes: string[] = [];
  const file = (path: string, tracks: readonly OutputTrack[]) => files.push({ path, text: m3u8Text(path, tracks.map(entryOf)) });
  // Releases in a stable order, so the same library gives the same playlists.
  const releases = [...input.releases].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  if (options.release) {
    for (const r of releases) {
      const folder = commonFolder(r.tracks.map((t) => t.path));
      // Tracks scattered over several top folders have no one folder for their playlist.
      if (folder === '') continue;
      file(`${folder}/${sanitizeComponent(`${r.fields.album || 'Unknown album'}.m3u8`)}`, [...r.tracks].sort(byTrack));
    }
  }
  if (options.artist) {
    const byArtist = new Map<string, { name: string; releases: typeof releases }>();
    for (const r of releases) {
      // A compilation's album artist ("Various Artists") is nobody's own shelf.
      if (r.fields.various === 'True' || !r.fields.albumartist) continue;
      const key = r.fields.albumartist.normalize('NFC').toLowerCase();
      const entry = byArtist.get(key) ?? { name: r.fields.albumartist, releases: [] };
      entry.releases.push(r);
      byArtist.set(key, entry);
    }
    for (const { name, releases: own } of byArtist.values()) {
      // Oldest release first, each in its track order.
      const ordered = [...own].sort((a, b) => Number(a.fields.year || 0) - Number(b.fields.year || 0) || ((a.fields.album ?? '') < (b.fields.album ?? '') ? -1 : 1));
      file(`${PLAYLIST_FOLDER}/Artists/${sanitizeComponent(`${name}.m3u8`)}`, ordered.flatMap((r) => [...r.tracks].sort(byTrack)));
    }
  }
  for (const saved of savedQueries(options.queries ?? '')) {
    const parsed = parseQuery(saved.query);
    if (!parsed.ok) {
      notes.push(`the saved query on line ${saved.line} ("${saved.name}") cannot be read: ${parsed.error.message}`);
      continue;
    }
    const tracks = releases.flatMap((r) => [...r.tracks].sort(byTrack)).filter((t) => matchQuery(parsed.query, (field) => t.fields[field]));
    if (tracks.length === 0) {
      notes.push(`the saved query "${saved.name}" matches no track, so it has no playlist`);
      continue;
    }
    file(`${PLAYLIST_FOLDER}/${sanitizeComponent(`${saved.name}.m3u8`)}`, tracks);
  }
  return { files, notes };
}

export const playlistsPlugin: OrganizerPlugin = {
  id: 'playlists',
  name: 'Playlists',
  outputs: { playlists: { reads: READS, make: makePlaylists } },
};
