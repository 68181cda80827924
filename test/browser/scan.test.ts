// The scan on a real OPFS folder: streaming walk, worker pool, and the IndexedDB cache that makes
// a second scan of an unchanged library read no file content at all.
import { beforeAll, describe, expect, test } from 'vitest';
import { deleteDB } from 'idb';
import { openOrganizerDb, type OrganizerDb } from '../../src/db/schema.ts';
import { scanLibrary, type ScanProgress } from '../../src/scan/scan-library.ts';
import { TagReaderPool } from '../../src/tags/pool.ts';
import { walkLibrary } from '../../src/fs/walk.ts';
import { freshFolder, writeFile, writeTree } from './support/opfs.ts';

const urls = import.meta.glob('../fixtures/audio/*.{mp3,flac,m4a,ogg,opus,wma,wav,aiff}', { query: '?url', eager: true, import: 'default' }) as Record<string, string>;
const fixtures = Object.entries(urls).map(([k, url]) => ({ name: k.slice(k.lastIndexOf('/') + 1), url }));

let db: OrganizerDb;
let library: FileSystemDirectoryHandle;
const audioCount = () => fixtures.length * 2;

beforeAll(async () => {
  await deleteDB('scan-test');
  db = await openOrganizerDb('scan-test');
  library = await freshFolder('scan');
  // Every fixture twice, in two folders, plus the litter real folders have.
  for (const f of fixtures) {
    const bytes = await (await fetch(f.url)).arrayBuffer();
    await writeFile(library, `Rips/${f.name}`, bytes);
    await writeFile(library, `Old/Backup/${f.name}`, bytes);
  }
  await writeTree(library, {
    'Rips/cover.jpg': 'jpeg',
    'Rips/Thumbs.db': 'x',
    '.DS_Store': 'x',
    'Rips/.hidden.mp3': 'not scanned',
    '.Trash/gone.flac': 'not scanned',
    'Rips/half-written.flac.crswap': 'x',
  });
});

async function scan(pool = new TagReaderPool(2), onProgress?: (p: Readonly<ScanProgress>) => void) {
  try {
    return await scanLibrary(library, { library: 'scan-lib', db, pool, batchSize: 4, ...(onProgress ? { onProgress } : {}) });
  } finally {
    pool.terminate();
  }
}

describe('walk', () => {
  test('skips hidden entries and interrupted writes, reports junk', async () => {
    const paths: string[] = [];
    for await (const f of walkLibrary(library)) paths.push(f.path);
    expect(paths).toContain('.DS_Store');
    expect(paths).toContain('Rips/Thumbs.db');
    expect(paths.some((p) => p.includes('.hidden') || p.includes('.Trash') || p.endsWith('.crswap'))).toBe(false);
    expect(paths).toHaveLength(audioCount() + 3);
  });
});

describe('scan and cache', () => {
  test('a cold scan reads every audio file in the workers, and work starts before the walk ends', async () => {
    const seen: ScanProgress[] = [];
    const result = await scan(undefined, (p) => seen.push({ ...p }));
    const unreadable = fixtures.filter((f) => /corrupt|empty|not-audio/.test(f.name)).length * 2;
    expect(result.recordings).toHaveLength(audioCount() - unreadable);
    expect(result.unreadable).toHaveLength(unreadable);
    expect(result.unreadable.map((u) => u.reason).join('\n')).toMatch(/empty file/);
    expect(result.junk.map((j) => j.path).sort()).toEqual(['.DS_Store', 'Rips/Thumbs.db']);
    expect(result.others.map((o) => o.path)).toEqual(['Rips/cover.jpg']);
    expect(result.progress.fromCache).toBe(0);
    expect(result.progress.bytesRead).toBeGreaterThan(0);
    expect(seen.some((p) => p.walking && p.done > 0)).toBe(true);
    const flac = result.recordings.find((r) => r.path === 'Rips/flac.flac' || r.path.endsWith('.flac'))!;
    expect(flac.tags.title).toBeTruthy();
  });

  test('a warm scan of the unchanged library reads no file content', async () => {
    const result = await scan();
    expect(result.progress.bytesRead).toBe(0);
    const readable = result.recordings.length + result.unreadable.length;
    expect(result.progress.fromCache).toBe(readable);
    expect(result.recordings.length).toBeGreaterThan(0);
  });

  test('a changed file is read again, and only that file', async () => {
    const first = fixtures.find((f) => f.name.endsWith('.flac') && !/empty/.test(f.name))!;
    const bytes = new Uint8Array(await (await fetch(first.url)).arrayBuffer());
    await writeFile(library, `Rips/${first.name}`, bytes.slice(0, bytes.length - 1));
    const result = await scan();
    expect(result.progress.fromCache).toBe(result.recordings.length + result.unreadable.length - 1);
    expect(result.progress.bytesRead).toBeGreaterThan(0);
    expect(result.progress.bytesRead).toBeLessThanOrEqual(bytes.length);
  });

  test('reads cached by an older reader are read again once, by this one', async () => {
    // As an earlier version of the app left them: no reader version, no album comment.
    const rows = await db.getAll('reads', IDBKeyRange.bound(['scan-lib', ''], ['scan-lib', '\uffff']));
    const tx = db.transaction('reads', 'readwrite');
    for (const { reader: _reader, ...row } of rows) void tx.store.put(row);
    await tx.done;
    const again = await scan();
    expect(again.progress.fromCache).toBe(0);
    expect(again.recordings.some((r) => r.tags.albumdisambig)).toBe(true);
    const warm = await scan();
    expect(warm.progress.bytesRead).toBe(0);
  });
});

describe('files larger than the head', () => {
  /** An MP3 of about `megabytes`, its fixture's frames repeated; `picture` puts an ID3v2 tag with a big picture in front. */
  async function bigMp3(megabytes: number, picture = 0): Promise<Blob> {
    const bytes = new Uint8Array(await (await fetch(fixtures.find((f) => f.name === 'mp3-id3v1.mp3')!.url)).arrayBuffer());
    const frames = bytes.subarray(0, bytes.length - 128);
    const parts: BlobPart[] = [];
    if (picture > 0) {
      // ID3v2.3: a TIT2 frame, then an APIC frame of `picture` bytes.
      const text = new TextEncoder().encode('\u0000Big Picture Song');
      const frame = (id: string, body: Uint8Array<ArrayBuffer>) => {
        const head = new Uint8Array(10);
        head.set(new TextEncoder().encode(id));
        new DataView(head.buffer).setUint32(4, body.length);
        return [head, body];
      };
      const apic = new Uint8Array(picture);
      apic.set(new TextEncoder().encode('\u0000image/jpeg\u0000\u0003\u0000'));
      const framesPart = [...frame('TIT2', text), ...frame('APIC', apic)];
      const size = framesPart.reduce((n, p) => n + p.length, 0);
      const synchsafe = [(size >> 21) & 0x7f, (size >> 14) & 0x7f, (size >> 7) & 0x7f, size & 0x7f];
      parts.push(new Uint8Array([0x49, 0x44, 0x33, 3, 0, 0, ...synchsafe]), ...framesPart);
    }
    for (let size = 0; size < megabytes * 1024 * 1024; size += frames.length) parts.push(frames);
    if (picture === 0) parts.push(bytes.subarray(bytes.length - 128));
    return new Blob(parts);
  }

  test('the workers ask the scan for bytes past the head: an ID3v1 tail, a tag behind a big picture', async () => {
    const big = await freshFolder('scan-big');
    await writeFile(big, 'Old Rips/track.mp3', await (await bigMp3(2)).arrayBuffer());
    await writeFile(big, 'New Rips/cover-art.mp3', await (await bigMp3(1, 3 * 1024 * 1024)).arrayBuffer());
    await deleteDB('scan-big');
    const bigDb = await openOrganizerDb('scan-big');
    const pool = new TagReaderPool(2);
    try {
      const result = await scanLibrary(big, { library: 'scan-big', db: bigDb, pool });
      expect(result.unreadable).toEqual([]);
      const byPath = new Map(result.recordings.map((r) => [r.path, r]));
      expect(byPath.get('Old Rips/track.mp3')?.tags.title).toBeTruthy();
      expect(byPath.get('New Rips/cover-art.mp3')?.tags.title).toBe('Big Picture Song');
      // Two heads, one 64 KB tail, and the few bytes past the picture: never the picture itself.
      expect(result.progress.bytesRead).toBeLessThan(2 * 256 * 1024 + 64 * 1024 + 300 * 1024);
    } finally {
      pool.terminate();
      bigDb.close();
    }
  });
});
