// Duplicates in the plan: the best copy stays in its release, the others are set aside under
// Duplicates/<the release's folder>/, nothing is deleted, and planning the result again moves
// nothing. Each case is one situation, so a failure names its cause.
import { describe, expect, it } from 'vitest';
import type { Plan, Recording, Tags } from '../../src/core/model.ts';
import type { PlanSource } from '../../src/core/plan.ts';
import type { ReviewChoice } from '../../src/core/review-choices.ts';
import { finalPaths, lostOrDoubled, plan, replanMoves, source, twinFolders, unportable } from './plan-helpers.ts';

type Audio = Recording['audio'];
const mp3: Audio = { container: 'MPEG', codec: 'MPEG 1 Layer 3', bitrate: 128_000, lossless: false, duration: 200.1 };
const flac: Audio = { container: 'FLAC', codec: 'FLAC', bitrate: 900_000, lossless: true, duration: 200 };

const track = (path: string, tags: Tags, audio: Audio = mp3, extra: Partial<Recording> = {}): Recording => ({
  path, size: 1000 + path.length, lastModified: 1_700_000_000_000, tags, audio, ...extra,
});
const garden: Tags = { artist: 'Beth Hart', albumartist: 'Beth Hart', album: 'Bang Bang Boom Boom', title: 'Garden', track: 3, year: 2012 };
const album = (folder: string, audio: Audio = mp3): Recording[] =>
  ['Baddest Blues', 'Bang Bang Boom Boom', 'Garden', 'Caught Out In The Rain'].map((title, i) =>
    track(`${folder}/0${i + 1} ${title}.${audio.lossless ? 'flac' : 'mp3'}`, { ...garden, title, track: i + 1 }, audio, { hash: `h-${folder}-${i}` }),
  );

function settled(src: PlanSource, choices: ReviewChoice[] = []): { p: Plan; at: Map<string, string> } {
  const p = plan(src, {}, choices);
  expect(lostOrDoubled(src, p)).toEqual([]);
  expect(twinFolders(src, p)).toEqual([]);
  expect(unportable(p)).toEqual([]);
  expect(replanMoves(src, p, {}, choices)).toEqual([]);
  return { p, at: finalPaths(src, p) };
}

const ALBUM = 'Beth Hart/Bang Bang Boom Boom (2012)';

describe('exact copies', () => {
  it('sets a byte-identical copy in a dump folder aside under Duplicates/, the original stays in its album', () => {
    const tracks = album('Beth Hart - Bang Bang Boom Boom');
    const copy = { ...tracks[2]!, path: 'Duplicates/copy of 03 Garden.mp3', lastModified: tracks[2]!.lastModified + 5000 };
    const { p, at } = settled(source([...tracks, copy]));
    expect(at.get(tracks[2]!.path)).toBe(`${ALBUM}/03 Garden.mp3`);
    expect(at.get(copy.path)).toBe(`Duplicates/${ALBUM}/copy of 03 Garden.mp3`);
    expect(p.conflicts).toEqual([]);
    expect(p.releases).toHaveLength(1);
    expect(p.releases[0]!.recordings).toHaveLength(4);
    expect(p.duplicates).toHaveLength(1);
    const [group] = p.duplicates;
    expect(group!.kind).toBe('exact');
    expect(group!.copies.map((c) => [c.path, c.kept, c.to])).toEqual([
      [tracks[2]!.path, true, `${ALBUM}/03 Garden.mp3`],
      [copy.path, false, `Duplicates/${ALBUM}/copy of 03 Garden.mp3`],
    ]);
    expect(group!.reason).toMatch(/identical/i);
  });

  it('finds copies by their bytes even without tags, and sets them aside beside the kept one', () => {
    const a = track('Downloads/untitled.mp3', {}, mp3, { hash: 'same', size: 5000 });
    const b = track('Phone/untitled (1).mp3', {}, mp3, { hash: 'same', size: 5000, lastModified: a.lastModified + 1 });
    const { at, p } = settled(source([a, b]));
    expect(at.get(a.path)).toBe('Untagged/untitled.mp3');
    expect(at.get(b.path)).toBe('Duplicates/Untagged/untitled (1).mp3');
    expect(p.duplicates[0]!.reason).toMatch(/older/);
  });

  it('never calls files of equal size the same without equal hashes', () => {
    const a = track('x/a.mp3', {}, mp3, { hash: 'one', size: 5000 });
    const b = track('x/b.mp3', {}, mp3, { hash: 'two', size: 5000 });
    const c = track('x/c.mp3', {}, mp3, { size: 5000 });
    expect(plan(source([a, b, c])).duplicates).toEqual([]);
  });
});

describe('the same recording in several files', () => {
  it('keeps the lossless copy in the album and sets the lossy re-encode aside, saying why', () => {
    const tracks = album('Beth Hart - Bang Bang Boom Boom', flac);
    const lossy = track('Unsorted/Beth Hart - Garden.mp3', { ...garden }, mp3, { hash: 'other' });
    const { at, p } = settled(source([...tracks, lossy]));
    expect(at.get(tracks[2]!.path)).toBe(`${ALBUM}/03 Garden.flac`);
    expect(at.get(lossy.path)).toBe(`Duplicates/${ALBUM}/Beth Hart - Garden.mp3`);
    const [group] = p.duplicates;
    expect(group!.kind).toBe('recording');
    expect(group!.reason).toBe('Kept because it is lossless (FLAC) and the other copy is lossy (MP3).');
  });

  it('prefers the higher bitrate, then the more complete tags, then embedded cover art', () => {
    const base = { ...garden };
    const low = track('a/Garden.mp3', base, { ...mp3, bitrate: 128_000 });
    const high = track('b/Garden.mp3', base, { ...mp3, bitrate: 320_000 });
    expect(kept([low, high])).toEqual(['b/Garden.mp3', 'Kept because it has the higher bitrate (320 kbps against 128 kbps).']);
    const sparse = track('a/Garden.mp3', { ...base, year: undefined } as Tags, mp3);
    const full = track('b/Garden.mp3', { ...base, genre: ['Blues'] }, mp3);
    expect(kept([sparse, full])).toEqual(['b/Garden.mp3', 'Kept because its tags are more complete (7 fields against 5).']);
    const plain = track('a/Garden.mp3', base, mp3);
    const covered = track('b/Garden.mp3', base, { ...mp3, cover: true });
    expect(kept([plain, covered])).toEqual(['b/Garden.mp3', 'Kept because it has embedded cover art.']);
  });

  it('does not take two tracks of one album that share a title for copies', () => {
    const intro = track('A/X/01 Interlude.mp3', { artist: 'A', album: 'X', title: 'Interlude', track: 1 }, { ...mp3, duration: 60 });
    const outro = track('A/X/09 Interlude.mp3', { artist: 'A', album: 'X', title: 'Interlude', track: 9 }, { ...mp3, duration: 61 });
    expect(plan(source([intro, outro])).duplicates).toEqual([]);
  });

  it('leaves the same song on two different albums in both', () => {
    const onAlbum = track('A/Album/03 Song.mp3', { artist: 'A', album: 'Album', title: 'Song', track: 3 });
    const onHits = track('A/Hits/07 Song.mp3', { artist: 'A', album: 'Greatest Hits', title: 'Song', track: 7 });
    expect(plan(source([onAlbum, onHits])).duplicates).toEqual([]);
  });

  it('takes two loose tracks for one recording only when their lengths agree', () => {
    const a = track('Downloads/A - Song.mp3', { artist: 'A', title: 'Song' }, { ...mp3, duration: 200 });
    const b = track('Phone/A - Song.flac', { artist: 'a', title: 'song' }, { ...flac, duration: 201 });
    const live = track('Live/A - Song.mp3', { artist: 'A', title: 'Song' }, { ...mp3, duration: 260 });
    const { p } = settled(source([a, b, live]));
    expect(p.duplicates.map((g) => g.copies.map((c) => [c.path, c.kept]))).toEqual([[['Phone/A - Song.flac', true], ['Downloads/A - Song.mp3', false]]]);
  });
});

describe("the user's choice", () => {
  const tracks = album('Beth Hart - Bang Bang Boom Boom', flac);
  const lossy = track('Unsorted/Beth Hart - Garden.mp3', { ...garden }, mp3, { hash: 'other' });

  it('"Keep this copy instead" swaps which copy stays and which is set aside, and says so', () => {
    const choice: ReviewChoice = { kind: 'keep-copy', madeAt: 1, copy: { path: lossy.path, size: lossy.size, lastModified: lossy.lastModified } };
    const { at, p } = settled(source([...tracks, lossy]), [choice]);
    expect(at.get(lossy.path)).toBe(`${ALBUM}/03 Garden.mp3`);
    expect(at.get(tracks[2]!.path)).toBe(`Duplicates/${ALBUM}/03 Garden.flac`);
    expect(p.duplicates[0]!.reason).toBe('Kept because you chose it.');
    expect(p.duplicates[0]!.chosen).toBe(true);
  });

  it('still finds the chosen copy after the run moved it (by size and lastModified)', () => {
    const choice: ReviewChoice = { kind: 'keep-copy', madeAt: 1, copy: { path: 'somewhere/else.mp3', size: lossy.size, lastModified: lossy.lastModified } };
    const { at } = settled(source([...tracks, lossy]), [choice]);
    expect(at.get(lossy.path)).toBe(`${ALBUM}/03 Garden.mp3`);
  });

  it('the newest choice in a group wins', () => {
    const older: ReviewChoice = { kind: 'keep-copy', madeAt: 1, copy: { path: lossy.path, size: lossy.size, lastModified: lossy.lastModified } };
    const newer: ReviewChoice = { kind: 'keep-copy', madeAt: 2, copy: { path: tracks[2]!.path, size: tracks[2]!.size, lastModified: tracks[2]!.lastModified } };
    const { at } = settled(source([...tracks, lossy]), [older, newer]);
    expect(at.get(tracks[2]!.path)).toBe(`${ALBUM}/03 Garden.flac`);
  });
});

/** The kept copy of the one group these recordings form, and why. */
function kept(recordings: Recording[]): [string, string] {
  const [group] = plan(source(recordings)).duplicates;
  return [group!.copies.find((c) => c.kept)!.path, group!.reason];
}

describe('an album copy set aside whole', () => {
  const other = (path: string) => ({ path, size: 100, lastModified: 1_700_000_000_000 });
  const flacAlbum = album('Beth Hart - Bang Bang Boom Boom (FLAC)', flac);
  // The same album again as MP3 in its own folder, with its own cover and rip log: every track is a lesser copy.
  const mp3Album = album('Old Rips/Bang Bang Boom Boom', mp3).map((r) => ({ ...r, hash: `${r.hash}-mp3` }));

  it('takes the copy folder\'s cover, scans and log along to Duplicates/, so nothing of it stays behind', () => {
    const extras = [other('Old Rips/Bang Bang Boom Boom/cover.jpg'), other('Old Rips/Bang Bang Boom Boom/Scans/back.jpg'), other('Old Rips/Bang Bang Boom Boom/rip.log')];
    const { at } = settled(source([...flacAlbum, ...mp3Album], extras));
    for (const r of mp3Album) expect(at.get(r.path)!.startsWith(`Duplicates/${ALBUM}/`), r.path).toBe(true);
    expect(at.get(extras[0]!.path)).toBe(`Duplicates/${ALBUM}/cover.jpg`);
    expect(at.get(extras[1]!.path)).toBe(`Duplicates/${ALBUM}/Scans/back.jpg`);
    expect(at.get(extras[2]!.path)).toBe(`Duplicates/${ALBUM}/rip.log`);
  });

  it('leaves a cover where it is when the folder still holds music that is not a copy', () => {
    const unique = track('Old Rips/Bang Bang Boom Boom/05 Bonus.mp3', { ...garden, title: 'Bonus', track: 5 }, mp3, { hash: 'bonus' });
    const cover = other('Old Rips/Bang Bang Boom Boom/cover.jpg');
    const { at } = settled(source([...flacAlbum, ...mp3Album, unique], [cover]));
    expect(at.get(cover.path)!.startsWith('Duplicates/')).toBe(false);
  });

  it('leaves a cover at the top of the library where it is, even when all the music there is a copy', () => {
    const loose = mp3Album.map((r) => ({ ...r, path: baseNameOf(r.path) }));
    const cover = other('folder.jpg');
    const { at } = settled(source([...flacAlbum, ...loose], [cover]));
    expect(at.get(cover.path)).toBe('folder.jpg');
  });
});

const baseNameOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);
