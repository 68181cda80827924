// What a person sees when the app cannot do its work: an unsupported browser, a refused permission.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openWithLibrary, readFixtureTree, startApp, treeHashes, type App } from './support/app.ts';

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => app?.close());

test('a browser without the File System Access API is told in plain words what it can and cannot do', async () => {
  const context = await app.browser.newContext();
  // Firefox and Safari have no showDirectoryPicker: remove it before the app loads.
  await context.addInitScript(() => {
    delete (window as { showDirectoryPicker?: unknown }).showDirectoryPicker;
    delete (Window.prototype as { showDirectoryPicker?: unknown }).showDirectoryPicker;
  });
  const page = await context.newPage();
  await page.goto(app.url);
  await expect.poll(() => page.getByRole('heading', { name: 'This browser can read your music, not change it' }).isVisible()).toBe(true);
  expect(await page.getByRole('note').textContent()).toMatch(/Apply and Undo in the page need Chrome or Edge/);
  expect(await page.getByRole('button', { name: 'Choose music folder', exact: true }).count()).toBe(0);
  expect(await page.getByRole('button', { name: 'Choose music folder (read only)' }).count()).toBe(1);
  await context.close();
});

test('refusing write permission gets a clear message and changes nothing', async () => {
  const context = await app.browser.newContext();
  // The user clicks "Block" in Chrome's permission prompt: both calls answer 'denied'.
  await context.addInitScript(() => {
    FileSystemHandle.prototype.queryPermission = async () => 'denied';
    FileSystemHandle.prototype.requestPermission = async () => 'denied';
  });
  const files = (await readFixtureTree('test/fixtures/library')).filter((f) => f.path.startsWith('Artist E/'));
  const page = await openWithLibrary(context, app.url, 'Refused', files);
  const before = await treeHashes(page, 'Refused');
  await page.getByRole('button', { name: 'Choose music folder' }).click();
  const alert = page.getByRole('alert');
  await expect.poll(() => alert.textContent(), { timeout: 15_000 }).toMatch(/permission to edit/);
  expect(await page.getByRole('heading', { name: 'Here is the plan' }).count()).toBe(0);
  expect(await treeHashes(page, 'Refused')).toEqual(before);
  await context.close();
});
