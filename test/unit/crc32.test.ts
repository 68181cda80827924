import { expect, test } from 'vitest';
import fc from 'fast-check';
import { Crc32, crc32 } from '../../src/core/crc32.ts';

test('known CRC-32 values', () => {
  expect(crc32(new TextEncoder().encode('123456789'))).toBe('cbf43926');
  expect(crc32(new Uint8Array())).toBe('00000000');
  expect(crc32(new TextEncoder().encode('The quick brown fox jumps over the lazy dog'))).toBe('414fa339');
});

test('incremental equals one-shot, wherever the chunks are cut', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), fc.array(fc.nat(300)), (bytes, cuts) => {
      const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
      const sum = new Crc32();
      let from = 0;
      for (const p of [...points, bytes.length]) {
        sum.update(bytes.subarray(from, p));
        from = p;
      }
      expect(sum.digest()).toBe(crc32(bytes));
    }),
  );
});
