// Libraries whose grouping changes once the plan has moved their files, so that planning the
// organized library moves them again. The cause is in group.ts (a compilation decided by the flag
// majority of a folder, which moving changes), not in the planner; these are marked `it.fails`
// until grouping is stable under its own output. When one starts passing, vitest reports it:
// turn it into a plain `it`.
import { describe, expect, it } from 'vitest';
import { plan, rec, replanMoves, source } from './plan-helpers.ts';

describe('grouping stable under the planner’s own output (known gaps in group.ts)', () => {
  it('a compilation flag on one track of three in separate folders', () => {
    const src = source([
      rec('A/X/CD1/01.mp3', { artist: 'A', album: 'Café', compilation: true }),
      rec('01.mp3', { album: 'Café' }),
      rec('1.mp3', { albumartist: 'A', album: 'Café' }),
    ]);
    expect(replanMoves(src, plan(src))).toEqual([]);
  });

  it('tracks without artist gathered around one flagged track', () => {
    const src = source([
      rec('01.mp3', { artist: 'A', album: 'Café', compilation: true }),
      rec('in/01.mp3', { album: 'Café' }),
      rec('01.ogg', { album: 'Café' }),
    ]);
    expect(replanMoves(src, plan(src))).toEqual([]);
  });
});
