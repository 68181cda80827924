// Copy mode: organize into a second folder, leaving the library untouched (or, on request,
// deleting each original only after its copy is verified). Undo, resume and roll back.
import { beforeAll, describe, expect, test } from 'vitest';
import { deleteDB } from 'idb';
import { openOrganizerDb, type OrganizerDb } from '../../src/db/schema.ts';
import { rollBackRun, resumeRun, startRun, undoRun } from '../../src/apply/runs.ts';
import { RunPausedError } from '../../src/apply/execute-run.ts';
import type { CopyStep } from '../../src/core/journal-steps.ts';
import { freshFolder, readTree, writeTree } from './support/opfs.ts';

let db: OrganizerDb;
beforeAll(async () => {
  await deleteDB('copy-test');
  db = await openOrganizerDb('copy-test');
});

const library = {
  'dump/a.mp3': 'AAAA',
  'dump/b.flac': 'B'.repeat(300_000),
  'old/c.m4a': 'CC',
  'notes.txt': 'stays',
};
const copies = (deleteSource: boolean): CopyStep[] => [
  { kind: 'copy', from: 'dump/a.mp3', to: 'X/Album/01 A.mp3', size: 4, lastModified: 0, deleteSource },
  { kind: 'copy', from: 'dump/b.flac', to: 'X/Album/02 B.flac', size: 300_000, lastModified: 0, deleteSource },
  { kind: 'copy', from: 'old/c.m4a', to: 'Y/Other/01 C.m4a', size: 2, lastModified: 0, deleteSource },
];

async function setUp() {
  const root = await freshFolder('copy-src');
  const destination = await freshFolder('copy-dst');
  await writeTree(root, library);
  return { root, destination, dest: { name: 'Organized', handle: destination } };
}

describe('copy mode', () => {
  test('copies into the destination, verified, and leaves the library untouched; undo removes the copies', async () => {
    const { root, destination, dest } = await setUp();
    const { run, summary } = await startRun({ root, db }, { library: 'copy', libraryName: 'Music', template: 't', steps: copies(false), destination: dest });
    expect(summary.moved).toBe(3);
    expect((await readTree(root)).files).toEqual(library);
    expect((await readTree(destination)).files).toEqual({ 'X/Album/01 A.mp3': 'AAAA', 'X/Album/02 B.flac': library['dump/b.flac'], 'Y/Other/01 C.m4a': 'CC' });
    await undoRun({ root, db }, run.id);
    expect((await readTree(root)).files).toEqual(library);
    expect(await readTree(destination)).toEqual({ files: {}, folders: [] });
  });

  test('with "delete originals", each original goes only after its copy; undo brings them back', async () => {
    const { root, destination, dest } = await setUp();
    const { run } = await startRun({ root, db }, { library: 'copy', libraryName: 'Music', template: 't', steps: copies(true), destination: dest });
    expect(await readTree(root)).toEqual({ files: { 'notes.txt': 'stays' }, folders: [] });
    expect(Object.keys((await readTree(destination)).files)).toHaveLength(3);
    await undoRun({ root, db }, run.id);
    expect((await readTree(root)).files).toEqual(library);
    expect((await readTree(destination)).files).toEqual({});
  });

  test('a different file already at the target is never overwritten', async () => {
    const { root, destination, dest } = await setUp();
    await writeTree(destination, { 'X/Album/01 A.mp3': 'someone else' });
    const { summary } = await startRun({ root, db }, { library: 'copy', libraryName: 'Music', template: 't', steps: copies(true), destination: dest });
    expect(summary.skipped).toEqual([{ path: 'dump/a.mp3', reason: expect.stringMatching(/already exists/) }]);
    expect((await readTree(destination)).files['X/Album/01 A.mp3']).toBe('someone else');
    expect((await readTree(root)).files['dump/a.mp3']).toBe('AAAA');
  });

  for (const stopAfter of [1, 2]) {
    test(`interrupted after ${stopAfter}: resume finishes, roll back restores`, async () => {
      for (const finish of ['resume', 'roll back'] as const) {
        const { root, destination, dest } = await setUp();
        const controller = new AbortController();
        const started = startRun(
          { root, db, signal: controller.signal, onProgress: (p) => p.done === stopAfter && controller.abort() },
          { library: `copy-${finish}`, libraryName: 'Music', template: 't', steps: copies(true), destination: dest },
        );
        await expect(started).rejects.toBeInstanceOf(RunPausedError);
        const [run] = (await db.getAllFromIndex('runs', 'byLibrary', `copy-${finish}`)).filter((r) => r.status === 'paused');
        if (finish === 'resume') {
          await resumeRun({ root, db }, run!.id);
          expect((await readTree(root)).files).toEqual({ 'notes.txt': 'stays' });
          expect(Object.keys((await readTree(destination)).files).sort()).toEqual(['X/Album/01 A.mp3', 'X/Album/02 B.flac', 'Y/Other/01 C.m4a']);
        } else {
          await rollBackRun({ root, db }, run!.id);
          expect((await readTree(root)).files).toEqual(library);
          expect((await readTree(destination)).files).toEqual({});
        }
        await db.delete('runs', run!.id);
      }
    });
  }
});
