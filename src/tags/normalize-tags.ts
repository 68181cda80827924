// Turns music-metadata's view of a file into our Tags and AudioInfo: trimmed text, no empty
// values, numbers that are numbers, one spelling for flags. Everything downstream (grouping,
// templates, the cache) sees only these values, never music-metadata's shapes.
import type { IAudioMetadata, ICommonTagsResult } from 'music-metadata';
import type { AudioInfo, Tags } from '../core/model.ts';

/**
 * `native` lets ID3v2.3 names keep their slashes: music-metadata splits TPE1/TPE2 on "/" as
 * that version's spec says, which turns "AC/DC" into the artist "AC". Taggers write one name
 * there far more often than a "/"-separated list, and beets and mutagen keep it whole too.
 */
export function normalizeTags(common: ICommonTagsResult, native?: IAudioMetadata['native']): Tags {
  const tags: Tags = {};
  const set = <K extends keyof Tags>(key: K, value: Tags[K] | undefined) => {
    if (value !== undefined) tags[key] = value;
  };
  set('title', text(common.title));
  const slashedArtist = rejoined(native, 'TPE1');
  set('artist', slashedArtist ?? text(common.artist));
  const artists = slashedArtist === undefined ? texts(common.artists) : undefined;
  // Only worth keeping when it says more than `artist` does.
  if (artists && artists.length > 1) tags.artists = artists;
  set('albumartist', rejoined(native, 'TPE2') ?? text(common.albumartist));
  set('album', text(common.album));
  set('track', count(common.track?.no));
  set('tracktotal', count(common.track?.of));
  set('disc', count(common.disk?.no));
  set('disctotal', count(common.disk?.of));
  const date = text(common.date);
  set('year', count(common.year) ?? yearOf(date));
  // The bare year is already in `year`; keep the date only when it says more.
  if (date && date.length > 4) tags.date = date;
  set('originalyear', count(common.originalyear) ?? yearOf(text(common.originaldate)));
  set('genre', texts(common.genre));
  set('composer', texts(common.composer)?.join(', '));
  set('label', texts(common.label)?.[0]);
  set('catalognumber', texts(common.catalognumber)?.[0]);
  set('albumdisambig', nativeText(native, ALBUM_COMMENT));
  if (typeof common.compilation === 'boolean') tags.compilation = common.compilation;
  set('releasetype', releaseTypes(common.releasetype));
  if (typeof common.podcast === 'boolean') tags.podcast = common.podcast;
  // MusicBrainz calls the recording what Picard tags as MUSICBRAINZ_TRACKID.
  set('mb_trackid', text(common.musicbrainz_recordingid) ?? text(common.musicbrainz_trackid));
  set('mb_albumid', text(common.musicbrainz_albumid));
  set('mb_artistid', texts(common.musicbrainz_artistid)?.[0]);
  set('mb_albumartistid', texts(common.musicbrainz_albumartistid)?.[0]);
  set('mb_releasegroupid', text(common.musicbrainz_releasegroupid));
  return tags;
}

/**
 * MusicBrainz's release comment, which music-metadata leaves out of `common`: each container
 * spells it its own way (Picard and beets write these).
 */
const ALBUM_COMMENT = new Set([
  'MUSICBRAINZ_ALBUMCOMMENT', // Vorbis comments, APEv2
  'TXXX:MusicBrainz Album Comment', // ID3v2
  '----:com.apple.iTunes:MusicBrainz Album Comment', // MP4
  'MusicBrainz/Album Comment', // ASF
]);

/** The text of a native tag with one of `ids`, whichever container it came from. */
function nativeText(native: IAudioMetadata['native'] | undefined, ids: ReadonlySet<string>): string | undefined {
  for (const [container, tags] of Object.entries(native ?? {})) {
    const values = tags.filter((t) => ids.has(t.id) || ids.has(t.id.toUpperCase())).map((t) => t.value);
    if (values.length === 0 || !values.every((v) => typeof v === 'string')) continue;
    // ID3v2.3 has one value per frame, which music-metadata splits on "/": put it back together.
    return text(container === 'ID3v2.3' ? values.join('/') : values[0]);
  }
  return undefined;
}

/** An ID3v2.3 text frame that music-metadata split on "/", as it was written. */
function rejoined(native: IAudioMetadata['native'] | undefined, id: string): string | undefined {
  const values = native?.['ID3v2.3']?.filter((t) => t.id === id).map((t) => t.value);
  if (!values || values.length < 2 || !values.every((v) => typeof v === 'string')) return undefined;
  return text(values.join('/'));
}

export function normalizeAudio(format: IAudioMetadata['format']): AudioInfo {
  const audio: AudioInfo = {};
  const container = text(format.container);
  if (container) audio.container = container;
  const codec = text(format.codec);
  if (codec) audio.codec = codec;
  const bitrate = count(format.bitrate);
  if (bitrate) audio.bitrate = bitrate;
  const sampleRate = count(format.sampleRate);
  if (sampleRate) audio.sampleRate = sampleRate;
  if (typeof format.lossless === 'boolean') audio.lossless = format.lossless;
  // Only what the headers state (the scan never asks for a decoded duration): to the millisecond.
  if (typeof format.duration === 'number' && Number.isFinite(format.duration) && format.duration > 0) audio.duration = Math.round(format.duration * 1000) / 1000;
  return audio;
}

function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  // ID3 writers pad with NULs; they are never part of a name.
  const trimmed = value.replace(/\0+/g, ' ').trim();
  return trimmed === '' ? undefined : trimmed;
}

function texts(values: unknown): string[] | undefined {
  if (!Array.isArray(values)) return undefined;
  const kept = [...new Set(values.map(text).filter((v): v is string => v !== undefined))];
  return kept.length > 0 ? kept : undefined;
}

/** A positive whole number, rounded; tags store "0" and NaN for "unknown". */
function count(value: unknown): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  const n = Math.round(value);
  return n > 0 ? n : undefined;
}

function yearOf(date: string | undefined): number | undefined {
  const match = date?.match(/^\s*(\d{4})/);
  return match ? count(Number(match[1])) : undefined;
}

/** Picard writes "album; live" in one value or "album/live" in ID3v2.3; we want ["album", "live"]. */
function releaseTypes(values: string[] | undefined): string[] | undefined {
  const split = values?.flatMap((v) => (typeof v === 'string' ? v.split(/[;/]/) : []));
  return texts(split?.map((v) => v.toLowerCase()));
}
