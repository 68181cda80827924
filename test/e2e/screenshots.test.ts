// The README's pictures of the app (issue 13, point 13), taken from the built app on a real
// library: the plan, the suggestions and the library overview. `npm run screenshots` writes them
// to docs/screenshots/ (commit them with the change that altered a screen); in the test suite they
// go to a temporary folder, so a screen that no longer renders fails here first.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { mkdir, mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWithLibrary, readFixtureTree, startApp, type App, mp3Maker } from './support/app.ts';

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => app?.close());

/** The fixture library, plus albums with the inconsistencies the suggestions are for. */
async function library(): Promise<{ path: string; base64: string }[]> {
  const mp3 = await mp3Maker();
  const albums: [string, string, string, string[]][] = [
    ['Beth Hart & Joe Bonamassa', 'Seesaw', '2013', ['Them There Eyes', 'Nutbush City Limits', 'Sunday Kind of Love']],
    ['Beth Hart, Joe Bonamassa', "Don't Explain", '2011', ["Sinner's Prayer", 'Chocolate Jesus']],
    ['Audioslave', 'Audioslave', '2002', ['06. Like a Stone', '07. Shadow On The Sun', '08. I Am the Highway']],
  ];
  const made = await Promise.all(albums.flatMap(([artist, album, year, titles]) => titles.map((title, i) =>
    mp3(`incoming/${artist} - ${title}.mp3`, { TPE1: artist, TPE2: artist, TALB: album, TYER: year, TRCK: /^\d+\./.test(title) ? String(parseInt(title, 10)) : String(i + 1), TIT2: title, TCON: 'Blues' }))));
  return [...(await readFixtureTree('test/fixtures/library')), ...made];
}

test('the plan, the suggestions and the overview, in light and dark', async () => {
  const dir = process.env.SCREENSHOTS_DIR ?? (await mkdtemp(join(tmpdir(), 'screens-')));
  await mkdir(dir, { recursive: true });
  const context = await app.browser.newContext({ viewport: { width: 1100, height: 900 }, deviceScaleFactor: 1 });
  const page = await openWithLibrary(context, app.url, 'Music', await library());
  await page.getByRole('button', { name: 'Choose music folder' }).click();
  await expect.poll(() => page.getByRole('heading', { name: 'Here is the plan' }).isVisible(), { timeout: 60_000 }).toBe(true);
  const suggestions = page.getByRole('region', { name: /^Suggestions/ });
  const overview = page.getByRole('region', { name: 'Your library' });
  await expect.poll(() => suggestions.getByRole('heading', { level: 3 }).count(), { timeout: 30_000 }).toBeGreaterThan(0);
  await expect.poll(() => overview.getByRole('table', { name: 'Formats' }).isVisible(), { timeout: 30_000 }).toBe(true);
  // The update toast of the service worker is not part of any screen.
  await page.getByRole('button', { name: 'OK' }).click({ timeout: 5_000 }).catch(() => {});
  const shots: string[] = [];
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    const suffix = theme === 'light' ? '' : '-dark';
    const take = async (name: string, locator: ReturnType<typeof page.locator>) => {
      const path = join(dir, `${name}${suffix}.png`);
      await locator.screenshot({ path, animations: 'disabled' });
      shots.push(path);
    };
    await take('plan', page.getByRole('region', { name: 'Here is the plan' }));
    await take('suggestions', suggestions);
    await take('overview', overview);
  }
  for (const path of shots) expect((await stat(path)).size).toBeGreaterThan(5_000);
  await context.close();
});
