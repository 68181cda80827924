// Faults of the storage under the browser, made for real in the browser's profile folder: an
// IndexedDB value lost with the file that held it. Each is a message with its reason; none is
// swallowed, stops the next scan or hides what else the app knows.
import { afterEach, beforeAll, expect, test } from 'vitest';
import { rm } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { openWithLibrary, readFixtureTree } from './support/app.ts';
import { indexedDbBlobFiles, startAppWithProfile, type ProfileApp } from './support/profile.ts';

let fixture: { path: string; base64: string }[];
let app: ProfileApp | undefined;

beforeAll(async () => {
  fixture = await readFixtureTree('test/fixtures/library');
});
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const plan = (page: Page) => page.getByRole('heading', { name: 'Here is the plan' });

/** Random text too large to stay inline in IndexedDB's database file, and too random to compress. */
const padding = () => Array.from({ length: 150_000 }, () => String.fromCharCode(65 + Math.floor(Math.random() * 58))).join('');

/** Runs `work` with the app's database opened from the test page (raw IndexedDB, no app code). */
async function withDatabase<T>(page: Page, work: string, arg: unknown): Promise<T> {
  return page.evaluate(
    async ({ work, arg }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('music-organizer');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const request = <R>(r: IDBRequest<R>) => new Promise<R>((resolve, reject) => ((r.onsuccess = () => resolve(r.result)), (r.onerror = () => reject(r.error))));
      try {
        return await (new Function('db', 'request', 'arg', `return (async () => { ${work} })()`) as (...a: unknown[]) => Promise<T>)(db, request, arg);
      } finally {
        db.close();
      }
    },
    { work, arg },
  );
}

// Retried: deleting IndexedDB's blob file under a running Chromium does not always make the next
// read of that value fail (once in a fresh-clone CI run here the read still succeeded, and the app
// rightly showed nothing). Each try starts a new profile; a real regression fails every try.
test('a cache update that fails after a run is shown with its reason, and the next scan still works', { retry: 2 }, async () => {
  app = await startAppWithProfile();
  const page = await openWithLibrary(app.context, app.url, 'Music', fixture);
  await page.getByRole('button', { name: 'Choose music folder' }).click();
  await expect.poll(() => plan(page).isVisible(), { timeout: 60_000 }).toBe(true);

  // One cached read grows past IndexedDB's inline size, so it is kept in a file of its own.
  await withDatabase(page, `
    const [library] = await request(db.transaction('libraries').objectStore('libraries').getAll());
    const store = db.transaction('reads', 'readwrite').objectStore('reads');
    const row = await request(store.get([library.id, arg.path]));
    await request(store.put({ ...row, padding: arg.padding }));
  `, { path: 'Unsorted/track01.m4a', padding: padding() });
  await page.getByRole('button', { name: 'Scan again' }).click();
  await expect.poll(() => plan(page).isVisible(), { timeout: 60_000 }).toBe(true);
  // Then that file is lost, as a disk cleaner or a failing disk loses it.
  const blobs = await indexedDbBlobFiles(app.profile);
  expect(blobs.length).toBeGreaterThan(0);
  for (const blob of blobs) await rm(blob);

  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect.poll(() => page.getByRole('heading', { name: 'Done' }).isVisible(), { timeout: 60_000 }).toBe(true);
  const alert = page.getByRole('alert').filter({ hasText: 'saved tags' });
  await expect.poll(() => alert.isVisible(), { timeout: 30_000 }).toBe(true);
  expect(await alert.textContent()).toMatch(/Data lost due to missing file/);

  // The lost row is still there: the scan forgets the unreadable cache, says so, and reads every file.
  await page.getByRole('button', { name: 'Scan again' }).click();
  await expect.poll(() => plan(page).isVisible(), { timeout: 60_000 }).toBe(true);
  expect(await page.getByRole('alert').textContent()).toMatch(/saved tags of "Music" could not be read \(Data lost due to missing file.*every file was read again/);
});

test("a journal that cannot be read is listed with its reason and hides no other library's interrupted run", async () => {
  app = await startAppWithProfile();
  const page = await app.context.newPage();
  await page.goto(app.url);
  await expect.poll(() => page.evaluate(async () => (await indexedDB.databases()).find((d) => d.name === 'music-organizer')?.version ?? 0)).toBeGreaterThanOrEqual(3);
  // Two remembered libraries, each with a run a closed tab left behind; the first run's record is large.
  await withDatabase(page, `
    const root = await navigator.storage.getDirectory();
    const handles = [await root.getDirectoryHandle('Damaged', { create: true }), await root.getDirectoryHandle('Fine', { create: true })];
    const tx = db.transaction(['libraries', 'runs'], 'readwrite');
    for (const [i, name] of ['Damaged', 'Fine'].entries()) {
      const handle = handles[i];
      tx.objectStore('libraries').put({ id: 'library-' + name, name, handle, addedAt: i, lastOpenedAt: i });
      tx.objectStore('runs').put({
        id: 'run-' + name, library: 'library-' + name, libraryName: name, kind: 'organize', startedAt: Date.now(), status: 'running',
        template: 'default: $title', createdFolders: [], removedFolders: [], stepCount: 0, ...(name === 'Damaged' ? { padding: arg } : {}),
      });
    }
    await new Promise((resolve, reject) => ((tx.oncomplete = resolve), (tx.onerror = () => reject(tx.error))));
  `, padding());
  await page.close();
  for (const blob of await indexedDbBlobFiles(app.profile)) await rm(blob);

  const again = await app.context.newPage();
  await again.goto(app.url);
  await expect.poll(() => again.getByRole('button', { name: 'Open Fine to finish or roll back' }).isVisible(), { timeout: 15_000 }).toBe(true);
  const problem = again.getByText(/journal of Damaged could not be read/);
  expect(await problem.isVisible()).toBe(true);
  expect(await problem.textContent()).toMatch(/Data lost due to missing file/);
});
