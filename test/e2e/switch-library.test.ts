// Opening another library starts clean: what was scanned in the first library (its file handles
// above all) never reaches a run of the second. Both libraries hold files under the same paths,
// so a handle of the wrong library would move a file of A into B.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { openWithLibrary, startApp, treeHashes, writeFolder, writeInterruptedRun, type App } from './support/app.ts';

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => app?.close());

const text = (files: Record<string, string>) => Object.entries(files).map(([path, content]) => ({ path, base64: Buffer.from(content).toString('base64') }));
const libraryA = text({ 'Box/t0.txt': 'A zero', 'Box/t1.txt': 'A one', 'Box/t2.txt': 'A two', 'Sorted/t0.txt': 'A sorted zero' });
/** B as a tab closed mid-run left it: step 0 (Box/t0 → Sorted/t0) done and recorded, steps 1 and 2 not yet. */
const libraryB = text({ 'Sorted/t0.txt': 'B zero', 'Box/t1.txt': 'B one', 'Box/t2.txt': 'B two' });

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
    { choice: 'Roll back', heading: 'Rolled back', expectedB: ['Box/t0.txt', 'Box/t1.txt', 'Box/t2.txt'] },
  ]) {
    test(`${choice}: A is untouched and B ends where its journal says`, async () => {
      const context = await app.browser.newContext();
      const page = await openWithLibrary(context, app.url, 'A', libraryA, ['B']);
      await writeFolder(page, 'B', libraryB);
      await writeInterruptedRun(page, {
        folder: 'B', library: 'library-b', id: 'run-b', done: [0],
        moves: [0, 1, 2].map((i) => ({ from: `Box/t${i}.txt`, to: `Sorted/t${i}.txt` })),
      });
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
