// Layout inference on layouts drawn at random: a part of the messy fixture's releases is laid out
// by the planner with rules made of the pieces users combine (artist, year and album folders,
// letter or genre folders above them, disc folders, track formats and separators, the artist in
// the name, compilations apart or not), then the rules are forgotten. Whatever was drawn, the
// inferred rules must leave ≥ 95% of the files where they are, and not depend on the listing order.
// LAYOUT_PROPERTY_RUNS raises the runs for a hunt.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PlanSource } from '../../src/core/plan.ts';
import { inferLayout } from '../../src/core/layout-inference.ts';
import { createRegistry } from '../../plugins/index.ts';
import { applied, loadMessy, plan } from './plan-helpers.ts';
import { propertySeeds } from './seeds.ts';

const registry = createRegistry();
const { fixture, source: messy } = loadMessy('messy-120.tags.json');

const styleArb = fc
  .record({
    above: fc.constantFrom('', 'Music/', '%upper{%left{$albumartist,1}}/', '$genre/'),
    artist: fc.constantFrom('$albumartist/', '%the{$albumartist}/', ''),
    album: fc.constantFrom('$album', '$album%if{$year, ($year)}', '%if{$year,$year - }$album', '%if{$year,[$year] }$album'),
    unique: fc.constantFrom('', '%aunique{}'),
    disc: fc.constantFrom('', '%if{$multidisc,/CD$discnumber}', '%if{$multidisc,/Disc $discnumber}'),
    discPrefix: fc.constantFrom('', '%if{$multidisc,$discnumber-}'),
    track: fc.constantFrom('$track', '$tracknumber'),
    separator: fc.constantFrom(' ', ' - ', '. ', '_'),
    artistInName: fc.constantFrom('', '$artist - '),
    compilations: fc.constantFrom('beets', 'with the artists', 'own folder'),
  })
  .map((s) => {
    // Without an artist folder, the album folder names the artist.
    const album = s.artist === '' ? `$albumartist - ${s.album}` : s.album;
    const track = s.separator === '_' ? `\${${s.track.slice(1)}}` : s.track;
    const name = `${s.discPrefix}${track}${s.separator}${s.artistInName}$title`;
    const rule = `${s.above}${s.artist}${album}${s.unique}${s.disc}/${name}`;
    const compilations =
      s.compilations === 'beets' ? '' : s.compilations === 'own folder' ? `comp: Various/$album${s.unique}/$track $artist - $title\n` : `comp: ${rule}\n`;
    return `${compilations}default: ${rule}\n`;
  });

/** Every `step`-th album of the fixture, from `offset`: a smaller library, so each run is quick. */
function someAlbums(offset: number, step: number): PlanSource {
  const kept = new Set(fixture.albums.filter((_, i) => i % step === offset % step).map((a) => a.id));
  const paths = new Set(fixture.audio.filter((a) => kept.has(a.album)).map((a) => a.path));
  return { ...messy, recordings: messy.recordings.filter((r) => paths.has(r.path)) };
}

const SEEDS = propertySeeds(2);

describe.each(SEEDS)('inferred layouts of random layouts (seed %i)', (seed) => {
  it('reproduce ≥ 95% of the files, whatever the order they are listed in', () => {
    fc.assert(
      fc.property(styleArb, fc.nat(), (rules, offset) => {
        const src = someAlbums(offset, 4);
        const tidy = applied(src, plan(src, { rules }));
        const releases = plan(tidy).releases;
        const layout = inferLayout({ releases, recordings: tidy.recordings }, registry);
        expect(layout, rules).toBeDefined();
        expect(layout!.matching / layout!.total, `${rules}→\n${layout!.rules}`).toBeGreaterThanOrEqual(0.95);
        const again = inferLayout({ releases, recordings: [...tidy.recordings].reverse() }, registry);
        expect(again?.rules).toBe(layout!.rules);
      }),
      { seed, numRuns: Number(process.env.LAYOUT_PROPERTY_RUNS ?? 5) },
    );
  });
});
