import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupReleases, looseReason, unifyArtistSpellings } from '../../src/core/group.ts';
import type { Recording, Release, Tags } from '../../src/core/model.ts';

const rec = (path: string, tags: Tags): Recording => ({ path, size: 1000, lastModified: 0, tags, audio: {} });

/** n tracks of one album in `folder`, tags merged from `base` and `each(i)`. */
function album(folder: string, base: Tags, n: number, each: (i: number) => Tags = () => ({})): Recording[] {
  return Array.from({ length: n }, (_, k) => {
    const i = k + 1;
    return rec(`${folder}/${String(i).padStart(2, '0')}.mp3`, { title: `${base.album} song ${i}`, track: i, ...base, ...each(i) });
  });
}

const summary = (releases: Release[]) => releases.map((r) => `${r.albumartist} — ${r.album} (${r.recordings.length})`).sort();

describe('groupReleases: what must stay together', () => {
  it('keeps an album whole when one track credits a guest', () => {
    const tracks = album('Daft Punk - RAM', { artist: 'Daft Punk', albumartist: 'Daft Punk', album: 'RAM' }, 8, (i) =>
      i === 3 ? { artist: 'Daft Punk feat. Pharrell Williams' } : {},
    );
    expect(summary(groupReleases(tracks).releases)).toEqual(['Daft Punk — RAM (8)']);
  });

  it('keeps an album whole when one track has the artist in lower case, and spells it properly', () => {
    const tracks = album('x', { artist: 'Talk Talk', album: 'Spirit of Eden' }, 6, (i) => (i === 2 ? { artist: 'talk talk' } : {}));
    expect(summary(groupReleases(tracks).releases)).toEqual(['Talk Talk — Spirit of Eden (6)']);
  });

  it('keeps an album whole across NFD and NFC spellings and names it in NFC', () => {
    const tracks = album('x', { artist: 'Björk', album: 'Homogénic' }, 5, (i) =>
      i % 2 ? { artist: 'Bjo\u0308rk', album: 'Homoge\u0301nic' } : {},
    );
    const { releases } = groupReleases(tracks);
    expect(releases).toHaveLength(1);
    expect(releases[0]!.albumartist).toBe('Björk');
    expect(releases[0]!.album).toBe('Homogénic');
  });

  it('lets tracks without an album-artist tag join the release their album mates define', () => {
    const tagged = album('Scattered/a', { artist: 'Low', albumartist: 'Low', album: 'Things We Lost' }, 6);
    const untagged = album('Scattered/b', { artist: 'Low', album: 'Things We Lost' }, 9).slice(6);
    expect(summary(groupReleases([...tagged, ...untagged]).releases)).toEqual(['Low — Things We Lost (9)']);
  });

  it('infers the album artist when no track has one', () => {
    const tracks = album('Unsorted', { artist: 'Wire', album: 'Pink Flag' }, 7, (i) => (i === 4 ? { artist: 'wire feat. Someone' } : {}));
    const { releases } = groupReleases(tracks);
    expect(summary(releases)).toEqual(['Wire — Pink Flag (7)']);
    expect(releases[0]!.compilation).toBe(false);
  });

  it('lets a track credited "A & B" without album artist join A’s album in the same folder', () => {
    const tracks = album('Can - Tago Mago', { artist: 'Can', albumartist: 'Can', album: 'Tago Mago' }, 7);
    tracks.push(rec('Can - Tago Mago/08.mp3', { artist: 'Can & Friends', album: 'Tago Mago', title: 'Jam', track: 8 }));
    expect(summary(groupReleases(tracks).releases)).toEqual(['Can — Tago Mago (8)']);
  });

  it('does not split on dates of different precision, and takes the most common year', () => {
    const tracks = album('x', { artist: 'Wire', album: 'Chairs Missing', year: 1978 }, 5, (i) =>
      i === 1 ? { date: '1978-09-08' } : i === 2 ? { year: undefined, date: '1978-09' } : {},
    );
    const { releases } = groupReleases(tracks);
    expect(releases).toHaveLength(1);
    expect(releases[0]!.year).toBe(1978);
  });

  it('gives a compilation without album artist to Various Artists', () => {
    const artists = ['Can', 'Wire', 'Low', 'Television', 'Kraftwerk', 'Stereolab'];
    const tracks = album('Unsorted', { album: 'Krautrock Hits 1975' }, 6, (i) => ({ artist: artists[i - 1]! }));
    const { releases } = groupReleases(tracks);
    expect(summary(releases)).toEqual(['Various Artists — Krautrock Hits 1975 (6)']);
    expect(releases[0]!.compilation).toBe(true);
  });

  it('treats the compilation flag and a "Various Artists" tag as a compilation', () => {
    const flagged = album('a', { artist: 'Can', album: 'Two Artists', compilation: true }, 4, (i) => (i > 2 ? { artist: 'Wire' } : {}));
    const tagged = album('b', { albumartist: 'Various', album: 'Tagged VA' }, 3, (i) => ({ artist: `Artist ${i}` }));
    const { releases } = groupReleases([...flagged, ...tagged]);
    expect(summary(releases)).toEqual(['Various Artists — Two Artists (4)', 'Various — Tagged VA (3)']);
    expect(releases.every((r) => r.compilation)).toBe(true);
  });

  it('joins an ID3v1 title cut at 30 characters to its full title in the same folder', () => {
    const full = 'Ocean City (Original Motion Picture Soundtrack)';
    const tracks = album('OST', { albumartist: 'Various Artists', album: full }, 5, (i) => ({ artist: `Artist ${i}` }));
    tracks.push(rec('OST/06.mp3', { artist: 'Artist 6', album: full.slice(0, 30), title: 'Six', track: 6 }));
    const { releases } = groupReleases(tracks);
    expect(summary(releases)).toEqual([`Various Artists — ${full} (6)`]);
  });

  it('joins ID3v1-damaged artist names to the full name they were cut from', () => {
    const tracks = album('x', { artist: 'Nick Cave & The Bad Seeds', album: 'Tender Prey' }, 5, (i) =>
      i === 5 ? { artist: 'Nick Cave & The Bad Seeds feat. Kylie Minogue'.slice(0, 30) } : {},
    );
    const beyonce = album('y', { artist: 'Beyoncé', album: 'Lemonade' }, 4, (i) => (i === 1 ? { artist: 'Beyonce?' } : {}));
    expect(summary(groupReleases([...tracks, ...beyonce]).releases)).toEqual([
      'Beyoncé — Lemonade (4)',
      'Nick Cave & The Bad Seeds — Tender Prey (5)',
    ]);
  });

  it('returns a stray copy of an untagged compilation’s track to that compilation', () => {
    const artists = ['Can', 'Wire', 'Low', 'Television', 'Kraftwerk'];
    const tracks = album('Unsorted', { album: 'Hits 1990' }, 5, (i) => ({ artist: artists[i - 1]! }));
    const copy = { ...tracks[2]!, path: 'Duplicates/copy of 03.mp3' };
    const { releases } = groupReleases([...tracks, copy]);
    expect(summary(releases)).toEqual(['Various Artists — Hits 1990 (6)']);
  });

  it('keeps a multi-disc set in CD1/CD2 folders together, counting and ordering its discs', () => {
    const base = { artist: 'Can', albumartist: 'Can', album: 'Unlimited Edition' };
    const tracks = [...album('Can/CD2', base, 3), ...album('Can/CD1', base, 3)];
    const { releases } = groupReleases(tracks);
    expect(releases).toHaveLength(1);
    expect(releases[0]!.disctotal).toBe(2);
    expect(releases[0]!.recordings.map((r) => r.path)).toEqual([
      'Can/CD1/01.mp3', 'Can/CD1/02.mp3', 'Can/CD1/03.mp3', 'Can/CD2/01.mp3', 'Can/CD2/02.mp3', 'Can/CD2/03.mp3',
    ]);
  });

  it('orders tracks by disc tag, track number, then path', () => {
    const base = { artist: 'A', albumartist: 'A', album: 'B' };
    const tracks = [
      rec('z/c.mp3', { ...base, title: 'c' }),
      rec('z/b.mp3', { ...base, title: 'b', disc: 2, track: 1 }),
      rec('z/a.mp3', { ...base, title: 'a', disc: 1, track: 2 }),
      rec('z/d.mp3', { ...base, title: 'd', disc: 1, track: 1 }),
    ];
    const { releases } = groupReleases(tracks);
    expect(releases[0]!.recordings.map((r) => r.path)).toEqual(['z/d.mp3', 'z/a.mp3', 'z/c.mp3', 'z/b.mp3']);
    expect(releases[0]!.disctotal).toBe(2);
  });

  it('fills the classification', () => {
    const { releases } = groupReleases(album('x', { artist: 'A', album: 'Live at the Hall' }, 9));
    expect(releases[0]!.classification.type).toBe('live');
  });
});

describe('groupReleases: what must stay apart', () => {
  it('keeps "Greatest Hits" by different artists apart, tagged or not, in one folder or not', () => {
    const a = album('Unsorted', { artist: 'Can', albumartist: 'Can', album: 'Greatest Hits' }, 8);
    const b = album('Unsorted', { artist: 'Wire', album: 'Greatest Hits' }, 8);
    const c = album('Other', { artist: 'Low', album: 'Greatest Hits' }, 3);
    const library = [...a, ...b, ...c].map((r, i) => ({ ...r, path: `${r.path}.${i}.mp3` }));
    expect(summary(groupReleases(library).releases)).toEqual([
      'Can — Greatest Hits (8)', 'Low — Greatest Hits (3)', 'Wire — Greatest Hits (8)',
    ]);
  });

  it('keeps two untagged same-title albums of one flat dump apart', () => {
    const a = album('Unsorted', { artist: 'Can', album: 'Untitled' }, 8);
    const b = album('Unsorted', { artist: 'Wire', album: 'Untitled' }, 2);
    expect(summary(groupReleases([...a, ...b].map((r, i) => ({ ...r, path: `Unsorted/${i}.mp3` }))).releases)).toEqual([
      'Can — Untitled (8)', 'Wire — Untitled (2)',
    ]);
  });

  it('keeps two albums sharing a folder apart', () => {
    const a = album('Unsorted', { artist: 'Can', album: 'Tago Mago' }, 7);
    const b = album('Unsorted', { artist: 'Can', album: 'Ege Bamyasi' }, 7);
    expect(summary(groupReleases([...a, ...b].map((r, i) => ({ ...r, path: `Unsorted/${i}.mp3` }))).releases)).toEqual([
      'Can — Ege Bamyasi (7)', 'Can — Tago Mago (7)',
    ]);
  });

  it('keeps an edition apart from the plain album', () => {
    const plain = album('a', { artist: 'Low', albumartist: 'Low', album: 'Secret Name' }, 5);
    const deluxe = album('b', { artist: 'Low', albumartist: 'Low', album: 'Secret Name (Deluxe Edition)' }, 7);
    expect(summary(groupReleases([...plain, ...deluxe]).releases)).toEqual([
      'Low — Secret Name (5)', 'Low — Secret Name (Deluxe Edition) (7)',
    ]);
  });

  it('splits one artist’s two same-titled albums by year when their track numbers collide', () => {
    const old = album('Unsorted', { artist: 'Low', albumartist: 'Low', album: 'Fire', year: 2006 }, 9);
    const ep = album('Downloads', { artist: 'Low', album: 'Fire', year: 2021 }, 5, (i) => ({ title: `EP song ${i}` }));
    const dup = { ...old[0]!, path: 'Duplicates/copy.mp3' };
    const { releases } = groupReleases([...old, ...ep, dup]);
    expect(releases.map((r) => [r.year, r.recordings.length])).toEqual([[2006, 10], [2021, 5]]);
    expect(new Set(releases.map((r) => r.id)).size).toBe(2);
  });

  it('does not split an album because of a duplicate or a stray date', () => {
    const tracks = album('x', { artist: 'Low', album: 'Fire', year: 2006 }, 6, (i) => (i === 3 ? { year: 2007 } : {}));
    const dup = { ...tracks[0]!, path: 'dup/01.mp3', tags: { ...tracks[0]!.tags, year: 2009 } };
    expect(groupReleases([...tracks, dup]).releases).toHaveLength(1);
  });

  it('trusts MusicBrainz album ids over names', () => {
    const base = { artist: 'Low', albumartist: 'Low', album: 'Fire' };
    const a = album('a', { ...base, mb_albumid: 'mb-1' }, 3);
    const b = album('b', { ...base, mb_albumid: 'mb-2' }, 3);
    const c = album('c', { artist: 'low', album: 'FIRE!', mb_albumid: 'mb-1' }, 5).slice(3);
    const { releases } = groupReleases([...a, ...b, ...c]);
    expect(releases.map((r) => [r.id, r.recordings.length])).toEqual([['mb:mb-1', 5], ['mb:mb-2', 3]]);
  });
});

describe('groupReleases: editions with the same track list (no MusicBrainz ids)', () => {
  const base = { artist: 'Low', albumartist: 'Low', album: 'Fire', year: 2006 };
  const editions = (a: Tags, b: Tags, n = 6) => [...album('Low - Fire', { ...base, ...a }, n), ...album('Low - Fire (other)', { ...base, ...b }, n)];
  const sizes = (tracks: Recording[]) => groupReleases(tracks).releases.map((r) => r.recordings.length);

  it.each([
    ['year', { year: 2006 }, { year: 2016 }],
    ['label', { label: 'Kranky' }, { label: 'Sub Pop' }],
    ['catalogue number', { catalognumber: 'KRANK 100' }, { catalognumber: 'KRANK 100X' }],
    ['tagged release type', { releasetype: ['album'] }, { releasetype: ['ep'] }],
    ['disambiguation', { albumdisambig: 'deluxe edition' }, { albumdisambig: 'standard edition' }],
  ])('keeps two editions apart by %s, each whole', (_what, a: Tags, b: Tags) => {
    const both = editions(a, b);
    expect(sizes(both)).toEqual([6, 6]);
    const { releases } = groupReleases(both);
    expect(new Set(releases.map((r) => r.id)).size).toBe(2);
    // The same releases and ids whatever the folders: the split holds once the plan has moved them.
    const moved = both.map((r) => ({ ...r, path: r.path.replace(/^Low - Fire( \(other\))?/, (_m, other) => (other ? 'Z/Fire 2' : 'A/Fire 1')) }));
    expect(groupReleases(moved).releases.map((r) => r.id)).toEqual(releases.map((r) => r.id));
  });

  it('keeps copies of one edition together, and lone copies with another year with their album', () => {
    expect(sizes(editions({}, {}))).toEqual([12]);
    const stray = { ...album('Low - Fire', base, 6)[2]!, path: 'Downloads/03.mp3' };
    stray.tags = { ...stray.tags, year: 2016 };
    expect(sizes([...album('Low - Fire', base, 6), stray])).toEqual([7]);
  });

  it('sends an undated copy to the edition it does not contradict', () => {
    const first = album('a', { ...base, year: 2006, label: 'Kranky' }, 4);
    const reissue = album('b', { ...base, year: 2016, label: 'Kranky' }, 4);
    const undated = album('c', { ...base, year: undefined, label: 'Kranky' }, 4).map((r) => ({ ...r, tags: { ...r.tags, year: undefined } }));
    expect(sizes([...first, ...reissue, ...undated]).sort()).toEqual([4, 8]);
  });
});

describe('groupReleases: strays, copies and look-alikes', () => {
  it('sends copies gathered in one folder back to their own albums', () => {
    const can = album('Can - Live', { artist: 'Can', album: 'Live' }, 8);
    const wire = album('Wire - Live', { artist: 'Wire', album: 'Live' }, 8);
    const low = album('Low - Live', { artist: 'Low', album: 'Live' }, 8);
    const copies = [can[1]!, wire[4]!, low[6]!].map((r, i) => ({ ...r, path: `Duplicates/copy ${i}.mp3` }));
    expect(summary(groupReleases([...copies, ...can, ...wire, ...low]).releases)).toEqual([
      'Can — Live (9)', 'Low — Live (9)', 'Wire — Live (9)',
    ]);
  });

  it('tells a single from its same-named album by year when each has a folder of its own', () => {
    const single = album('Hans Zimmer - Wild', { artist: 'Hans Zimmer', albumartist: 'Hans Zimmer', album: 'Wild', year: 1978 }, 1, () => ({ title: 'Wild' }));
    const lp = album('old/Wild', { artist: 'Hans Zimmer', album: 'Wild', year: 2002 }, 10);
    const { releases } = groupReleases([...single, ...lp]);
    expect(releases.map((r) => [r.year, r.recordings.length]).sort()).toEqual([[1978, 1], [2002, 10]]);
  });

  it('keeps a disc-less double album whole despite one track with another year', () => {
    const disc1 = album('Unsorted', { artist: 'Can', album: 'Box', year: 1999 }, 6);
    const disc2 = album('Unsorted', { artist: 'Can', album: 'Box', year: 1999 }, 6, (i) => ({ title: `Disc two ${i}`, ...(i === 2 ? { year: 2001 } : {}) }));
    const library = [...disc1, ...disc2].map((r, i) => ({ ...r, path: `Unsorted/${i}.mp3` }));
    expect(groupReleases(library).releases).toHaveLength(1);
  });

  it('tells apart same-titled releases of one artist and year by their folders, copies following their originals', () => {
    const a = album('Fleetwood Mac - Shadow', { artist: 'Fleetwood Mac', albumartist: 'Fleetwood Mac', album: 'Shadow', year: 2009 }, 8);
    const b = album('Unsorted', { artist: 'Fleetwood Mac', albumartist: 'Fleetwood Mac', album: 'Shadow', year: 2009 }, 10, (i) => ({ title: `Box ${i}` }));
    const copy = { ...b[2]!, path: 'Duplicates/copy.mp3' };
    const { releases } = groupReleases([...a, ...b, copy]);
    expect(releases.map((r) => r.recordings.length).sort()).toEqual([11, 8]);
    expect(releases.find((r) => r.recordings.length === 11)!.recordings.map((r) => r.path)).toContain('Duplicates/copy.mp3');
    expect(new Set(releases.map((r) => r.id)).size).toBe(2);
  });

  it('joins Latin-1-damaged names with a guest credit too', () => {
    const tracks = album('x', { artist: 'Sigur Rós', album: 'Takk' }, 5, (i) => (i === 1 ? { artist: 'Sigur Ro?s feat. Low' } : i === 2 ? { artist: 'Sigur Ro?s' } : {}));
    expect(summary(groupReleases(tracks).releases)).toEqual(['Sigur Rós — Takk (5)']);
  });

  it('leaves a whole ID3v1 album’s cut title alone rather than guess at another album’s full title', () => {
    const full = 'Silver Fire (Original Motion Picture Soundtrack)';
    const tagged = album('A', { albumartist: 'Various Artists', album: full, year: 2001 }, 4, (i) => ({ artist: ['Can', 'Wire', 'Low', 'Nick Cave'][i - 1]! }));
    const v1 = album('B', { album: full.slice(0, 30), year: 2020 }, 4, (i) => ({ artist: ['Radiohead', 'Nick Cave', 'Daft Punk', 'Low'][i - 1]! }));
    const { releases } = groupReleases([...tagged, ...v1]);
    expect(releases.map((r) => [r.album, r.recordings.length]).sort()).toEqual([[full.slice(0, 30).trim(), 4], [full, 4]]);
  });
});

describe('groupReleases: loose recordings', () => {
  it('returns untagged files and album-less tracks separately, saying why', () => {
    const untagged = rec('Downloads/track01.mp3', {});
    const single = rec('Downloads/song.mp3', { title: 'Song', artist: 'Low' });
    const { releases, loose, whyLoose } = groupReleases([untagged, single, ...album('a', { artist: 'A', album: 'B' }, 2)]);
    expect(releases).toHaveLength(1);
    expect(loose).toEqual([untagged, single]);
    expect(whyLoose.get(untagged.path)).toBe('untagged');
    expect(whyLoose.get(single.path)).toBe('no-album');
    expect(looseReason(rec('x.mp3', { album: '  ' }))).toBe('untagged');
  });
});

describe('groupReleases: stability', () => {
  it('gives the same releases and ids whatever the input order (property)', () => {
    const library = [
      ...album('Unsorted', { artist: 'Can', album: 'Greatest Hits' }, 4),
      ...album('Unsorted', { artist: 'Wire', albumartist: 'Wire', album: 'Greatest Hits' }, 4),
      ...album('Comp', { album: 'Hits' }, 4, (i) => ({ artist: `Artist ${i}` })),
      ...album('Talk', { artist: 'Talk Talk', album: 'Laughing Stock' }, 4, (i) => (i === 1 ? { artist: 'talk talk' } : {})),
      rec('loose.mp3', { title: 'Loose', artist: 'X' }),
    ];
    const reference = JSON.stringify(groupReleases(library).releases);
    fc.assert(
      fc.property(fc.shuffledSubarray(library, { minLength: library.length }), (shuffled) => {
        expect(JSON.stringify(groupReleases(shuffled).releases)).toBe(reference);
      }),
      { numRuns: 50 },
    );
  });
});

describe('unifyArtistSpellings', () => {
  it('gives one artist one spelling across releases (no "Talk Talk"/"talk talk" twin folders)', () => {
    const albumTracks = album('a', { artist: 'Talk Talk', album: 'Spirit of Eden' }, 6);
    const single = album('b', { artist: 'talk talk', album: 'Life’s What You Make It' }, 2);
    const { releases } = groupReleases([...albumTracks, ...single]);
    expect(releases.map((r) => r.albumartist)).toEqual(['Talk Talk', 'Talk Talk']);
  });

  it('replaces an ID3v1 stump by the full name from another release', () => {
    const full = album('a', { artist: '...And You Will Know Us by the Trail of Dead', album: 'Madonna' }, 3);
    const stump = album('b', { artist: '...And You Will Know Us by the', album: 'Source Tags' }, 3);
    const { releases } = groupReleases([...full, ...stump]);
    expect(new Set(releases.map((r) => r.albumartist))).toEqual(new Set(['...And You Will Know Us by the Trail of Dead']));
  });

  it('leaves releases alone when spellings already agree', () => {
    const { releases } = groupReleases(album('a', { artist: 'Low', album: 'C' }, 2));
    expect(unifyArtistSpellings(releases)[0]).toBe(releases[0]);
  });
});
