// What the bench library holds, file by file, as a pure function of (files, seed): the generator
// worker writes it, and the page checks the scan against it afterwards. Proportions follow
// /work/shared/tools/mklibrary.py: formats by album (45% mp3, 25% flac, 10% m4a, ogg, opus,
// wma, wav, aiff), ~12 files per album, messy layouts, sidecars, junk, duplicates, broken files.
import type { BenchTags } from './tag-writers.ts';

type BenchFormat = 'mp3' | 'mp3v1' | 'flac' | 'm4a' | 'ogg' | 'opus' | 'wma' | 'wav' | 'aiff';

export interface AudioFile {
  path: string;
  kind: 'audio';
  format: BenchFormat;
  tags: BenchTags;
}

export type BenchFile =
  | AudioFile
  | { path: string; kind: 'duplicate'; of: AudioFile }
  | { path: string; kind: 'sidecar' | 'junk'; bytes: number }
  | { path: string; kind: 'broken'; fixture: string };

const FORMAT_WEIGHTS: [BenchFormat, number][] = [
  ['mp3', 45],
  ['flac', 25],
  ['m4a', 10],
  ['ogg', 6],
  ['opus', 5],
  ['wma', 3],
  ['wav', 3],
  ['aiff', 3],
];

const WORDS = (
  'night light blue song river dream fire glass heart machine winter summer echo signal ghost city ocean silver ' +
  'morning shadow paper garden electric golden broken velvet mirror storm wild quiet forever northern static ' +
  'café naïve émotion über straße 東京 夜 ночь'
).split(' ');
const GENRES = ['Rock', 'Electronic', 'Jazz', 'Classical', 'Hip-Hop', 'Pop', 'Ambient', 'Folk', 'Metal'];
const DUMPS = ['Unsorted', 'Downloads', 'New Folder', 'music/new', 'from phone', 'CD rips'];

/** mulberry32: small, fast, deterministic. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function* librarySpec(files: number, seed = 1): Generator<BenchFile> {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const words = (n: number) => Array.from({ length: n }, () => pick(WORDS)).map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ');
  const weighted = <T>(pairs: [T, number][]): T => {
    let x = r() * pairs.reduce((a, [, w]) => a + w, 0);
    for (const [v, w] of pairs) if ((x -= w) < 0) return v;
    return pairs[0]![0];
  };
  const artists = Array.from({ length: Math.max(40, Math.round(files / 30)) }, (_, i) => `${words(int(1, 3))} ${i % 7 === 0 ? 'Band' : ''}`.trim() + ` ${i}`);
  const safe = (s: string) => s.replace(/[/\\:*?"<>|]/g, '_').trim();

  let emitted = 0;
  const taken = new Set<string>();
  /** Two tracks can share a title (and so a file name) in one folder: the later gets a number, as a copy would. */
  const unique = (path: string) => {
    const key = path.toLowerCase();
    if (!taken.has(key)) {
      taken.add(key);
      return path;
    }
    const dot = path.lastIndexOf('.');
    for (let n = 2; ; n++) {
      const next = `${path.slice(0, dot)} (${n})${path.slice(dot)}`;
      if (!taken.has(next.toLowerCase())) {
        taken.add(next.toLowerCase());
        return next;
      }
    }
  };
  const audioSoFar: AudioFile[] = [];
  const emit = function* (f: BenchFile): Generator<BenchFile> {
    if (emitted >= files) return;
    emitted++;
    yield f;
  };

  // The broken files every real collection has.
  yield* emit({ path: 'broken/corrupt.mp3', kind: 'broken', fixture: 'corrupt.mp3' });
  yield* emit({ path: 'broken/not-audio.mp3', kind: 'broken', fixture: 'not-audio.mp3' });
  yield* emit({ path: 'broken/empty.flac', kind: 'broken', fixture: 'empty.flac' });
  yield* emit({ path: 'Thumbs.db', kind: 'junk', bytes: 4096 });
  yield* emit({ path: 'desktop.ini', kind: 'junk', bytes: 80 });

  for (let ai = 0; emitted < files; ai++) {
    const kind = weighted<string>([['album', 57], ['ep', 8], ['single', 4], ['live', 7], ['compilation', 10], ['soundtrack', 4], ['multidisc', 10]]);
    const artist = pick(artists);
    const year = int(1960, 2026);
    let album = words(int(1, 3));
    if (kind === 'live') album = `Live at the ${words(1)} Hall`;
    if (kind === 'soundtrack') album = `${words(2)} (Original Motion Picture Soundtrack)`;
    if (kind === 'compilation') album = `${words(2)} Hits ${year}`;
    album = `${album} ${ai}`;
    let format = weighted(FORMAT_WEIGHTS);
    if (format === 'mp3' && r() < 0.1) format = 'mp3v1';
    const various = kind === 'compilation' || kind === 'soundtrack';
    const albumartist = various ? 'Various Artists' : artist;
    const discs = kind === 'multidisc' ? int(2, 3) : 1;
    const tracks = kind === 'single' ? int(1, 3) : kind === 'ep' ? int(4, 6) : int(8, 13);
    const genre = kind === 'soundtrack' ? 'Soundtrack' : pick(GENRES);
    const layout = weighted<string>([['tidy', 45], ['flat', 15], ['scattered', 15], ['nested', 25]]);
    const folder = {
      tidy: `${safe(artist)} - ${safe(album)}`,
      flat: 'Unsorted',
      scattered: pick(DUMPS),
      nested: `old/${pick(['2009', 'backup', 'misc'])}/${safe(artist)}/${safe(album)}`,
    }[layout]!;
    const ownFolder = layout === 'tidy' || layout === 'nested';
    const tagAlbumArtist = various || r() > 0.3;
    for (let d = 1; d <= discs; d++) {
      for (let tn = 1; tn <= tracks; tn++) {
        const title = words(int(1, 4));
        const trackArtist = various ? pick(artists) : artist;
        const tags: BenchTags = { title, artist: trackArtist, album, track: tn, year, genre };
        if (r() < 0.5) tags.tracktotal = tracks;
        if (discs > 1) Object.assign(tags, { disc: d, disctotal: discs });
        if (tagAlbumArtist) tags.albumartist = albumartist;
        if (kind === 'compilation') tags.compilation = true;
        const style = pick(['num', 'artist', 'track', 'messy']);
        let name = { num: `${String(tn).padStart(2, '0')} - ${safe(title)}`, artist: `${safe(trackArtist)} - ${safe(title)}`, track: `Track${String(tn).padStart(2, '0')}`, messy: `${safe(title).toLowerCase().replace(/ /g, '_')}_${int(100, 999)}` }[style]!;
        // Flat dumps and multi-disc sets need unique names, as a real dump has them.
        if (!ownFolder || discs > 1) name += ` [${ai}-${d}-${tn}]`;
        const sub = discs > 1 && layout === 'tidy' ? `/CD${d}` : '';
        const ext = format === 'mp3v1' ? 'mp3' : format;
        const path = unique(`${folder}${sub}/${name}.${r() < 0.03 ? ext.toUpperCase() : ext}`);
        const file: AudioFile = { path, kind: 'audio', format, tags };
        audioSoFar.push(file);
        yield* emit(file);
        if (r() < 0.03) yield* emit({ path: unique(path.replace(/\.[^.]+$/, '.lrc')), kind: 'sidecar', bytes: 120 });
      }
    }
    if (ownFolder) {
      if (r() < 0.6) yield* emit({ path: unique(`${folder}/cover.jpg`), kind: 'sidecar', bytes: 2048 });
      if (r() < 0.15) yield* emit({ path: `${folder}/folder.jpg`, kind: 'sidecar', bytes: 1024 });
      if (r() < 0.1) yield* emit({ path: `${folder}/${safe(album).slice(0, 40)}.cue`, kind: 'sidecar', bytes: 300 });
      if (r() < 0.1) yield* emit({ path: `${folder}/rip.log`, kind: 'sidecar', bytes: 600 });
      if (r() < 0.08) yield* emit({ path: `${folder}/Thumbs.db`, kind: 'junk', bytes: 4096 });
      if (r() < 0.08) yield* emit({ path: `${folder}/.DS_Store`, kind: 'junk', bytes: 1024 });
    }
    // About one file in fifty is a copy of an earlier one, as real collections have.
    if (r() < 0.2 && audioSoFar.length > 0) {
      const of = pick(audioSoFar);
      yield* emit({ path: `Duplicates/copy ${ai} of ${of.path.slice(of.path.lastIndexOf('/') + 1)}`, kind: 'duplicate', of });
    }
    if (audioSoFar.length > 2000) audioSoFar.splice(0, 1000);
  }
}
