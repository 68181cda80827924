// A full disk during a copy-mode run, for real: Chromium's quota for this origin is shrunk through
// the DevTools protocol while the run copies into a second OPFS folder. The run must pause with a
// plain message, lose nothing (originals intact or verified copies, never a partial copy under a
// real name), and finish once space is back.
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { cdp } from 'vitest/browser';
import { deleteDB } from 'idb';
import { openOrganizerDb, type OrganizerDb } from '../../src/db/schema.ts';
import { resumeRun, startRun, unfinishedRuns } from '../../src/apply/runs.ts';
import { RunPausedError } from '../../src/apply/execute-run.ts';
import type { CopyStep } from '../../src/apply/journal-types.ts';
import { freshFolder, readTree, writeTree } from './support/opfs.ts';

let db: OrganizerDb;
beforeAll(async () => {
  await deleteDB('disk-full-test');
  db = await openOrganizerDb('disk-full-test');
});

const quota = (quotaSize?: number) =>
  cdp().send('Storage.overrideQuotaForOrigin', { origin: location.origin, ...(quotaSize === undefined ? {} : { quotaSize }) });
afterEach(async () => {
  await quota();
});

/** Twenty files of 512 KB, each with its own content, so a copy takes long enough to be caught mid-way. */
function library(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < 20; i++) files[`in/${String(i).padStart(2, '0')}.flac`] = `${i}:`.padEnd(512 * 1024, String.fromCharCode(65 + i));
  return files;
}

describe('the disk fills up during a copy', () => {
  for (const deleteSource of [false, true]) {
    test(`pauses with a plain message, loses nothing, and resumes once space is back${deleteSource ? ' (deleting originals)' : ''}`, async () => {
      const files = library();
      const root = await freshFolder('full-src');
      const destination = await freshFolder('full-dst');
      await writeTree(root, files);
      const steps: CopyStep[] = Object.keys(files).map((from) => ({ kind: 'copy', from, to: `Artist/Album/${from.slice(3)}`, size: files[from]!.length, lastModified: 0, deleteSource }));
      const library_ = `full-${deleteSource}`;
      let shrunk: Promise<unknown> | undefined;
      const run = startRun(
        { root, db, onProgress: (p) => { if (p.done === 3) shrunk ??= quota(1); } },
        { library: library_, libraryName: 'Music', template: 't', steps, destination: { name: 'Organized', handle: destination } },
      );
      await expect(run).rejects.toBeInstanceOf(RunPausedError);
      await expect(run).rejects.toThrow(/^The disk is full\. Free some space, then resume\.$/);
      await shrunk;

      // Nothing lost: every file is either its original or a copy identical to it, and no real name
      // in the destination holds anything but a complete copy.
      const [lib, copied] = [(await readTree(root)).files, (await readTree(destination)).files];
      const visible = Object.entries(copied).filter(([path]) => !path.split('/').some((part) => part.startsWith('.')));
      expect(visible.length).toBeLessThan(20);
      for (const [path, content] of visible) expect(content).toBe(files[`in/${path.split('/').at(-1)}`]);
      for (const [from, content] of Object.entries(files)) {
        const copy = copied[`Artist/Album/${from.slice(3)}`];
        expect(lib[from] === content || copy === content).toBe(true);
        if (!deleteSource) expect(lib[from]).toBe(content);
      }

      await quota();
      const [paused] = await unfinishedRuns(db, library_);
      const { summary } = await resumeRun({ root, db }, paused!.id);
      expect(summary.skipped).toEqual([]);
      expect(summary.moved).toBe(20);
      const after = await readTree(destination);
      expect(after.files).toEqual(Object.fromEntries(Object.entries(files).map(([from, content]) => [`Artist/Album/${from.slice(3)}`, content])));
      expect((await readTree(root)).files).toEqual(deleteSource ? {} : files);
    });
  }
});

describe('a copy cut off mid-way', () => {
  test('when the tab dies while a file is being written, no real name holds a partial copy, and resume makes every copy', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) files[`in/${i}.flac`] = `${i}:`.padEnd(4 * 1024 * 1024, String.fromCharCode(65 + i));
    const root = await freshFolder('cut-src');
    const destination = await freshFolder('cut-dst');
    await writeTree(root, files);
    const steps: CopyStep[] = Object.keys(files).map((from) => ({ kind: 'copy', from, to: `A/${from.slice(3)}`, size: files[from]!.length, lastModified: 0, deleteSource: false }));
    const worker = new Worker(new URL('./support/run-worker.ts', import.meta.url), { type: 'module' });
    await new Promise<void>((resolve, reject) => {
      worker.onmessage = ({ data }) => {
        if (data.error || data.finished) reject(new Error(`the run ended before it was cut off: ${JSON.stringify(data)}`));
        if (data.done === 2) resolve();
      };
      worker.postMessage({ db: 'disk-full-test', root, plan: { library: 'cut', libraryName: 'Music', template: 't', steps, destination: { name: 'Organized', handle: destination } } });
    });
    // Into the next file's copy, then the tab is gone.
    await new Promise((r) => setTimeout(r, 15));
    worker.terminate();

    const copied = (await readTree(destination)).files;
    const visible = Object.entries(copied).filter(([path]) => !path.split('/').some((part) => part.startsWith('.')));
    for (const [path, content] of visible) expect(content.length, path).toBe(files[`in/${path.slice(2)}`]!.length);
    expect((await readTree(root)).files).toEqual(files);

    const [interrupted] = await unfinishedRuns(db, 'cut');
    const { summary } = await resumeRun({ root, db }, interrupted!.id);
    expect(summary.skipped).toEqual([]);
    const after = (await readTree(destination)).files;
    expect(after).toEqual(Object.fromEntries(Object.entries(files).map(([from, content]) => [`A/${from.slice(3)}`, content])));
  });
});
