// The user's exclusions and release edits as the planner applies them: excluded files never move,
// edits change the paths (never the tags), and every choice still finds its files after the plan
// ran (the files moved) and the library was scanned again; merges, splits, reverts.
import { describe, expect, it } from 'vitest';
import type { FileEntry, Plan, Recording, Tags } from '../../src/core/model.ts';
import type { PlanSettings, PlanSource } from '../../src/core/plan.ts';
import { choiceKey, identityOf, type ReleaseEdit, type ReviewChoice } from '../../src/core/review-choices.ts';
import { applied, finalPaths, lostOrDoubled, plan, replanMoves, source, twinFolders, unportable } from './plan-helpers.ts';
import { presets } from '../../src/core/template/index.ts';

let nextSize = 1000;
/** A track with a size of its own, as real files have: choices find files by size and lastModified. */
const track = (path: string, tags: Tags): Recording => ({ path, size: nextSize++, lastModified: 1_700_000_000_000, tags, audio: {} });
const other = (path: string): FileEntry => ({ path, size: nextSize++, lastModified: 1_700_000_000_000 });

function album(folder: string, albumartist: string, title: string, year: number, n = 3, extra: Tags = {}): Recording[] {
  return Array.from({ length: n }, (_, i) =>
    track(`${folder}/0${i + 1} Song ${i + 1}.mp3`, { artist: albumartist, albumartist, album: title, title: `Song ${i + 1}`, track: i + 1, year, ...extra }),
  );
}

/** A plan that keeps every invariant, and that planning its result again (same choices) moves nothing. */
function settled(src: PlanSource, choices: ReviewChoice[] = [], settings: Partial<PlanSettings> = {}): { p: Plan; at: Map<string, string> } {
  const p = plan(src, settings, choices);
  expect(lostOrDoubled(src, p)).toEqual([]);
  expect(twinFolders(src, p)).toEqual([]);
  expect(unportable(p, 259, src)).toEqual([]);
  expect(replanMoves(src, p, settings, choices)).toEqual([]);
  return { p, at: finalPaths(src, p) };
}

let clock = 1;
const release = (p: Plan, album: string) => {
  const r = p.releases.find((x) => x.album === album);
  if (!r) throw new Error(`no release ${album} in ${p.releases.map((x) => x.album).join(', ')}`);
  return r;
};
const identity = (p: Plan, albumTitle: string) => {
  const r = release(p, albumTitle);
  return { files: r.recordings.map(identityOf), title: `${r.album} — ${r.albumartist}` };
};
const edit = (p: Plan, albumTitle: string, set: ReleaseEdit): ReviewChoice => ({ kind: 'edit-release', madeAt: clock++, release: identity(p, albumTitle), set });
const moved = (p: Plan) => new Set(p.operations.flatMap((o) => (o.kind === 'move' ? [o.from] : [])));

describe('exclude and include', () => {
  const dump = [...album('Downloads', 'Beth Hart', 'Seesaw', 2013), ...album('Podcasts/Show', 'Radio', 'Show', 2020)];
  const cover = other('Podcasts/Show/cover.jpg');
  const junk = other('Podcasts/Show/Thumbs.db');
  const src = source(dump, [cover], { junk: [junk] });

  it('an excluded folder: none of its files move or are deleted, its paths stay taken, the rest is planned', () => {
    const choice: ReviewChoice = { kind: 'exclude-folder', folder: 'podcasts', madeAt: clock++ };
    const { p, at } = settled(src, [choice], { junk: 'delete' });
    for (const f of [...dump.slice(3), cover, junk]) expect(at.get(f.path)).toBe(f.path);
    expect(p.operations.filter((o) => o.kind === 'delete-junk')).toEqual([]);
    expect(p.excluded).toEqual([...dump.slice(3).map((r) => r.path), cover.path, junk.path].sort());
    expect(at.get(dump[0]!.path)).toBe('Beth Hart/Seesaw (2013)/01 Song 1.mp3');
    expect(p.choices).toEqual([{ key: choiceKey(choice), kind: 'exclude-folder', subject: 'podcasts/', effect: 'Its 5 files stay where they are.', files: 5 }]);
    // Without the choice (Include), they move again.
    expect(moved(plan(src)).has(dump[3]!.path)).toBe(true);
  });

  it('a file taken by an excluded file is never given to another: the newcomer gets a number', () => {
    const stay = track('Beth Hart/Seesaw (2013)/01 Song 1.mp3', { title: 'Odd one' });
    const { p, at } = settled(source([...dump.slice(0, 3), stay]), [{ kind: 'exclude-file', file: identityOf(stay), madeAt: clock++ }]);
    expect(at.get(stay.path)).toBe(stay.path);
    expect(at.get(dump[0]!.path)).toBe('Beth Hart/Seesaw (2013)/01 Song 1 (2).mp3');
    expect(p.excluded).toEqual([stay.path]);
  });

  it('an excluded file is found by size and lastModified, and between equal files by its path', () => {
    const a = { ...track('Downloads/a.mp3', { artist: 'X', title: 'A', album: 'Q' }), size: 5, lastModified: 9 };
    const b = { ...track('Downloads/b.mp3', { artist: 'X', title: 'B', album: 'Q' }), size: 5, lastModified: 9 };
    const p = plan(source([a, b]), {}, [{ kind: 'exclude-file', file: identityOf(b), madeAt: clock++ }]);
    expect(p.excluded).toEqual([b.path]);
    expect(moved(p)).toEqual(new Set([a.path]));
  });

  it('an excluded release keeps its tracks and its cover where they are, is listed as excluded, and still finds its files after the others moved', () => {
    const seesaw = album('Unsorted/Seesaw', 'Beth Hart', 'Seesaw', 2013);
    const scan = source([...seesaw, ...album('Unsorted/Other', 'Joe', 'Blues', 2001)], [other('Unsorted/Seesaw/folder.jpg')]);
    const first = plan(scan);
    const choice: ReviewChoice = { kind: 'exclude-release', madeAt: clock++, release: identity(first, 'Seesaw') };
    const { p, at } = settled(scan, [choice]);
    for (const f of [...seesaw, scan.others[0]!]) expect(at.get(f.path)).toBe(f.path);
    expect(release(p, 'Seesaw').review).toMatchObject({ excluded: true, choices: [choiceKey(choice)] });
    expect(at.get(scan.recordings[3]!.path)).toBe('Joe/Blues (2001)/01 Song 1.mp3');
    expect(p.excluded).toHaveLength(4);
  });
});

describe('edit a release', () => {
  const seesaw = album('Downloads/seesaw', 'Beth Hart', 'Seesaw', 2013);
  const src = source(seesaw, [other('Downloads/seesaw/cover.jpg')]);

  it('a new album artist changes the paths the rules give, never the tags, and shows as edited', () => {
    const choice = edit(plan(src), 'Seesaw', { albumartist: 'Beth Hart & Joe Bonamassa' });
    const { p, at } = settled(src, [choice]);
    expect(at.get(seesaw[0]!.path)).toBe('Beth Hart & Joe Bonamassa/Seesaw (2013)/01 Song 1.mp3');
    expect(at.get('Downloads/seesaw/cover.jpg')).toBe('Beth Hart & Joe Bonamassa/Seesaw (2013)/cover.jpg');
    expect(release(p, 'Seesaw').review!.edited).toEqual([{ field: 'albumartist', from: '“Beth Hart”', to: '“Beth Hart & Joe Bonamassa”' }]);
    expect(p.choices[0]).toMatchObject({ kind: 'edit-release', effect: 'Album artist: “Beth Hart & Joe Bonamassa”', files: 3 });
    // The source is untouched: the planner works on copies.
    expect(seesaw[0]!.tags.albumartist).toBe('Beth Hart');
  });

  it('plan, apply, scan again: the edit finds its release by its files wherever they moved, and nothing moves again', () => {
    const choice = edit(plan(src), 'Seesaw', { albumartist: 'Beth Hart & Joe Bonamassa', year: 2014 });
    const first = plan(src, {}, [choice]);
    const rescanned = applied(src, first);
    const again = plan(rescanned, {}, [choice]);
    expect(again.operations).toEqual([]);
    expect(release(again, 'Seesaw').review!.edited.map((e) => e.field)).toEqual(['albumartist', 'year']);
    expect(again.unchanged).toContain('Beth Hart & Joe Bonamassa/Seesaw (2014)/01 Song 1.mp3');
  });

  it('still finds its release when a track was added and another removed since', () => {
    const choice = edit(plan(src), 'Seesaw', { album: 'Seesaw (Deluxe)' });
    const added = track('Downloads/seesaw/04 Song 4.mp3', { ...seesaw[0]!.tags, title: 'Song 4', track: 4 });
    const { at } = settled(source([seesaw[0]!, seesaw[1]!, added]), [choice]);
    expect(at.get(added.path)).toBe('Beth Hart/Seesaw (Deluxe) (2013)/04 Song 4.mp3');
  });

  // A track in the slot of one of the release's tracks with another song is a rival, which the
  // edit sends away when grouping put it there only because the move changed the folders; one
  // added later beside the tracks, in their folder, is the release's as grouping says.
  it('a track added later in its folder, numbered like one of its tracks, stays in it and follows the edit', () => {
    const choice = edit(plan(src), 'Seesaw', { album: 'Seesaw (Deluxe)' });
    const added = track('Downloads/seesaw/01 Song 1 (Live).mp3', { ...seesaw[0]!.tags, title: 'Song 1 (Live)' });
    const { at } = settled(source([...seesaw, added]), [choice]);
    expect(at.get(added.path)).toBe('Beth Hart/Seesaw (Deluxe) (2013)/01 Song 1 (Live).mp3');
  });

  it('in a copy of the library made without its dates (another profile, an imported file), finds its files by path and size', () => {
    const choice = edit(plan(src), 'Seesaw', { albumartist: 'Copied' });
    const copy = source(seesaw.map((r) => ({ ...r, lastModified: r.lastModified + 86_400_000 })));
    expect(finalPaths(copy, plan(copy, {}, [choice])).get(seesaw[0]!.path)).toBe('Copied/Seesaw (2013)/01 Song 1.mp3');
    // A different file at that path (another size) is not the one the choice names.
    const other = source(seesaw.map((r) => ({ ...r, size: r.size + 1, lastModified: r.lastModified + 1 })));
    expect(plan(other, {}, [choice]).choices[0]!.files).toBe(0);
  });

  it('finds nothing, and says so, when its files are gone', () => {
    const choice = edit(plan(src), 'Seesaw', { album: 'Gone' });
    const p = plan(source(album('Elsewhere', 'Joe', 'Blues', 2001)), {}, [choice]);
    expect(p.choices).toEqual([expect.objectContaining({ files: 0, effect: expect.stringMatching(/^Not found/) })]);
  });

  it('year, compilation and release type change what $year, $various and $kind read', () => {
    const base = plan(src);
    const categories = presets.find((x) => x.id === 'categories')?.rules;
    expect(categories).toBeDefined();
    const live = settled(src, [edit(base, 'Seesaw', { type: 'live', year: null })], { rules: categories! });
    expect(live.at.get(seesaw[0]!.path)).toBe('Live/Beth Hart/Seesaw/01 Song 1.mp3');
    expect(release(live.p, 'Seesaw').classification).toMatchObject({ type: 'live', reasons: ['release type set by you'] });
    const comp = settled(src, [edit(base, 'Seesaw', { compilation: true })]);
    expect(comp.at.get(seesaw[0]!.path)).toBe('Compilations/Seesaw (2013)/01 Beth Hart - Song 1.mp3');
  });

  it('reverting an edit (the choice removed) gives the plan it had before', () => {
    const choice = edit(plan(src), 'Seesaw', { albumartist: 'Someone' });
    expect(plan(src, {}, [choice]).operations).not.toEqual(plan(src).operations);
    expect(plan(src, {}, [])).toEqual(plan(src));
  });

  it('two edits of one release both hold, the later one winning a field they share', () => {
    const base = plan(src);
    const a = edit(base, 'Seesaw', { albumartist: 'A', year: 2001 });
    const b = edit(base, 'Seesaw', { albumartist: 'B' });
    expect(finalPaths(src, plan(src, {}, [b, a])).get(seesaw[0]!.path)).toBe('B/Seesaw (2001)/01 Song 1.mp3');
    expect(plan(src, {}, [b, a]).choices.map((c) => c.effect)).toEqual(['Album artist: “A”; Year: 2001', 'Album artist: “B”']);
    // An edit that sets what the release says already is listed as such.
    expect(plan(src, {}, [edit(base, 'Seesaw', { year: 2013 })]).choices[0]!.effect).toBe('Year: 2013 (as it was already)');
  });
});

describe('merge and split', () => {
  const disc1 = album('Rips/Live CD1', 'Joe', 'Live at the Hall (CD1)', 2005);
  const disc2 = album('Rips/Live CD2', 'Joe', 'Live at the Hall (CD2)', 2005).map((r, i) => ({ ...r, path: `Rips/Live CD2/0${i + 1} Other ${i + 1}.mp3`, tags: { ...r.tags, title: `Other ${i + 1}` } }));
  const src = source([...disc1, ...disc2]);

  it('two releases merged plan as one, under the first one’s values, and stay one after the move', () => {
    const base = plan(src);
    const choice: ReviewChoice = { kind: 'merge-releases', madeAt: clock++, releases: [identity(base, 'Live at the Hall (CD1)'), identity(base, 'Live at the Hall (CD2)')] };
    const { p, at } = settled(src, [choice]);
    expect(p.releases).toHaveLength(1);
    expect(p.releases[0]!.review).toMatchObject({ merged: true });
    const folders = new Set([...disc1, ...disc2].map((r) => at.get(r.path)!.split('/').slice(0, -1).join('/')));
    expect(folders).toEqual(new Set(['Joe/Live at the Hall (CD1) (2005)']));
  });

  it('an edit after a merge applies to the merged release', () => {
    const base = plan(src);
    const merge: ReviewChoice = { kind: 'merge-releases', madeAt: clock++, releases: [identity(base, 'Live at the Hall (CD1)'), identity(base, 'Live at the Hall (CD2)')] };
    const merged = plan(src, {}, [merge]);
    const rename = edit(merged, 'Live at the Hall (CD1)', { album: 'Live at the Hall' });
    const { at } = settled(src, [merge, rename]);
    expect(at.get(disc2[0]!.path)).toBe('Joe/Live at the Hall (2005)/01 Other 1.mp3');
  });

  it('tracks split off become a release of their own, which holds after the move; an earlier edit carries over to the part', () => {
    const whole = [...album('Box', 'Joe', 'Box', 1999, 4)];
    const scan = source(whole);
    const retitle = edit(plan(scan), 'Box', { albumartist: 'Joe Band' });
    const edited = plan(scan, {}, [retitle]);
    const r = release(edited, 'Box');
    const split: ReviewChoice = {
      kind: 'split-release', madeAt: clock++, release: { files: r.recordings.map(identityOf), title: 'Box — Joe Band' },
      parts: [{ album: 'Box (Bonus)', files: r.recordings.slice(2).map(identityOf) }],
    };
    const { p, at } = settled(scan, [retitle, split]);
    expect(at.get(whole[0]!.path)).toBe('Joe Band/Box (1999)/01 Song 1.mp3');
    expect(at.get(whole[3]!.path)).toBe('Joe Band/Box (Bonus) (1999)/04 Song 4.mp3');
    expect(p.releases.map((x) => [x.album, x.recordings.length, x.review?.split])).toEqual([['Box', 2, true], ['Box (Bonus)', 2, true]]);
    // Reverting the split alone keeps the edit.
    expect(finalPaths(scan, plan(scan, {}, [retitle])).get(whole[3]!.path)).toBe('Joe Band/Box (1999)/04 Song 4.mp3');
  });

  it('split by disc: each disc but the first becomes its own release, named, with its own track names', () => {
    const discs = [1, 2].flatMap((d) => album(`Set/CD${d}`, 'Joe', 'Set', 2010, 2, { disc: d, disctotal: 2 }).map((r) => ({ ...r, path: r.path.replace('Song', `D${d} Song`) })));
    const scan = source(discs);
    const r = release(plan(scan), 'Set');
    const choice: ReviewChoice = { kind: 'split-release', madeAt: clock++, release: identity(plan(scan), 'Set'), parts: [{ album: 'Set (Disc 2)', files: r.recordings.filter((x) => x.tags.disc === 2).map(identityOf) }] };
    const { at } = settled(scan, [choice]);
    expect(at.get(discs[0]!.path)).toBe('Joe/Set (2010)/01 Song 1.mp3');
    expect(at.get(discs[2]!.path)).toBe('Joe/Set (Disc 2) (2010)/01 Song 1.mp3');
  });
});

describe('tag edits (the suggestions’ fixes)', () => {
  it('read the tags otherwise: a track number taken out of the title', () => {
    const t = track('Downloads/x.mp3', { artist: 'Joe', albumartist: 'Joe', album: 'Q', title: '07. Shadow On The Sun' });
    const choice: ReviewChoice = { kind: 'edit-tags', madeAt: clock++, files: [identityOf(t)], set: { track: 7, title: 'Shadow On The Sun' }, label: 'Track number from the title' };
    const { p, at } = settled(source([t]), [choice]);
    expect(at.get(t.path)).toBe('Joe/Q/07 Shadow On The Sun.mp3');
    expect(p.choices).toEqual([expect.objectContaining({ kind: 'edit-tags', effect: 'Track number from the title', files: 1 })]);
  });
});
