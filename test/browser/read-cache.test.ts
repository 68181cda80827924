// The read cache follows moved files: plain moves, chains, swaps and rotations (also across the chunks
// its transactions are cut into), and moves of files it never cached.
import { expect, test } from 'vitest';
import { deleteDB } from 'idb';
import { openOrganizerDb, type CachedRead } from '../../src/db/schema.ts';
import { loadReads, moveReads, storeReads } from '../../src/db/read-cache.ts';

const row = (library: string, path: string, size: number): CachedRead => ({
  library,
  path,
  size,
  lastModified: 1_700_000_000_000 + size,
  outcome: { kind: 'unreadable', reason: `file of ${size} bytes` },
});

/** Which cached size sits at each path: the size identifies the row. */
async function sizesAt(db: Awaited<ReturnType<typeof openOrganizerDb>>, library: string): Promise<Record<string, number>> {
  const rows = await loadReads(db, library);
  return Object.fromEntries([...rows].map(([path, r]) => [path, r.size]));
}

test('rows follow their files: moves, a chain, a swap and a rotation split across chunks, and nothing else changes', async () => {
  await deleteDB('read-cache-test');
  const db = await openOrganizerDb('read-cache-test');
  await storeReads(db, [row('L', 'a', 1), row('L', 'b', 2), row('L', 'c', 3), row('L', 'd', 4), row('L', 'e', 5), row('L', 'keep', 6), row('other', 'a', 7), row('L', 'f', 8), row('L', 'g', 9)]);
  await moveReads(
    db,
    'L',
    [
      { from: 'a', to: 'b' }, // swap a ↔ b
      { from: 'c', to: 'd' }, // rotation c → d → e → c
      { from: 'd', to: 'e' },
      { from: 'b', to: 'a' },
      { from: 'e', to: 'c' },
      { from: 'f', to: 'g' }, // a chain: g moves on to h, then f takes its place
      { from: 'g', to: 'h' },
      { from: 'never-read', to: 'x' },
    ],
    2, // tiny transactions, so the swap and the rotation span several
  );
  expect(await sizesAt(db, 'L')).toEqual({ a: 2, b: 1, c: 5, d: 3, e: 4, keep: 6, g: 8, h: 9 });
  // Another library's row with the same path is not touched.
  expect(await sizesAt(db, 'other')).toEqual({ a: 7 });
  db.close();
});

test('a move into a new folder keeps the whole row, and the old path is gone', async () => {
  await deleteDB('read-cache-test-2');
  const db = await openOrganizerDb('read-cache-test-2');
  const original = row('L', 'Old/01.mp3', 42);
  await storeReads(db, [original]);
  await moveReads(db, 'L', [{ from: 'Old/01.mp3', to: 'Artist/Album/01 Title.mp3' }]);
  const rows = await loadReads(db, 'L');
  expect([...rows.keys()]).toEqual(['Artist/Album/01 Title.mp3']);
  expect(rows.get('Artist/Album/01 Title.mp3')).toEqual({ ...original, path: 'Artist/Album/01 Title.mp3' });
  db.close();
});
