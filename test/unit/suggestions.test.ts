// Suggestions are found from the library as the planner sees it; accepting one is storing its fix
// as review choices, after which the plan reads the fixed values and the suggestion is gone.
import { describe, expect, test } from 'vitest';
import { looseRecordings, suggestFixes, type Suggestion, type SuggestionKind } from '../../src/core/suggestions.ts';
import { retag } from '../../src/core/exclusions.ts';
import type { Recording, Tags } from '../../src/core/model.ts';
import type { ReviewChoice } from '../../src/core/review-choices.ts';
import { loadMessy, plan, source } from './plan-helpers.ts';

let stamp = 1;
const rec = (path: string, tags: Tags, audio: Recording['audio'] = {}): Recording => ({ path, size: 1000 + stamp, lastModified: stamp++, tags, audio });

function suggestionsOf(recordings: Recording[], choices: ReviewChoice[] = []) {
  const p = plan(source(recordings), {}, choices);
  const seen = retag(recordings, choices).recordings;
  const releases = p.releases.filter((r) => !r.review?.excluded);
  return { plan: p, suggestions: suggestFixes(releases, looseRecordings(seen, releases), new Set(), 42) };
}
const ofKind = (all: Suggestion[], kind: SuggestionKind) => all.filter((s) => s.kind === kind);
const targets = (p: ReturnType<typeof plan>) => p.operations.flatMap((o) => (o.kind === 'move' ? [o.to] : []));

describe('suggestions', () => {
  test('artist spelled with "&" and with ",": one suggestion; accepted, one folder and the suggestion is gone', () => {
    const a = { album: 'Seesaw', year: 2013 };
    const b = { album: 'Don\'t Explain', year: 2011 };
    const recordings = [
      rec('x/1.mp3', { ...a, artist: 'Beth Hart & Joe Bonamassa', albumartist: 'Beth Hart & Joe Bonamassa', title: 'Them There Eyes', track: 1 }),
      rec('x/2.mp3', { ...a, artist: 'Beth Hart & Joe Bonamassa', albumartist: 'Beth Hart & Joe Bonamassa', title: 'Nutbush City Limits', track: 2 }),
      rec('x/3.mp3', { ...a, artist: 'Beth Hart & Joe Bonamassa', albumartist: 'Beth Hart & Joe Bonamassa', title: 'Sunday Kind of Love', track: 3 }),
      rec('y/1.mp3', { ...b, artist: 'Beth Hart, Joe Bonamassa', albumartist: 'Beth Hart, Joe Bonamassa', title: 'Sinner\'s Prayer', track: 1 }),
    ];
    const before = suggestionsOf(recordings);
    expect(new Set(targets(before.plan).map((t) => t.split('/')[0]))).toEqual(new Set(['Beth Hart & Joe Bonamassa', 'Beth Hart, Joe Bonamassa']));
    const spelling = ofKind(before.suggestions, 'artist-spelling');
    expect(spelling.map((s) => s.title).sort()).toEqual(['Beth Hart, Joe Bonamassa → Beth Hart & Joe Bonamassa', 'Beth Hart, Joe Bonamassa → Beth Hart & Joe Bonamassa (album artist)']);
    expect(spelling.every((s) => s.files === 1 && s.confidence === 'high')).toBe(true);
    const after = suggestionsOf(recordings, spelling.flatMap((s) => s.fix));
    expect(new Set(targets(after.plan).map((t) => t.split('/')[0]))).toEqual(new Set(['Beth Hart & Joe Bonamassa']));
    expect(ofKind(after.suggestions, 'artist-spelling')).toEqual([]);
  });

  test('names the planner already treats as one (case only) and different artists are not suggested', () => {
    const recordings = [
      rec('a/1.mp3', { artist: 'Talk Talk', albumartist: 'Talk Talk', album: 'Spirit of Eden', title: 'Eden', track: 1 }),
      rec('a/2.mp3', { artist: 'talk talk', albumartist: 'talk talk', album: 'Spirit of Eden', title: 'Desire', track: 2 }),
      rec('b/1.mp3', { artist: 'Simon & Garfunkel', albumartist: 'Simon & Garfunkel', album: 'Bookends', title: 'America', track: 1 }),
      rec('c/1.mp3', { artist: 'Paul Simon', albumartist: 'Paul Simon', album: 'Graceland', title: 'Graceland', track: 1 }),
    ];
    expect(ofKind(suggestionsOf(recordings).suggestions, 'artist-spelling')).toEqual([]);
  });

  test('"07. Shadow On The Sun": the number leaves the title; "1979" stays a title', () => {
    const album = { artist: 'Audioslave', albumartist: 'Audioslave', album: 'Audioslave', year: 2002 };
    const recordings = [
      rec('s/06.mp3', { ...album, title: '06. Like a Stone', track: 6 }),
      rec('s/07.mp3', { ...album, title: '07. Shadow On The Sun', track: 7 }),
      rec('s/08.mp3', { ...album, title: '08 - I Am the Highway', track: 8 }),
      rec('p/1979.mp3', { artist: 'The Smashing Pumpkins', albumartist: 'The Smashing Pumpkins', album: 'Mellon Collie', title: '1979', track: 5 }),
      rec('p/zero.mp3', { artist: 'The Smashing Pumpkins', albumartist: 'The Smashing Pumpkins', album: 'Mellon Collie', title: 'Zero', track: 4 }),
    ];
    const { plan: before, suggestions } = suggestionsOf(recordings);
    expect(targets(before).some((t) => t.includes('07 07. Shadow On The Sun'))).toBe(true);
    const inTitle = ofKind(suggestions, 'track-in-title');
    expect(inTitle).toHaveLength(1);
    expect(inTitle[0]!).toMatchObject({ files: 3, confidence: 'high' });
    const after = suggestionsOf(recordings, inTitle[0]!.fix);
    expect(targets(after.plan).filter((t) => t.startsWith('Audioslave/')).map((t) => t.split('/').pop()).sort()).toEqual(['06 Like a Stone.mp3', '07 Shadow On The Sun.mp3', '08 I Am the Highway.mp3']);
    expect(ofKind(after.suggestions, 'track-in-title')).toEqual([]);
  });

  test('track numbers missing come from file names; used twice, the file names number them apart', () => {
    const album = { artist: 'Nick Drake', albumartist: 'Nick Drake', album: 'Pink Moon', year: 1972 };
    const recordings = [
      rec('n/01 Pink Moon.mp3', { ...album, title: 'Pink Moon', track: 1 }),
      rec('n/02 Place To Be.mp3', { ...album, title: 'Place to Be' }),
      rec('n/03 Road.mp3', { ...album, title: 'Road' }),
      rec('m/01 Northern Sky.mp3', { artist: 'Nick Drake', albumartist: 'Nick Drake', album: 'Bryter Layter', title: 'Northern Sky', track: 1 }),
      rec('m/02 Fly.mp3', { artist: 'Nick Drake', albumartist: 'Nick Drake', album: 'Bryter Layter', title: 'Fly', track: 1 }),
    ];
    const { suggestions } = suggestionsOf(recordings);
    const missing = ofKind(suggestions, 'track-missing');
    expect(missing).toHaveLength(1);
    expect(missing[0]!.fix).toHaveLength(2);
    const twice = ofKind(suggestions, 'track-duplicated');
    expect(twice).toHaveLength(1);
    expect(twice[0]!.fix).toHaveLength(1);
    const after = suggestionsOf(recordings, [...missing[0]!.fix, ...twice[0]!.fix]);
    expect(targets(after.plan).filter((t) => t.includes('Pink Moon')).map((t) => t.split('/').pop()).sort()).toEqual(['01 Pink Moon.mp3', '02 Place to Be.mp3', '03 Road.mp3']);
    expect(targets(after.plan).filter((t) => t.includes('Bryter')).map((t) => t.split('/').pop()).sort()).toEqual(['01 Northern Sky.mp3', '02 Fly.mp3']);
    expect(ofKind(after.suggestions, 'track-missing')).toEqual([]);
    expect(ofKind(after.suggestions, 'track-duplicated')).toEqual([]);
  });

  test('tracks numbered twice over by discs without disc numbers: said so, and fixed from "Track03_d2" names when every file has one', () => {
    const album = { artist: 'Cut Copy', album: 'Paper Storm Heart', year: 1994 };
    const titles = ['Signal', 'Heart', 'Mirror', 'Winter', 'Night', 'Ocean'];
    const named = titles.map((title, i) => rec(`u/Track0${(i % 3) + 1}_d${Math.floor(i / 3) + 1}.mp3`, { ...album, title, track: (i % 3) + 1 }));
    const [twice] = ofKind(suggestionsOf(named).suggestions, 'track-duplicated');
    expect(twice!.title).toMatch(/2 discs without disc numbers/);
    expect(twice!.fix).toHaveLength(6);
    const after = suggestionsOf(named, twice!.fix);
    expect(ofKind(after.suggestions, 'track-duplicated')).toEqual([]);
    expect(after.plan.operations.flatMap((o) => (o.kind === 'move' ? [o.to.split('/').pop()] : [])).sort()).toEqual(['1-01 Signal.mp3', '1-02 Heart.mp3', '1-03 Mirror.mp3', '2-01 Winter.mp3', '2-02 Night.mp3', '2-03 Ocean.mp3']);

    const unnamed = titles.map((title, i) => rec(`v/${title}.mp3`, { ...album, album: 'Glass', title, track: (i % 3) + 1 }));
    const [guess] = ofKind(suggestionsOf(unnamed).suggestions, 'track-duplicated');
    expect(guess!.title).toMatch(/2 discs without disc numbers/);
    expect(guess!.fix).toEqual([]);
    expect(guess!.hint).toMatch(/disc number/);
  });

  test('mixed years become the most common one; tracks of many artists get "Various Artists"', () => {
    const album = { artist: 'Miles Davis', albumartist: 'Miles Davis', album: 'Kind of Blue' };
    const va = { album: 'Summer Hits', compilation: true, year: 2010 };
    const recordings = [
      rec('k/1.mp3', { ...album, title: 'So What', track: 1, year: 1959 }),
      rec('k/2.mp3', { ...album, title: 'Freddie Freeloader', track: 2, year: 1959 }),
      rec('k/3.mp3', { ...album, title: 'Blue in Green', track: 3, year: 1997 }),
      rec('v/1.mp3', { ...va, artist: 'A', title: 'One', track: 1 }),
      rec('v/2.mp3', { ...va, artist: 'B', title: 'Two', track: 2 }),
      rec('v/3.mp3', { ...va, artist: 'C', title: 'Three', track: 3 }),
    ];
    const { suggestions } = suggestionsOf(recordings);
    const years = ofKind(suggestions, 'mixed-years');
    expect(years).toHaveLength(1);
    expect(years[0]!).toMatchObject({ files: 1, confidence: 'high' });
    const aa = ofKind(suggestions, 'album-artist-missing');
    expect(aa).toHaveLength(1);
    expect(aa[0]!.title).toContain('Various Artists');
    const after = suggestionsOf(recordings, [...years[0]!.fix, ...aa[0]!.fix]);
    expect(ofKind(after.suggestions, 'mixed-years')).toEqual([]);
    expect(ofKind(after.suggestions, 'album-artist-missing')).toEqual([]);
  });

  test('untagged files get tags from Artist/Album/NN Title and "Artist - Title"; accepted, they join a release', () => {
    const recordings = [
      rec('Massive Attack/Mezzanine/01 Angel.mp3', {}),
      rec('Massive Attack/Mezzanine/02 Risingson.mp3', {}),
      rec('dump/Portishead - Roads.mp3', {}),
      rec('dump/track.mp3', {}),
    ];
    const { plan: before, suggestions } = suggestionsOf(recordings);
    expect(before.releases).toHaveLength(0);
    const named = ofKind(suggestions, 'tags-from-names');
    expect(named).toHaveLength(2);
    const layout = named.find((s) => s.title.startsWith('Massive Attack/Mezzanine'))!;
    expect(layout).toMatchObject({ files: 2, confidence: 'high' });
    const dashed = named.find((s) => s.title.startsWith('dump'))!;
    expect(dashed).toMatchObject({ files: 1, confidence: 'medium' });
    const after = suggestionsOf(recordings, [...layout.fix, ...dashed.fix]);
    expect(after.plan.releases.map((r) => `${r.albumartist}/${r.album}`)).toEqual(['Massive Attack/Mezzanine']);
    // In place already, as Artist/Album/NN Title: nothing of it goes to Untagged/ any more.
    expect(targets(after.plan).filter((t) => t.includes('Angel') || t.includes('Risingson'))).toEqual([]);
    expect(targets(before).filter((t) => t.includes('Angel')).length).toBe(1);
    expect(ofKind(after.suggestions, 'tags-from-names')).toEqual([]);
  });

  test('album titles that differ in case and punctuation; releases without cover art are said, not fixed', () => {
    const recordings = [
      rec('a/1.flac', { artist: 'Radiohead', albumartist: 'Radiohead', album: 'OK Computer', title: 'Airbag', track: 1, year: 1997 }, { cover: true }),
      rec('b/2.flac', { artist: 'Radiohead', albumartist: 'Radiohead', album: 'Ok Computer.', title: 'Paranoid Android', track: 2, year: 1997 }),
    ];
    const { plan: before, suggestions } = suggestionsOf(recordings);
    const titles = ofKind(suggestions, 'album-title');
    if (before.releases.length > 1) {
      expect(titles).toHaveLength(1);
      const after = suggestionsOf(recordings, titles[0]!.fix);
      expect(after.plan.releases).toHaveLength(1);
    } else {
      expect(titles).toEqual([]);
    }
    const cover = ofKind(suggestionsOf([rec('c/1.mp3', { artist: 'X', albumartist: 'X', album: 'Y', title: 'Z', track: 1 })]).suggestions, 'no-cover');
    expect(cover).toHaveLength(1);
    expect(cover[0]!.fix).toEqual([]);
  });

  test('dismissed suggestions stay away; the messy fixture yields suggestions of several kinds and every fix is valid', () => {
    const { source: messy } = loadMessy();
    const p = plan(messy);
    const releases = p.releases;
    const all = suggestFixes(releases, looseRecordings(messy.recordings, releases));
    expect(new Set(all.map((s) => s.kind)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(all.map((s) => s.id)).size).toBe(all.length);
    const dismissed = new Set([all[0]!.id]);
    expect(suggestFixes(releases, looseRecordings(messy.recordings, releases), dismissed).map((s) => s.id)).not.toContain(all[0]!.id);
    // Accepting every fix still plans, and loses no file.
    const fixed = plan(messy, {}, all.flatMap((s) => s.fix));
    expect(fixed.operations.length + fixed.unchanged.length).toBeGreaterThan(0);
  });
});
