// One file that cannot be opened is one unreadable row with its reason; the scan goes on.
//
// OPFS cannot be made to fail getFile() for one file with anything but NotFoundError (tried: a
// file held by a sync access handle in a worker, an exclusive writable, a file replaced by a
// folder; under a real profile the listing already reports such an entry as a folder). So the two
// failing files here are the one stand-in of this suite: entries whose getFile() rejects as
// Chromium does for a locked file or a refused permission, handed to the scan beside the real walk.
import { beforeAll, expect, test } from 'vitest';
import { deleteDB } from 'idb';
import { openOrganizerDb, type OrganizerDb } from '../../src/db/schema.ts';
import { scanLibrary } from '../../src/scan/scan-library.ts';
import { TagReaderPool } from '../../src/tags/pool.ts';
import { walkLibrary, type LibraryFile } from '../../src/fs/walk.ts';
import { freshFolder, writeFile } from './support/opfs.ts';

const urls = import.meta.glob('../fixtures/audio/*.{mp3,flac,m4a}', { query: '?url', eager: true, import: 'default' }) as Record<string, string>;

let db: OrganizerDb;
let library: FileSystemDirectoryHandle;

beforeAll(async () => {
  await deleteDB('scan-faults-test');
  db = await openOrganizerDb('scan-faults-test');
  library = await freshFolder('scan-faults');
  for (const [key, url] of Object.entries(urls)) await writeFile(library, `Rips/${key.slice(key.lastIndexOf('/') + 1)}`, await (await fetch(url)).arrayBuffer());
});

function failing(path: string, name: string, message: string): LibraryFile {
  return { path, name: path.slice(path.lastIndexOf('/') + 1), getFile: () => Promise.reject(new DOMException(message, name)) };
}

async function* withFailures(): AsyncGenerator<LibraryFile> {
  let i = 0;
  for await (const file of walkLibrary(library)) {
    if (i++ === 2) {
      yield failing('Rips/locked.mp3', 'NotReadableError', 'The file is locked by another program.');
      yield failing('Rips/refused.flac', 'NotAllowedError', 'Permission denied.');
    }
    yield file;
  }
}

test('a getFile() failure other than not-found makes that file unreadable with its reason; every other file is read', async () => {
  const pool = new TagReaderPool(2);
  try {
    const scan = await scanLibrary(library, { library: 'faults', db, pool, files: withFailures() });
    const audio = Object.keys(urls).length;
    const unreadable = new Map(scan.unreadable.map((u) => [u.path, u.reason]));
    expect(unreadable.get('Rips/locked.mp3')).toMatch(/could not be opened/);
    expect(unreadable.get('Rips/refused.flac')).toMatch(/permission/i);
    expect(scan.recordings.length + scan.unreadable.length).toBe(audio + 2);
    expect(scan.progress.unreadable).toBe(scan.unreadable.length);
  } finally {
    pool.terminate();
  }
});
