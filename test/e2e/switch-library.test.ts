// Opening another library starts clean: what was scanned in the first library (its file handles
// above all) never reaches a run of the second. Both libraries hold files under the same paths,
// so a handle of the wrong library would move a file of A into B.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { openWithLibrary, startApp, treeHashes, writeFolder, type App } from './support/app.ts';

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => app?.close());

const text = (files: Record<string, string>) => Object.entries(files).map(([path, content]) => ({ path, base64: Buffer.from(content).toString('base64') }));
const libraryA = text({ 'Box/t0.txt': 'A zero', 'Box/t1.txt': 'A one', 'Box/t2.txt': 'A two', 'Sorted/t0.txt': 'A sorted zero' });
/** B as a tab closed mid-run left it: step 0 (Box/t0 → Sorted/t0) done and recorded, steps 1 and 2 not yet. */
const libraryB = text({ 'Sorted/t0.txt': 'B zero', 'Box/t1.txt': 'B one', 'Box/t2.txt': 'B two' });

/** Writes B's journal as the app writes it: the library, the run with its steps, one progress batch. */
async function interruptedRunOfB(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(async () => (await indexedDB.databases()).find((d) => d.name === 'music-organizer')?.version ?? 0)).toBeGreaterThanOrEqual(3);
  await page.evaluate(async () => {
    const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle('B');
    const stat = async (path: string) => {
      const [dir, name] = path.split('/') as [string, string];
      const file = await (await (await folder.getDirectoryHandle(dir)).getFileHandle(name)).getFile();
      return { size: file.size, lastModified: file.lastModified };
    };
    const steps = [
      { kind: 'move', from: 'Box/t0.txt', to: 'Sorted/t0.txt', ...(await stat('Sorted/t0.txt')) },
      { kind: 'move', from: 'Box/t1.txt', to: 'Sorted/t1.txt', ...(await stat('Box/t1.txt')) },
      { kind: 'move', from: 'Box/t2.txt', to: 'Sorted/t2.txt', ...(await stat('Box/t2.txt')) },
    ];
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('music-organizer');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = db.transaction(['libraries', 'runs', 'stepChunks', 'progress'], 'readwrite');
    const now = Date.now();
    tx.objectStore('libraries').put({ id: 'library-b', name: 'B', handle: folder, addedAt: now, lastOpenedAt: now });
    tx.objectStore('runs').put({
      id: 'run-b', library: 'library-b', libraryName: 'B', kind: 'organize', startedAt: now, status: 'running',
      template: 'default: $albumartist/$album/$title', createdFolders: [], removedFolders: [], stepCount: steps.length,
    });
    tx.objectStore('stepChunks').put({ run: 'run-b', chunk: 0, steps });
    tx.objectStore('progress').put({ run: 'run-b', batch: 0, done: [0], failed: [] });
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  });
}

async function scanAThenOpenB(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Choose music folder' }).click();
  await expect.poll(() => page.getByRole('heading', { name: 'Here is the plan' }).isVisible(), { timeout: 60_000 }).toBe(true);
  await page.getByRole('button', { name: 'Choose another folder' }).click();
  await expect.poll(() => page.getByRole('button', { name: 'Finish the run' }).isVisible(), { timeout: 30_000 }).toBe(true);
}

const contents = (hashes: Record<string, string>) => Object.keys(hashes).sort();

describe('scan library A, then finish an interrupted run of library B', () => {
  for (const { choice, heading, expectedB } of [
    { choice: 'Finish the run', heading: 'Done', expectedB: ['Sorted/t0.txt', 'Sorted/t1.txt', 'Sorted/t2.txt'] },
    { choice: 'Roll back', heading: 'Undone', expectedB: ['Box/t0.txt', 'Box/t1.txt', 'Box/t2.txt'] },
  ]) {
    test(`${choice}: A is untouched and B ends where its journal says`, async () => {
      const context = await app.browser.newContext();
      const page = await openWithLibrary(context, app.url, 'A', libraryA, ['B']);
      await writeFolder(page, 'B', libraryB);
      await interruptedRunOfB(page);
      const beforeA = await treeHashes(page, 'A');
      const bytesOfB = Object.values(await treeHashes(page, 'B')).sort();

      await scanAThenOpenB(page);
      await page.getByRole('button', { name: choice }).click();
      await expect.poll(() => page.getByRole('heading', { name: heading }).isVisible(), { timeout: 60_000 }).toBe(true);

      expect(await treeHashes(page, 'A')).toEqual(beforeA);
      const afterB = await treeHashes(page, 'B');
      expect(contents(afterB)).toEqual(expectedB);
      expect(Object.values(afterB).sort()).toEqual(bytesOfB);
      await context.close();
    });
  }
});
