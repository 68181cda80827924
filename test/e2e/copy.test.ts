// Copy mode through the UI: the library stays untouched, the organized copy appears in a second
// folder, and Undo removes it again.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openWithLibrary, readFixtureTree, startApp, treeHashes, type App } from './support/app.ts';

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => app?.close());

test('copy into another folder, then undo', async () => {
  const context = await app.browser.newContext();
  const files = await readFixtureTree('test/fixtures/library');
  const page = await openWithLibrary(context, app.url, 'Music', files, ['Organized']);
  const before = await treeHashes(page, 'Music');
  await page.getByRole('button', { name: 'Choose music folder' }).click();
  await expect.poll(() => page.getByRole('heading', { name: 'Here is the plan' }).isVisible(), { timeout: 60_000 }).toBe(true);
  await page.getByRole('radio', { name: /Copy into another folder/ }).check();
  expect(await page.getByRole('button', { name: 'Copy', exact: true }).isDisabled()).toBe(true);
  await page.getByRole('button', { name: 'Choose destination folder' }).click();
  await expect.poll(() => page.getByText('Copying into Organized').isVisible()).toBe(true);
  await page.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect.poll(() => page.getByRole('heading', { name: 'Done' }).isVisible(), { timeout: 60_000 }).toBe(true);

  expect(await treeHashes(page, 'Music')).toEqual(before);
  const copied = await treeHashes(page, 'Organized');
  const original = new Set(Object.values(before));
  expect(Object.values(copied).every((h) => original.has(h))).toBe(true);
  // Every readable tagged track is there, in a tidy tree; broken files and junk are not copied.
  expect(Object.keys(copied).length).toBeGreaterThan(25);
  expect(Object.keys(copied).some((p) => p.startsWith('broken/') || p.endsWith('Thumbs.db'))).toBe(false);
  expect(Object.keys(copied)).toContain('Artist B/Double Feature (2010)/1-01 Reel 1.1.mp3');

  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect.poll(() => page.getByRole('heading', { name: 'Undone' }).isVisible(), { timeout: 60_000 }).toBe(true);
  expect(await treeHashes(page, 'Organized')).toEqual({});
  expect(await treeHashes(page, 'Music')).toEqual(before);
  await context.close();
});
