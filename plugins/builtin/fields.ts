// The template fields every library has, named as beets names them so pasted beets paths work.
import { isVariousArtists, nameKey, type FieldContext, type FieldGetter } from '../../src/core/plugin-api.ts';

const text = (v: string | number | undefined | null): string => (v === undefined || v === null ? '' : String(v));
const pad = (n: number | undefined, width: number): string => (n === undefined ? '' : String(n).padStart(width, '0'));
const bool = (v: boolean): string => (v ? 'True' : 'False');

/** Track numbers are padded to the release's width: 01–12, 001–120; never less than two digits. */
function trackWidth({ release, recording }: FieldContext): number {
  const most = Math.max(recording.tags.tracktotal ?? 0, recording.tags.track ?? 0, ...(release?.recordings.map((r) => Math.max(r.tags.track ?? 0, r.tags.tracktotal ?? 0)) ?? []));
  return Math.max(2, String(most).length);
}

function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

const FORMAT_NAMES: Record<string, string> = {
  MPEG: 'MP3', FLAC: 'FLAC', 'MPEG-4': 'AAC', Ogg: 'OGG', 'ASF/audio': 'WMA', WAVE: 'WAV', AIFF: 'AIFF',
};

export const builtinFields: Record<string, FieldGetter> = {
  albumartist: ({ release, recording }) => text(release?.albumartist ?? recording.tags.albumartist ?? recording.tags.artist),
  album: ({ release, recording }) => text(release?.album ?? recording.tags.album),
  artist: ({ recording }) => text(recording.tags.artist ?? recording.tags.albumartist),
  title: ({ recording }) => text(recording.tags.title),
  track: (ctx) => pad(ctx.recording.tags.track, trackWidth(ctx)),
  tracktotal: ({ recording, release }) => text(recording.tags.tracktotal ?? release?.recordings.filter((r) => (r.tags.disc ?? 1) === (recording.tags.disc ?? 1)).length),
  disc: ({ recording, release }) => pad(recording.tags.disc ?? (release && release.disctotal > 1 ? 1 : undefined), 1),
  disctotal: ({ recording, release }) => text(release?.disctotal ?? recording.tags.disctotal),
  multidisc: ({ release }) => ((release?.disctotal ?? 1) > 1 ? '1' : ''),
  year: ({ release, recording }) => text(release?.year ?? recording.tags.year),
  original_year: ({ release, recording }) => text(release?.originalyear ?? recording.tags.originalyear),
  originalyear: ({ release, recording }) => text(release?.originalyear ?? recording.tags.originalyear),
  genre: ({ recording }) => text(recording.tags.genre?.[0]),
  composer: ({ recording }) => text(recording.tags.composer),
  label: ({ recording }) => text(recording.tags.label),
  catalognum: ({ recording }) => text(recording.tags.catalognumber),
  catalognumber: ({ recording }) => text(recording.tags.catalognumber),
  albumdisambig: () => '',
  releasegroupdisambig: () => '',
  // A release credited to Various Artists is filed as a compilation even when grouping saw no flag,
  // so the same release gets the same folder whichever way its tracks were laid out.
  comp: ({ release }) => bool(release !== undefined && (release.compilation || isVariousArtists(nameKey(release.albumartist)))),
  singleton: ({ release }) => bool(release === undefined),
  albumtype: ({ release }) => text(release?.classification.type),
  format: ({ recording }) => text(FORMAT_NAMES[recording.audio.container ?? ''] ?? recording.audio.container ?? extensionOf(recording.path).toUpperCase()),
  bitrate: ({ recording }) => text(recording.audio.bitrate === undefined ? undefined : `${Math.round(recording.audio.bitrate / 1000)}kbps`),
  samplerate: ({ recording }) => text(recording.audio.sampleRate),
  ext: ({ recording }) => extensionOf(recording.path),
  mb_trackid: ({ recording }) => text(recording.tags.mb_trackid),
  mb_albumid: ({ recording }) => text(recording.tags.mb_albumid),
  mb_artistid: ({ recording }) => text(recording.tags.mb_artistid),
  mb_albumartistid: ({ recording }) => text(recording.tags.mb_albumartistid),
  mb_releasegroupid: ({ recording }) => text(recording.tags.mb_releasegroupid),
};
