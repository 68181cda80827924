// Fault injection: interrupt an apply, an undo or a roll back at random points — an abort, a file
// locked by another writer, a file removed underneath, a new file dropped where a step is headed —
// then resume, or roll back. After each, every file's content exists exactly once, none is left
// under a hidden temporary name, and where no file was added or removed the tree is exactly the
// one expected.
import { beforeAll, describe, expect, test } from 'vitest';
import { deleteDB } from 'idb';
import { openOrganizerDb, type OrganizerDb } from '../../src/db/schema.ts';
import { resumeRun, rollBackRun, startRun, undoRun } from '../../src/apply/runs.ts';
import { RunPausedError, type RunContext } from '../../src/apply/execute-run.ts';
import { loadRun, progressOf } from '../../src/apply/journal-store.ts';
import { scheduleMoves } from '../../src/core/schedule.ts';
import type { JournalStep } from '../../src/core/journal-steps.ts';
import { fileStats, freshFolder, readTree, removePath, stepsWithIdentity, writeFile, writeTree } from './support/opfs.ts';

let db: OrganizerDb;
beforeAll(async () => {
  await deleteDB('faults-test');
  db = await openOrganizerDb('faults-test');
});

/** A small deterministic PRNG, so a failing seed can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/**
 * Twenty files: chains into new folders, and the moves that need temporary names — two swaps, a
 * three-way and a four-way rotation, two case-only renames — so that a random fault often lands
 * while a file is parked.
 */
function scenario() {
  const files: Record<string, string> = {};
  for (let i = 0; i < 7; i++) files[`in/t${i}.mp3`] = `track ${i}`;
  Object.assign(files, {
    'x/a.mp3': 'A', 'x/b.mp3': 'B', 'y/a.mp3': 'yA', 'y/b.mp3': 'yB',
    'x/c.mp3': 'C', 'x/d.mp3': 'D', 'x/e.mp3': 'E',
    'y/c.mp3': 'yC', 'z/d.mp3': 'zD', 'y/e.mp3': 'yE', 'z/f.mp3': 'zF',
    'x/Case.mp3': 'case', 'y/Case.mp3': 'ycase',
  });
  const moves = [
    ...Array.from({ length: 7 }, (_, i) => ({ from: `in/t${i}.mp3`, to: `Artist ${i % 3}/Album/${String(i).padStart(2, '0')} T.mp3` })),
    { from: 'x/a.mp3', to: 'x/b.mp3' }, { from: 'x/b.mp3', to: 'x/a.mp3' },
    { from: 'y/a.mp3', to: 'y/b.mp3' }, { from: 'y/b.mp3', to: 'y/a.mp3' },
    { from: 'x/c.mp3', to: 'x/d.mp3' }, { from: 'x/d.mp3', to: 'x/e.mp3' }, { from: 'x/e.mp3', to: 'x/c.mp3' },
    { from: 'y/c.mp3', to: 'z/d.mp3' }, { from: 'z/d.mp3', to: 'y/e.mp3' }, { from: 'y/e.mp3', to: 'z/f.mp3' }, { from: 'z/f.mp3', to: 'y/c.mp3' },
    { from: 'x/Case.mp3', to: 'x/case.mp3' }, { from: 'y/Case.mp3', to: 'y/CASE.mp3' },
  ];
  const schedule = scheduleMoves(moves, Object.keys(files), { tempTag: 'f' });
  expect(schedule.rejected).toEqual([]);
  return { files, moves: schedule.steps };
}

type Fault = 'abort' | 'locked' | 'removed';

async function interrupted(seed: number, fault: Fault, library = `faults-${fault}-${seed}`) {
  const rnd = random(seed);
  const { files, moves } = scenario();
  const root = await freshFolder(`fault-${fault}`);
  await writeTree(root, files);
  const steps: JournalStep[] = stepsWithIdentity(moves, await fileStats(root));
  const stopAt = 1 + Math.floor(rnd() * (steps.length - 2));
  const controller = new AbortController();
  let writer: FileSystemWritableFileStream | undefined;
  const victim = steps[Math.min(steps.length - 1, stopAt + 1)]!.from;
  let removedContent: string | undefined;
  const run = startRun(
    {
      root, db, signal: controller.signal, journalBatch: 1 + Math.floor(rnd() * 5),
      onProgress: (p) => {
        if (p.done !== stopAt) return;
        if (fault === 'abort') controller.abort();
      },
    },
    { library, libraryName: 'x', template: '', steps },
  );
  if (fault === 'locked' && !victim.includes('.mo-tmp-')) {
    // Another program holds the file open for writing: move() must refuse it, and nothing may be lost.
    const [dir, name] = [victim.slice(0, victim.lastIndexOf('/')), victim.slice(victim.lastIndexOf('/') + 1)];
    writer = await (await (await root.getDirectoryHandle(dir)).getFileHandle(name)).createWritable({ keepExistingData: true });
  }
  if (fault === 'removed' && !victim.includes('.mo-tmp-')) {
    removedContent = files[victim];
    await removePath(root, victim).catch(() => (removedContent = undefined));
  }
  const outcome = await run.then((r) => ({ paused: false as const, run: r.run }), (e) => {
    expect(e).toBeInstanceOf(RunPausedError);
    return { paused: true as const, run: undefined };
  });
  await writer?.abort();
  const runs = await db.getAllFromIndex('runs', 'byLibrary', library);
  const expectedContents = Object.values(files).filter((c) => c !== removedContent).sort();
  return { root, run: outcome.run ?? runs[0]!, files, expectedContents, removedContent };
}

const contents = async (root: FileSystemDirectoryHandle) => Object.values((await readTree(root)).files).sort();
const noTemporaries = async (root: FileSystemDirectoryHandle) => Object.keys((await readTree(root)).files).filter((p) => p.includes('.mo-tmp-'));

describe('fault injection', () => {
  for (const fault of ['abort', 'locked', 'removed'] as Fault[]) {
    for (const seed of [1, 2, 3]) {
      test(`${fault} #${seed}, then resume: every file exactly once, none parked`, async () => {
        const { root, run, expectedContents } = await interrupted(seed * 7919, fault);
        if (run.status !== 'done') await resumeRun({ root, db }, run.id);
        expect(await contents(root)).toEqual(expectedContents);
        expect(await noTemporaries(root)).toEqual([]);
      });

      test(`${fault} #${seed}, then roll back: the original tree (less a removed file)`, async () => {
        const { root, run, files, removedContent } = await interrupted(seed * 104729, fault);
        await rollBackRun({ root, db }, run.id);
        const expected = Object.fromEntries(Object.entries(files).filter(([, c]) => c !== removedContent));
        expect((await readTree(root)).files).toEqual(expected);
      });
    }
  }
});

// Undo and roll back are runs of their own, with their own temporary names (the reverse of a swap
// parks a file too), so they get the same treatment.

type UndoFault = Fault | 'intruder';

const isTemporary = (path: string) => path.includes('.mo-tmp-');
const reversed = (steps: JournalStep[]): { from: string; to: string }[] => [...steps].reverse().map((s) => ({ from: s.to, to: s.from }));

/** The newest undo or roll back of `library` that did not finish. */
async function unfinishedReversal(library: string) {
  const runs = await db.getAllFromIndex('runs', 'byLibrary', library);
  return runs.filter((r) => r.undoOf && (r.status === 'paused' || r.status === 'running')).sort((a, b) => b.startedAt - a.startedAt)[0];
}

/**
 * Runs `launch` (an undo or a roll back whose steps the test predicts) under a fault at a random
 * point. 'removed' and 'intruder' also pause the run, so that there is something to resume or roll back.
 */
async function underFault(
  root: FileSystemDirectoryHandle, seed: number, fault: UndoFault, library: string, predicted: { from: string; to: string }[],
  launch: (ctx: RunContext) => Promise<unknown>,
) {
  const rnd = random(seed);
  // A pause right before a step that parks a file is like one a step earlier; any other point will do.
  const points = predicted.flatMap((s, i) => (isTemporary(s.to) ? [] : [i]));
  const stopAt = points[Math.floor(rnd() * points.length)] ?? 0;
  const victim = predicted[stopAt] && !isTemporary(predicted[stopAt].from) ? predicted[stopAt].from : undefined;
  let writer: FileSystemWritableFileStream | undefined;
  let removedContent: string | undefined;
  if (fault === 'locked' && victim) writer = await (await fileAt(root, victim)).createWritable({ keepExistingData: true });
  if (fault === 'removed' && victim) {
    removedContent = (await readTree(root)).files[victim];
    await removePath(root, victim);
  }
  const abortAt = fault === 'locked' ? -1 : fault === 'removed' ? stopAt + 1 : stopAt;
  const controller = new AbortController();
  const paused = await launch({
    root, db, signal: controller.signal, journalBatch: 1 + Math.floor(rnd() * 5),
    onProgress: (p) => p.done === abortAt && controller.abort(),
  }).then(() => false, (e) => {
    expect(e).toBeInstanceOf(RunPausedError);
    return true;
  });
  await writer?.abort();
  let intruder: string | undefined;
  if (fault === 'intruder' && paused) {
    // A new file appears where the next step is headed: that step must fail, and nothing be overwritten.
    const run = (await unfinishedReversal(library))!;
    const { steps } = (await loadRun(db, run.id))!;
    const { done, failed } = await progressOf(db, run.id);
    const present = (await readTree(root)).files;
    const target = steps.find((s, i) => !done.has(i) && !failed.has(i) && !isTemporary(s.to) && !(s.to in present))?.to;
    if (target) {
      await writeFile(root, target, 'intruder');
      intruder = target;
    }
  }
  return { paused, removedContent, intruder };
}

async function fileAt(root: FileSystemDirectoryHandle, path: string): Promise<FileSystemFileHandle> {
  const parts = path.split('/');
  let dir = root;
  for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part);
  return dir.getFileHandle(parts.at(-1)!);
}

/**
 * No hidden leftovers; the expected tree exactly, less a removed file; with an intruder, every
 * file is there exactly once. (Where an intruder ends up is not pinned down: a step moves whatever
 * file is at its source, and after a roll back of a roll back the intruder can stand where one did.)
 */
async function expectTree(root: FileSystemDirectoryHandle, expected: Record<string, string>, f: { removedContent?: string; intruder?: string }) {
  const { files } = await readTree(root);
  expect(Object.keys(files).filter(isTemporary)).toEqual([]);
  const kept = Object.fromEntries(Object.entries(expected).filter(([, c]) => c !== f.removedContent));
  if (f.intruder === undefined) {
    expect(files).toEqual(kept);
    return;
  }
  expect(Object.values(files).sort()).toEqual([...Object.values(kept), 'intruder'].sort());
}

describe('fault injection in undo and roll back', () => {
  for (const fault of ['abort', 'locked', 'removed', 'intruder'] as UndoFault[]) {
    for (const seed of [1, 2]) {
      for (const then of ['resume', 'roll back'] as const) {
        test(`undo of a finished run: ${fault} #${seed}, then ${then} the undo`, async () => {
          const { files, moves } = scenario();
          const root = await freshFolder(`undo-${fault}`);
          await writeTree(root, files);
          const steps: JournalStep[] = stepsWithIdentity(moves, await fileStats(root));
          const library = `undo-${fault}-${seed}-${then}`;
          const { run } = await startRun({ root, db }, { library, libraryName: 'x', template: '', steps });
          const organized = (await readTree(root)).files;
          const f = await underFault(root, seed * 31337 + then.length, fault, library, reversed(steps), (ctx) => undoRun(ctx, run.id));
          const undo = await unfinishedReversal(library);
          expect(undo !== undefined).toBe(f.paused);
          if (undo && then === 'resume') await resumeRun({ root, db }, undo.id);
          if (undo && then === 'roll back') await rollBackRun({ root, db }, undo.id);
          await expectTree(root, undo && then === 'roll back' ? organized : files, f);
        });

        test(`roll back of an interrupted run: ${fault} #${seed}, then ${then} the roll back`, async () => {
          const library = `rollback-${fault}-${seed}-${then}`;
          const { root, run: record, files } = await interrupted(seed * 6151, 'abort', library);
          const run = (await loadRun(db, record.id))!;
          const { done } = await progressOf(db, run.id);
          const predicted = reversed([...done].sort((a, b) => a - b).map((i) => run.steps[i]!));
          const f = await underFault(root, seed * 524287 + then.length, fault, library, predicted, (ctx) => rollBackRun(ctx, run.id));
          const rollBack = await unfinishedReversal(library);
          if (rollBack && then === 'resume') await resumeRun({ root, db }, rollBack.id);
          if (rollBack && then === 'roll back') {
            // Rolling back the roll back puts the run where it stopped; rolling that back again ends where it began.
            await rollBackRun({ root, db }, rollBack.id);
            await rollBackRun({ root, db }, run.id);
          }
          await expectTree(root, files, f);
        });
      }
    }
  }
});
