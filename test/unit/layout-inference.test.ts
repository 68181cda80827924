// The layout a library already has, found from its paths and tags. Each library here is laid out
// by the planner itself (a preset's rules or a user's own), so the rules that made it are known:
// the inferred rules must put ≥ 95% of its files where they are, and planning with them must move
// (almost) nothing. Messy libraries must not be mistaken for a layout.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Recording, Tags } from '../../src/core/model.ts';
import type { PlanSource } from '../../src/core/plan.ts';
import { inferLayout } from '../../src/core/layout-inference.ts';
import type { CurrentLayout } from '../../src/core/current-layout.ts';
import { presets } from '../../src/core/template/index.ts';
import { createRegistry } from '../../plugins/index.ts';
import { applied, loadMessy, plan, rec, source } from './plan-helpers.ts';

const registry = createRegistry();
const { source: messy } = loadMessy('messy-120.tags.json');

/** The library as it is once a plan with these rules has run. */
function laidOut(src: PlanSource, rules: string): PlanSource {
  return applied(src, plan(src, { rules }));
}

function infer(src: PlanSource): CurrentLayout | undefined {
  // Grouping does not depend on the rules: the planner worker hands over the releases of its last plan.
  return inferLayout({ releases: plan(src).releases, recordings: src.recordings }, registry);
}

/** Recordings a plan with these rules would move. */
function movedWith(src: PlanSource, rules: string): string[] {
  const audio = new Set(src.recordings.map((r) => r.path));
  return plan(src, { rules }).operations.flatMap((o) => (o.kind === 'move' && audio.has(o.from) ? [`${o.from} → ${o.to}`] : []));
}

const share = (layout: CurrentLayout | undefined) => (layout ? layout.matching / layout.total : 0);

function expectReproduced(src: PlanSource): CurrentLayout {
  const layout = infer(src);
  expect(layout, 'no layout found').toBeDefined();
  expect(layout!.total).toBe(src.recordings.length);
  expect(share(layout), layout!.rules).toBeGreaterThanOrEqual(0.95);
  const moved = movedWith(src, layout!.rules);
  expect(moved.length / src.recordings.length, `${layout!.rules}\n${moved.slice(0, 10).join('\n')}`).toBeLessThanOrEqual(0.05);
  // The examples are files of the library that the rules leave where they are.
  const paths = new Set(src.recordings.map((r) => r.path));
  expect(layout!.examples.length).toBeGreaterThan(0);
  for (const example of layout!.examples) expect(paths.has(example), example).toBe(true);
  return layout!;
}

describe('a library laid out in a preset style', () => {
  it.each(presets.map((p) => [p.name, p.rules] as const))('%s', (_name, rules) => {
    expectReproduced(laidOut(messy, rules));
  });
});

// What users write for themselves; the planner lays the library out, then forgets how.
const OWN_STYLES = [
  'default: $albumartist/%if{$year,$year - }$album/$track - $title',
  'default: $albumartist/$album ($year)/$track. $title',
  'default: $albumartist - $album/$tracknumber $title',
  'default: $albumartist/$album%if{$multidisc,/CD$discnumber}/$track $title\ncomp: Various Artists/$album/$track $artist - $title',
  'default: %the{$albumartist}/[$year] $album/%if{$multidisc,$discnumber-}$track - $artist - $title',
  'default: $genre/$albumartist/$album/${track}_$title',
  'default: %upper{%left{$albumartist,1}}/$albumartist/$album%aunique{}/$track $title',
];

describe("a library laid out in a user's own style", () => {
  it.each(OWN_STYLES)('%s', (rules) => {
    expectReproduced(laidOut(messy, rules));
  });
});

describe('a large library', () => {
  it('9,000 files in the app\'s layout: found from a sample of its folders, measured on all', () => {
    const { source: big } = loadMessy('messy-850-seed7.tags.json');
    const layout = expectReproduced(laidOut(big, presets[0]!.rules));
    expect(layout.total).toBe(big.recordings.length);
    // Three plans of 9,000 files on a shared machine: allowed more than the default time.
  }, 120_000);
});

describe('real beets', () => {
  it("finds beets' default layout in a tree beets itself filed", () => {
    interface BeetsItem { album: string | null; tags: Tags & { comp?: boolean }; ext: string; path: string }
    const json = JSON.parse(readFileSync(new URL('../fixtures/beets-paths.json', import.meta.url), 'utf8')) as { cases: { name: string; items: BeetsItem[] }[] };
    const library = json.cases.find((c) => c.name === "a library in beets' default layout")!;
    const recordings = library.items.map((item, i): Recording => {
      const { comp, ...tags } = item.tags;
      return { path: item.path, size: 1000 + i, lastModified: 1, tags: comp ? { ...tags, compilation: true } : tags, audio: {} };
    });
    const layout = expectReproduced(source(recordings));
    expect(layout.matching).toBe(recordings.length);
    // Its singletons and its compilation have rules of their own, as in beets.
    expect(layout.rules).toMatch(/^singleton: Non-Album\/\$artist\/\$title$/m);
    // Flagged and of many artists: either query describes it.
    expect(layout.rules).toMatch(/^(comp|various:true): Compilations\/\$album%aunique\{\}\/\$track \$title$/m);
  });
});

describe('names the disk would refuse', () => {
  const tags = (album: string, title: string, track: number, extra: Partial<Tags> = {}): Tags => ({
    albumartist: 'AC/DC', artist: 'AC/DC', album, title, track, year: 1980, ...extra,
  });
  const hostile = source([
    rec('in/1.mp3', tags('Back: In Black', 'What?', 1)),
    rec('in/2.mp3', tags('Back: In Black', 'A/B', 2)),
    rec('in/3.mp3', tags('Back: In Black', 'Trailing dots...', 3)),
    rec('in/4.mp3', tags('Vol. 2.', 'CON', 1)),
    rec('in/5.mp3', tags('Vol. 2.', '"Quoted" <tag>', 2)),
    rec('in/6.mp3', tags('Vol. 2.', 'Björk', 3)),
    rec('in/7.mp3', tags('Café', 'Sí', 1, { albumartist: 'Sigur Rós', artist: 'Sigur Rós' })),
    rec('in/8.mp3', tags('Café', 'No', 2, { albumartist: 'Sigur Rós', artist: 'Sigur Rós' })),
  ]);

  it('match as the planner sanitizes them', () => {
    const layout = expectReproduced(laidOut(hostile, 'default: $albumartist/$year - $album/$track - $title'));
    expect(layout.matching).toBe(8);
  });

  it('a folder name that YAML would cut ("Rock #1") stays whole in the rules', () => {
    const layout = expectReproduced(laidOut(messy, "default: 'Rock #1/$albumartist/$album/$track $title'"));
    expect(layout.rules).toContain("'Rock #1/$albumartist/");
  });

  it('match when the disk spells them decomposed (macOS)', () => {
    const tidy = laidOut(hostile, 'default: $albumartist/$album/$track $title');
    const nfd = { ...tidy, recordings: tidy.recordings.map((r) => ({ ...r, path: r.path.normalize('NFD') })) };
    expect(share(infer(nfd))).toBe(1);
  });
});

describe('messy libraries are not a layout', () => {
  it('the library as mklibrary left it: a low share at most', () => {
    expect(share(infer(messy))).toBeLessThan(0.4);
  });

  it('a flat dump of "Artist - Title" files: nothing', () => {
    const flat = source(messy.recordings.map((r, i) => ({ ...r, path: `${r.tags.artist ?? 'x'} - ${r.tags.title ?? i} ${i}.mp3` })));
    expect(infer(flat)).toBeUndefined();
  });

  it('every file in one folder, however well named: nothing', () => {
    const dump = laidOut(messy, 'default: Music/$albumartist - $album - $track - $title');
    expect(infer(dump)).toBeUndefined();
  });

  it('half laid out, half dumped: the half that is laid out, and its rules', () => {
    const style = 'default: $albumartist/%if{$year,$year - }$album/$track - $title';
    const tidy = laidOut(messy, style);
    const keep = new Set(tidy.recordings.filter((_, i) => i % 2 === 0).map((r) => r.path));
    const mixed = { ...tidy, recordings: tidy.recordings.map((r, i) => (keep.has(r.path) ? r : { ...r, path: `Downloads/${i}.mp3` })) };
    const layout = infer(mixed);
    expect(share(layout)).toBeGreaterThan(0.3);
    expect(share(layout)).toBeLessThan(0.6);
    // The tidy half stays put under the inferred rules.
    const moved = new Set(movedWith(mixed, layout!.rules).map((m) => m.split(' → ')[0]));
    expect([...keep].filter((p) => moved.has(p)).length / keep.size).toBeLessThan(0.05);
  });

  it('an empty library: nothing', () => {
    expect(infer(source([]))).toBeUndefined();
  });
});

describe('the answer depends on the library, not on the order files are listed', () => {
  it('same rules for a shuffled listing', () => {
    const tidy = laidOut(messy, presets[0]!.rules);
    const reversed = { ...tidy, recordings: [...tidy.recordings].reverse() };
    expect(infer(reversed)?.rules).toBe(infer(tidy)?.rules);
  });
});
