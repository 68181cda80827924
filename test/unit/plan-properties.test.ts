// Properties of the planner on random small libraries. Tags are drawn from small pools, so case
// and NFD variants, "feat." credits, missing tags, reserved names and colliding titles are common;
// paths are drawn from folders that look both messy and already organized.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FileEntry, Plan, Recording, Tags } from '../../src/core/model.ts';
import type { PlanSource } from '../../src/core/plan.ts';
import { journalSteps } from '../../src/core/steps.ts';
import { simulate } from '../../src/core/schedule.ts';
import { allFiles, lostOrDoubled, plan, replanMoves, sharedReleaseFolders, twinFolders, unportable } from './plan-helpers.ts';
import { propertySeeds } from './seeds.ts';

const FOLDERS = ['', 'in', 'In', 'dump', 'A/X', 'a/x', 'A/X/CD1', 'Café', 'Cafe\u0301', 'Untagged', 'Non-Album/A', 'B/Live (1999)'];
const STEMS = ['01', '1', 'track', 'Song', '01 One', 'One', 'x'];
const AUDIO_EXT = ['mp3', 'flac', 'MP3', 'ogg'];
const SIDECARS = ['cover.jpg', 'Folder.JPG', 'x.cue', 'rip.log', 'scans/back.jpg', 'notes.pdf', '.DS_Store'];

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const tagsArb: fc.Arbitrary<Tags> = fc
  .record({
    artist: maybe(fc.constantFrom('A', 'a', 'B', 'Björk', 'Bjo\u0308rk', 'A feat. B', 'CON', 'Various Artists')),
    albumartist: maybe(fc.constantFrom('A', 'B', 'Various Artists', 'björk')),
    album: maybe(fc.constantFrom('X', 'x', 'Y', 'Live', 'Live.', 'a/b', 'Café', 'Cafe\u0301')),
    title: maybe(fc.constantFrom('One', 'one', 'Two', 'AUX', 'a:b', ' Spaced ', 'Dots...', '', 'T'.repeat(120))),
    track: maybe(fc.integer({ min: 1, max: 12 })),
    disc: maybe(fc.constantFrom(1, 2)),
    year: maybe(fc.constantFrom(1999, 2000)),
    date: maybe(fc.constantFrom('1999-05-01', '2000')),
    // Editions: the same track list told apart only by these.
    label: maybe(fc.constantFrom('North', 'South')),
    albumdisambig: maybe(fc.constantFrom('deluxe edition')),
    releasetype: maybe(fc.constantFrom(['album'], ['ep'])),
    // Mostly per album, as taggers set it ("Y" is the compilation), but also on some tracks only.
    flag: fc.constantFrom('per album', 'per album', 'per album', 'on', 'off'),
  })
  .map(({ flag, ...t }) => {
    const compilation = flag === 'on' || (flag === 'per album' && t.album === 'Y') || undefined;
    return Object.fromEntries(Object.entries({ ...t, compilation }).filter(([, v]) => v !== undefined)) as Tags;
  });

const key = (p: string) => p.normalize('NFC').toLowerCase();

const libraryArb: fc.Arbitrary<PlanSource> = fc
  .record({
    audio: fc.array(fc.tuple(fc.constantFrom(...FOLDERS), fc.constantFrom(...STEMS), fc.constantFrom(...AUDIO_EXT), tagsArb), { maxLength: 16 }),
    sidecars: fc.array(fc.tuple(fc.constantFrom(...FOLDERS), fc.constantFrom(...SIDECARS)), { maxLength: 5 }),
    lyrics: fc.array(fc.tuple(fc.constantFrom(...FOLDERS), fc.constantFrom(...STEMS)), { maxLength: 3 }),
    broken: fc.array(fc.tuple(fc.constantFrom(...FOLDERS), fc.constantFrom(...STEMS)), { maxLength: 2 }),
  })
  .map(({ audio, sidecars, lyrics, broken }) => {
    // One file per path and one spelling per folder, as a case- and normalisation-insensitive disk has them.
    const seen = new Set<string>();
    const spelling = new Map<string, string>();
    const fresh = (path: string) => !seen.has(key(path)) && seen.add(key(path)) !== undefined;
    const join = (folder: string, name: string) => {
      if (folder === '') return name;
      if (!spelling.has(key(folder))) spelling.set(key(folder), folder);
      return `${spelling.get(key(folder))}/${name}`;
    };
    const entry = (path: string, i: number): FileEntry => ({ path, size: 100 + i, lastModified: i });
    const recordings: Recording[] = audio
      .map(([folder, stem, ext, tags], i) => ({ ...entry(join(folder, `${stem}.${ext}`), i), tags, audio: {} }))
      .filter((r) => fresh(r.path));
    const files = [...sidecars.map(([f, n]) => join(f, n)), ...lyrics.map(([f, s]) => join(f, `${s}.lrc`))].filter(fresh).map(entry);
    const unreadable = broken.map(([f, s]) => join(f, `${s}.wma`)).filter(fresh).map((p, i) => ({ ...entry(p, i), reason: 'broken' }));
    return {
      recordings,
      unreadable,
      others: files.filter((f) => !f.path.endsWith('.DS_Store')),
      junk: files.filter((f) => f.path.endsWith('.DS_Store')),
    };
  });

/** The same library listed in another order. */
function shuffled(src: PlanSource, seed: number): PlanSource {
  let state = seed >>> 0 || 1;
  const mix = <T>(items: readonly T[]): T[] => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      const j = state % (i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };
  return { recordings: mix(src.recordings), unreadable: mix(src.unreadable), others: mix(src.others), junk: mix(src.junk) };
}

const essence = (p: Plan) => ({ operations: p.operations, unchanged: p.unchanged, conflicts: p.conflicts });
// Several seeds per run, new ones every run (seeds.ts); the runs are shared out between them, so
// the suite takes as long as one seed with all the runs. PLAN_PROPERTY_RUNS raises them for a hunt.
const SEEDS = propertySeeds(3);
const TOTAL_RUNS = Number(process.env.PLAN_PROPERTY_RUNS ?? 400);
const runs = (total: number, seed: number) => ({ seed, numRuns: Math.ceil(total / SEEDS.length) });
// Random libraries on a shared 2-core machine: time is no measure here, only the runs are.
const PROPERTY_TIMEOUT = 120_000;

describe.each(SEEDS)('planner properties on random libraries (seed %i)', (seed) => {
  it('gives every file one place: no lost file, no shared target, no twin folder, portable names', () => {
    fc.assert(
      fc.property(libraryArb, (src) => {
        const p = plan(src);
        expect(lostOrDoubled(src, p)).toEqual([]);
        expect(twinFolders(src, p)).toEqual([]);
        expect(unportable(p, 259, src)).toEqual([]);
        expect(sharedReleaseFolders(src, p)).toEqual([]);
      }),
      runs(TOTAL_RUNS, seed),
    );
  }, PROPERTY_TIMEOUT);

  it('yields steps the scheduler accepts whole and that never land on an occupied path', () => {
    fc.assert(
      fc.property(libraryArb, (src) => {
        const p = plan(src);
        const occupied = allFiles(src).map((f) => f.path);
        const { steps, refused } = journalSteps(p, occupied, 'prop');
        expect(refused).toEqual([]);
        const run = simulate(steps, occupied);
        expect(run).toMatchObject({ ok: true });
      }),
      runs(TOTAL_RUNS, seed),
    );
  }, PROPERTY_TIMEOUT);

  it('is deterministic: the same library in any order gives the same plan', () => {
    fc.assert(
      fc.property(libraryArb, fc.integer(), (src, order) => {
        expect(essence(plan(shuffled(src, order)))).toEqual(essence(plan(src)));
      }),
      runs(TOTAL_RUNS, seed),
    );
  }, PROPERTY_TIMEOUT);

  it('is idempotent: planning the organized library moves nothing', () => {
    fc.assert(
      fc.property(libraryArb, (src) => {
        expect(replanMoves(src, plan(src))).toEqual([]);
      }),
      runs(TOTAL_RUNS, seed),
    );
  }, PROPERTY_TIMEOUT);

  it('is idempotent under a tight path limit', () => {
    fc.assert(
      fc.property(libraryArb, (src) => {
        const p = plan(src, { maxPathLength: 48 });
        expect(unportable(p, 48, src)).toEqual([]);
        expect(replanMoves(src, p, { maxPathLength: 48 })).toEqual([]);
      }),
      runs(TOTAL_RUNS / 2, seed),
    );
  }, PROPERTY_TIMEOUT);
});
