import { describe, expect, it } from 'vitest';
import { SearchIndex } from '../../src/core/search-index.ts';

const rows = Array.from({ length: 1000 }, (_, i) => ({ from: `Old/Track ${i}.MP3`, to: `ABBA/Gold/${i}.mp3` }));
const textOf = (r: (typeof rows)[number]) => `${r.from}\u0000${r.to}`;

/** A deadline that allows `slices` checks before it runs out. */
const deadline = (slices: number) => ({ timeRemaining: () => (slices-- > 0 ? 10 : 0) });

describe('SearchIndex', () => {
  it('finds the same rows before, during and after the idle fill', () => {
    const index = new SearchIndex(rows, textOf);
    const expected = rows.filter((r) => textOf(r).toLowerCase().includes('track 99'));
    expect(index.matching('track 99')).toEqual(expected);
    const partly = new SearchIndex(rows, textOf);
    expect(partly.fill(deadline(1))).toBe(false);
    expect(partly.matching('track 99')).toEqual(expected);
    expect(partly.fill(deadline(100))).toBe(true);
    expect(partly.matching('track 99')).toEqual(expected);
  });

  it('fills in slices and stops when the deadline runs out', () => {
    const index = new SearchIndex(rows, textOf);
    let made = 0;
    const counting = new SearchIndex(rows, (r) => (made++, textOf(r)));
    expect(counting.fill(deadline(2))).toBe(false);
    expect(made).toBe(768);
    // A page that is never idle still gets one slice per call, or the index would never fill.
    expect(counting.fill(deadline(0))).toBe(true);
    expect(made).toBe(1000);
    // Text made once: a search afterwards makes nothing again.
    counting.matching('gold');
    expect(made).toBe(1000);
    expect(index.text(5)).toBe('old/track 5.mp3\u0000abba/gold/5.mp3');
  });
});
