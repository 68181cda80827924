import { describe, expect, test } from 'vitest';
import { libraryStats, TOP } from '../../src/core/library-stats.ts';
import type { Recording, Tags } from '../../src/core/model.ts';
import { loadMessy, plan, source } from './plan-helpers.ts';

const track = (path: string, tags: Tags, audio: Recording['audio'], size = 1000): Recording => ({ path, size, lastModified: 1, tags, audio });

describe('library statistics', () => {
  test('counts files, bytes, formats, bitrate bands, decades, genres, artists and release types', () => {
    const album = { albumartist: 'Beth Hart', album: 'Fire on the Floor', year: 2016, genre: ['Blues', 'Rock'] };
    const recordings = [
      track('a/01.flac', { ...album, title: 'One', track: 1 }, { lossless: true, codec: 'FLAC' }, 30_000),
      track('a/02.flac', { ...album, title: 'Two', track: 2 }, { lossless: true, codec: 'FLAC' }, 30_000),
      track('b/01.mp3', { albumartist: 'Miles Davis', album: 'Kind of Blue', year: 1959, title: 'So What', track: 1, genre: ['Jazz'] }, { bitrate: 320_000 }, 8_000),
      track('b/02.mp3', { albumartist: 'Miles Davis', album: 'Kind of Blue', year: 1959, title: 'Blue', track: 2 }, { bitrate: 128_000 }, 4_000),
      track('c/x.m4a', { artist: 'Nobody', title: 'Loose' }, { bitrate: 96_000, codec: 'MPEG-4/AAC' }, 2_000),
    ];
    const p = plan(source(recordings, [], { unreadable: [{ path: 'bad.mp3', size: 1, lastModified: 1, reason: 'broken' }] }));
    const stats = libraryStats(recordings, p, 3);
    expect(stats).toMatchObject({ files: 5, bytes: 74_000, unreadable: 1, others: 3, lossless: { files: 2, bytes: 60_000 } });
    expect(stats.releases).toBe(p.releases.length);
    expect(stats.formats).toEqual([
      { label: 'FLAC', count: 2, bytes: 60_000 },
      { label: 'MP3', count: 2, bytes: 12_000 },
      { label: 'AAC', count: 1, bytes: 2_000 },
    ]);
    expect(stats.bitrates).toEqual([
      { label: 'Under 128 kbps', count: 1 },
      { label: '128–191 kbps', count: 1 },
      { label: '320 kbps and more', count: 1 },
      { label: 'Lossless', count: 2 },
    ]);
    expect(stats.decades).toEqual([{ label: '1950s', count: 2 }, { label: '2010s', count: 2 }, { label: 'Unknown', count: 1 }]);
    // The first genre of each track only: Beth Hart's two tracks count as Blues twice, not Rock.
    expect(stats.genres).toEqual([{ label: 'Blues', count: 2 }, { label: 'No genre', count: 2 }, { label: 'Jazz', count: 1 }]);
    expect(stats.artists.slice(0, 2).map((r) => r.label).sort()).toEqual(['Beth Hart', 'Miles Davis']);
    expect(stats.releaseTypes.reduce((n, r) => n + r.count, 0)).toBe(p.releases.length);
  });

  test('ranked charts keep the top rows and sum the rest; every file is counted once in every chart', () => {
    const { source: messy } = loadMessy();
    const p = plan(messy);
    const stats = libraryStats(messy.recordings, p);
    const sum = (rows: { count: number }[]) => rows.reduce((n, r) => n + r.count, 0);
    for (const chart of [stats.formats, stats.bitrates, stats.decades, stats.genres, stats.artists]) expect(sum(chart)).toBe(stats.files);
    expect(stats.artists.length).toBeLessThanOrEqual(TOP + 1);
    expect(stats.genres.length).toBeLessThanOrEqual(TOP + 1);
    expect(sum(stats.releaseTypes)).toBe(stats.releases);
  });

  test('an empty library is all zeros and empty rows', () => {
    expect(libraryStats([], { releases: [], unreadable: [] })).toMatchObject({ files: 0, bytes: 0, formats: [], genres: [], releaseTypes: [] });
  });
});

describe('plan facets', () => {
  test('each move gets the type of its release, its format and its kind, in the order of the moves', async () => {
    const { planFacets, NO_RELEASE, NOT_MUSIC } = await import('../../src/core/plan-facets.ts');
    const { source: messy } = loadMessy();
    const p = plan(messy);
    const facets = planFacets(p);
    const moves = p.operations.filter((o) => o.kind === 'move');
    expect(facets.type).toHaveLength(moves.length);
    expect(facets.format).toHaveLength(moves.length);
    expect(facets.state).toHaveLength(moves.length);
    const releaseTypeOf = new Map(p.releases.flatMap((r) => r.recordings.map((rec) => [rec.path, r.classification.type] as const)));
    moves.forEach((m, i) => {
      const type = facets.types[facets.type[i]!];
      if (m.kind !== 'move') return;
      if (m.reason === 'recording') expect(type).toBe(releaseTypeOf.get(m.from));
      if (m.reason === 'unsorted') expect(type).toBe(NO_RELEASE);
      if (m.reason === 'album-companion') expect(facets.formats[facets.format[i]!]).toBe(NOT_MUSIC);
      if (m.reason === 'recording') {
        const ext = m.from.split('.').pop()!.toUpperCase();
        expect(facets.formats[facets.format[i]!]).toBe(ext === 'M4A' ? 'AAC' : ext);
      }
    });
    expect(new Set(facets.states)).toContain('Music');
  });
});
