// Duplicates found by the real scan on real audio in OPFS, and planned: an exact copy of a FLAC in
// a dump folder, the same recording re-encoded as MP3, and big files (past the head) of equal size,
// two the same bytes and one not. The best copy stays in its album, the others go to Duplicates/;
// a warm rescan reads nothing; after the run the copies are still copies and nothing moves again.
import { beforeAll, describe, expect, test } from 'vitest';
import { deleteDB } from 'idb';
import { openOrganizerDb, type OrganizerDb } from '../../src/db/schema.ts';
import { moveReads } from '../../src/db/read-cache.ts';
import { movedFiles } from '../../src/apply/runs.ts';
import { DEFAULT_HEAD_BYTES } from '../../src/tags/protocol.ts';
import type { Plan, Recording } from '../../src/core/model.ts';
import type { LibraryScan } from '../../src/scan/scan-library.ts';
import { applyPlan, defaultPlan, fixtureBytes, hashTree, scanFolder } from './support/pipeline.ts';
import { freshFolder, writeFile } from './support/opfs.ts';
import { mpegFrames, taggedMp3 } from './support/id3.ts';
import expected from '../fixtures/audio/expected.json';

const LIBRARY = 'duplicates-lib';
const flacTags = expected['flac.flac'].tags;
let db: OrganizerDb;
let root: FileSystemDirectoryHandle;
let cold: LibraryScan;
let plan: Plan;

const at = (p: Plan, path: string) => p.operations.flatMap((o) => (o.kind === 'move' && o.from === path ? [o.to] : []))[0] ?? path;
const recording = (scan: LibraryScan, path: string): Recording => scan.recordings.find((r) => r.path === path)!;

beforeAll(async () => {
  await deleteDB('duplicates-test');
  db = await openOrganizerDb('duplicates-test');
  root = await freshFolder('duplicates');
  const flac = await fixtureBytes('flac.flac');
  const frames = mpegFrames(await fixtureBytes('mp3-id3v24.mp3'));
  await writeFile(root, 'Fixture Artist - Fixture Album/01 flac.flac', flac);
  await writeFile(root, 'Duplicates/copy of 01 flac.flac', flac);
  // The same recording (the fixtures share one tone) re-encoded as MP3, tagged as the FLAC is.
  const same = { TIT2: flacTags.title, TPE1: flacTags.artist, TPE2: flacTags.albumartist, TALB: flacTags.album, TRCK: String(flacTags.track), TPOS: String(flacTags.disc) };
  await writeFile(root, 'Unsorted/Fixture Artist - Flac Song.mp3', taggedMp3(frames, same));
  // Past the head: a big picture in the tag. Two the same bytes, a third of equal size but another title.
  const big = (title: string, track: string) => taggedMp3(frames, { TIT2: title, TPE1: 'Big Band', TALB: 'Big Album', TRCK: track }, 300_000);
  await writeFile(root, 'Big Band/Big Album/01 Big One.mp3', big('Big One', '1'));
  await writeFile(root, 'Downloads/Big One.mp3', big('Big One', '1'));
  await writeFile(root, 'Downloads/Big Two.mp3', big('Big Two', '2'));
});

describe('scan', () => {
  test("hashes only files whose size ties with another's and whose tags read the same", async () => {
    cold = await scanFolder(root, db, LIBRARY, 2);
    expect(cold.recordings).toHaveLength(6);
    const hashed = cold.recordings.filter((r) => r.hash !== undefined).map((r) => r.path).sort();
    // The FLAC and its copy, the big MP3 and its copy; not the re-encode (its own size), not
    // "Big Two" (the size of "Big One", but its tags read otherwise: not the same bytes).
    expect(hashed).toEqual(['Big Band/Big Album/01 Big One.mp3', 'Downloads/Big One.mp3', 'Duplicates/copy of 01 flac.flac', 'Fixture Artist - Fixture Album/01 flac.flac']);
    expect(recording(cold, 'Downloads/Big Two.mp3').size).toBe(recording(cold, 'Downloads/Big One.mp3').size);
    expect(recording(cold, 'Downloads/Big One.mp3').size).toBeGreaterThan(DEFAULT_HEAD_BYTES);
    expect(cold.progress.comparing).toMatchObject({ total: 4, done: 4 });
    // The hashes are SHA-256 of the bytes, as any tool computes them.
    const sums = await hashTree(root);
    for (const path of hashed) expect(recording(cold, path).hash, path).toBe(sums[path]);
  });

  test('reads length and cover art from the headers', () => {
    for (const r of cold.recordings) expect(r.audio.duration, r.path).toBeGreaterThan(0.3);
    expect(recording(cold, 'Downloads/Big Two.mp3').audio.cover).toBe(true);
    expect(recording(cold, 'Fixture Artist - Fixture Album/01 flac.flac').audio.cover).toBeUndefined();
  });
});

describe('plan', () => {
  test('keeps the lossless original in its album and sets the exact copy and the re-encode aside', () => {
    plan = defaultPlan(cold);
    const album = at(plan, 'Fixture Artist - Fixture Album/01 flac.flac');
    const folder = album.slice(0, album.lastIndexOf('/'));
    expect(folder).toMatch(/^Fixture Artist\/Fixture Album/);
    expect(at(plan, 'Duplicates/copy of 01 flac.flac')).toBe(`Duplicates/${folder}/copy of 01 flac.flac`);
    expect(at(plan, 'Unsorted/Fixture Artist - Flac Song.mp3')).toBe(`Duplicates/${folder}/Fixture Artist - Flac Song.mp3`);
    const group = plan.duplicates.find((g) => g.copies.some((c) => c.path.endsWith('01 flac.flac')))!;
    expect(group.kind).toBe('recording');
    expect(group.copies.map((c) => c.kept)).toEqual([true, false, false]);
    expect(group.reason).toBe('Kept because it is lossless (FLAC) and one other copy is lossy (MP3). One other copy is identical; kept the one outside Duplicates/.');
  });

  test('tells big copies of equal size from a big file that only has their size', () => {
    const group = plan.duplicates.find((g) => g.copies.some((c) => c.path.endsWith('Big One.mp3')))!;
    expect(group.kind).toBe('exact');
    expect(group.copies.map((c) => [c.path, c.kept])).toEqual([['Big Band/Big Album/01 Big One.mp3', true], ['Downloads/Big One.mp3', false]]);
    expect(at(plan, 'Downloads/Big One.mp3')).toMatch(/^Duplicates\/Big Band\/Big Album\/Big One\.mp3$/);
    expect(plan.duplicates.flatMap((g) => g.copies.map((c) => c.path))).not.toContain('Downloads/Big Two.mp3');
    expect(plan.duplicates).toHaveLength(2);
  });

  test('a warm rescan reads no content, hashes included, and plans the same', async () => {
    const warm = await scanFolder(root, db, LIBRARY, 2);
    expect(warm.progress.bytesRead).toBe(0);
    expect(warm.progress.comparing.total).toBe(0);
    expect(defaultPlan(warm)).toEqual(plan);
  });
});

describe('after the run', () => {
  test('every copy is in Duplicates/, nothing was lost, and planning again moves nothing and reads nothing', async () => {
    const before = await hashTree(root);
    const { run } = await applyPlan(root, db, LIBRARY, cold, plan);
    await moveReads(db, LIBRARY, await movedFiles(db, run));
    const after = await hashTree(root);
    expect(Object.values(after).sort()).toEqual(Object.values(before).sort());
    expect(Object.keys(after).filter((p) => p.startsWith('Duplicates/'))).toHaveLength(3);
    const again = await scanFolder(root, db, LIBRARY, 2);
    expect(again.progress.bytesRead).toBe(0);
    const replanned = defaultPlan(again);
    expect(replanned.operations).toEqual([]);
    expect(replanned.duplicates.map((g) => g.copies.filter((c) => !c.kept).every((c) => c.path.startsWith('Duplicates/')))).toEqual([true, true]);
  });
});
