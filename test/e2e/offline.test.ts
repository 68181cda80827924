// The installed-app promise: after one visit, the app loads and works with the network off.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openWithLibrary, readFixtureTree, startApp, type App } from './support/app.ts';

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => app?.close());

test('the manifest offers 192 and 512 px icons', async () => {
  const context = await app.browser.newContext();
  const page = await context.newPage();
  await page.goto(app.url);
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  const manifest = await (await page.request.get(new URL(href!, app.url).href)).json();
  expect(manifest.name).toBe('Music Organizer');
  expect(manifest.icons.map((i: { sizes: string }) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
  for (const icon of manifest.icons) expect((await page.request.get(new URL(icon.src, app.url).href)).headers()['content-type']).toBe('image/png');
  await context.close();
});

test('after one visit the app loads offline, and a scan works offline', async () => {
  const context = await app.browser.newContext();
  const files = (await readFixtureTree('test/fixtures/library')).filter((f) => f.path.startsWith('Artist E/'));
  const page = await openWithLibrary(context, app.url, 'Offline', files);
  // The service worker precaches the app, then says so in the page.
  await expect.poll(() => page.getByText('Ready to work offline.').isVisible(), { timeout: 30_000 }).toBe(true);
  await context.setOffline(true);
  await page.reload();
  await expect.poll(() => page.getByRole('heading', { name: /Tidy twenty years of music/ }).isVisible(), { timeout: 15_000 }).toBe(true);
  // The tag-reading workers and the parser come from the precache too.
  await page.getByRole('button', { name: 'Choose music folder' }).click();
  await expect.poll(() => page.getByRole('heading', { name: 'Here is the plan' }).isVisible(), { timeout: 30_000 }).toBe(true);
  expect(await page.getByRole('list', { name: 'Plan summary' }).textContent()).toMatch(/\b1 release\b/);
  await context.close();
});
