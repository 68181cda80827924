import { expect, test } from 'vitest';
import { netMoves } from '../../src/core/net-moves.ts';

test('follows files through temporary names and drops round trips', () => {
  const steps = [
    { from: 'a', to: '.tmp-a' },
    { from: 'b', to: 'a' },
    { from: '.tmp-a', to: 'b' },
    { from: 'c', to: 'x/c' },
    { from: 'd', to: 'e' },
    { from: 'e2', to: 'e2' },
  ];
  expect(netMoves(steps).sort((p, q) => p.from.localeCompare(q.from))).toEqual([
    { from: 'a', to: 'b' },
    { from: 'b', to: 'a' },
    { from: 'c', to: 'x/c' },
    { from: 'd', to: 'e' },
  ]);
  expect(netMoves(steps, new Set(['c']))).not.toContainEqual({ from: 'c', to: 'x/c' });
});
