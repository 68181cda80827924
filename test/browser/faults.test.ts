// Fault injection: interrupt an apply at random points — an abort, a file locked by another
// writer, a file removed underneath — then resume, or roll back. After each, every file's content
// exists exactly once, and after a roll back the tree is the original one.
import { beforeAll, describe, expect, test } from 'vitest';
import { deleteDB } from 'idb';
import { openOrganizerDb, type OrganizerDb } from '../../src/db/schema.ts';
import { resumeRun, rollBackRun, startRun } from '../../src/apply/runs.ts';
import { RunPausedError } from '../../src/apply/execute-run.ts';
import { scheduleMoves } from '../../src/core/schedule.ts';
import type { JournalStep } from '../../src/apply/journal-types.ts';
import { fileStats, freshFolder, readTree, removePath, stepsWithIdentity, writeTree } from './support/opfs.ts';

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

/** Thirty files with moves that include a chain, a swap, a three-way rotation and a case-only rename. */
function scenario() {
  const files: Record<string, string> = {};
  for (let i = 0; i < 24; i++) files[`in/t${i}.mp3`] = `track ${i}`;
  Object.assign(files, { 'x/a.mp3': 'A', 'x/b.mp3': 'B', 'x/c.mp3': 'C', 'x/d.mp3': 'D', 'x/Case.mp3': 'case', 'x/e.mp3': 'E' });
  const moves = [
    ...Array.from({ length: 24 }, (_, i) => ({ from: `in/t${i}.mp3`, to: `Artist ${i % 3}/Album/${String(i).padStart(2, '0')} T.mp3` })),
    { from: 'x/a.mp3', to: 'x/b.mp3' }, { from: 'x/b.mp3', to: 'x/a.mp3' },
    { from: 'x/c.mp3', to: 'x/d.mp3' }, { from: 'x/d.mp3', to: 'x/e.mp3' }, { from: 'x/e.mp3', to: 'x/c.mp3' },
    { from: 'x/Case.mp3', to: 'x/case.mp3' },
  ];
  const schedule = scheduleMoves(moves, Object.keys(files), { tempTag: 'f' });
  expect(schedule.rejected).toEqual([]);
  return { files, moves: schedule.steps };
}

type Fault = 'abort' | 'locked' | 'removed';

async function interrupted(seed: number, fault: Fault) {
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
    { library: `faults-${fault}-${seed}`, libraryName: 'x', template: '', steps },
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
  const runs = await db.getAllFromIndex('runs', 'byLibrary', `faults-${fault}-${seed}`);
  const expectedContents = Object.values(files).filter((c) => c !== removedContent).sort();
  return { root, run: outcome.run ?? runs[0]!, files, expectedContents, removedContent };
}

const contents = async (root: FileSystemDirectoryHandle) => Object.values((await readTree(root)).files).sort();
const noTemporaries = async (root: FileSystemDirectoryHandle) => Object.keys((await readTree(root)).files).filter((p) => p.includes('.mo-tmp-'));

describe('fault injection', () => {
  for (const fault of ['abort', 'locked', 'removed'] as Fault[]) {
    for (const seed of [1, 2, 3, 4, 5]) {
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
