// Editions: one artist's album in two folders, with the same track list but another year, label,
// catalogue number, release type or disambiguation ("deluxe edition"), is two releases, as
// MusicBrainz has them, even when no MusicBrainz id says so. Copies of the same edition stay one
// release, so that the duplicates show as duplicates.
//
// The split must hold again once the plan has moved the files: every edition then has a folder of
// its own, holding exactly its tracks. So editions are compared by what their own tracks say,
// never by where they were found, and two groups are kept apart only when their tracks, taken
// together, still tell them apart.
import { nameKey, yearOf } from './names.ts';
import { groupBy, type Cluster, type Track } from './release-evidence.ts';

/** What names an edition, per track ('' when the track does not say). */
const EDITION_FIELDS: readonly ((t: Track) => string)[] = [
  (t) => String(yearOf(t.rec.tags.year ?? t.rec.tags.date) ?? ''),
  (t) => nameKey(t.rec.tags.label),
  (t) => nameKey(t.rec.tags.catalognumber),
  (t) => nameKey(t.rec.tags.releasetype?.[0]),
  (t) => nameKey(t.rec.tags.albumdisambig),
];

/** Per field, the one value the tracks that say it agree on; undefined when none says it or they disagree. */
type Signature = (string | undefined)[];

function signature(tracks: readonly Track[]): Signature {
  return EDITION_FIELDS.map((field) => {
    const values = new Set(tracks.map(field).filter((v) => v !== ''));
    return values.size === 1 ? [...values][0] : undefined;
  });
}

const clash = (a: Signature, b: Signature): boolean => a.some((v, i) => v !== undefined && b[i] !== undefined && v !== b[i]);

/** The same song at the same place: a copy. Disc numbers are left out, as a copy may have lost its disc folder. */
const shareSongs = (a: readonly Track[], b: readonly Track[]): boolean => {
  const songs = new Set(a.map((t) => `${t.track ?? ''}\u0000${t.songKey}`));
  return b.some((t) => songs.has(`${t.track ?? ''}\u0000${t.songKey}`));
};

/** Two groups of tracks are two editions when they share songs and their own tags tell them apart. */
const twoEditions = (a: readonly Track[], b: readonly Track[]): boolean => clash(signature(a), signature(b)) && shareSongs(a, b);

/** Splits a cluster into editions found in different folders. A lone track is a copy, never an edition. */
export function splitByEdition(cluster: Cluster): Cluster[] {
  if (cluster.mbAlbumId !== undefined) return [cluster];
  const parts = [...groupBy(cluster.tracks, (t) => t.folder)].sort(
    ([fa, a], [fb, b]) => b.length - a.length || (fa < fb ? -1 : fa > fb ? 1 : 0),
  );
  if (parts.length < 2) return [cluster];
  let groups: Track[][] = [];
  for (const [, part] of parts) {
    const mine = signature(part);
    const agreeing = groups.find((g) => !clash(signature(g), mine));
    const other = groups.find((g) => !twoEditions(g, part));
    const home = agreeing ?? (part.length < 2 ? groups[0] : other);
    if (home) home.push(...part);
    else groups.push([...part]);
  }
  // Groups that, taken whole, no longer tell themselves apart are one edition after all.
  for (let merged = true; merged && groups.length > 1; ) {
    merged = false;
    for (let i = 0; i < groups.length && !merged; i++) {
      for (let j = i + 1; j < groups.length && !merged; j++) {
        if (twoEditions(groups[i]!, groups[j]!)) continue;
        groups[i]!.push(...groups[j]!);
        groups = groups.filter((_, k) => k !== j);
        merged = true;
      }
    }
  }
  if (groups.length < 2) return [cluster];
  return groups.map((tracks) => ({ ...cluster, tracks, editionSplit: editionName(tracks) }));
}

/** A stable name for an edition, from its tags alone, for the release id. */
function editionName(tracks: readonly Track[]): string {
  return signature(tracks).map((v) => v ?? '').join('|');
}
