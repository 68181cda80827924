// Properties of the planner with the user's choices on random small libraries: whatever is
// excluded, edited, merged or split, every file keeps one place, no excluded file is moved or
// deleted, the steps schedule whole, and planning the organized library with the same choices
// moves nothing (the choices found their files again after the move).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FileEntry, Plan, Recording, Tags } from '../../src/core/model.ts';
import type { PlanSource } from '../../src/core/plan.ts';
import { journalSteps } from '../../src/core/steps.ts';
import { simulate } from '../../src/core/schedule.ts';
import { identityOf, type ReleaseEdit, type ReviewChoice } from '../../src/core/review-choices.ts';
import { allFiles, lostOrDoubled, plan, replanMoves, sharedReleaseFolders, twinFolders, unportable } from './plan-helpers.ts';
import { propertySeeds } from './seeds.ts';

// No CD2 folder: a lone track known to be disc 2 only from its folder forgets it once moved, with or
// without choices (the plain planner's own property test leaves it out too).
const FOLDERS = ['', 'in', 'dump', 'A/X', 'A/X/CD1', 'A/Y', 'Café', 'Untagged', 'B/Live (1999)'];
const STEMS = ['01', '02', 'track', 'Song', 'One'];
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const tagsArb: fc.Arbitrary<Tags> = fc
  .record({
    artist: maybe(fc.constantFrom('A', 'a', 'B', 'Björk', 'Various Artists')),
    albumartist: maybe(fc.constantFrom('A', 'B', 'Various Artists')),
    album: maybe(fc.constantFrom('X', 'x', 'Y', 'Live', 'Café')),
    title: maybe(fc.constantFrom('One', 'Two', 'AUX', 'a:b', '')),
    track: maybe(fc.integer({ min: 1, max: 4 })),
    disc: maybe(fc.constantFrom(1, 2)),
    year: maybe(fc.constantFrom(1999, 2000)),
  })
  .map((t) => Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined)) as Tags)
  // A track with an album but no album artist joins a release by the folder it shares with it;
  // once a split or merge moved its neighbours away it may be grouped otherwise (decision 0016,
  // known limits, found by this property): left out here.
  .filter((t) => t.album === undefined || t.albumartist !== undefined);

const key = (p: string) => p.normalize('NFC').toLowerCase();
const libraryArb: fc.Arbitrary<{ src: PlanSource; ties: boolean }> = fc
  .record({
    audio: fc.array(fc.tuple(fc.constantFrom(...FOLDERS), fc.constantFrom(...STEMS), fc.constantFrom('mp3', 'flac'), tagsArb), { maxLength: 14 }),
    sidecars: fc.array(fc.tuple(fc.constantFrom(...FOLDERS), fc.constantFrom('cover.jpg', 'x.cue', '.DS_Store', '01.lrc')), { maxLength: 4 }),
    // Some files equal in size and date: choices tell them apart by path, or leave both alone.
    ties: fc.boolean(),
  })
  .map(({ audio, sidecars, ties }) => {
    const seen = new Set<string>();
    const fresh = (path: string) => !seen.has(key(path)) && seen.add(key(path)) !== undefined;
    const join = (folder: string, name: string) => (folder === '' ? name : `${folder}/${name}`);
    const entry = (path: string, i: number): FileEntry => ({ path, size: ties ? 100 + (i % 3) : 100 + i, lastModified: ties ? 7 : i });
    const recordings: Recording[] = audio.map(([f, s, e, tags], i) => ({ ...entry(join(f, `${s}.${e}`), i), tags, audio: {} })).filter((r) => fresh(r.path));
    const files = sidecars.map(([f, n], i) => entry(join(f, n), 50 + i)).filter((f) => fresh(f.path));
    return { recordings, unreadable: [], others: files.filter((f) => !f.path.endsWith('.DS_Store')), junk: files.filter((f) => f.path.endsWith('.DS_Store')) };
  })
  .map((src) => ({ src, ties: new Set(src.recordings.map((r) => `${r.size}:${r.lastModified}`)).size < src.recordings.length }));

/** What the user does, by indices into the plan they see; turned into choices against that plan. */
const actionArb = fc.record({
  kind: fc.constantFrom('exclude-file', 'exclude-folder', 'exclude-release', 'edit-release', 'edit-release', 'merge-releases', 'split-release'),
  a: fc.nat(),
  b: fc.nat(),
  edit: fc.record({
    albumartist: maybe(fc.constantFrom('A', 'New Artist', 'a/b', 'CON')),
    album: maybe(fc.constantFrom('X', 'Renamed', 'Live.')),
    year: maybe(fc.constantFrom(1999, 2024, null)),
    type: maybe(fc.constantFrom('live', 'single', 'soundtrack' as const)),
    compilation: maybe(fc.boolean()),
  }),
});
type Action = typeof actionArb extends fc.Arbitrary<infer T> ? T : never;

/** Choices made one after the other, each on the plan the ones before it gave, as on the page. */
function choose(src: PlanSource, actions: readonly Action[]): ReviewChoice[] {
  const choices: ReviewChoice[] = [];
  for (const [i, act] of actions.entries()) {
    const p = plan(src, {}, choices);
    const releases = p.releases;
    const files = allFiles(src).filter((f) => !p.excluded.includes(f.path));
    const title = (r: Plan['releases'][number]) => `${r.album} — ${r.albumartist}`;
    const ident = (r: Plan['releases'][number]) => ({ files: r.recordings.map(identityOf), title: title(r) });
    const madeAt = i + 1;
    if (act.kind === 'exclude-file' && files.length > 0) choices.push({ kind: 'exclude-file', madeAt, file: identityOf(files[act.a % files.length]!) });
    else if (act.kind === 'exclude-folder') {
      const folders = [...new Set(allFiles(src).map((f) => f.path.split('/').slice(0, -1).join('/')).filter(Boolean))];
      if (folders.length > 0) choices.push({ kind: 'exclude-folder', madeAt, folder: folders[act.a % folders.length]! });
    } else if (releases.length > 0) {
      const r = releases[act.a % releases.length]!;
      if (act.kind === 'exclude-release') choices.push({ kind: 'exclude-release', madeAt, release: ident(r) });
      else if (act.kind === 'edit-release') {
        const set = Object.fromEntries(Object.entries(act.edit).filter(([, v]) => v !== undefined)) as ReleaseEdit;
        if (Object.keys(set).length > 0) choices.push({ kind: 'edit-release', madeAt, release: ident(r), set });
      } else if (act.kind === 'merge-releases' && releases.length > 1) {
        const other = releases[(act.a + 1 + (act.b % (releases.length - 1))) % releases.length]!;
        choices.push({ kind: 'merge-releases', madeAt, releases: [ident(r), ident(other)] });
      } else if (act.kind === 'split-release' && r.recordings.length > 1) {
        const part = r.recordings.filter((_, j) => (act.b >> j) & 1);
        if (part.length > 0 && part.length < r.recordings.length) {
          choices.push({ kind: 'split-release', madeAt, release: ident(r), parts: [{ album: `${r.album} (part)`, files: part.map(identityOf) }] });
        }
      }
    }
  }
  return choices;
}

const SEEDS = propertySeeds(2);
const TOTAL_RUNS = Number(process.env.PLAN_PROPERTY_RUNS ?? 200);
const runs = (seed: number) => ({ seed, numRuns: Math.ceil(TOTAL_RUNS / SEEDS.length) });

describe.each(SEEDS)('the user’s choices on random libraries (seed %i)', (seed) => {
  it('keep every file in one place, never move an excluded file, schedule whole, and hold after the move', () => {
    fc.assert(
      fc.property(libraryArb, fc.array(actionArb, { maxLength: 4 }), ({ src, ties }, actions) => {
        const choices = choose(src, actions);
        const p = plan(src, {}, choices);
        expect(lostOrDoubled(src, p)).toEqual([]);
        expect(twinFolders(src, p)).toEqual([]);
        expect(unportable(p, 259, src)).toEqual([]);
        expect(sharedReleaseFolders(src, p)).toEqual([]);
        const excluded = new Set(p.excluded);
        const touched = p.operations.map((o) => (o.kind === 'move' ? o.from : o.path));
        expect(touched.filter((path) => excluded.has(path))).toEqual([]);
        const occupied = allFiles(src).map((f) => f.path);
        const { steps, refused } = journalSteps(p, occupied, 'prop');
        expect(refused).toEqual([]);
        expect(simulate(steps, occupied)).toMatchObject({ ok: true });
        // Files equal in size and date are told apart only by where they were: once the run moved
        // them, a choice may name either (decision 0016 says so), so only the rest must hold there.
        // And the choices must keep what the plain plan has: a library the plain planner itself
        // would move again is its own property test's to find.
        // (also on what is left once the excluded files are taken out).
        const rest = (list: readonly FileEntry[]) => list.filter((f) => !excluded.has(f.path));
        const planned: PlanSource = { recordings: rest(src.recordings) as Recording[], unreadable: [], others: rest(src.others), junk: rest(src.junk) };
        const plainHolds = replanMoves(src, plan(src)).length === 0 && replanMoves(planned, plan(planned)).length === 0;
        // Duplicates are left out too: a kept copy the plan names "1-01 …" reads as disc 1 from its
        // name next time (duplicates.ts, discFromPath), and may no longer be a copy of one on disc 2.
        if (!ties && plainHolds && p.duplicates.length === 0) expect(replanMoves(src, p, {}, choices)).toEqual([]);
      }),
      runs(seed),
    );
  }, 120_000);
});
