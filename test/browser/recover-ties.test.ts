// Crash recovery recognises files by size and lastModified. Two files that tie on both — written
// in the same millisecond, as a copy tool or an unzip often leaves them — look the same to it, so a
// swap of the two that finished before the journal heard of it looks as if it never ran. A small
// content fingerprint, kept in the journal for such files only, tells them apart.
import { beforeAll, describe, expect, test } from 'vitest';
import { deleteDB } from 'idb';
import { openOrganizerDb, type OrganizerDb } from '../../src/db/schema.ts';
import { resumeRun, rollBackRun, startRun } from '../../src/apply/runs.ts';
import { loadRun, progressOf } from '../../src/apply/journal-store.ts';
import { scheduleMoves } from '../../src/core/schedule.ts';
import { fileStats, freshFolder, readTree, stepsWithIdentity, writeFile } from './support/opfs.ts';

const DB = 'ties-test';
let db: OrganizerDb;
beforeAll(async () => {
  await deleteDB(DB);
  db = await openOrganizerDb(DB);
});

const A = 'A'.repeat(20_000);
const B = 'B'.repeat(20_000);

/** Two files of one size written together until they share a lastModified (about every other try). */
async function tiedPair(root: FileSystemDirectoryHandle): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const [a, b] = await Promise.all([writeFile(root, 'x/a.mp3', A), writeFile(root, 'x/b.mp3', B)]);
    if ((await a.getFile()).lastModified === (await b.getFile()).lastModified) return;
  }
  throw new Error('could not write two files in the same millisecond');
}

/**
 * Starts the swap and "crashes" after `after` steps: the database connection goes away (as it does
 * when the tab dies), so nothing after the journal's creation is recorded.
 */
async function crashedSwap(after: number, library: string) {
  const root = await freshFolder('ties');
  await tiedPair(root);
  await writeFile(root, 'x/other.mp3', 'other');
  const stats = await fileStats(root);
  expect(stats.get('x/a.mp3')!.lastModified).toBe(stats.get('x/b.mp3')!.lastModified);
  const { steps: moves } = scheduleMoves([{ from: 'x/a.mp3', to: 'x/b.mp3' }, { from: 'x/b.mp3', to: 'x/a.mp3' }, { from: 'x/other.mp3', to: 'y/other.mp3' }], [...stats.keys()], { tempTag: 't' });
  const steps = stepsWithIdentity(moves, stats);
  const doomed = await openOrganizerDb(DB);
  const controller = new AbortController();
  await startRun(
    { root, db: doomed, signal: controller.signal, onProgress: (p) => {
      if (p.done < after) return;
      doomed.close();
      controller.abort();
    } },
    { library, libraryName: 'x', template: '', steps },
  ).catch(() => {});
  const [run] = await db.getAllFromIndex('runs', 'byLibrary', library);
  expect(run!.status).toBe('running');
  expect((await progressOf(db, run!.id)).done.size).toBe(0);
  return { root, run: run!, steps };
}

describe('files that tie on size and lastModified', () => {
  for (const after of [2, 3, 4]) {
    test(`a swap crashed after ${after} steps, unrecorded: resume finishes it`, async () => {
      const { root, run } = await crashedSwap(after, `ties-resume-${after}`);
      await resumeRun({ root, db }, run.id);
      expect((await readTree(root)).files).toEqual({ 'x/a.mp3': B, 'x/b.mp3': A, 'y/other.mp3': 'other' });
    });

    test(`a swap crashed after ${after} steps, unrecorded: roll back restores it`, async () => {
      const { root, run } = await crashedSwap(after, `ties-rollback-${after}`);
      await rollBackRun({ root, db }, run.id);
      expect((await readTree(root)).files).toEqual({ 'x/a.mp3': A, 'x/b.mp3': B, 'x/other.mp3': 'other' });
    });
  }

  test('only the tied files carry a fingerprint', async () => {
    const { run } = await crashedSwap(0, 'ties-fingerprints');
    const steps = (await loadRun(db, run.id))!.steps;
    expect(steps.map((s) => [s.from, s.kind === 'move' && s.fingerprint !== undefined])).toEqual([
      ['x/other.mp3', false],
      ['x/a.mp3', true],
      ['x/b.mp3', true],
      ['x/.mo-tmp-t-0-a.mp3', true],
    ]);
  });
});
