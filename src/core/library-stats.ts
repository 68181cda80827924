// What a library holds, in the numbers a collector asks about first: how much, in which formats
// and qualities, from which decades, of which genres, by whom, and what kinds of releases. Made
// from the scan's recordings and the plan's releases (album artist, year, classification) in one
// pass, so the planner worker can answer it for 50,000 files in a few milliseconds; every chart on
// the page has these rows as its table too.
import type { Plan, Recording, Release } from './model.ts';
import { formatName } from './keep-copy.ts';

/** One bar of a chart, one row of its table. */
export interface StatRow {
  label: string;
  /** Files (or releases, for release types). */
  count: number;
  /** Bytes, where the chart is about files. */
  bytes?: number;
}

export interface LibraryStats {
  /** Readable audio files, and their bytes. */
  files: number;
  bytes: number;
  /** Releases the plan found. */
  releases: number;
  /** Audio files that could not be read, and every other file (covers, logs, clutter). */
  unreadable: number;
  others: number;
  /** Lossless files and bytes (FLAC, ALAC, WAV, AIFF, APE, WavPack). */
  lossless: { files: number; bytes: number };
  formats: StatRow[];
  /** Lossy files by bitrate band, lossless apart; "Unknown" when the headers do not say. */
  bitrates: StatRow[];
  /** By the decade of the release's year (the track's when the release has none), oldest first. */
  decades: StatRow[];
  /** Most frequent genres, at most TOP rows plus "Other genres". */
  genres: StatRow[];
  /** Album artists with the most tracks, at most TOP rows. */
  artists: StatRow[];
  /** Releases per content type. */
  releaseTypes: StatRow[];
}

/** Rows a ranked chart shows; the rest are summed in one row. */
export const TOP = 10;

const BANDS: { label: string; below: number }[] = [
  { label: 'Under 128 kbps', below: 127_500 },
  { label: '128–191 kbps', below: 191_500 },
  { label: '192–255 kbps', below: 255_500 },
  { label: '256–319 kbps', below: 319_500 },
  { label: '320 kbps and more', below: Infinity },
];

function tally(rows: Map<string, StatRow>, label: string, bytes?: number): void {
  let row = rows.get(label);
  if (!row) rows.set(label, (row = bytes === undefined ? { label, count: 0 } : { label, count: 0, bytes: 0 }));
  row.count++;
  if (bytes !== undefined) row.bytes = (row.bytes ?? 0) + bytes;
}

/** Most first, then by label, so equal counts keep one order from run to run. */
const byCount = (a: StatRow, b: StatRow) => b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);

function ranked(rows: Map<string, StatRow>, other: string): StatRow[] {
  const all = [...rows.values()].sort(byCount);
  if (all.length <= TOP + 1) return all;
  const rest = all.slice(TOP).reduce((n, row) => n + row.count, 0);
  return [...all.slice(0, TOP), { label: other, count: rest }];
}

function band(r: Recording): string {
  if (r.audio.lossless) return 'Lossless';
  const bitrate = r.audio.bitrate;
  if (bitrate === undefined || !(bitrate > 0)) return 'Unknown';
  return BANDS.find((b) => bitrate < b.below)!.label;
}

export function libraryStats(
  recordings: readonly Recording[],
  plan: Pick<Plan, 'releases' | 'unreadable'>,
  others = 0,
): LibraryStats {
  const formats = new Map<string, StatRow>();
  const bitrates = new Map<string, StatRow>();
  const decades = new Map<string, StatRow>();
  const genres = new Map<string, StatRow>();
  const artists = new Map<string, StatRow>();
  const releaseTypes = new Map<string, StatRow>();
  const releaseOf = new Map<string, Release>();
  for (const release of plan.releases) {
    tally(releaseTypes, release.classification.type);
    for (const r of release.recordings) releaseOf.set(r.path, release);
  }
  let bytes = 0;
  const lossless = { files: 0, bytes: 0 };
  for (const r of recordings) {
    const release = releaseOf.get(r.path);
    bytes += r.size;
    if (r.audio.lossless) {
      lossless.files++;
      lossless.bytes += r.size;
    }
    tally(formats, formatName(r), r.size);
    tally(bitrates, band(r));
    const year = release?.year ?? r.tags.year;
    tally(decades, year === undefined ? 'Unknown' : `${Math.floor(year / 10) * 10}s`);
    // A track's first genre: a multi-genre tag would count one file several times.
    const genre = r.tags.genre?.find((g) => g.trim() !== '')?.trim();
    tally(genres, genre ?? 'No genre');
    tally(artists, release?.albumartist || r.tags.albumartist || r.tags.artist || 'Unknown artist');
  }
  const order = [...BANDS.map((b) => b.label), 'Lossless', 'Unknown'];
  return {
    files: recordings.length,
    bytes,
    releases: plan.releases.length,
    unreadable: plan.unreadable.length,
    others,
    lossless,
    formats: [...formats.values()].sort(byCount),
    bitrates: [...bitrates.values()].sort((a, b) => order.indexOf(a.label) - order.indexOf(b.label)),
    // "1960s" sorts as text in year order; Unknown last.
    decades: [...decades.values()].sort((a, b) => (a.label === 'Unknown' ? 1 : b.label === 'Unknown' ? -1 : a.label < b.label ? -1 : 1)),
    genres: ranked(genres, 'Other genres'),
    artists: ranked(artists, 'Other artists'),
    releaseTypes: [...releaseTypes.values()].sort(byCount),
  };
}
