// The template fields every library has, named and formatted as beets names and formats them, so
// pasted beets paths give beets' paths (test/unit/template/beets-paths.test.ts compares with real
// beets). Album-level values (comp, label, albumtype…) are the release's, as beets takes them from
// the album, so the tracks of one release never part over one track's stray tag.
import { isVariousArtists, nameKey, type FieldContext, type FieldGetter, type Recording, type Release } from '../../src/core/plugin-api.ts';

const text = (v: string | number | undefined | null): string => (v === undefined || v === null ? '' : String(v));
/** beets' PaddedInt: at least `width` digits, never cut. An unknown number stays empty (beets: 00). */
const pad = (n: number | undefined, width: number): string => (n === undefined ? '' : String(n).padStart(width, '0'));
const bool = (v: boolean): string => (v ? 'True' : 'False');
/** beets' ScaledInt: whole units, truncated ("320kbps" for 320,999 bit/s). */
const scaled = (n: number | undefined, unit: number, suffix: string): string => (n === undefined ? '' : `${Math.floor(n / unit)}${suffix}`);

/** The value most of the release's tracks carry (ties: the first in sort order, so never the track order). */
function mostCommon(values: readonly (string | undefined)[]): string {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = '';
  for (const [v, n] of counts) {
    const bestCount = counts.get(best) ?? 0;
    if (n > bestCount || (n === bestCount && v < best)) best = v;
  }
  return best;
}

const albumValues = new WeakMap<Release, Map<string, string>>();

/** An album-level value: the release's (computed once per release), or the lone track's own. */
function albumLevel(name: string, of: (r: Recording) => string | undefined, combine: (values: (string | undefined)[]) => string = mostCommon): FieldGetter {
  return ({ release, recording }) => {
    if (!release) return combine([of(recording)]);
    let values = albumValues.get(release);
    if (!values) albumValues.set(release, (values = new Map()));
    let value = values.get(name);
    if (value === undefined) values.set(name, (value = combine(release.recordings.map(of))));
    return value;
  };
}

/** The compilation flag of a release: set on at least half its tracks. */
const majority = (values: (string | undefined)[]): string => bool(values.filter((v) => v === 'True').length * 2 >= values.length && values.length > 0);
const comp = albumLevel('comp', (r) => (r.tags.compilation ? 'True' : undefined), majority);

function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** beets' $format, as mediafile names each type. */
function formatOf({ container = '', codec = '' }: Recording['audio'], path: string): string {
  if (container === 'MPEG') return 'MP3';
  if (container.startsWith('M4A') || container.startsWith('MPEG-4') || container.startsWith('mp4')) return /alac/i.test(codec) ? 'ALAC' : 'AAC';
  if (container === 'Ogg') return /opus/i.test(codec) ? 'Opus' : 'OGG';
  const names: Record<string, string> = { FLAC: 'FLAC', 'ASF/audio': 'Windows Media', WAVE: 'WAVE', AIFF: 'AIFF', 'AIFF-C': 'AIFF', WavPack: 'WavPack', "Monkey's Audio": 'APE', Musepack: 'Musepack' };
  return names[container] ?? (container || extensionOf(path).toUpperCase());
}

/** A local time as beets writes times into templates (time_format %Y-%m-%d %H:%M:%S). */
function beetsTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

const tracksOnDisc = ({ recording, release }: FieldContext): number | undefined =>
  release?.recordings.filter((r) => (r.tags.disc ?? 1) === (recording.tags.disc ?? 1)).length;

const albumtype = albumLevel('albumtype', (r) => r.tags.releasetype?.[0]);

export const builtinFields: Record<string, FieldGetter> = {
  albumartist: ({ release, recording }) => text(release?.albumartist ?? recording.tags.albumartist ?? recording.tags.artist),
  album: ({ release, recording }) => text(release?.album ?? recording.tags.album),
  artist: ({ recording }) => text(recording.tags.artist ?? recording.tags.albumartist),
  title: ({ recording }) => text(recording.tags.title),
  track: ({ recording }) => pad(recording.tags.track, 2),
  tracktotal: (ctx) => pad(ctx.recording.tags.tracktotal ?? tracksOnDisc(ctx), 2),
  disc: ({ recording, release }) => pad(recording.tags.disc ?? (release && release.disctotal > 1 ? 1 : undefined), 2),
  disctotal: ({ recording, release }) => pad(release?.disctotal ?? recording.tags.disctotal, 2),
  // The disc unpadded ("2-01 Title"): beets has no such field; its users define one with `inline`.
  discnumber: ({ recording, release }) => text(recording.tags.disc ?? (release && release.disctotal > 1 ? 1 : undefined)),
  // The track unpadded ("1 Title"), for layouts that write it so; beets users define it with `inline`.
  tracknumber: ({ recording }) => text(recording.tags.track),
  multidisc: ({ release }) => ((release?.disctotal ?? 1) > 1 ? '1' : ''),
  year: ({ release, recording }) => pad(release?.year ?? recording.tags.year, 4),
  original_year: ({ release, recording }) => pad(release?.originalyear ?? recording.tags.originalyear, 4),
  originalyear: ({ release, recording }) => pad(release?.originalyear ?? recording.tags.originalyear, 4),
  genre: ({ recording }) => text(recording.tags.genre?.[0]),
  composer: ({ recording }) => text(recording.tags.composer),
  label: albumLevel('label', (r) => r.tags.label),
  catalognum: albumLevel('catalognum', (r) => r.tags.catalognumber),
  catalognumber: albumLevel('catalognum', (r) => r.tags.catalognumber),
  albumdisambig: albumLevel('albumdisambig', (r) => r.tags.albumdisambig),
  releasegroupdisambig: () => '',
  // The compilation flag, as beets reads it: never guessed.
  comp,
  // The organizer's judgement: credited to Various Artists, or tracks by many artists. A release
  // of one artist stays theirs even when flagged, and is found the same way wherever it lies.
  various: ({ release }) => bool(release !== undefined && (release.compilation || isVariousArtists(nameKey(release.albumartist)))),
  singleton: ({ release }) => bool(release === undefined),
  // The release type as tagged (MusicBrainz), as beets sees it; '' when untagged, never a guess.
  albumtype,
  albumtypes: albumLevel('albumtypes', (r) => r.tags.releasetype?.join('; ')),
  // The organizer's guess (album, live, soundtrack, compilation…), for rules that ask for it.
  kind: ({ release }) => text(release?.classification.type),
  format: ({ recording }) => formatOf(recording.audio, recording.path),
  bitrate: ({ recording }) => scaled(recording.audio.bitrate, 1000, 'kbps'),
  samplerate: ({ recording }) => scaled(recording.audio.sampleRate, 1000, 'kHz'),
  mtime: ({ recording }) => beetsTime(recording.lastModified),
  ext: ({ recording }) => extensionOf(recording.path),
  mb_trackid: ({ recording }) => text(recording.tags.mb_trackid),
  mb_albumid: ({ recording }) => text(recording.tags.mb_albumid),
  mb_artistid: ({ recording }) => text(recording.tags.mb_artistid),
  mb_albumartistid: ({ recording }) => text(recording.tags.mb_albumartistid),
  mb_releasegroupid: ({ recording }) => text(recording.tags.mb_releasegroupid),
};

/**
 * What a `paths:` query sees where it differs from the path text: the stored values, as beets'
 * queries read them. Numbers unpadded, rates in their units, and no artist/album-artist fallback,
 * so `albumartist::^$` finds the releases nobody tagged with an album artist.
 */
export const builtinQueryFields: Record<string, FieldGetter> = {
  albumartist: ({ release, recording }) => {
    const tagged = release ? release.recordings.some((r) => r.tags.albumartist) : recording.tags.albumartist !== undefined;
    return tagged ? text(release?.albumartist ?? recording.tags.albumartist) : '';
  },
  artist: ({ recording }) => text(recording.tags.artist),
  track: ({ recording }) => text(recording.tags.track),
  tracktotal: (ctx) => text(ctx.recording.tags.tracktotal ?? tracksOnDisc(ctx)),
  disc: ({ recording, release }) => text(recording.tags.disc ?? (release && release.disctotal > 1 ? 1 : undefined)),
  disctotal: ({ recording, release }) => text(release?.disctotal ?? recording.tags.disctotal),
  year: ({ release, recording }) => text(release?.year ?? recording.tags.year),
  original_year: ({ release, recording }) => text(release?.originalyear ?? recording.tags.originalyear),
  originalyear: ({ release, recording }) => text(release?.originalyear ?? recording.tags.originalyear),
  bitrate: ({ recording }) => text(recording.audio.bitrate),
  samplerate: ({ recording }) => text(recording.audio.sampleRate),
  mtime: ({ recording }) => text(recording.lastModified / 1000),
};
