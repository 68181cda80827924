// Issue 14, points 2 and 16: a code plugin that writes files after a run, installed from a share
// link served by a local server: the plan lists its file, Apply writes it after the moves, Undo
// removes it, and the folder is back byte for byte.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openWithLibrary, readFixtureTree, servePlugin, startApp, treeHashes, type App, type ServedPlugin } from './support/app.ts';

let app: App;
let plugin: ServedPlugin;

beforeAll(async () => {
  app = await startApp();
  plugin = await servePlugin('library-index', 'library-index.js');
});
afterAll(async () => {
  await plugin?.close();
  await app?.close();
});

test('an output plugin from a share link: its file is shown in the plan, written by Apply, removed by Undo', async () => {
  const link = plugin.link(app.url);
  const context = await app.browser.newContext({ viewport: { width: 1200, height: 900 } });
  const files = (await readFixtureTree('test/fixtures/library')).filter((f) => f.path.startsWith('Artist B/'));
  const page = await openWithLibrary(context, link, 'Music', files);
  const before = await treeHashes(page, 'Music');

  const dialog = page.getByRole('dialog', { name: 'Install “Library index”?' });
  await expect.poll(() => dialog.isVisible(), { timeout: 15_000 }).toBe(true);
  expect(await dialog.textContent()).toMatch(/Adds files written after each run \(“index”\)\s*Reads albumartist, album, year/);
  await dialog.getByRole('button', { name: 'Install' }).click();
  await expect.poll(() => page.getByRole('status').filter({ hasText: '"Library index" is installed.' }).isVisible()).toBe(true);

  await page.getByRole('button', { name: 'Choose music folder' }).click();
  await expect.poll(() => page.getByRole('heading', { name: 'Here is the plan' }).isVisible(), { timeout: 60_000 }).toBe(true);
  const outputs = page.getByRole('region', { name: 'Files written after the run' });
  await expect.poll(() => outputs.getByText('1 file will be written after the moves').isVisible(), { timeout: 15_000 }).toBe(true);
  await outputs.getByRole('button', { name: 'Show the files' }).click();
  expect(await outputs.getByRole('list', { name: 'Files the run writes' }).getByRole('listitem').allTextContents()).toEqual(['New index.md (Library index)']);

  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect.poll(() => page.getByRole('heading', { name: 'Done', exact: true }).isVisible(), { timeout: 120_000 }).toBe(true);
  expect(await page.getByRole('region', { name: 'Done' }).textContent()).toContain('1 file was written or updated.');
  const index = await page.evaluate(async () => {
    const root = await (await navigator.storage.getDirectory()).getDirectoryHandle('Music');
    return (await (await root.getFileHandle('index.md')).getFile()).text();
  });
  expect(index).toMatch(/^# Library\n\n## Artist B\n\n- \[.+\]\(Artist%20B\/.+\/\): \d+ tracks?\n/);

  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect.poll(() => page.getByRole('heading', { name: 'Undone', exact: true }).isVisible(), { timeout: 120_000 }).toBe(true);
  expect(await treeHashes(page, 'Music')).toEqual(before);
  await context.close();
});
