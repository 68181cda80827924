// The planner's promises on small hand-made libraries, one situation each, so a failure names
// its cause. Every case is also planned a second time from its own result: that must move nothing.
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/core/model.ts';
import type { PlanSource } from '../../src/core/plan.ts';
import {
  file, finalPaths, lostOrDoubled, plan, rec, releaseFolderOf, replanMoves, source, twinFolders, unportable,
} from './plan-helpers.ts';

function settled(src: PlanSource, settings: Parameters<typeof plan>[1] = {}): { p: Plan; at: Map<string, string> } {
  const p = plan(src, settings);
  expect(lostOrDoubled(src, p)).toEqual([]);
  expect(twinFolders(src, p)).toEqual([]);
  expect(unportable(p, settings.maxPathLength)).toEqual([]);
  expect(replanMoves(src, p, settings)).toEqual([]);
  return { p, at: finalPaths(src, p) };
}

const folderOf = (at: Map<string, string>, ...paths: string[]) => new Set(paths.map((p) => releaseFolderOf(at.get(p)!)));

describe('nothing lost', () => {
  it('accounts for every file once: moved, unchanged, unreadable, junk or left', () => {
    const src = source(
      [rec('in/a.flac', { artist: 'A', album: 'X', title: 'One', track: 1 }), rec('A/X/02 Two.flac', { artist: 'A', album: 'X', title: 'Two', track: 2 })],
      [file('in/notes.pdf'), file('in/cover.jpg')],
      { unreadable: [{ ...file('in/broken.mp3'), reason: 'bad header' }], junk: [file('in/.DS_Store')] },
    );
    const { p, at } = settled(src);
    expect(at.get('in/notes.pdf')).toBe('in/notes.pdf');
    expect(at.get('in/broken.mp3')).toBe('in/broken.mp3');
    expect(at.get('in/.DS_Store')).toBe('in/.DS_Store');
    expect(p.unreadable.map((u) => u.path)).toEqual(['in/broken.mp3']);
    expect(at.get('in/a.flac')).toBe('A/X/01 One.flac');
    expect(p.unchanged).toContain('A/X/02 Two.flac');
  });
});

describe('no split releases', () => {
  it('keeps an album together across missing album artists, feat. credits, case, NFD and date precision', () => {
    const src = source([
      rec('dump/1.mp3', { artist: 'Björk', albumartist: 'Björk', album: 'Post', title: 'Army of Me', track: 1, year: 1995 }),
      rec('dump/2.mp3', { artist: 'Bjo\u0308rk', album: 'post', title: 'Hyperballad', track: 2, date: '1995-06-13', year: 1995 }),
      rec('other/3.mp3', { artist: 'Björk feat. Tricky', albumartist: 'BJÖRK', album: 'POST', title: 'Enjoy', track: 3, year: 1995 }),
      rec('other/4.mp3', { artist: 'björk', album: 'Post', title: 'I Miss You', track: 4 }),
    ]);
    const { at } = settled(src);
    const folders = folderOf(at, ...src.recordings.map((r) => r.path));
    expect(folders.size).toBe(1);
    expect([...folders][0]!.toLowerCase()).toBe('björk/post (1995)');
  });

  it('keeps a multi-disc album in one folder', () => {
    const src = source([
      rec('x/CD1/01.flac', { artist: 'A', album: 'Box', title: 'a', track: 1, disc: 1 }),
      rec('x/CD2/01.flac', { artist: 'A', album: 'Box', title: 'b', track: 1, disc: 2 }),
    ]);
    const { at } = settled(src);
    expect(at.get('x/CD1/01.flac')).toBe('A/Box/1-01 a.flac');
    expect(at.get('x/CD2/01.flac')).toBe('A/Box/2-01 b.flac');
  });
});

describe('no merged releases', () => {
  it('gives albums of one title by two artists, dumped in one folder, a folder each', () => {
    const src = source([
      rec('dump/1.mp3', { artist: 'A', album: 'Greatest Hits', title: 'a', track: 1 }),
      rec('dump/2.mp3', { artist: 'B', album: 'Greatest Hits', title: 'b', track: 1 }),
    ]);
    const { at } = settled(src);
    expect(folderOf(at, 'dump/1.mp3')).not.toEqual(folderOf(at, 'dump/2.mp3'));
  });

  it('tells one artist’s same-titled albums apart with %aunique', () => {
    const src = source([
      rec('a/1.mp3', { artist: 'A', album: 'Live', title: 'a', track: 1, year: 1990 }),
      rec('a/2.mp3', { artist: 'A', album: 'Live', title: 'b', track: 2, year: 1990 }),
      rec('b/1.mp3', { artist: 'A', album: 'Live', title: 'c', track: 1, year: 2000 }),
      rec('b/2.mp3', { artist: 'A', album: 'Live', title: 'd', track: 2, year: 2000 }),
    ]);
    const { at } = settled(src);
    expect(folderOf(at, 'a/1.mp3', 'a/2.mp3')).toEqual(new Set(['A/Live (1990)']));
    expect(folderOf(at, 'b/1.mp3', 'b/2.mp3')).toEqual(new Set(['A/Live (2000)']));
  });
});

describe('no twin folders', () => {
  it('uses the spelling of a folder that keeps files on disk', () => {
    const src = source([rec('in/1.mp3', { artist: 'ABBA', album: 'Gold', title: 'SOS', track: 1 })], [file('abba/gold/notes.pdf')]);
    const { at } = settled(src);
    expect(at.get('in/1.mp3')).toBe('abba/gold/01 SOS.mp3');
  });

  it('keeps the spelling of a folder whose files stay in it, and files newcomers there', () => {
    const src = source([
      rec('abba/gold/1 sos.mp3', { artist: 'ABBA', album: 'Gold', title: 'SOS', track: 1 }),
      rec('in/2.mp3', { artist: 'ABBA', album: 'Gold', title: 'Fernando', track: 2 }),
    ]);
    const { at } = settled(src);
    expect(at.get('abba/gold/1 sos.mp3')).toBe('abba/gold/01 SOS.mp3');
    expect(at.get('in/2.mp3')).toBe('abba/gold/02 Fernando.mp3');
  });
});

describe('portable names', () => {
  it('sanitizes device names, forbidden characters, dots and spaces, keeping the extension', () => {
    const src = source([
      rec('1.flac', { artist: 'CON', album: 'AUX.', title: 'a:b/c?', track: 1 }),
      rec('2.flac', { artist: 'CON', album: 'AUX.', title: ' lpt1 ', track: 2 }),
      rec('3.flac', { artist: 'CON', album: 'AUX.', title: 'x'.repeat(300), track: 3 }),
    ]);
    const { at } = settled(src);
    expect(at.get('1.flac')).toBe('CON_/AUX_/01 a_b_c_.flac');
    expect(at.get('3.flac')!.endsWith('.flac')).toBe(true);
    expect(at.get('3.flac')!.length).toBeLessThanOrEqual(259);
  });

  it('fits a tight path limit and keeps one folder per release', () => {
    const long = 'Long Album Title That Goes On And On Forever';
    const src = source(Array.from({ length: 3 }, (_, i) => rec(`${i}.ogg`, { artist: 'Some Artist With A Long Name', album: long, title: `Song ${'z'.repeat(i * 20)}`, track: i + 1 })));
    const { at } = settled(src, { maxPathLength: 60 });
    expect(folderOf(at, '0.ogg', '1.ogg', '2.ogg').size).toBe(1);
    for (const to of at.values()) expect(to.length).toBeLessThanOrEqual(60);
  });

  it('numbers colliding files stably, within the limit, and reports the conflict', () => {
    const src = source([
      // Three tracks of one title (not copies of one: their numbers differ) that the rules name alike.
      rec('a.mp3', { artist: 'A', album: 'X', title: 'Same', track: 1 }),
      rec('b.mp3', { artist: 'A', album: 'X', title: 'Same', track: 2 }),
      rec('c.mp3', { artist: 'A', album: 'X', title: 'Same', track: 3 }),
    ]);
    const { p, at } = settled(src, { rules: 'default: $albumartist/$album/$title' });
    expect([...at.values()].sort()).toEqual(['A/X/Same (2).mp3', 'A/X/Same (3).mp3', 'A/X/Same.mp3']);
    expect(p.conflicts).toEqual([expect.objectContaining({ target: 'A/X/Same.mp3', sources: ['a.mp3', 'b.mp3', 'c.mp3'] })]);
    // The same library in another order gets the same names.
    const reversed = plan(source([...src.recordings].reverse()), { rules: 'default: $albumartist/$album/$title' });
    expect(finalPaths(src, reversed)).toEqual(at);
  });

  it('keeps a numbered name short enough when the plain one fills the limit', () => {
    const title = 't'.repeat(400);
    const src = source([rec('a.mp3', { artist: 'A', album: 'X', title, track: 1 }), rec('b.mp3', { artist: 'A', album: 'X', title, track: 1 })]);
    const { at } = settled(src);
    for (const to of at.values()) expect(to.length).toBeLessThanOrEqual(259);
  });
});

describe('companions travel', () => {
  it('takes cover, cue, log and scans/ along, and renames lyrics with their track', () => {
    const src = source(
      [rec('rip/01.flac', { artist: 'A', album: 'X', title: 'One', track: 1 }), rec('rip/02.flac', { artist: 'A', album: 'X', title: 'Two', track: 2 })],
      [file('rip/cover.jpg'), file('rip/X.cue'), file('rip/rip.log'), file('rip/Scans/back.jpg'), file('rip/01.lrc')],
    );
    const { at } = settled(src);
    expect(at.get('rip/cover.jpg')).toBe('A/X/cover.jpg');
    expect(at.get('rip/X.cue')).toBe('A/X/X.cue');
    expect(at.get('rip/rip.log')).toBe('A/X/rip.log');
    expect(at.get('rip/Scans/back.jpg')).toBe('A/X/Scans/back.jpg');
    expect(at.get('rip/01.lrc')).toBe('A/X/01 One.lrc');
  });

  it('keeps a cover found in a disc folder under that disc folder name', () => {
    const src = source(
      [rec('x/CD1/01.flac', { artist: 'A', album: 'Box', title: 'a', track: 1, disc: 1 }), rec('x/CD2/01.flac', { artist: 'A', album: 'Box', title: 'b', track: 1, disc: 2 })],
      [file('x/CD1/cover.jpg'), file('x/CD2/cover.jpg')],
    );
    const { at } = settled(src);
    expect(at.get('x/CD1/cover.jpg')).toBe('A/Box/CD1/cover.jpg');
    expect(at.get('x/CD2/cover.jpg')).toBe('A/Box/CD2/cover.jpg');
  });

  it('numbers lyrics with their numbered track', () => {
    const src = source(
      [rec('a/x.mp3', { artist: 'A', album: 'X', title: 'Same', track: 1 }), rec('b/x.mp3', { artist: 'A', album: 'X', title: 'Same', track: 1 })],
      [file('a/x.lrc'), file('b/x.lrc')],
    );
    const { at } = settled(src);
    for (const dir of ['a', 'b']) expect(at.get(`${dir}/x.lrc`)!.replace(/\.lrc$/, '')).toBe(at.get(`${dir}/x.mp3`)!.replace(/\.mp3$/, ''));
  });

  it('leaves a cover in a flat dump of several albums where it is', () => {
    const src = source(
      [rec('dump/1.mp3', { artist: 'A', album: 'X', title: 'a', track: 1 }), rec('dump/2.mp3', { artist: 'B', album: 'Y', title: 'b', track: 1 })],
      [file('dump/cover.jpg')],
    );
    const { at } = settled(src);
    expect(at.get('dump/cover.jpg')).toBe('dump/cover.jpg');
  });
});

describe('titles and numbers', () => {
  it('pads track numbers to two digits as beets does, whatever the release’s length', () => {
    const src = source(Array.from({ length: 101 }, (_, i) => rec(`in/${i}.mp3`, { artist: 'A', album: 'Long', title: `T${i + 1}`, track: i + 1 })));
    const { at } = settled(src);
    expect(at.get('in/0.mp3')).toBe('A/Long/01 T1.mp3');
    expect(at.get('in/100.mp3')).toBe('A/Long/101 T101.mp3');
  });

  it('gathers untagged files under their own names, or leaves them', () => {
    const src = source([rec('x/track01.mp3', {}), rec('y/track01.mp3', {}), rec('z/Song.flac', {})]);
    const gathered = settled(src).at;
    expect([...gathered.values()].sort()).toEqual(['Untagged/Song.flac', 'Untagged/track01 (2).mp3', 'Untagged/track01.mp3']);
    const left = settled(src, { untagged: 'leave' });
    expect(left.p.operations).toEqual([]);
  });

  it('files a titled track without an album under Non-Album, never inventing a title', () => {
    const src = source([rec('x/a.mp3', { artist: 'A', title: 'Loose' }), rec('x/b.mp3', { artist: 'A' })]);
    const { at } = settled(src);
    expect(at.get('x/a.mp3')).toBe('Non-Album/A/Loose.mp3');
    // No title: the file keeps its own name.
    expect(at.get('x/b.mp3')).toBe('Non-Album/A/b.mp3');
  });
});

describe('system clutter', () => {
  it('is kept unless the user asks to delete it, and then deleted after every move', () => {
    const src = source([rec('dump/a.mp3', { artist: 'A', album: 'X', title: 'One', track: 1 })], [], { junk: [file('dump/Thumbs.db'), file('.DS_Store')] });
    expect(plan(src).operations.some((o) => o.kind === 'delete-junk')).toBe(false);
    const ops = plan(src, { junk: 'delete' }).operations;
    expect(ops.filter((o) => o.kind === 'delete-junk').map((o) => (o.kind === 'delete-junk' ? o.path : ''))).toEqual(['dump/Thumbs.db', '.DS_Store']);
    expect(ops.at(-1)!.kind).toBe('delete-junk');
  });

  it('untagged files can stay where they are', () => {
    const src = source([rec('dump/noise.mp3', {})]);
    expect(plan(src).operations).toEqual([expect.objectContaining({ from: 'dump/noise.mp3', to: 'Untagged/noise.mp3' })]);
    expect(plan(src, { untagged: 'leave' }).operations).toEqual([]);
  });
});

describe('lyrics as text', () => {
  it('a .txt named like its track travels and is renamed with it', () => {
    const src = source([rec('dump/song.mp3', { artist: 'A', album: 'X', title: 'One', track: 1 })], [file('dump/song.txt'), file('dump/notes.txt')]);
    const ops = plan(src).operations.filter((o) => o.kind === 'move').map((o) => (o.kind === 'move' ? `${o.from} → ${o.to}` : ''));
    expect(ops).toContain('dump/song.txt → A/X/01 One.txt');
    expect(ops.some((o) => o.startsWith('dump/notes.txt'))).toBe(false);
  });
});
