import { describe, expect, it } from 'vitest';
import { builtinClassifiers, classify, type ClassifiableRelease, type ClassificationRule } from '../../src/core/classify.ts';
import type { Recording, Tags } from '../../src/core/model.ts';

function release(album: string, n: number, tags: (i: number) => Tags = () => ({}), extra: Partial<ClassifiableRelease> = {}): ClassifiableRelease {
  const recordings: Recording[] = Array.from({ length: n }, (_, k) => ({
    path: `x/${k + 1}.flac`, size: 1, lastModified: 0, audio: {},
    tags: { title: `Song ${k + 1}`, artist: 'Low', album, track: k + 1, ...tags(k + 1) },
  }));
  return { id: 'r', albumartist: 'Low', album, compilation: false, disctotal: 1, recordings, companions: [], ...extra };
}

const typeOf = (r: ClassifiableRelease, context = {}) => classify(r, context).type;

describe('classify: tags first', () => {
  it.each([
    [['album', 'live'], 'live'],
    [['album', 'compilation'], 'compilation'],
    [['album', 'soundtrack'], 'soundtrack'],
    [['album', 'spokenword'], 'spokenword'],
    [['audiobook'], 'spokenword'],
    [['single'], 'single'],
    [['ep'], 'ep'],
    [['album', 'demo'], 'rarity'],
    [['album'], 'album'],
  ] as const)('MusicBrainz release type %j → %s', (types, type) => {
    // The title says otherwise: the tag must win.
    expect(typeOf(release('Live at the Hall (Deluxe)', 5, () => ({ releasetype: [...types] })))).toBe(type);
  });

  it('uses the compilation flag', () => {
    const c = classify(release('Best Of', 12, () => ({ compilation: true })));
    expect(c.type).toBe('compilation');
    expect(c.reasons).toContain('compilation flag set on 12 of 12 tracks');
  });

  it('uses the podcast flag and podcast/audiobook/classical/soundtrack genres', () => {
    expect(typeOf(release('Episode 12', 1, () => ({ podcast: true })))).toBe('podcast');
    expect(typeOf(release('Show', 8, () => ({ genre: ['Podcast'] })))).toBe('podcast');
    expect(typeOf(release('Moby Dick', 30, () => ({ genre: ['Audiobook'] })))).toBe('spokenword');
    expect(typeOf(release('Goldberg Variations', 32, () => ({ genre: ['Classical'] })))).toBe('classical');
    expect(typeOf(release('Heat', 12, () => ({ genre: ['Soundtrack'] })))).toBe('soundtrack');
  });

  it('needs a majority of tracks to believe a tag', () => {
    expect(typeOf(release('Album', 10, (i) => (i === 1 ? { compilation: true, genre: ['Podcast'] } : {})))).toBe('album');
  });
});

describe('classify: evidence from titles, counts and artists', () => {
  it('counts 1–3 tracks as a single and 4–6 as an EP', () => {
    expect(typeOf(release('Song', 1))).toBe('single');
    expect(typeOf(release('Song', 3))).toBe('single');
    expect(typeOf(release('Four', 4))).toBe('ep');
    expect(typeOf(release('Six', 6))).toBe('ep');
    expect(typeOf(release('Seven', 7))).toBe('album');
  });

  it('counts a copied track once', () => {
    const r = release('Four', 4);
    const copy = { ...r.recordings[0]!, path: 'Duplicates/copy.flac' };
    expect(typeOf({ ...r, recordings: [...r.recordings, copy, { ...copy, path: 'Duplicates/copy2.flac' }, { ...copy, path: 'c3.flac' }] })).toBe('ep');
  });

  it.each(['Live at the Fire Hall', 'Live in Tokyo', 'Songs (Live)', 'Songs [Live]', 'Live from Austin', 'MTV Unplugged in New York', '1977-05-08 Barton Hall'])(
    '"%s" is live',
    (title) => expect(typeOf(release(title, 12))).toBe('live'),
  );

  it.each(['Heat (Original Motion Picture Soundtrack)', 'Twin Peaks OST', 'Drive Soundtrack', 'Music from the Motion Picture Drive', 'Dune (Original Score)'])(
    '"%s" is a soundtrack',
    (title) => expect(typeOf(release(title, 12, (i) => ({ artist: `Artist ${i}` })), {})).toBe('soundtrack'),
  );

  it('does not mistake words that merely contain "live" or "ost"', () => {
    expect(typeOf(release('Olive Tree', 10))).toBe('album');
    expect(typeOf(release('Lost and Found', 10))).toBe('album');
    expect(typeOf(release('Deliverance', 10))).toBe('album');
  });

  it('calls many track artists a compilation, and says why', () => {
    const c = classify(release('Summer Hits', 10, (i) => ({ artist: `Artist ${i}` })));
    expect(c.type).toBe('compilation');
    expect(c.reasons[0]).toMatch(/10 different artists/);
    expect(typeOf(release('Hits', 10), {})).toBe('album');
    expect(typeOf(release('Hits', 10, () => ({})), {})).toBe('album');
    expect(typeOf({ ...release('Hits', 10), compilation: true, albumartist: 'Various Artists' })).toBe('compilation');
  });

  it.each(['Demos', 'The Rarities', 'B-Sides', 'Album (Deluxe Edition)', 'Album (Remastered)', 'Album (25th Anniversary Edition)', 'Album + Bonus Tracks'])(
    '"%s" is a rarity',
    (title) => expect(typeOf(release(title, 12))).toBe('rarity'),
  );

  it('sees a collaboration when both artists are known on their own', () => {
    const r = { ...release('Watch the Throne', 12, () => ({ artist: 'Jay-Z & Kanye West' })), albumartist: 'Jay-Z & Kanye West' };
    expect(typeOf(r, { knownArtists: new Set(['jay-z', 'kanye west']) })).toBe('collaboration');
    expect(typeOf(r, { knownArtists: new Set(['jay-z']) })).toBe('album');
  });

  it('keeps "Simon & Garfunkel" an ordinary album artist, but reads " x " as a collaboration', () => {
    const sg = { ...release('Bookends', 12, () => ({ artist: 'Simon & Garfunkel' })), albumartist: 'Simon & Garfunkel' };
    expect(typeOf(sg, { knownArtists: new Set(['simon & garfunkel']) })).toBe('album');
    const x = { ...release('Collab', 9, () => ({ artist: 'Boards of Canada x Aphex Twin' })), albumartist: 'Boards of Canada x Aphex Twin' };
    const c = classify(x);
    expect(c.type).toBe('collaboration');
    expect(c.confidence).toBeLessThan(0.5);
  });

  it('defaults to a studio album with a reason', () => {
    const c = classify(release('Things We Lost in the Fire', 13));
    expect(c).toEqual({ type: 'album', confidence: 0.4, reasons: ['no sign of another type: a studio album'] });
  });

  it('prefers a soundtrack title over the many artists on it, and gathers agreeing reasons', () => {
    const r = release('Heat (Original Motion Picture Soundtrack)', 12, (i) => ({ artist: `Artist ${i}`, genre: ['Soundtrack'] }));
    const c = classify({ ...r, compilation: true, albumartist: 'Various Artists' });
    expect(c.type).toBe('soundtrack');
    expect(c.reasons.length).toBe(2);
  });

  it('prefers a live title over a short track count', () => {
    expect(typeOf(release('Live at the Club', 2))).toBe('live');
  });
});

describe('classify: rules are data', () => {
  it('exports the built-in rules in order, ending with the default', () => {
    expect(builtinClassifiers.length).toBeGreaterThan(5);
    expect(builtinClassifiers.at(-1)!(release('x', 10), {})?.type).toBe('album');
  });

  it('lets a plugin rule win by confidence, and ties go to the earlier rule', () => {
    const christmas: ClassificationRule = (r) =>
      /christmas/i.test(r.album) ? { type: 'compilation', confidence: 0.99, reasons: ['a Christmas record'] } : undefined;
    expect(classify(release('Christmas Songs', 2), {}, [...builtinClassifiers, christmas]).type).toBe('compilation');
    const a: ClassificationRule = () => ({ type: 'ep', confidence: 0.5, reasons: ['a'] });
    const b: ClassificationRule = () => ({ type: 'single', confidence: 0.5, reasons: ['b'] });
    expect(classify(release('x', 1), {}, [a, b]).type).toBe('ep');
    expect(classify(release('x', 1), {}, [b, a]).type).toBe('single');
  });

  it('says so when no rule applies', () => {
    expect(classify(release('x', 1), {}, [])).toEqual({ type: 'album', confidence: 0, reasons: ['no rule applied'] });
  });
});
