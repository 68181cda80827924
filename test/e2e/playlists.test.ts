// The Playlists built-in end to end, by role and name: switched on in Settings, the plan lists the
// playlists it will write and the user's playlists it will update, Apply writes them (every entry
// of every playlist then names a file that is there), and Undo leaves the library byte for byte as
// it was.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { openWithLibrary, playlistsIn, readFixtureTree, startApp, treeHashes, type App } from './support/app.ts';

let app: App;
let files: { path: string; base64: string }[];
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
beforeAll(async () => {
  app = await startApp();
  files = [
    ...(await readFixtureTree('test/fixtures/library')),
    // The user's own playlists: one beside its album (it moves with it), one elsewhere, with a BOM and CRLF.
    { path: 'Artist A - First Light (2001)/mine.m3u', base64: b64('#EXTM3U\n../Artist A - First Light (2001)/01 Dawn.flac\n03 Dusk.flac\n') },
    { path: 'Mine/road.m3u8', base64: b64('\uFEFF#EXTM3U\r\nhttp://radio.example/jazz\r\n../Artist A - First Light (2001)/02 Noon.flac\r\n') },
  ];
});
afterAll(async () => app?.close());

const visible = (page: Page, name: string) => page.getByRole('heading', { name, exact: true }).isVisible();


test('Playlists: switched on in Settings, shown in the plan, written by Apply, removed by Undo; the user\'s playlists follow their files and come back byte for byte', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await openWithLibrary(context, app.url, 'Music', files);
  const before = await treeHashes(page, 'Music');
  await page.getByRole('button', { name: 'Choose music folder' }).click();
  await expect.poll(() => visible(page, 'Here is the plan'), { timeout: 120_000 }).toBe(true);
  // Off by default: only the user's own playlists are updated.
  await expect.poll(() => page.getByText(/of your playlists will be updated/).textContent()).toMatch(/^2 of your playlists/);
  expect(await page.getByText(/playlists? will be written/).count()).toBe(0);

  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByRole('checkbox', { name: 'Write playlists after each run' }).check();
  await page.getByRole('checkbox', { name: /One per album artist/ }).check();
  expect(await page.getByRole('checkbox', { name: /One per release/ }).isChecked()).toBe(true);
  await page.getByRole('button', { name: 'Back to the plan' }).click();
  await expect.poll(() => visible(page, 'Here is the plan')).toBe(true);

  const count = page.getByText(/playlists? will be written/);
  await expect.poll(() => count.isVisible()).toBe(true);
  const written = Number((await count.textContent())!.match(/^(\d+)/)![1]);
  expect(written).toBeGreaterThan(3);
  await page.getByRole('button', { name: 'Show the playlists' }).click();
  const shown = (await page.getByRole('list', { name: 'Playlists the run writes' }).getByRole('listitem').allTextContents()).map((t) => t.replace(/^(New|Updated)\s+/, ''));
  expect(shown).toContain('Mine/road.m3u8');

  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect.poll(() => visible(page, 'Done'), { timeout: 120_000 }).toBe(true);
  await expect.poll(() => page.getByRole('region', { name: 'Done' }).getByText(/playlists were written or updated/).isVisible()).toBe(true);

  const after = await playlistsIn(page, 'Music');
  // Exactly what the plan showed was written, and every entry of every playlist names a file that is there.
  expect(Object.keys(after).sort()).toEqual([...shown].sort());
  for (const [path, p] of Object.entries(after)) expect(p.missing, path).toEqual([]);
  for (const [path, p] of Object.entries(after)) {
    if (path === 'Mine/road.m3u8' || path.endsWith('/mine.m3u')) continue;
    expect(p.text.startsWith('#EXTM3U\n#EXTINF:'), path).toBe(true);
    expect(p.text).toBe(p.text.normalize('NFC'));
  }
  expect(after['Mine/road.m3u8']!.text).toMatch(/^\uFEFF#EXTM3U\r\nhttp:\/\/radio\.example\/jazz\r\n\.\.\/[^\r\n]+\/02 Noon\.flac\r\n$/);
  expect(Object.keys(after).some((p) => p.startsWith('Playlists/Artists/'))).toBe(true);

  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect.poll(() => visible(page, 'Undone'), { timeout: 120_000 }).toBe(true);
  expect(await treeHashes(page, 'Music')).toEqual(before);

  // Remembered for this library: the next visit plans the same playlists.
  await page.reload();
  await page.getByRole('button', { name: 'Open Music again' }).click();
  await expect.poll(() => visible(page, 'Here is the plan'), { timeout: 120_000 }).toBe(true);
  await expect.poll(() => page.getByText(/playlists? will be written/).textContent()).toMatch(new RegExp(`^${written} playlists`));
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  expect(await page.getByRole('checkbox', { name: /One per album artist/ }).isChecked()).toBe(true);
  await context.close();
});
