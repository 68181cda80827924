// The lookup's progress line: count, speed and time left, measured over the latest answers so a
// burst of answers kept from an earlier visit does not make the rest look instant.
import { describe, expect, it } from 'vitest';
import { describeLookup, lookupProgress, timeLeft, type LookupSample } from '../../src/core/lookup-progress.ts';

/** One answer every `ms` from `from` answered at time `at`. */
const steady = (n: number, ms: number, from = 0, at = 0): LookupSample[] => Array.from({ length: n }, (_, i) => ({ at: at + (i + 1) * ms, done: from + i + 1 }));

describe('lookup progress', () => {
  it('says nothing about time until a few answers over a second are known', () => {
    expect(describeLookup(lookupProgress([], 2104))).toBe('0 of 2,104 releases looked up');
    expect(describeLookup(lookupProgress([{ at: 0, done: 0 }, { at: 500, done: 1 }], 2104))).toBe('1 of 2,104 releases looked up');
  });

  it('one release every two seconds (a search and a lookup at one request a second)', () => {
    const p = lookupProgress([{ at: 0, done: 0 }, ...steady(312, 2000)], 2104);
    expect(p.done).toBe(312);
    expect(p.perMinute).toBeCloseTo(30);
    expect(p.secondsLeft).toBeCloseTo((2104 - 312) * 2);
    expect(describeLookup(p)).toBe('312 of 2,104 releases looked up · 30 a minute · about 1 hour left');
  });

  it('a burst of kept answers leaves the estimate once the network sets the pace', () => {
    const burst: LookupSample[] = [{ at: 0, done: 0 }, { at: 50, done: 300 }];
    const network = steady(40, 2000, 300, 50);
    const p = lookupProgress([...burst, ...network], 2104);
    expect(p.perMinute).toBeCloseTo(30);
    expect(describeLookup(p)).toContain('about 59 minutes left');
  });

  it('failures count apart and are not waited for', () => {
    const p = lookupProgress([{ at: 0, done: 0 }, ...steady(10, 1000)], 100, 30);
    expect(p.secondsLeft).toBeCloseTo(60);
    expect(describeLookup(p)).toBe('10 of 100 releases looked up · 30 could not be asked · 60 a minute · about 1 minute left');
  });

  it('done: no speed, no time left', () => {
    expect(describeLookup(lookupProgress([{ at: 0, done: 0 }, ...steady(5, 1000)], 5))).toBe('5 of 5 releases looked up');
    expect(describeLookup(lookupProgress([{ at: 0, done: 1 }], 1))).toBe('1 of 1 release looked up');
  });

  it('time left in words', () => {
    expect(timeLeft(20)).toBe('less than a minute left');
    expect(timeLeft(60)).toBe('about 1 minute left');
    expect(timeLeft(29 * 60 + 10)).toBe('about 29 minutes left');
    expect(timeLeft(65 * 60)).toBe('about 1 hour 5 minutes left');
    expect(timeLeft(2 * 3600)).toBe('about 2 hours left');
  });
});
