// A collision number (" (2)") must not push a name past the 255 bytes ext4, APFS and exFAT allow:
// the name was already cut to fit before it got the number.
import { expect, it } from 'vitest';
import type { FileEntry } from '../../src/core/model.ts';
import { TargetSettler } from '../../src/core/settle-targets.ts';
import { fitAllFolders } from '../../src/core/fit-folders.ts';

const bytes = (s: string) => new TextEncoder().encode(s).length;
const file = (path: string): FileEntry => ({ path, size: 1, lastModified: 1 }) as FileEntry;

it('a numbered file name stays within 255 bytes', () => {
  const name = '音'.repeat(83) + '.mp3'; // 253 bytes, 87 characters: no path limit cuts it
  const settled = new TargetSettler([], 259).settle([
    { from: file('a.mp3'), to: name, reason: 'recording' },
    { from: file('b.mp3'), to: name, reason: 'recording' },
  ]);
  const targets = settled.operations.map((o) => (o.kind === 'move' ? o.to : ''));
  expect(targets).toContain(name);
  const numbered = targets.find((t) => t !== name)!;
  expect(numbered).toMatch(/^音+ \(2\)\.mp3$/);
  expect(bytes(numbered)).toBeLessThanOrEqual(255);
});

it('a numbered folder name stays within 255 bytes', () => {
  // Two artists that the path limit cuts to one folder; the album folder (255 bytes) gets the number.
  const album = '音'.repeat(85);
  const first = `${'a'.repeat(150)}x/${album}`;
  const second = `${'a'.repeat(150)}y/${album}`;
  const fitted = fitAllFolders(new Map([[first, new Set<string>()], [second, new Set<string>()]]), 259);
  const last = [fitted.get(first)!, fitted.get(second)!].map((folders) => folders.at(-1)!);
  expect(last).toContain(album);
  const numbered = last.find((name) => name !== album)!;
  expect(numbered).toMatch(/^音+ \(2\)$/);
  expect(bytes(numbered)).toBeLessThanOrEqual(255);
});
