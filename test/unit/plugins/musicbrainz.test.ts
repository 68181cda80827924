// The MusicBrainz built-in's matching, on recorded answers (test/fixtures/musicbrainz/): which
// search result it takes (name, track count, year), how tracks are paired, and what it answers when
// MusicBrainz cannot be reached. The module is the one the sandbox runs; here it is imported directly.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import mb, { baseUrl, chooseRelease, matchTracks, nameSimilarity, releaseType } from '../../../plugins/musicbrainz/musicbrainz.js';
import type { EnricherInput, Enrichment, PluginContext } from '../../../src/core/plugin-api.ts';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/musicbrainz/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
const EP = 'd8f6d2b8-7a3a-4a2f-9e65-6d8d1c3e9a01';
const REISSUE = 'e1b2c3d4-0000-4000-8000-0000000000aa';
const KIND_OF_BLUE = '8a5f3b2e-1c4d-4e6f-9a0b-c1d2e3f4a5b6';
const search = fixture('search-an-ideal-for-living.json');
const releases = search.releases as Record<string, unknown>[];

const track = (n: number | null, title: string) => ({ disc: null, track: n, title, length: null });
const ideal = (year: string, titles = ['Warsaw', 'No Love Lost', 'Leaders of Men', 'Failures']): EnricherInput => ({
  fields: { albumartist: 'Joy Division', album: 'An Ideal For Living', year, mb_albumid: '' },
  tracks: titles.map((t, i) => track(i + 1, t)),
});

/** The plugin's context as the sandbox gives it: fetchJson answered from the recorded files, by path. */
function recorded(log: string[] = [], hosts = ['musicbrainz.org']): PluginContext {
  return {
    hosts,
    async fetchJson(url: string) {
      log.push(url);
      const u = new URL(url);
      if (u.pathname === '/ws/2/release/') return search;
      return fixture(`release-${u.pathname.split('/').pop()}.json`);
    },
  };
}

describe('choosing a release', () => {
  it('same title and track count: the year decides between the EP and its reissue', () => {
    expect(chooseRelease(releases, ideal('1978'))?.id).toBe(EP);
    expect(chooseRelease(releases, ideal('1980'))?.id).toBe(REISSUE);
  });

  it('a compilation with the album in its name but 17 tracks loses to a 4-track match', () => {
    const best = chooseRelease(releases, ideal(''));
    expect(best?.id).not.toBe('a7b8c9d0-1111-4222-8333-444455556666');
    expect(best!.score).toBeGreaterThan(0.8);
  });

  it('another artist or album is no match at all', () => {
    expect(chooseRelease(releases, { ...ideal('1978'), fields: { albumartist: 'New Order', album: 'Movement', year: '1981', mb_albumid: '' } })).toBeNull();
    expect(chooseRelease([{ id: '../../etc', title: 'An Ideal for Living' }], ideal('1978'))).toBeNull();
  });

  it('names are compared up to case, accents, "&" and a leading "The"', () => {
    expect(nameSimilarity('The Beatles', 'beatles')).toBe(1);
    expect(nameSimilarity('Simon & Garfunkel', 'Simon and Garfunkel')).toBe(1);
    expect(nameSimilarity('Björk', 'Bjork')).toBe(1);
    expect(nameSimilarity('Low', 'Lowlife')).toBe(0);
  });

  it('release types: secondary types first, then EP/single/album; others say nothing', () => {
    expect(releaseType({ 'primary-type': 'Album', 'secondary-types': ['Compilation'] })).toBe('compilation');
    expect(releaseType({ 'primary-type': 'Album', 'secondary-types': ['Live'] })).toBe('live');
    expect(releaseType({ 'primary-type': 'EP' })).toBe('ep');
    expect(releaseType({ 'primary-type': 'Broadcast' })).toBe('');
  });

  it('tracks pair by number when titles agree, else by title: a library in another order gets the right numbers', () => {
    const shuffled = { ...ideal('1978'), tracks: [track(null, 'Failures'), track(null, 'Warsaw'), track(7, 'Leaders Of Men'), track(null, 'Interlude')] };
    const paired = matchTracks(fixture(`release-${EP}.json`), shuffled);
    expect(paired!.map((t) => t?.track ?? null)).toEqual(['4', '1', '3', null]);
  });

  it('the base URL follows the declared host: https, or http only for a local test server', () => {
    expect(baseUrl(['musicbrainz.org'])).toBe('https://musicbrainz.org');
    expect(baseUrl(['localhost:8123'])).toBe('http://localhost:8123');
    expect(baseUrl(['evil.localhost.example'])).toBe('https://evil.localhost.example');
  });
});

describe('the enricher', () => {
  it('by album artist and album: one search, one lookup; proposes year, original year, type, ids and track numbers', async () => {
    const log: string[] = [];
    const answer = (await mb.enrichers!.musicbrainz!(ideal('1978'), recorded(log))) as Enrichment;
    expect(log).toHaveLength(2);
    expect(log[0]).toContain('/ws/2/release/?query=');
    expect(decodeURIComponent(log[0]!)).toContain('release:"An Ideal For Living" AND artist:"Joy Division"');
    expect(log[1]).toBe(`https://musicbrainz.org/ws/2/release/${EP}?inc=recordings+artist-credits+release-groups&fmt=json`);
    expect(answer.release).toMatchObject({ albumartist: 'Joy Division', year: '1978', originalyear: '1978', releasetype: 'ep', mb_albumid: EP });
    expect(answer.tracks!.map((t) => t?.track)).toEqual(['1', '2', '3', '4']);
    expect(answer.source).toBe(`https://musicbrainz.org/release/${EP}`);
  });

  it('by the MBID in the tags: one lookup, no search, score 1 when the track count agrees', async () => {
    const log: string[] = [];
    const input: EnricherInput = {
      fields: { albumartist: 'Miles Davis', album: 'Kind of Blue', year: '1997', mb_albumid: KIND_OF_BLUE },
      tracks: ['So What', 'Freddie Freeloader', 'Blue in Green', 'All Blues', 'Flamenco Sketches'].map((t) => track(null, t)),
    };
    const answer = (await mb.enrichers!.musicbrainz!(input, recorded(log, ['localhost:9999']))) as Enrichment;
    expect(log).toEqual([`http://localhost:9999/ws/2/release/${KIND_OF_BLUE}?inc=recordings+artist-credits+release-groups&fmt=json`]);
    expect(answer.score).toBe(1);
    expect(answer.release).toMatchObject({ year: '1997', originalyear: '1959', releasetype: 'album' });
    expect(answer.tracks!.map((t) => t?.track)).toEqual(['1', '2', '3', '4', '5']);
  });

  it('when MusicBrainz cannot be reached it answers a problem in plain words, and proposes nothing', async () => {
    const offline: PluginContext = { hosts: ['musicbrainz.org'], fetchJson: () => Promise.reject(new Error('the app is offline and has no saved answer from musicbrainz.org')) };
    expect(await mb.enrichers!.musicbrainz!(ideal('1978'), offline)).toEqual({ problem: 'MusicBrainz could not be asked (the app is offline and has no saved answer from musicbrainz.org); nothing was changed' });
  });

  it('a release without album or album artist is not looked up', async () => {
    const log: string[] = [];
    expect(await mb.enrichers!.musicbrainz!({ fields: { albumartist: '', album: 'Demo', year: '', mb_albumid: '' }, tracks: [] }, recorded(log))).toBeNull();
    expect(log).toEqual([]);
  });
});
