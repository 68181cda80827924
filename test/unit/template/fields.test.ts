// The built-in fields as a template and as a `paths:` query see them. Paths against real beets are
// in beets-paths.test.ts; these pin what beets has no counterpart for, or what it decides by import order.
import { describe, expect, it } from 'vitest';
import { builtinFields, builtinQueryFields } from '../../../plugins/builtin/fields.ts';
import type { Recording, Release, Tags } from '../../../src/core/model.ts';

const track = (n: number, tags: Tags = {}, audio: Recording['audio'] = {}): Recording => ({
  path: `in/${n}.flac`, size: 1, lastModified: new Date(2021, 2, 4, 5, 6, 7).getTime(), tags: { title: `T${n}`, track: n, ...tags }, audio,
});

function release(recordings: Recording[], over: Partial<Release> = {}): Release {
  return {
    id: 'r', albumartist: 'Band', album: 'Hits', compilation: false, disctotal: 1, recordings, companions: [],
    classification: { type: 'single', confidence: 0.6, reasons: ['3 tracks'] }, ...over,
  };
}

const field = (name: string, r: Release | undefined, rec: Recording) => builtinFields[name]!({ release: r, recording: rec });
const query = (name: string, r: Release | undefined, rec: Recording) => (builtinQueryFields[name] ?? builtinFields[name]!)({ release: r, recording: rec });

describe('built-in fields', () => {
  it('$albumtype is only what was tagged; the guess is $kind', () => {
    const untagged = release([track(1), track(2)]);
    expect(field('albumtype', untagged, untagged.recordings[0]!)).toBe('');
    expect(field('kind', untagged, untagged.recordings[0]!)).toBe('single');
    const tagged = release([track(1, { releasetype: ['album', 'live'] }), track(2, { releasetype: ['album', 'live'] })]);
    expect(field('albumtype', tagged, tagged.recordings[1]!)).toBe('album');
    expect(field('albumtypes', tagged, tagged.recordings[1]!)).toBe('album; live');
  });

  it('album-level values are the release’s, whatever track asks and in whatever order the tracks come', () => {
    const recs = [track(1, { label: 'North', compilation: true }), track(2, { label: 'South' }), track(3, { label: 'South', compilation: true })];
    for (const order of [recs, [...recs].reverse()]) {
      const r = release(order);
      for (const rec of order) {
        expect(field('label', r, rec)).toBe('South');
        expect(field('comp', r, rec)).toBe('True');
      }
    }
    const half = release([track(1, { compilation: true }), track(2), track(3), track(4, { compilation: true })]);
    expect(field('comp', half, half.recordings[1]!)).toBe('True');
    const few = release([track(1, { compilation: true }), track(2), track(3)]);
    expect(field('comp', few, few.recordings[0]!)).toBe('False');
  });

  it('$comp is the flag alone; $various is a Various Artists credit or many artists', () => {
    const va = release([track(1), track(2)], { albumartist: 'Various Artists' });
    expect([field('comp', va, va.recordings[0]!), field('various', va, va.recordings[0]!)]).toEqual(['False', 'True']);
    const flagged = release([track(1, { compilation: true })]);
    expect([field('comp', flagged, flagged.recordings[0]!), field('various', flagged, flagged.recordings[0]!)]).toEqual(['True', 'False']);
    const loose = track(9, { compilation: true });
    expect([field('comp', undefined, loose), field('various', undefined, loose), field('singleton', undefined, loose)]).toEqual(['True', 'False', 'True']);
  });

  it('numbers pad as beets pads them; unknown ones stay empty; $discnumber and $tracknumber are unpadded', () => {
    const r = release([track(7, { disc: 2, tracktotal: 120 }), track(105, { disc: 2 })], { disctotal: 2, year: 999 });
    const [a, b] = r.recordings as [Recording, Recording];
    expect(['track', 'tracktotal', 'disc', 'disctotal', 'discnumber', 'tracknumber', 'year'].map((n) => field(n, r, a))).toEqual(['07', '120', '02', '02', '2', '7', '0999']);
    expect(field('track', r, b)).toBe('105');
    const bare = track(1, { track: undefined });
    expect(['track', 'tracknumber', 'disc', 'year', 'bitrate', 'samplerate'].map((n) => field(n, undefined, bare))).toEqual(['', '', '', '', '', '']);
  });

  it('$format names types as beets (mediafile) does; $mtime is the file time as beets writes times', () => {
    const as = (container: string, codec?: string) => field('format', undefined, track(1, {}, { container, ...(codec ? { codec } : {}) }));
    expect([as('MPEG'), as('FLAC'), as('M4A/isom/iso2', 'MPEG-4/AAC'), as('M4A/isom/iso2', 'ALAC'), as('Ogg', 'Vorbis I'), as('Ogg', 'Opus'), as('ASF/audio'), as('WAVE'), as('AIFF')])
      .toEqual(['MP3', 'FLAC', 'AAC', 'ALAC', 'OGG', 'Opus', 'Windows Media', 'WAVE', 'AIFF']);
    expect(field('mtime', undefined, track(1))).toBe('2021-03-04 05:06:07');
  });

  it('queries see stored values: no album-artist fallback, unpadded numbers, bit/s', () => {
    const r = release([track(1, { artist: 'Band', disc: 1 }, { bitrate: 320_999, sampleRate: 44_100 })]);
    const rec = r.recordings[0]!;
    expect([field('albumartist', r, rec), query('albumartist', r, rec)]).toEqual(['Band', '']);
    expect([field('track', r, rec), query('track', r, rec)]).toEqual(['01', '1']);
    expect([field('bitrate', r, rec), query('bitrate', r, rec)]).toEqual(['320kbps', '320999']);
    expect([field('samplerate', r, rec), query('samplerate', r, rec)]).toEqual(['44kHz', '44100']);
    const tagged = release([track(1, { albumartist: 'band' }), track(2)]);
    expect(query('albumartist', tagged, tagged.recordings[1]!)).toBe('Band');
    const loose = track(3, { artist: 'Solo' });
    expect([field('artist', undefined, loose), query('albumartist', undefined, loose), field('albumartist', undefined, loose)]).toEqual(['Solo', '', 'Solo']);
  });
});
