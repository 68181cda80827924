import { describe, expect, test, beforeAll } from 'vitest';
import { deleteDB } from 'idb';
import { openOrganizerDb, type OrganizerDb } from '../../src/db/schema.ts';
import { startRun, undoRun, resumeRun, rollBackRun, unfinishedRuns } from '../../src/apply/runs.ts';
import { RunPausedError } from '../../src/apply/execute-run.ts';
import { progressOf, loadRun } from '../../src/apply/journal-store.ts';
import type { JournalStep } from '../../src/core/journal-steps.ts';
import { journalSteps } from '../../src/core/steps.ts';
import { FolderCache } from '../../src/fs/folders.ts';
import { fileStats, freshFolder, readTree, stepsWithIdentity, writeTree, removePath } from './support/opfs.ts';

let db: OrganizerDb;
beforeAll(async () => {
  await deleteDB('apply-test');
  db = await openOrganizerDb('apply-test');
});

const move = (from: string, to: string, temporary = false): JournalStep => ({ kind: 'move', from, to, size: 1, lastModified: 0, ...(temporary ? { temporary } : {}) });
const newRun = (steps: JournalStep[]) => ({ library: 'lib', libraryName: 'Music', template: 't', steps });

describe('apply and undo', () => {
  test('moves files into new folders, removes emptied folders, and undo restores the tree exactly', async () => {
    const root = await freshFolder();
    await writeTree(root, { 'dump/a.mp3': 'A', 'dump/b.mp3': 'B', 'x/y/c.flac': 'C', 'keep.txt': 'K' });
    const before = await readTree(root);
    const { summary, run } = await startRun({ root, db }, newRun([
      move('dump/a.mp3', 'Artist/Album (2001)/01 A.mp3'),
      move('dump/b.mp3', 'Artist/Album (2001)/02 B.mp3'),
      move('x/y/c.flac', 'Other/Record/01 C.flac'),
    ]));
    expect(summary.moved).toBe(3);
    expect(summary.skipped).toEqual([]);
    const after = await readTree(root);
    expect(after.files).toEqual({
      'Artist/Album (2001)/01 A.mp3': 'A',
      'Artist/Album (2001)/02 B.mp3': 'B',
      'Other/Record/01 C.flac': 'C',
      'keep.txt': 'K',
    });
    expect(after.folders).toEqual(['Artist', 'Artist/Album (2001)', 'Other', 'Other/Record']);
    expect((await loadRun(db, run.id))!.status).toBe('done');
    const undo = await undoRun({ root, db }, run.id);
    expect(undo.summary.moved).toBe(3);
    expect(await readTree(root)).toEqual(before);
    expect((await loadRun(db, run.id))!.status).toBe('undone');
  });

  test('many emptied sibling folders go together; a folder that still holds a file stays, and so do its parents', async () => {
    const root = await freshFolder();
    const tree: Record<string, string> = { 'Old/B 1/Keep/notes.txt': 'keep' };
    const moves = [];
    for (let artist = 0; artist < 3; artist++) {
      for (let album = 0; album < 7; album++) {
        tree[`Old/B ${artist}/A ${album}/t.mp3`] = `${artist}${album}`;
        moves.push(move(`Old/B ${artist}/A ${album}/t.mp3`, `New/${artist}-${album}.mp3`));
      }
    }
    await writeTree(root, tree);
    const { summary } = await startRun({ root, db }, newRun(moves));
    expect(summary.moved).toBe(21);
    expect(summary.foldersRemoved).toBe(21 + 2);
    expect((await readTree(root)).folders).toEqual(['New', 'Old', 'Old/B 1', 'Old/B 1/Keep']);
  });

  test('never overwrites: an occupied target is reported and both files survive', async () => {
    const root = await freshFolder();
    await writeTree(root, { 'in/a.mp3': 'new', 'Out/a.mp3': 'existing' });
    const { summary } = await startRun({ root, db }, newRun([move('in/a.mp3', 'Out/A.MP3')]));
    expect(summary.moved).toBe(0);
    expect(summary.skipped[0]!.reason).toMatch(/already exists/);
    expect((await readTree(root)).files).toEqual({ 'in/a.mp3': 'new', 'Out/a.mp3': 'existing' });
  });

  test('a file that vanished after planning is skipped and the rest goes on', async () => {
    const root = await freshFolder();
    await writeTree(root, { 'a.mp3': 'A', 'b.mp3': 'B' });
    await removePath(root, 'a.mp3');
    const { summary } = await startRun({ root, db }, newRun([move('a.mp3', 'X/a.mp3'), move('b.mp3', 'X/b.mp3')]));
    expect(summary.moved).toBe(1);
    expect(summary.skipped).toEqual([{ path: 'a.mp3', reason: expect.stringMatching(/no longer there/) }]);
    expect((await readTree(root)).files).toEqual({ 'X/b.mp3': 'B' });
  });

  test('a swap through a temporary name, and a parked file whose second step fails goes back home', async () => {
    const root = await freshFolder();
    await writeTree(root, { 'a.mp3': 'A', 'b.mp3': 'B', 'c.mp3': 'C', 'blocker/c.mp3': 'X' });
    const { summary } = await startRun({ root, db }, newRun([
      move('a.mp3', '.mo-tmp-1-a.mp3', true),
      move('b.mp3', 'a.mp3'),
      move('.mo-tmp-1-a.mp3', 'b.mp3'),
      move('c.mp3', '.mo-tmp-2-c.mp3', true),
      move('.mo-tmp-2-c.mp3', 'blocker/c.mp3'),
    ]));
    expect(summary.moved).toBe(2);
    expect((await readTree(root)).files).toEqual({ 'a.mp3': 'B', 'b.mp3': 'A', 'c.mp3': 'C', 'blocker/c.mp3': 'X' });
  });
});

describe('interrupted runs', () => {
  const files = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`src/f${i}.mp3`, `content ${i}`]));
  const moves = Object.keys(files).map((p, i) => ({ from: p, to: `Dest/${i % 4}/${p.slice(4)}` }));

  async function interruptedAfter(n: number) {
    const root = await freshFolder();
    await writeTree(root, files);
    const steps = stepsWithIdentity(moves, await fileStats(root));
    const controller = new AbortController();
    let seen = 0;
    const run = startRun(
      { root, db, signal: controller.signal, journalBatch: 7, onProgress: (p) => { seen = p.done; if (p.done >= n) controller.abort(); } },
      newRun(steps),
    );
    await expect(run).rejects.toBeInstanceOf(RunPausedError);
    const [latest] = (await unfinishedRuns(db, 'lib')).filter((r) => r.status === 'paused').sort((a, b) => b.startedAt - a.startedAt);
    const paused = (await loadRun(db, latest!.id))!;
    expect(paused.steps[0]!.from).toBe('src/f0.mp3');
    return { root, paused, seen };
  }

  test('resume finishes what a pause left, and every file exists exactly once', async () => {
    const { root, paused } = await interruptedAfter(10);
    expect(paused.pausedBecause).toMatch(/Stopped/);
    const { done } = await progressOf(db, paused.id);
    expect(done.size).toBeGreaterThan(0);
    expect(done.size).toBeLessThan(40);
    const { summary } = await resumeRun({ root, db }, paused.id);
    expect(summary.skipped).toEqual([]);
    const tree = await readTree(root);
    expect(Object.values(tree.files).sort()).toEqual(Object.values(files).sort());
    expect(Object.keys(tree.files).every((p) => p.startsWith('Dest/'))).toBe(true);
  });

  test('roll back restores the original tree, including steps done after the last journal batch', async () => {
    const { root, paused } = await interruptedAfter(17);
    // Simulate a crash right after a move that the journal never heard of.
    const { done } = await progressOf(db, paused.id);
    const next = paused.steps.findIndex((_, i) => !done.has(i));
    const s = paused.steps[next]!;
    const src = await (await root.getDirectoryHandle('src')).getFileHandle(s.from.slice(4));
    const dir = await (await root.getDirectoryHandle('Dest', { create: true })).getDirectoryHandle(s.to.split('/')[1]!, { create: true });
    await src.move(dir, s.to.split('/')[2]!);
    await rollBackRun({ root, db }, paused.id);
    expect((await readTree(root)).files).toEqual(files);
    expect((await readTree(root)).folders).toEqual(['src']);
  });
});

describe('run-wide faults pause the run', () => {
  test('the library folder removed mid-run: paused with a plain message, not thousands of skips', async () => {
    const parent = await freshFolder('parent');
    const root = await parent.getDirectoryHandle('Music', { create: true });
    // Many more files than the run keeps in flight, so that the folder goes while many are still to
    // move. A recursive removal waits for a moment with no move holding a lock in the folder: at 16
    // in flight such moments were too rare, and 200 files were all moved first (seen in CI), so this
    // run keeps 4 in flight.
    const WIDTH = 4;
    const names = Array.from({ length: 1000 }, (_, i) => `${i}.mp3`);
    await writeTree(root, Object.fromEntries(names.map((n) => [`a/${n}`, n])));
    const steps = stepsWithIdentity(names.map((n) => ({ from: `a/${n}`, to: `B/${n}` })), await fileStats(root));
    let removal: Promise<void> | undefined;
    const run = startRun(
      {
        root, db, inFlight: WIDTH,
        onProgress: (p) => {
          if (p.done === 1 && !removal) {
            // The browser refuses to remove a folder while a move in it holds a lock: try again
            // until it goes, as a user deleting it in a file manager would.
            removal = (async () => {
              for (;;) {
                try {
                  return await parent.removeEntry('Music', { recursive: true });
                } catch (e) {
                  if ((e as DOMException).name !== 'NoModificationAllowedError') throw e;
                  await new Promise((resolve) => setTimeout(resolve, 2));
                }
              }
            })();
          }
        },
      },
      // A library of its own, so that this test finds its own paused run (the database is shared).
      { ...newRun(steps), library: 'removed' },
    );
    const ours = async () => (await unfinishedRuns(db, 'removed'))[0]!;
    let pause = await run.then(() => 'done', (e: Error) => e.message);
    await removal;
    // While the browser deletes the folder's files it holds them locked, and a move that meets one
    // for longer than the lock retries pauses as "open in another program" (seen in CI, where
    // deleting 1,000 files took longer than the retries). That is what the page would say at that
    // moment; the user resumes, and then hears the folder is gone.
    if (/open in another program/.test(pause)) pause = await resumeRun({ root, db }, (await ours()).id).then(() => 'done', (e: Error) => e.message);
    expect(pause).toMatch(/removed or renamed/);
    // The steps in flight when it went are the most that can fail one by one before the run pauses.
    expect((await progressOf(db, (await ours()).id)).failed.size).toBeLessThanOrEqual(WIDTH);
  });
});

describe('undo any run', () => {
  test('an older run is undone while a later one stays; a file the later run moved on is listed and left alone', async () => {
    const root = await freshFolder('history');
    await writeTree(root, { 'in/a.mp3': 'A', 'in/b.mp3': 'B', 'in/c.mp3': 'C' });
    const first = await startRun({ root, db }, newRun(stepsWithIdentity([{ from: 'in/a.mp3', to: 'One/a.mp3' }, { from: 'in/b.mp3', to: 'One/b.mp3' }], await fileStats(root))));
    await startRun({ root, db }, newRun(stepsWithIdentity([{ from: 'One/b.mp3', to: 'Two/b.mp3' }, { from: 'in/c.mp3', to: 'Two/c.mp3' }], await fileStats(root))));
    const undo = await undoRun({ root, db }, first.run.id);
    expect(undo.summary.moved).toBe(1);
    expect(undo.summary.skipped).toEqual([{ path: 'One/b.mp3', reason: expect.stringMatching(/no longer there/) }]);
    expect((await readTree(root)).files).toEqual({ 'in/a.mp3': 'A', 'Two/b.mp3': 'B', 'Two/c.mp3': 'C' });
  });
});

describe('clutter, on request', () => {
  test('deleted after the moves so its folder can go; a clutter file that changed is kept; undo restores the music', async () => {
    const root = await freshFolder('clutter');
    await writeTree(root, { 'Old/a.mp3': 'A', 'Old/Thumbs.db': 'xx', 'Other/.DS_Store': 'ds', 'Other/b.mp3': 'B' });
    const stats = await fileStats(root);
    const steps: JournalStep[] = [
      ...stepsWithIdentity([{ from: 'Old/a.mp3', to: 'New/a.mp3' }, { from: 'Other/b.mp3', to: 'New/b.mp3' }], stats),
      { kind: 'delete-junk', from: 'Old/Thumbs.db', to: '', size: 2, lastModified: 0 },
      { kind: 'delete-junk', from: 'Other/.DS_Store', to: '', size: 999, lastModified: 0 },
    ];
    const { run, summary } = await startRun({ root, db }, newRun(steps));
    expect(summary.skipped).toEqual([{ path: 'Other/.DS_Store', reason: expect.stringMatching(/changed since the scan/) }]);
    // Deleted clutter is counted apart from the files moved.
    expect(summary).toMatchObject({ moved: 2, deleted: 1 });
    expect(await readTree(root)).toEqual({ files: { 'New/a.mp3': 'A', 'New/b.mp3': 'B', 'Other/.DS_Store': 'ds' }, folders: ['New', 'Other'] });
    await undoRun({ root, db }, run.id);
    expect((await readTree(root)).files).toEqual({ 'Old/a.mp3': 'A', 'Other/.DS_Store': 'ds', 'Other/b.mp3': 'B' });
  });
});

describe('moves in flight together', () => {
  test('two moves to one name (in another letter case) at once: one moves, the other is refused, nothing is overwritten', async () => {
    const root = await freshFolder('reserve');
    await writeTree(root, { 'in/a.mp3': 'A', 'in/b.mp3': 'B' });
    const folders = new FolderCache(root);
    const outcomes = await Promise.all([folders.moveFile('in/a.mp3', 'out/Song.mp3'), folders.moveFile('in/b.mp3', 'out/SONG.mp3')]);
    expect(outcomes[0]).toBeUndefined();
    expect(outcomes[1]).toMatch(/already exists; nothing was overwritten/);
    expect((await readTree(root)).files).toEqual({ 'in/b.mp3': 'B', 'out/Song.mp3': 'A' });
  });

  test('a name whose move failed is free again', async () => {
    const root = await freshFolder('reserve');
    await writeTree(root, { 'in/gone.mp3': 'G', 'in/b.mp3': 'B' });
    // A handle from the scan whose file then vanished: move() itself fails, after the name was reserved.
    const stale = await (await root.getDirectoryHandle('in')).getFileHandle('gone.mp3');
    await removePath(root, 'in/gone.mp3');
    const folders = new FolderCache(root, new Map([['in/gone.mp3', stale]]));
    expect(await folders.moveFile('in/gone.mp3', 'out/x.mp3')).toMatch(/no longer there/);
    expect(await folders.moveFile('in/b.mp3', 'out/x.mp3')).toBeUndefined();
    expect((await readTree(root)).files).toEqual({ 'out/x.mp3': 'B' });
  });
});

describe('a file open in another program', () => {
  test('pauses the run with a plain message; after it is closed, resume finishes', async () => {
    const root = await freshFolder('locked');
    await writeTree(root, { 'in/a.mp3': 'A', 'in/b.mp3': 'B', 'in/c.mp3': 'C' });
    const steps = stepsWithIdentity([{ from: 'in/a.mp3', to: 'X/a.mp3' }, { from: 'in/b.mp3', to: 'X/b.mp3' }, { from: 'in/c.mp3', to: 'X/c.mp3' }], await fileStats(root));
    const writer = await (await (await root.getDirectoryHandle('in')).getFileHandle('b.mp3')).createWritable({ keepExistingData: true });
    // A library of its own, so that this test finds its own paused run (the database is shared).
    const started = startRun({ root, db }, { ...newRun(steps), library: 'locked' });
    await expect(started).rejects.toThrow(/in\/b\.mp3" is open in another program/);
    await writer.abort();
    // The three moves were in flight together: the two free files moved, the held one stayed.
    expect((await readTree(root)).files).toEqual({ 'X/a.mp3': 'A', 'in/b.mp3': 'B', 'X/c.mp3': 'C' });
    const [paused] = (await unfinishedRuns(db, 'locked')).filter((r) => r.pausedBecause?.includes('open in another program'));
    await resumeRun({ root, db }, paused!.id);
    expect((await readTree(root)).files).toEqual({ 'X/a.mp3': 'A', 'X/b.mp3': 'B', 'X/c.mp3': 'C' });
  });
});

describe('a folder renamed only in letter case', () => {
  const files = { 'beatles/abbey road/01 come together.mp3': 'CT', 'beatles/abbey road/02 something.mp3': 'SO', 'other/keep.mp3': 'K' };
  const targets: Record<string, string> = {
    'beatles/abbey road/01 come together.mp3': 'Beatles/Abbey Road/01 Come Together.mp3',
    'beatles/abbey road/02 something.mp3': 'Beatles/Abbey Road/02 Something.mp3',
  };

  async function plannedSteps(root: FileSystemDirectoryHandle) {
    const stats = await fileStats(root);
    const operations = Object.entries(targets).map(([from, to]) => ({ kind: 'move' as const, from, to, size: stats.get(from)!.size, lastModified: stats.get(from)!.lastModified, reason: 'recording' as const }));
    const { steps, refused } = journalSteps({ operations }, stats.keys(), 'case');
    expect(refused).toEqual([]);
    expect(steps.filter((s) => s.kind === 'remove-folder')).toEqual([{ kind: 'remove-folder', from: 'beatles', to: 'Beatles' }]);
    return steps;
  }

  const noParkingLeft = (tree: { files: Record<string, string>; folders: string[] }) =>
    [...Object.keys(tree.files), ...tree.folders].filter((p) => p.includes('.mo-tmp-'));

  test('apply renames the folders through a parking folder, and undo brings the old spelling back', async () => {
    const root = await freshFolder();
    await writeTree(root, files);
    const before = await readTree(root);
    const { run, summary } = await startRun({ root, db }, newRun(await plannedSteps(root)));
    expect(summary.moved).toBe(2);
    expect(summary.skipped).toEqual([]);
    const after = await readTree(root);
    expect(after).toEqual({
      files: { 'Beatles/Abbey Road/01 Come Together.mp3': 'CT', 'Beatles/Abbey Road/02 Something.mp3': 'SO', 'other/keep.mp3': 'K' },
      folders: ['Beatles', 'Beatles/Abbey Road', 'other'],
    });
    expect(noParkingLeft(after)).toEqual([]);
    const undo = await undoRun({ root, db }, run.id);
    expect(undo.summary.moved).toBe(2);
    expect(undo.summary.skipped).toEqual([]);
    const restored = await readTree(root);
    expect(restored).toEqual(before);
    expect(noParkingLeft(restored)).toEqual([]);
  });

  test('paused right after the old folder was removed: resume finishes, and a roll back restores the old spelling', async () => {
    for (const finish of ['resume', 'rollback'] as const) {
      const root = await freshFolder();
      await writeTree(root, files);
      const before = await readTree(root);
      const steps = await plannedSteps(root);
      const removal = steps.findIndex((s) => s.kind === 'remove-folder');
      const controller = new AbortController();
      const started = startRun(
        { root, db, signal: controller.signal, journalBatch: 1, onProgress: (p) => { if (p.done > removal) controller.abort(); } },
        newRun(steps),
      );
      await expect(started).rejects.toBeInstanceOf(RunPausedError);
      const [paused] = (await unfinishedRuns(db, 'lib')).filter((r) => r.status === 'paused').sort((a, b) => b.startedAt - a.startedAt);
      expect((await progressOf(db, paused!.id)).done.size).toBe(removal + 1);
      if (finish === 'resume') {
        const { summary } = await resumeRun({ root, db }, paused!.id);
        expect(summary.skipped).toEqual([]);
        expect((await readTree(root)).files).toEqual({ 'Beatles/Abbey Road/01 Come Together.mp3': 'CT', 'Beatles/Abbey Road/02 Something.mp3': 'SO', 'other/keep.mp3': 'K' });
      } else {
        const { summary } = await rollBackRun({ root, db }, paused!.id);
        expect(summary.skipped).toEqual([]);
        expect(await readTree(root)).toEqual(before);
      }
      expect(noParkingLeft(await readTree(root))).toEqual([]);
    }
  });
});
