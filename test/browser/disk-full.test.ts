// A full disk during a copy-mode run, for real: Chromium's quota for this origin is shrunk through
// the DevTools protocol while the run copies into a second OPFS folder. The run must pause with a
// plain message, lose nothing (originals intact or verified copies, never a partial copy under a
// real name), and finish once space is back.
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { cdp } from 'vitest/browser';
// The playwright provider's types give cdp() its send().
import type {} from '@vitest/browser-playwright';
import { deleteDB } from 'idb';
import { openOrganizerDb, type OrganizerDb } from '../../src/db/schema.ts';
import { resumeRun, startRun, unfinishedRuns } from '../../src/apply/runs.ts';
import { RunNotStartedError, RunPausedError } from '../../src/apply/execute-run.ts';
import type { CopyStep } from '../../src/core/journal-steps.ts';
import { stagingPath } from '../../src/apply/copy-steps.ts';
import { freshFolder, readTree, writeFile, writeTree } from './support/opfs.ts';

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

describe('a journal that cannot be written', () => {
  // Chromium enforces the quota on IndexedDB only now and then (a shrunk quota sometimes still lets
  // a journal through), so the failure here is a database that went away; the disk-full wording
  // is the same path with another cause.
  test('the run does not start, says so plainly, and nothing changes', async () => {
    const root = await freshFolder('nojournal-src');
    const destination = await freshFolder('nojournal-dst');
    await writeTree(root, { 'in/a.flac': 'A' });
    const gone = await openOrganizerDb('disk-full-test');
    gone.close();
    const steps: CopyStep[] = [{ kind: 'copy', from: 'in/a.flac', to: 'X/a.flac', size: 1, lastModified: 0, deleteSource: true }];
    const run = startRun({ root, db: gone }, { library: 'nojournal', libraryName: 'Music', template: 't', steps, destination: { name: 'Organized', handle: destination } });
    await expect(run).rejects.toBeInstanceOf(RunNotStartedError);
    await expect(run).rejects.toThrow(/^The run could not be recorded, so nothing was changed: /);
    expect((await readTree(root)).files).toEqual({ 'in/a.flac': 'A' });
    expect(await readTree(destination)).toEqual({ files: {}, folders: [] });
    expect(await unfinishedRuns(db, 'nojournal')).toEqual([]);
    expect(new RunNotStartedError(new DOMException('', 'QuotaExceededError')).message).toMatch(/^The disk is full, so the run could not be recorded, and nothing was changed\./);
  });
});

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

      // Resuming while the disk is still full pauses again, just as plainly.
      const [paused] = await unfinishedRuns(db, library_);
      await expect(resumeRun({ root, db }, paused!.id)).rejects.toThrow(/^The disk is full\. Free some space, then resume\.$/);
      await quota();
      const { summary } = await resumeRun({ root, db }, paused!.id);
      expect(summary.skipped).toEqual([]);
      expect(summary.moved).toBe(20);
      const after = await readTree(destination);
      expect(after.files).toEqual(Object.fromEntries(Object.entries(files).map(([from, content]) => [`Artist/Album/${from.slice(3)}`, content])));
      expect((await readTree(root)).files).toEqual(deleteSource ? {} : files);
    });
  }
});

describe('a partial copy that cannot be removed', () => {
  test('is reported with where it is and why, never silently left; the next try replaces it', async () => {
    const big = new Uint8Array(48 * 1024 * 1024).fill(7);
    const root = await freshFolder('leftover-src');
    const destination = await freshFolder('leftover-dst');
    await writeTree(root, { 'in/small.flac': 'small', 'in/big.flac': big });
    // Another program (a sync client, a virus scanner) holds open what an earlier, cut-off try left.
    const staging = stagingPath('A/big.flac');
    const holder = await (await writeFile(destination, staging, 'partial')).createWritable({ keepExistingData: true });
    const steps: CopyStep[] = [
      { kind: 'copy', from: 'in/small.flac', to: 'A/small.flac', size: 5, lastModified: 0, deleteSource: false },
      { kind: 'copy', from: 'in/big.flac', to: 'A/big.flac', size: big.length, lastModified: 0, deleteSource: false },
    ];
    let shrunk: Promise<unknown> | undefined;
    const run = startRun(
      { root, db, onProgress: (p) => { if (p.done === 1) shrunk ??= quota(1); } },
      { library: 'leftover', libraryName: 'Music', template: 't', steps, destination: { name: 'Organized', handle: destination } },
    );
    await expect(run).rejects.toThrow(
      /^The disk is full\. Free some space, then resume\. The incomplete copy "A\/\.mo-tmp-copy-[0-9a-f]{8}" could not be removed \(.+\); it is hidden, and the next try replaces it\.$/,
    );
    await shrunk;
    await quota();
    await holder.abort();
    expect(Object.keys((await readTree(destination)).files)).toEqual([staging, 'A/small.flac']);
    const [paused] = await unfinishedRuns(db, 'leftover');
    expect((await resumeRun({ root, db }, paused!.id)).summary.skipped).toEqual([]);
    const after = (await readTree(destination)).files;
    expect(Object.keys(after)).toEqual(['A/big.flac', 'A/small.flac']);
    expect(after['A/big.flac']!.length).toBe(big.length);
  });
});

describe('a copy cut off mid-way', () => {
  test('when the tab dies while a file is being written, no real name holds a partial copy, and resume makes every copy', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 6; i++) files[`in/${i}.flac`] = `${i}:`.padEnd(3 * 1024 * 1024, String.fromCharCode(65 + i));
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

    const copied = (await settledTree(destination)).files;
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

/** The tree once the browser has cleaned up after the terminated worker (its swap file can vanish while it is listed). */
async function settledTree(dir: FileSystemDirectoryHandle) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await readTree(dir);
    } catch (e) {
      if ((e as DOMException).name !== 'NotFoundError' || attempt > 20) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
