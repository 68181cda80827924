// Kept plugin answers are bounded by age and by count, oldest first (src/core/answer-eviction.ts).
import { expect, test } from 'vitest';
import { batchesToEvict, MAX_AGE_MS, MAX_ANSWERS } from '../../src/core/answer-eviction.ts';

const DAY = 24 * 60 * 60 * 1000;
const now = 1000 * DAY;
const batch = (plugin: string, ageDays: number, size: number) => ({ plugin, storedAt: now - ageDays * DAY, size });

test('nothing goes while the batches are young and few', () => {
  expect(batchesToEvict([batch('a', 1, 10), batch('b', 2, 10)], now)).toEqual([]);
  expect(batchesToEvict([], now)).toEqual([]);
});

test('a batch older than the limit goes, whichever plugin it is', () => {
  const old = batch('a', 181, 10);
  const young = batch('b', 179, 10);
  expect(batchesToEvict([old, young], now)).toEqual([old]);
  expect(MAX_AGE_MS).toBe(180 * DAY);
});

test('past the count limit the oldest go first, and everything older than the first to go', () => {
  const limits = { maxAgeMs: MAX_AGE_MS, maxAnswers: 100 };
  const newest = batch('a', 0, 60);
  const middle = batch('b', 1, 30);
  const older = batch('a', 2, 20);
  const oldest = batch('c', 3, 5);
  const evicted = batchesToEvict([oldest, middle, newest, older], now, limits);
  // 60 + 30 fit; 20 more would not, so that batch and the (small) one before it go.
  expect(evicted).toEqual([older, oldest]);
});

test('the newest batch always stays, even alone over the limits', () => {
  const huge = batch('a', 400, MAX_ANSWERS + 1);
  expect(batchesToEvict([huge], now)).toEqual([]);
  expect(batchesToEvict([batch('b', 500, 1), huge], now)).toEqual([batch('b', 500, 1)]);
});
