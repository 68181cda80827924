// The read cache follows moved files: plain moves, chains, swaps and rotations (also across the chunks
// its transactions are cut into), and moves of files it never cached.
import { beforeAll, describe, expect, test } from 'vitest';
import { deleteDB } from 'idb';
import { openOrganizerDb, type CachedRead, type OrganizerDb } from '../../src/db/schema.ts';
import { loadReads, moveReads, ReadsFollow, storeReads, type PendingReads } from '../../src/db/read-cache.ts';
import { scanLibrary } from '../../src/scan/scan-library.ts';
import { TagReaderPool } from '../../src/tags/pool.ts';
import type { LibraryFile } from '../../src/fs/walk.ts';
import { freshFolder } from './support/opfs.ts';
import { fixtureBytes } from './support/pipeline.ts';
import { mpegFrames, taggedMp3 } from './support/id3.ts';

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

// A scan that does not wait for the follow (issue 12, point 5). Every file has the same size and
// lastModified, so identity cannot tell a row at the wrong path: only the title can.
describe('a scan started while the rows still follow their files', () => {
  const N = 200;
  const WHEN = 1_700_000_000_000;
  let frames: Uint8Array<ArrayBuffer>;
  let root: FileSystemDirectoryHandle;
  beforeAll(async () => {
    frames = mpegFrames(await fixtureBytes('mp3-id3v23.mp3'));
    root = await freshFolder('follow');
  });

  const name = (i: number) => String(i).padStart(3, '0');
  /** Path → title of the file there, before the run. */
  const before = () => new Map(Array.from({ length: N }, (_, i) => [`Old/${name(i)}.mp3`, `Song ${name(i)}`]));
  /** A run's net moves: most files to a new folder, a swap, a rotation and a chain in place. */
  const moves = (): { from: string; to: string }[] => [
    { from: 'Old/000.mp3', to: 'Old/001.mp3' },
    { from: 'Old/001.mp3', to: 'Old/000.mp3' },
    { from: 'Old/002.mp3', to: 'Old/003.mp3' },
    { from: 'Old/003.mp3', to: 'Old/004.mp3' },
    { from: 'Old/004.mp3', to: 'Old/002.mp3' },
    { from: 'Old/005.mp3', to: 'Old/006.mp3' },
    { from: 'Old/006.mp3', to: 'New/006.mp3' },
    ...Array.from({ length: N - 7 }, (_, k) => ({ from: `Old/${name(k + 7)}.mp3`, to: `New/${name(k + 7)}.mp3` })),
  ];
  const after = () => {
    const was = before();
    const now = new Map(was);
    for (const m of moves()) now.delete(m.from);
    for (const m of moves()) now.set(m.to, was.get(m.from)!);
    return now;
  };
  /** The files as real File objects of one size and one date (an OPFS write cannot choose its date). */
  async function* files(titles: Map<string, string>, retagged?: string): AsyncGenerator<LibraryFile> {
    for (const [path, title] of titles) {
      const blob = taggedMp3(frames, { TIT2: title });
      const lastModified = path === retagged ? WHEN + 60_000 : WHEN;
      yield { path, name: path.slice(path.lastIndexOf('/') + 1), getFile: async () => new File([blob], 'x.mp3', { lastModified }) };
    }
  }
  async function scan(db: OrganizerDb, titles: Map<string, string>, moved?: PendingReads, retagged?: string) {
    const pool = new TagReaderPool(2);
    try {
      const result = await scanLibrary(root, { library: 'L', db, pool, files: files(titles, retagged), ...(moved ? { moved } : {}) });
      const wrong = result.recordings.filter((r) => r.tags.title !== titles.get(r.path)).map((r) => `${r.path} has ${r.tags.title}`);
      return { result, wrong };
    } finally {
      pool.terminate();
    }
  }
  const chunks = (n: number) => {
    let calls = 0;
    let reached!: () => void;
    const promise = new Promise<void>((resolve) => (reached = resolve));
    return { promise, onChunk: () => ++calls === n && reached() };
  };

  test('takes the moves over mid-way: every moved file has its own tags, no content is read, and the rest is written after', async () => {
    await deleteDB('follow-takeover');
    const db = await openOrganizerDb('follow-takeover');
    const sizes = new Set((await Promise.all([...before().values()].map((t) => taggedMp3(frames, { TIT2: t }).size))));
    expect(sizes.size).toBe(1);
    expect((await scan(db, before())).wrong).toEqual([]);
    const errors: unknown[] = [];
    const third = chunks(3);
    const follow = new ReadsFollow('L', (e) => errors.push(e), 8, third.onChunk);
    void follow.add(db, Promise.resolve(moves()));
    await third.promise;
    const moved = await follow.takeOver();
    // Taken over while under way: some moves written, most not.
    expect(moved.size).toBeGreaterThan(0);
    expect(moved.size).toBeLessThan(N);
    const { result, wrong } = await scan(db, after(), moved);
    expect(wrong).toEqual([]);
    expect(result.progress.bytesRead).toBe(0);
    expect(result.progress.fromCache).toBe(N);
    await follow.giveBack(moved);
    await follow.settled();
    expect(follow.left).toBe(0);
    expect(errors).toEqual([]);
    const again = await scan(db, after());
    expect(again.wrong).toEqual([]);
    expect(again.result.progress.bytesRead).toBe(0);
    expect([...(await loadReads(db, 'L')).keys()].sort()).toEqual([...after().keys()].sort());
    db.close();
  });

  test('taken over before anything was written, with a changed file among the moved ones: that one is read, and its new row is not overwritten', async () => {
    await deleteDB('follow-takeover-2');
    const db = await openOrganizerDb('follow-takeover-2');
    await scan(db, before());
    const follow = new ReadsFollow('L', (e) => expect.unreachable(String(e)), 8);
    void follow.add(db, Promise.resolve(moves()));
    const moved = await follow.takeOver();
    // The file swapped into Old/000.mp3 was retagged since (same size, a new date).
    const changed = after();
    changed.set('Old/000.mp3', 'Song XYZ');
    const { result, wrong } = await scan(db, changed, moved, 'Old/000.mp3');
    expect(wrong).toEqual([]);
    expect(result.progress.fromCache).toBe(N - 1);
    await follow.giveBack(moved);
    await follow.settled();
    const again = await scan(db, changed, undefined, 'Old/000.mp3');
    expect(again.wrong).toEqual([]);
    expect(again.result.progress.bytesRead).toBe(0);
    db.close();
  });

  test('two libraries: a scan of one holds the other\'s follow still, and each library\'s rows follow only its own files', async () => {
    await deleteDB('follow-two');
    const db = await openOrganizerDb('follow-two');
    await scan(db, before());
    // Library A has the same paths and rows (a copy of the same folder).
    await storeReads(db, [...(await loadReads(db, 'L')).values()].map((row) => ({ ...row, library: 'A' })));
    const errors: unknown[] = [];
    const second = chunks(2);
    const a = new ReadsFollow('A', (e) => errors.push(e), 8, second.onChunk);
    void a.add(db, Promise.resolve(moves()));
    await second.promise;
    const l = new ReadsFollow('L', (e) => errors.push(e), 8);
    void l.add(db, Promise.resolve(moves()));
    const moved = await l.takeOver();
    const leftInA = a.left;
    expect(leftInA).toBeGreaterThan(0);
    const { result, wrong } = await scan(db, after(), moved);
    expect(wrong).toEqual([]);
    expect(result.progress.bytesRead).toBe(0);
    expect(a.left).toBe(leftInA);
    await l.giveBack(moved);
    await Promise.all([a.settled(), l.settled()]);
    await a.settled();
    expect(errors).toEqual([]);
    expect(a.left).toBe(0);
    for (const library of ['A', 'L']) {
      const rows = await loadReads(db, library);
      expect(Object.fromEntries([...rows].map(([path, row]) => [path, row.outcome.kind === 'audio' ? row.outcome.tags.title : '']))).toEqual(Object.fromEntries(after()));
    }
    db.close();
  });

  test('an undo while the apply\'s rows still follow: the two runs compose, and every row ends where its file is', async () => {
    await deleteDB('follow-undo');
    const db = await openOrganizerDb('follow-undo');
    await scan(db, before());
    const rowsBefore = await loadReads(db, 'L');
    const errors: unknown[] = [];
    const third = chunks(3);
    const follow = new ReadsFollow('L', (e) => errors.push(e), 8, third.onChunk);
    void follow.add(db, Promise.resolve(moves()));
    await third.promise;
    // The undo's net moves: every file back where it was.
    void follow.add(db, Promise.resolve(moves().map((m) => ({ from: m.to, to: m.from }))));
    await follow.settled();
    expect(errors).toEqual([]);
    expect(await loadReads(db, 'L')).toEqual(rowsBefore);
    const { result, wrong } = await scan(db, before());
    expect(wrong).toEqual([]);
    expect(result.progress.bytesRead).toBe(0);
    db.close();
  });

  test('a follow that cannot write at all: a scan taking it over still gives every file its own tags', async () => {
    await deleteDB('follow-broken');
    const db = await openOrganizerDb('follow-broken');
    await scan(db, before());
    const own = await openOrganizerDb('follow-broken');
    own.close();
    const errors: unknown[] = [];
    const follow = new ReadsFollow('L', (e) => errors.push(e), 8);
    await follow.add(own, Promise.resolve(moves()));
    const moved = await follow.takeOver();
    expect(errors.length).toBeGreaterThan(0);
    expect(moved.size).toBe(N);
    // The store still has the rows as the run left them, the swapped ones at each other's paths.
    const { result, wrong } = await scan(db, after(), moved);
    expect(wrong).toEqual([]);
    expect(result.progress.bytesRead).toBe(0);
    await follow.giveBack(moved);
    await follow.settled();
    db.close();
  });

  test('a follow that fails half-way only loses rows: no file gets another file\'s tags', async () => {
    await deleteDB('follow-fails');
    const db = await openOrganizerDb('follow-fails');
    await scan(db, before());
    // The follow's own connection closes after its second transaction: every later one fails.
    const own = await openOrganizerDb('follow-fails');
    const errors: unknown[] = [];
    const second = chunks(2);
    const follow = new ReadsFollow('L', (e) => errors.push(e), 8, (left) => {
      second.onChunk();
      if (left < N - 1) own.close();
    });
    void follow.add(own, Promise.resolve(moves()));
    await second.promise;
    await follow.settled();
    expect(errors).toHaveLength(1);
    expect(follow.left).toBeGreaterThan(0);
    // The next session of the page would take the rest over; a new tab does not have it.
    const { result, wrong } = await scan(db, after());
    expect(wrong).toEqual([]);
    expect(result.progress.fromCache).toBeGreaterThan(0);
    expect(result.progress.fromCache).toBeLessThan(N);
    db.close();
  });
});
