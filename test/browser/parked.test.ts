// A file parked under a temporary name (a swap, a rotation, a case-only rename) must never stay
// there: the scan skips hidden names, so such a file would vanish from the user's library. These
// are the cases where the step that should bring it back fails — in an apply, an undo, a roll back
// and a resumed run — and the file has to be put somewhere visible instead.
import { beforeAll, describe, expect, test } from 'vitest';
import { deleteDB } from 'idb';
import { openOrganizerDb, type OrganizerDb } from '../../src/db/schema.ts';
import { movedFiles, resumeRun, rollBackRun, startRun, undoRun } from '../../src/apply/runs.ts';
import { RunPausedError } from '../../src/apply/execute-run.ts';
import { loadRun } from '../../src/apply/journal-store.ts';
import type { JournalStep } from '../../src/core/journal-steps.ts';
import { freshFolder, readTree, writeTree } from './support/opfs.ts';

let db: OrganizerDb;
beforeAll(async () => {
  await deleteDB('parked-test');
  db = await openOrganizerDb('parked-test');
});

const move = (from: string, to: string, temporary = false): JournalStep => ({ kind: 'move', from, to, size: 1, lastModified: 0, ...(temporary ? { temporary } : {}) });
const newRun = (steps: JournalStep[]) => ({ library: 'parked', libraryName: 'Music', template: 't', steps });
/** A swap of a and b through a temporary name, as the scheduler writes it. */
const swap = () => [move('a.mp3', '.mo-tmp-1-a.mp3', true), move('b.mp3', 'a.mp3'), move('.mo-tmp-1-a.mp3', 'b.mp3')];

/** Starts a run and pauses it once `after` steps are done. */
async function pausedAfter(root: FileSystemDirectoryHandle, steps: JournalStep[], after: number) {
  const controller = new AbortController();
  const started = startRun({ root, db, signal: controller.signal, journalBatch: 1, onProgress: (p) => p.done === after && controller.abort() }, newRun(steps));
  await expect(started).rejects.toBeInstanceOf(RunPausedError);
  const runs = await db.getAllFromIndex('runs', 'byLibrary', 'parked');
  return runs.sort((a, b) => b.startedAt - a.startedAt)[0]!;
}

const hidden = (files: Record<string, string>) => Object.keys(files).filter((p) => p.includes('.mo-tmp-'));

describe('a parked file whose way back is blocked', () => {
  test('in an undo: it goes back to where the undo found it', async () => {
    const root = await freshFolder('parked-undo');
    await writeTree(root, { 'a.mp3': 'A' });
    const { run } = await startRun({ root, db }, newRun([move('a.mp3', '.mo-tmp-1-a.mp3', true), move('.mo-tmp-1-a.mp3', 'b.mp3')]));
    // Someone puts a new file where the undo wants to bring the old one back.
    await writeTree(root, { 'a.mp3': 'new' });
    const { summary } = await undoRun({ root, db }, run.id);
    const { files } = await readTree(root);
    expect(hidden(files)).toEqual([]);
    expect(files).toEqual({ 'a.mp3': 'new', 'b.mp3': 'A' });
    expect(summary.skipped).toEqual([{ path: 'b.mp3', reason: expect.stringMatching(/already exists.*stays where it was/) }]);
  });

  test('in a roll back: a file the interrupted run had parked is put beside its taken home, visibly', async () => {
    const root = await freshFolder('parked-rollback');
    await writeTree(root, { 'a.mp3': 'A', 'b.mp3': 'B' });
    const paused = await pausedAfter(root, swap(), 1);
    expect((await readTree(root)).files).toEqual({ '.mo-tmp-1-a.mp3': 'A', 'b.mp3': 'B' });
    await writeTree(root, { 'a.mp3': 'new' });
    const { summary } = await rollBackRun({ root, db }, paused.id);
    expect((await readTree(root)).files).toEqual({ 'a.mp3': 'new', 'a (2).mp3': 'A', 'b.mp3': 'B' });
    expect(summary.skipped).toEqual([{ path: 'a.mp3', reason: expect.stringMatching(/already exists.*put at "a \(2\)\.mp3"/) }]);
  });

  test('in a resumed run: the file parked before the pause is still rescued', async () => {
    const root = await freshFolder('parked-resume');
    await writeTree(root, { 'a.mp3': 'A', 'b.mp3': 'B' });
    const paused = await pausedAfter(root, swap(), 1);
    // The freed name is taken before the run goes on: b cannot move there, so the parked file cannot reach b.
    await writeTree(root, { 'a.mp3': 'new' });
    const { summary, run } = await resumeRun({ root, db }, paused.id);
    expect((await readTree(root)).files).toEqual({ 'a.mp3': 'new', 'a (2).mp3': 'A', 'b.mp3': 'B' });
    expect(summary.skipped.map((s) => s.path)).toEqual(['b.mp3', 'a.mp3']);
    // What the read cache follows: the file that really moved, to where it really is.
    expect(await movedFiles(db, run)).toEqual([{ from: 'a.mp3', to: 'a (2).mp3' }]);
  });

  test('the journal explains a rescue: undoing the run afterwards brings the file home', async () => {
    const root = await freshFolder('parked-explained');
    await writeTree(root, { 'a.mp3': 'A', 'b.mp3': 'B' });
    const paused = await pausedAfter(root, swap(), 1);
    await writeTree(root, { 'a.mp3': 'new' });
    await resumeRun({ root, db }, paused.id);
    await root.removeEntry('a.mp3');
    await undoRun({ root, db }, paused.id);
    expect((await readTree(root)).files).toEqual({ 'a.mp3': 'A', 'b.mp3': 'B' });
    expect((await loadRun(db, paused.id))!.status).toBe('undone');
  });

  test('in an undo of a completed swap, the parking step is the one marked temporary', async () => {
    const root = await freshFolder('parked-flags');
    await writeTree(root, { 'a.mp3': 'A', 'b.mp3': 'B' });
    const { run } = await startRun({ root, db }, newRun(swap()));
    const { run: undo } = await undoRun({ root, db }, run.id);
    expect(undo.steps.map((s) => [s.from, s.to, s.kind === 'move' && s.temporary === true])).toEqual([
      ['b.mp3', '.mo-tmp-1-a.mp3', true],
      ['a.mp3', 'b.mp3', false],
      ['.mo-tmp-1-a.mp3', 'a.mp3', false],
    ]);
    expect((await readTree(root)).files).toEqual({ 'a.mp3': 'A', 'b.mp3': 'B' });
  });
});
