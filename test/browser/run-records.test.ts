// Every run tells the truth about itself: what the journal records about a run (its kind, what
// it reversed, its status) after each way of finishing it, and the texts the app derives from that,
// in move and in copy mode.
import { beforeAll, describe, expect, test } from 'vitest';
import { deleteDB } from 'idb';
import { openOrganizerDb, type OrganizerDb } from '../../src/db/schema.ts';
import { resumeRun, rollBackRun, startRun, undoRun } from '../../src/apply/runs.ts';
import { RunPausedError, type RunContext } from '../../src/apply/execute-run.ts';
import type { JournalStep } from '../../src/core/journal-steps.ts';
import type { JournalRun, RunSummary } from '../../src/db/journal-records.ts';
import { interruptedNotice, outcomeOf, statusOf, unfinishedNotice } from '../../src/ui/run-texts.ts';
import { fileStats, freshFolder, readTree, stepsWithIdentity, writeTree } from './support/opfs.ts';

let db: OrganizerDb;
beforeAll(async () => {
  await deleteDB('records-test');
  db = await openOrganizerDb('records-test');
});

type Mode = 'move' | 'copy' | 'copy, deleting originals';
const library = { 'in/a.mp3': 'A', 'in/b.mp3': 'B', 'in/c.mp3': 'C', 'in/d.mp3': 'D' };

async function setUp(mode: Mode, name: string) {
  const root = await freshFolder(`records-${name}`);
  const destination = await freshFolder(`records-${name}-dst`);
  await writeTree(root, library);
  const moves = Object.keys(library).map((from) => ({ from, to: `Artist/Album/${from.slice(3)}` }));
  const steps: JournalStep[] = mode === 'move'
    ? stepsWithIdentity(moves, await fileStats(root))
    : moves.map((m) => ({ kind: 'copy', ...m, size: 1, lastModified: 0, deleteSource: mode !== 'copy' }));
  const plan = { library: name, libraryName: 'Music', template: 't', steps, ...(mode === 'move' ? {} : { destination: { name: 'Organized', handle: destination } }) };
  return { root, destination, plan };
}

/** Runs `work` and pauses it after `after` steps, as the Pause button does. */
async function paused(work: (ctx: RunContext) => Promise<unknown>, root: FileSystemDirectoryHandle, after = 2): Promise<JournalRun> {
  const controller = new AbortController();
  // One step at a time, so that the stop lands in the middle of these few files.
  await expect(work({ root, db, signal: controller.signal, inFlight: 1, onProgress: (p) => p.done === after && controller.abort() })).rejects.toBeInstanceOf(RunPausedError);
  const runs = await db.getAll('runs');
  const record = runs.filter((r) => r.status === 'paused').sort((a, b) => b.startedAt - a.startedAt)[0]!;
  return { ...record, steps: [] };
}

const statusOfRun = async (id: string) => (await db.get('runs', id))!.status;
const told = (r: { run: JournalRun; summary: RunSummary }) => outcomeOf(r.run, r.summary);

describe('what each run says about itself', () => {
  for (const mode of ['move', 'copy', 'copy, deleting originals'] as Mode[]) {
    describe(mode, () => {
      test('organize, interrupted, finished: "Done" with the whole run counted, and it can be undone', async () => {
        const { root, plan } = await setUp(mode, `resume-${mode}`);
        const run = await paused((ctx) => startRun(ctx, plan), root);
        expect(unfinishedNotice({ ...run, stepCount: 4 })).toMatchObject({ text: expect.stringMatching(/^Organizing "Music"/), finish: 'Finish the run', rollBack: 'Roll back' });
        expect(interruptedNotice(run)).toMatch(/^Organizing "Music".* stopped on .* Open the folder to finish the run or roll it back\.$/);
        const finished = await resumeRun({ root, db }, run.id);
        expect(finished.summary.moved).toBe(4);
        const text = told(finished);
        expect(text.title).toBe('Done');
        expect(text.canUndo).toBe(true);
        expect(text.text).toMatch(mode === 'move' ? /^4 files moved into 2 new folders; 1 emptied folders were removed\.$/ : /^4 files copied into "Organized" and verified/);
        if (mode === 'copy, deleting originals') expect(text.text).toMatch(/each original was deleted/);
        expect(statusOf({ status: await statusOfRun(run.id) })).toBe('Done');
      });

      test('organize, interrupted, rolled back: "Rolled back", not undoable, and the run is undone', async () => {
        const { root, destination, plan } = await setUp(mode, `rollback-${mode}`);
        const run = await paused((ctx) => startRun(ctx, plan), root);
        const rolledBack = await rollBackRun({ root, db }, run.id);
        expect(rolledBack.run).toMatchObject({ kind: 'rollback', undoOf: run.id, reverses: { kind: 'organize', startedAt: run.startedAt } });
        const text = told(rolledBack);
        expect(text.title).toBe('Rolled back');
        expect(text.canUndo).toBe(false);
        expect(text.text).toMatch(mode === 'move' ? /^2 files went back to where they were before the run of .+\.$/ : /copies the run of .+ had made were removed from "Organized"/);
        expect(await statusOfRun(run.id)).toBe('undone');
        expect((await readTree(root)).files).toEqual(library);
        expect((await readTree(destination)).files).toEqual({});
      });

      test('undo, interrupted: named as an undo, the run is not undoable meanwhile; finished: "Undone" and the run is undone', async () => {
        const { root, destination, plan } = await setUp(mode, `undo-resume-${mode}`);
        const { run } = await startRun({ root, db }, plan);
        const undo = await paused((ctx) => undoRun(ctx, run.id), root);
        expect(undo).toMatchObject({ kind: 'undo', undoOf: run.id });
        expect(unfinishedNotice({ ...undo, stepCount: 4 })).toMatchObject({ text: expect.stringMatching(/^Undoing the run of .+ on "Music"/), finish: 'Finish the undo', rollBack: 'Roll back the undo' });
        expect(interruptedNotice(undo)).toMatch(/^Undoing the run of .+ on "Music" stopped on .+ Open the folder to finish the undo or roll it back\.$/);
        expect(statusOf({ status: await statusOfRun(run.id) })).toBe('Undo not finished');
        await expect(undoRun({ root, db }, run.id)).rejects.toThrow(/already undone/);

        const finished = await resumeRun({ root, db }, undo.id);
        const text = told(finished);
        expect(text).toMatchObject({ title: 'Undone', canUndo: false });
        expect(text.text).not.toMatch(/moved into|new folders/);
        expect(text.text).toMatch(
          mode === 'move' ? /^4 files went back to where they were, and 2 folders the run had created were removed\.$/
          : mode === 'copy' ? /^4 files copied into "Organized" were removed again; your library was not changed\.$/
          : /^4 files are back in "Music", and their copies were removed from "Organized"\.$/,
        );
        expect(await statusOfRun(run.id)).toBe('undone');
        expect(await statusOfRun(undo.id)).toBe('done');
        expect((await readTree(root)).files).toEqual(library);
        expect((await readTree(destination)).files).toEqual({});
      });

      test('undo, interrupted, rolled back: says where the files went, and the run is done and undoable again', async () => {
        const { root, destination, plan } = await setUp(mode, `undo-rollback-${mode}`);
        const { run } = await startRun({ root, db }, plan);
        const organized = [(await readTree(root)).files, (await readTree(destination)).files];
        const undo = await paused((ctx) => undoRun(ctx, run.id), root);
        const rolledBack = await rollBackRun({ root, db }, undo.id);
        expect(rolledBack.run).toMatchObject({ kind: 'rollback', reverses: { kind: 'undo' } });
        const text = told(rolledBack);
        expect(text).toMatchObject({ title: 'Rolled back', canUndo: false });
        expect(text.text).toMatch(
          mode === 'move' ? /^The undo was rolled back: 2 files went back to where the run of .+ had put them\.$/
          // A copy run's roll back tries every step again (they are idempotent), so it speaks of all the run's files.
          : mode === 'copy' ? /^The undo was rolled back: the copies of 4 files are in "Organized" again; your library was not changed\.$/
          : /^The undo was rolled back: 4 files are in "Organized" again, and their originals in "Music" were deleted again\.$/,
        );
        expect(await statusOfRun(undo.id)).toBe('undone');
        expect(statusOf({ status: await statusOfRun(run.id) })).toBe('Done');
        expect([(await readTree(root)).files, (await readTree(destination)).files]).toEqual(organized);
        // And it can be undone for good.
        await undoRun({ root, db }, run.id);
        expect(await statusOfRun(run.id)).toBe('undone');
        expect((await readTree(root)).files).toEqual(library);
      });
    });
  }

  test('a roll back, interrupted and then rolled back itself, leaves the run unfinished again, as it was', async () => {
    const { root, plan } = await setUp('move', 'rollback-of-rollback');
    const run = await paused((ctx) => startRun(ctx, plan), root, 3);
    const atPause = (await readTree(root)).files;
    const rollBack = await paused((ctx) => rollBackRun(ctx, run.id), root, 1);
    expect(await statusOfRun(run.id)).toBe('undoing');
    expect(unfinishedNotice({ ...rollBack, stepCount: 3 })).toMatchObject({ text: expect.stringMatching(/^Rolling back the run of .+ on "Music"/), finish: 'Finish the roll back', rollBack: 'Undo the roll back' });
    const undone = await rollBackRun({ root, db }, rollBack.id);
    expect(told(undone).text).toMatch(/the files are where the interrupted run had left them/);
    expect(await statusOfRun(run.id)).toBe('paused');
    expect((await readTree(root)).files).toEqual(atPause);
  });
});
