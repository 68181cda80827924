// A crash while several moves are in flight: the tab dies (here: its database connection closes
// and the run is stopped) at a random moment, the moves already handed to the browser finish
// without the journal hearing of them, and recovery must find exactly those from the disk —
// a set, not a prefix, because independent moves finish in any order. Then resume must give the
// planned tree, and roll back the original one, byte for byte.
import { beforeAll, describe, expect, test } from 'vitest';
import { deleteDB } from 'idb';
import { openOrganizerDb, type OrganizerDb } from '../../src/db/schema.ts';
import { resumeRun, rollBackRun, startRun } from '../../src/apply/runs.ts';
import { MOVES_IN_FLIGHT } from '../../src/apply/execute-run.ts';
import { progressOf } from '../../src/apply/journal-store.ts';
import { scheduleMoves } from '../../src/core/schedule.ts';
import { fileStats, freshFolder, readTree, stepsWithIdentity, writeTree } from './support/opfs.ts';

const DB = 'crash-in-flight-test';
let db: OrganizerDb;
beforeAll(async () => {
  await deleteDB(DB);
  db = await openOrganizerDb(DB);
});

function random(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** Forty independent moves into new folders, with swaps, rotations and case-only renames among them. */
function scenario() {
  const files: Record<string, string> = {};
  const moves: { from: string; to: string }[] = [];
  for (let i = 0; i < 40; i++) {
    files[`in/t${i}.mp3`] = `track ${i}`;
    moves.push({ from: `in/t${i}.mp3`, to: `Artist ${i % 5}/Album ${i % 3}/${String(i).padStart(2, '0')} T.mp3` });
  }
  Object.assign(files, { 'x/a.mp3': 'A', 'x/b.mp3': 'B', 'x/c.mp3': 'C', 'x/d.mp3': 'D', 'x/e.mp3': 'E', 'y/Case.mp3': 'case', 'y/f.mp3': 'F', 'y/g.mp3': 'G' });
  moves.push(
    { from: 'x/a.mp3', to: 'x/b.mp3' }, { from: 'x/b.mp3', to: 'x/a.mp3' },
    { from: 'x/c.mp3', to: 'x/d.mp3' }, { from: 'x/d.mp3', to: 'x/e.mp3' }, { from: 'x/e.mp3', to: 'x/c.mp3' },
    { from: 'y/Case.mp3', to: 'y/case.mp3' }, { from: 'y/f.mp3', to: 'y/g.mp3' }, { from: 'y/g.mp3', to: 'z/g.mp3' },
  );
  const planned: Record<string, string> = {};
  const target = new Map(moves.map((m) => [m.from, m.to]));
  for (const [path, content] of Object.entries(files)) planned[target.get(path) ?? path] = content;
  const schedule = scheduleMoves(moves, Object.keys(files), { tempTag: 'c' });
  expect(schedule.rejected).toEqual([]);
  return { files, planned, moves: schedule.steps };
}

const sorted = (tree: Record<string, string>) => Object.fromEntries(Object.entries(tree).sort(([a], [b]) => (a < b ? -1 : 1)));

async function crashed(seed: number, library: string) {
  const rnd = random(seed);
  const { files, planned, moves } = scenario();
  const root = await freshFolder('crash');
  await writeTree(root, files);
  const steps = stepsWithIdentity(moves, await fileStats(root));
  const crashAt = 1 + Math.floor(rnd() * (steps.length - MOVES_IN_FLIGHT - 1));
  const doomed = await openOrganizerDb(DB);
  const controller = new AbortController();
  await startRun(
    {
      root, db: doomed, signal: controller.signal, journalBatch: 1 + Math.floor(rnd() * 6),
      onProgress: (p) => {
        if (p.done < crashAt || controller.signal.aborted) return;
        doomed.close();
        controller.abort();
      },
    },
    { library, libraryName: 'x', template: '', steps },
  ).catch(() => {});
  const [run] = await db.getAllFromIndex('runs', 'byLibrary', library);
  expect(run!.status).toBe('running');
  expect(run!.inFlight).toBe(MOVES_IN_FLIGHT);
  // The moves that finished after the crash are on disk but not in the journal.
  const tree = (await readTree(root)).files;
  const moved = Object.entries(files).filter(([path]) => !(path in tree) || tree[path] !== files[path]).length;
  const recorded = (await progressOf(db, run!.id)).done.size;
  return { root, run: run!, files, planned, unrecordedMoves: moved - recorded };
}

describe('a journal that fails with moves in flight', () => {
  test('the run reports itself stopped only once the moves already started have finished', async () => {
    const { files, moves } = scenario();
    const root = await freshFolder('journal-fault');
    await writeTree(root, files);
    const steps = stepsWithIdentity(moves, await fileStats(root));
    const doomed = await openOrganizerDb(DB);
    let reported = false;
    let finishedAfterward = 0;
    let stepsFinished = 0;
    await startRun(
      {
        root, db: doomed, journalBatch: 1,
        // The journal's database goes away after the first step: the next write fails while
        // several moves are still with the browser.
        onProgress: (p) => {
          if (reported) finishedAfterward++;
          if (p.phase !== 'moving') return;
          stepsFinished = p.done + p.skipped;
          if (p.done >= 1) doomed.close();
        },
      },
      { library: 'journal-fault', libraryName: 'x', template: '', steps },
    ).catch(() => {
      reported = true;
    });
    expect(reported).toBe(true);
    const stoppedAt = (await readTree(root)).files;
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Nothing moved once the run had said it stopped, so a resume started then could not race it.
    expect(finishedAfterward).toBe(0);
    expect((await readTree(root)).files).toEqual(stoppedAt);
    // And the moves in flight at the fault did finish, before the run said so.
    expect(stepsFinished).toBeGreaterThan(1);
  });
});

describe('a crash with moves in flight', () => {
  const unrecorded: number[] = [];
  for (const seed of [1, 2, 3, 4, 5]) {
    test(`seed ${seed}: resume finds the unrecorded moves from the disk and gives the planned tree`, async () => {
      const { root, run, planned, unrecordedMoves } = await crashed(seed * 7919, `crash-resume-${seed}`);
      unrecorded.push(unrecordedMoves);
      await resumeRun({ root, db }, run.id);
      expect((await readTree(root)).files).toEqual(sorted(planned));
      expect((await progressOf(db, run.id)).failed.size).toBe(0);
    });

    test(`seed ${seed}: roll back restores the original tree`, async () => {
      const { root, run, files, unrecordedMoves } = await crashed(seed * 104729, `crash-rollback-${seed}`);
      unrecorded.push(unrecordedMoves);
      await rollBackRun({ root, db }, run.id);
      expect((await readTree(root)).files).toEqual(sorted(files));
    });
  }

  test('the crashes left moves that only the disk knew of', () => {
    // Otherwise these tests would not exercise recovery with moves in flight at all.
    expect(unrecorded.filter((n) => n > 0).length).toBeGreaterThan(unrecorded.length / 2);
  });
});
