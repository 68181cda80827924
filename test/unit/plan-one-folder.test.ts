// Two releases are never given one folder. Rules that send releases to a folder their keys do not
// name (Compilations/$album leaves out the album artist) could put two releases that %aunique,
// comparing album artist and album, never compared into one folder; the disk then holds one album
// where the plan had two, and a file of one may take a name the other wanted.
import { describe, expect, it } from 'vitest';
import { parentOf } from '../../src/core/entries.ts';
import { applied, finalPaths, plan, rec, replanMoves, sharedReleaseFolders, source } from './plan-helpers.ts';

describe('two releases never share a folder', () => {
  // Two compilations of one title and year, in two folders, their track numbers colliding: two
  // releases. One credits "VA", the other "Various Artists": both go to Compilations/Mix (2000), and
  // %aunique, comparing album artists as written, saw no look-alike. Once moved, the four tracks
  // sat in one folder and grouping read one release there.
  const src = source([
    rec('dj/01.mp3', { artist: 'A', albumartist: 'VA', album: 'Mix', title: 'One', track: 1, year: 2000 }),
    rec('dj/02.mp3', { artist: 'B', albumartist: 'VA', album: 'Mix', title: 'Two', track: 2, year: 2000 }),
    rec('va/01.mp3', { artist: 'C', albumartist: 'Various Artists', album: 'Mix', title: 'Three', track: 1, year: 2000 }),
    rec('va/02.mp3', { artist: 'D', albumartist: 'Various Artists', album: 'Mix', title: 'Four', track: 2, year: 2000 }),
  ]);

  it('two look-alike compilations get a folder each, numbered as %aunique numbers', () => {
    const p = plan(src);
    expect(p.releases).toHaveLength(2);
    expect(sharedReleaseFolders(src, p)).toEqual([]);
    const to = [...finalPaths(src, p).values()].sort();
    expect(to).toEqual([
      'Compilations/Mix (2000) [1]/01 A - One.mp3',
      'Compilations/Mix (2000) [1]/02 B - Two.mp3',
      'Compilations/Mix (2000) [2]/01 C - Three.mp3',
      'Compilations/Mix (2000) [2]/02 D - Four.mp3',
    ]);
  });

  it('planning the organized library again moves nothing, and still finds two releases', () => {
    const p = plan(src);
    expect(replanMoves(src, p)).toEqual([]);
    expect(plan(applied(src, p)).releases).toHaveLength(2);
  });

  it('listed in another order, the same folders', () => {
    const reversed = source([...src.recordings].reverse());
    expect([...finalPaths(reversed, plan(reversed))].sort()).toEqual([...finalPaths(src, plan(src))].sort());
  });

  it('a first distinguishing field is used before a number, as beets does', () => {
    const labelled = source(src.recordings.map((r) => ({ ...r, tags: { ...r.tags, label: r.path.startsWith('dj/') ? 'North' : 'South' } })));
    const p = plan(labelled);
    expect(sharedReleaseFolders(labelled, p)).toEqual([]);
    expect([...new Set([...finalPaths(labelled, p).values()].map(parentOf))].sort()).toEqual(['Compilations/Mix (2000) [North]', 'Compilations/Mix (2000) [South]']);
    expect(replanMoves(labelled, p)).toEqual([]);
  });

  it('a library without such look-alikes keeps its paths: %aunique in a file name does not make a shared folder a clash', () => {
    // Every album of an artist in the artist's folder, on purpose: the rules put them together.
    const flat = source([
      rec('1.mp3', { albumartist: 'A', album: 'X', title: 'One', track: 1 }),
      rec('2.mp3', { albumartist: 'A', album: 'Y', title: 'Two', track: 1 }),
    ]);
    const p = plan(flat, { rules: 'default: $albumartist/$album%aunique{} - $track $title' });
    expect([...finalPaths(flat, p).values()].sort()).toEqual(['A/X - 01 One.mp3', 'A/Y - 01 Two.mp3']);
  });
});
