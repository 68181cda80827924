// Emptied folders are removed while the moves run, as soon as no step left touches them
// (decision 0013, rule 8), and folders are made with one call each. Real OPFS, real runs.
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { deleteDB } from 'idb';
import { openOrganizerDb, type OrganizerDb } from '../../src/db/schema.ts';
import { startRun, undoRun } from '../../src/apply/runs.ts';
import { fileStats, freshFolder, readTree, stepsWithIdentity, writeTree } from './support/opfs.ts';

let db: OrganizerDb;
beforeAll(async () => {
  await deleteDB('tidy-in-flight-test');
  db = await openOrganizerDb('tidy-in-flight-test');
});

const newRun = (steps: ReturnType<typeof stepsWithIdentity>) => ({ library: 'lib', libraryName: 'Music', template: 't', steps });

/** A library of dump folders, each holding several album folders: the shape whose tidying raced. */
function dumps(count: number, albumsEach: number, tracks: number) {
  const files: Record<string, string> = {};
  const moves: { from: string; to: string }[] = [];
  for (let d = 0; d < count; d++) {
    for (let a = 0; a < albumsEach; a++) {
      const album = d * albumsEach + a;
      for (let t = 1; t <= tracks; t++) {
        const from = `Dump ${d}/Artist ${album} - Album ${album}/0${t} Song.mp3`;
        files[from] = `${album}:${t}`;
        moves.push({ from, to: `Artist ${album}/Album ${album} (2001)/0${t} Song.mp3` });
      }
    }
  }
  return { files, moves };
}

/** Counts calls of the File System Access API methods the apply uses (the real ones still run). */
const calls: Record<string, number> = {};
const restore: (() => void)[] = [];
function countCalls(proto: object, name: string) {
  const target = proto as Record<string, (...args: unknown[]) => unknown>;
  const original = target[name]!;
  target[name] = function (this: unknown, ...args: unknown[]) {
    calls[name] = (calls[name] ?? 0) + 1;
    return original.apply(this, args);
  };
  restore.push(() => (target[name] = original));
}
afterEach(() => {
  for (const undo of restore.splice(0)) undo();
  for (const key of Object.keys(calls)) delete calls[key];
});

describe('emptied folders are removed while moves run', () => {
  test('with 8 moves in flight, every emptied folder goes and nothing else; undo brings back the tree exactly', async () => {
    const root = await freshFolder();
    const { files, moves } = dumps(12, 5, 3);
    // A dump folder that keeps a file the run does not move, and an album folder that keeps one.
    files['Dump 3/notes.txt'] = 'N';
    files['Dump 5/Artist 27 - Album 27/cover.jpg'] = 'C';
    await writeTree(root, files);
    const before = await readTree(root);
    const { summary, run } = await startRun({ root, db, inFlight: 8 }, newRun(stepsWithIdentity(moves, await fileStats(root))));
    expect(summary.skipped).toEqual([]);
    const after = await readTree(root);
    const albums = Array.from({ length: 60 }, (_, n) => [`Artist ${n}`, `Artist ${n}/Album ${n} (2001)`]).flat();
    expect(after.folders.sort()).toEqual([...albums, 'Dump 3', 'Dump 5', 'Dump 5/Artist 27 - Album 27'].sort());
    // 60 album folders and 10 of the 12 dump folders.
    expect(summary.foldersRemoved).toBe(59 + 10);
    await undoRun({ root, db, inFlight: 8 }, run.id);
    expect(await readTree(root)).toEqual(before);
  });

  test('a folder emptied early in the run is kept while a later step still moves a file into it', async () => {
    const root = await freshFolder();
    const files: Record<string, string> = {};
    const moves: { from: string; to: string }[] = [];
    for (let n = 0; n < 40; n++) {
      files[`Inbox/${n}.mp3`] = `i${n}`;
      moves.push({ from: `Inbox/${n}.mp3`, to: `Sorted ${n % 8}/${n}.mp3` });
    }
    // The last step brings a file back into the folder the first 40 emptied.
    files['Elsewhere/late.mp3'] = 'L';
    moves.push({ from: 'Elsewhere/late.mp3', to: 'Inbox/Late/late.mp3' });
    await writeTree(root, files);
    const { summary } = await startRun({ root, db, inFlight: 8 }, newRun(stepsWithIdentity(moves, await fileStats(root))));
    expect(summary.skipped).toEqual([]);
    const after = await readTree(root);
    expect(after.files['Inbox/Late/late.mp3']).toBe('L');
    expect(after.folders).not.toContain('Elsewhere');
  });

  test('an apply makes each new folder with one call, lists one folder (the root), and tries each emptied folder once', async () => {
    const root = await freshFolder();
    const { files, moves } = dumps(6, 4, 2);
    await writeTree(root, files);
    const steps = stepsWithIdentity(moves, await fileStats(root));
    countCalls(FileSystemDirectoryHandle.prototype, 'getDirectoryHandle');
    countCalls(FileSystemDirectoryHandle.prototype, 'removeEntry');
    countCalls(FileSystemDirectoryHandle.prototype, 'keys');
    countCalls(FileSystemDirectoryHandle.prototype, 'entries');
    const { summary } = await startRun({ root, db, inFlight: 8 }, newRun(steps));
    // 24 artist and 24 album folders made; the sources are opened through the handles' parents.
    expect(summary.foldersCreated).toBe(48);
    expect(summary.foldersRemoved).toBe(24 + 6);
    expect(calls).toMatchObject({ removeEntry: 30, keys: 1 });
    expect(calls.entries ?? 0).toBe(0);
    // Each made folder once, plus opening the source folders (6 dumps + 24 albums) to find files.
    expect(calls.getDirectoryHandle).toBe(48 + 30);
  });
});
