import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { blobSource, splicedSource } from '../../src/tags/byte-source.ts';

describe('splicedSource', () => {
  test('reads as the front followed by the rest from restStart, for any range', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 40 }),
        fc.uint8Array({ maxLength: 60 }),
        fc.nat(70),
        fc.nat(120),
        fc.nat(120),
        async (front, rest, cut, a, b) => {
          const restStart = Math.min(cut, rest.length);
          const whole = new Uint8Array([...front, ...rest.subarray(restStart)]);
          const source = splicedSource(front, blobSource(new Blob([rest])), restStart);
          expect(source.size).toBe(whole.length);
          const [start, end] = a <= b ? [a, b] : [b, a];
          expect([...(await source.read(start, end))]).toEqual([...whole.subarray(start, end)]);
        },
      ),
    );
  });
});
