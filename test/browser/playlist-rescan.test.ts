// A warm rescan reads no file content, the user's playlists included: an .m3u/.m3u8 whose path,
// size and lastModified are those the last scan read is taken from it; a changed one is read again.
import { afterEach, beforeAll, expect, test, vi } from 'vitest';
import { deleteDB } from 'idb';
import { openOrganizerDb, type OrganizerDb } from '../../src/db/schema.ts';
import { scanLibrary } from '../../src/scan/scan-library.ts';
import { TagReaderPool } from '../../src/tags/pool.ts';
import { freshFolder, writeTree } from './support/opfs.ts';

let db: OrganizerDb;
let library: FileSystemDirectoryHandle;

beforeAll(async () => {
  await deleteDB('playlist-rescan-test');
  db = await openOrganizerDb('playlist-rescan-test');
  library = await freshFolder('playlist-rescan');
  await writeTree(library, {
    'Mixes/Road trip.m3u8': '#EXTM3U\n../Rips/a.mp3\n',
    'Old.m3u': 'Rips/b.mp3\n',
    'notes.txt': 'not a playlist',
  });
});
afterEach(() => vi.restoreAllMocks());

async function scan(playlists?: Awaited<ReturnType<typeof scanLibrary>>['playlists']) {
  const pool = new TagReaderPool(1);
  try {
    return await scanLibrary(library, { library: 'playlist-rescan', db, pool, ...(playlists ? { playlists } : {}) });
  } finally {
    pool.terminate();
  }
}

test('unchanged playlists are not read again; a changed one is', async () => {
  const first = await scan();
  expect(first.playlists.map((p) => [p.path, p.text]).sort()).toEqual([['Mixes/Road trip.m3u8', '#EXTM3U\n../Rips/a.mp3\n'], ['Old.m3u', 'Rips/b.mp3\n']]);

  // Reads of file content, counted at the platform's own method (it still reads).
  const reads = vi.spyOn(Blob.prototype, 'arrayBuffer');
  const warm = await scan(first.playlists);
  expect(reads).not.toHaveBeenCalled();
  expect(warm.playlists).toEqual(first.playlists);

  await writeTree(library, { 'Old.m3u': 'Rips/b.mp3\nRips/c.mp3\n' });
  const changed = await scan(warm.playlists);
  expect(reads).toHaveBeenCalledTimes(1);
  expect(changed.playlists.find((p) => p.path === 'Old.m3u')?.text).toBe('Rips/b.mp3\nRips/c.mp3\n');
});
