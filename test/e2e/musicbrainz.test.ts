// Issue 14, points 12 and 16, in the built app: the MusicBrainz built-in comes switched off; its
// manifest declaring a local server of recorded answers (test/support/musicbrainz-server.ts, the
// same module) installs from a share link; proposals appear per release; accepting one changes the
// plan, rejecting one is remembered after a reload; offline, the real built-in says so and changes
// nothing.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { openWithLibrary, startApp, type App, mp3Maker } from './support/app.ts';
import { startMusicBrainz, type MusicBrainzStub } from '../support/musicbrainz-server.ts';

let app: App;
let stub: MusicBrainzStub;
beforeAll(async () => {
  app = await startApp();
  stub = await startMusicBrainz();
});
afterAll(async () => {
  await stub?.close();
  await app?.close();
});

async function library(): Promise<{ path: string; base64: string }[]> {
  const mp3 = await mp3Maker();
  // The EP without a year; Kind of Blue with the year of its first release, where MusicBrainz has this CD's.
  const ideal = ['Warsaw', 'No Love Lost', 'Leaders of Men', 'Failures'].map((t, i) =>
    mp3(`jd/${i + 1} ${t}.mp3`, { TPE1: 'Joy Division', TPE2: 'Joy Division', TALB: 'An Ideal for Living', TRCK: String(i + 1), TIT2: t }));
  const blue = ['So What', 'Freddie Freeloader', 'Blue in Green', 'All Blues', 'Flamenco Sketches'].map((t, i) =>
    mp3(`kob/${t}.mp3`, { TPE1: 'Miles Davis', TPE2: 'Miles Davis', TALB: 'Kind of Blue', TYER: '1959', TRCK: String(i + 1), TIT2: t }));
  return Promise.all([...ideal, ...blue]);
}

async function planShown(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Choose music folder' }).click();
  await expect.poll(() => page.getByRole('heading', { name: 'Here is the plan' }).isVisible(), { timeout: 60_000 }).toBe(true);
}

async function targets(page: Page): Promise<string[]> {
  await page.getByRole('tab', { name: /^Moves/ }).click();
  const rows = await page.getByRole('list', { name: 'Planned moves' }).getByRole('listitem').allTextContents();
  return rows.map((r) => r.replace(/^.*moves to\s*/s, '').replace(/\s*(Exclude|Include)\s*$/, '').trim());
}

/** `npm run screenshots` (SCREENSHOTS_DIR set) keeps pictures of the panel for the docs. */
async function shoot(locator: ReturnType<Page['locator']>, name: string): Promise<void> {
  if (!process.env.SCREENSHOTS_DIR) return;
  // The service worker's toast is not part of the panel.
  await locator.screenshot({ style: '.toast { visibility: hidden; }', path: `${process.env.SCREENSHOTS_DIR}/${name}.png`, animations: 'disabled' });
}

const proposals = (page: Page) => page.getByRole('region', { name: /^Proposed changes/ });
const IDEAL = 'An Ideal for Living — Joy Division';
const BLUE = 'Kind of Blue — Miles Davis';

test('installed from a link: proposals per release; accept changes the plan; a rejection is remembered after a reload', async () => {
  const sha256 = createHash('sha256').update(await readFile('plugins/musicbrainz/musicbrainz.js')).digest('hex');
  const link = `${app.url}#plugin=${encodeURIComponent(`http://127.0.0.1:${stub.port}/plugin/manifest.json`)}&sha256=${sha256}`;
  const context = await app.browser.newContext();
  const page = await openWithLibrary(context, link, 'Music', await library());

  const dialog = page.getByRole('dialog', { name: 'Install “MusicBrainz”?' });
  await expect.poll(() => dialog.isVisible(), { timeout: 15_000 }).toBe(true);
  expect(await dialog.textContent()).toContain(`127.0.0.1:${stub.port}`);
  await dialog.getByRole('button', { name: 'Install' }).click();
  await expect.poll(() => page.getByRole('status').filter({ hasText: '"MusicBrainz" was updated.' }).isVisible()).toBe(true);

  await planShown(page);
  const panel = proposals(page);
  const ideal = panel.getByRole('listitem', { name: IDEAL });
  const blue = panel.getByRole('listitem', { name: BLUE });
  await expect.poll(() => ideal.isVisible(), { timeout: 30_000 }).toBe(true);
  expect(await ideal.textContent()).toMatch(/MusicBrainz · match \d+% · found by album artist and album \(4 tracks, 1978\)/);
  expect(await ideal.textContent()).toContain('Year: (none) → 1978');
  expect(await ideal.textContent()).toContain('Original year: (none) → 1978');
  expect(await blue.textContent()).toContain('Year: 1959 → 1997');
  // Search and lookup per release, a second apart at least.
  expect(stub.log.filter((e) => e.path.startsWith('/ws/2/'))).toHaveLength(4);

  let to = await targets(page);
  expect(to.filter((t) => t.startsWith('Joy Division/')).every((t) => t.startsWith('Joy Division/An Ideal for Living/'))).toBe(true);

  // "Accept all with a score of at least": the EP matched at 95%, Kind of Blue at 90% (its year differs).
  const threshold = panel.getByRole('spinbutton', { name: 'Accept all with a match score of at least' });
  expect(await panel.getByRole('button', { name: 'Accept 2 with a score of at least 90%' }).isVisible()).toBe(true);
  await threshold.fill('95');
  await expect.poll(() => panel.getByRole('button', { name: 'Accept 1 with a score of at least 95%' }).isVisible()).toBe(true);

  // Accept one: the plan follows at once, and the proposal is gone.
  await ideal.getByRole('button', { name: `Accept: ${IDEAL}` }).click();
  await expect.poll(() => ideal.count(), { timeout: 15_000 }).toBe(0);
  to = await targets(page);
  expect(to.filter((t) => t.startsWith('Joy Division/')).sort()).toEqual([
    'Joy Division/An Ideal for Living (1978)/01 Warsaw.mp3',
    'Joy Division/An Ideal for Living (1978)/02 No Love Lost.mp3',
    'Joy Division/An Ideal for Living (1978)/03 Leaders of Men.mp3',
    'Joy Division/An Ideal for Living (1978)/04 Failures.mp3',
  ]);

  // Reject the other: gone, nothing in the plan changed.
  await blue.getByRole('button', { name: `Reject: ${BLUE}` }).click();
  await expect.poll(() => blue.count(), { timeout: 15_000 }).toBe(0);
  expect(await targets(page)).toEqual(to);

  // After a reload (answers from IndexedDB now): the accepted change holds, the rejection too.
  const asked = stub.log.length;
  await page.goto(app.url);
  await planShown(page);
  await expect.poll(() => proposals(page).getByText(/Nothing to propose/).isVisible(), { timeout: 30_000 }).toBe(true);
  expect(await proposals(page).getByRole('listitem', { name: BLUE }).count()).toBe(0);
  expect((await targets(page)).filter((t) => t.startsWith('Joy Division/'))).toEqual(to.filter((t) => t.startsWith('Joy Division/')));
  expect(stub.log.length).toBe(asked);
  // The accepted proposal is a change of the library's, listed (and revertible) under "Your changes".
  await page.getByRole('tab', { name: /^Your changes/ }).click();
  expect(await page.getByRole('region', { name: 'Your changes' }).textContent()).toContain('An Ideal for Living');
  await context.close();
});

test('the built-in comes switched off; switched on while offline, it says so and changes nothing', async () => {
  const context = await app.browser.newContext();
  const page = await openWithLibrary(context, app.url, 'Music', await library());
  await page.getByRole('button', { name: 'Plugins' }).click();
  const section = page.getByRole('region', { name: 'Plugins' });
  const use = section.getByRole('checkbox', { name: 'Use MusicBrainz' });
  await expect.poll(() => use.isVisible(), { timeout: 15_000 }).toBe(true);
  expect(await use.isChecked()).toBe(false);
  expect(await section.getByRole('button', { name: 'Remove MusicBrainz' }).count()).toBe(0);
  expect(await section.textContent()).toContain('reaches musicbrainz.org');
  await use.check();
  await section.getByRole('button', { name: 'Close plugins' }).click();

  // Offline once the app can work offline (its scripts cached by the service worker).
  await expect.poll(() => page.getByText('Ready to work offline.').isVisible(), { timeout: 30_000 }).toBe(true);
  await context.setOffline(true);
  await planShown(page);
  const panel = proposals(page);
  await expect.poll(() => panel.getByText('MusicBrainz could not be asked (the app is offline and has no saved answer from musicbrainz.org); nothing was changed.').isVisible(), { timeout: 30_000 }).toBe(true);
  expect(await panel.getByRole('listitem').count()).toBe(0);
  await page.getByRole('tab', { name: /^Your changes/ }).click();
  expect(await page.getByRole('tab', { name: /^Your changes/ }).textContent()).not.toMatch(/[1-9]/);
  await context.close();
});

test('a big lookup shows each release as it comes, with progress and a pause; taking only the year keeps my album artist, after a reload too, without asking again', async () => {
  const sha256 = createHash('sha256').update(await readFile('plugins/musicbrainz/musicbrainz.js')).digest('hex');
  const link = `${app.url}#plugin=${encodeURIComponent(`http://127.0.0.1:${stub.port}/plugin/manifest.json`)}&sha256=${sha256}`;
  const mp3 = await mp3Maker();
  const files = await Promise.all([
    ...['Warsaw', 'No Love Lost'].map((t, i) => mp3(`jd/${i + 1} ${t}.mp3`, { TPE1: 'Joy Division', TPE2: 'Joy Division', TALB: 'An Ideal for Living', TRCK: String(i + 1), TIT2: t })),
    ...['So What', 'Freddie Freeloader'].map((t, i) => mp3(`kob/${t}.mp3`, { TPE1: 'Miles Davis', TPE2: 'Miles Davis Sextet', TALB: 'Kind of Blue', TYER: '1959', TRCK: String(i + 1), TIT2: t })),
    // MusicBrainz knows nothing of this one (the stub's search finds nothing): looked up, nothing proposed.
    mp3('demo/1 Demo.mp3', { TPE1: 'Nobody', TPE2: 'Nobody', TALB: 'Basement Tapes', TRCK: '1', TIT2: 'Demo' }),
  ]);
  const context = await app.browser.newContext();
  const page = await openWithLibrary(context, link, 'Music', files);
  const dialog = page.getByRole('dialog', { name: 'Install “MusicBrainz”?' });
  await expect.poll(() => dialog.isVisible(), { timeout: 15_000 }).toBe(true);
  await dialog.getByRole('button', { name: 'Install' }).click();

  // Every answer a little slow, so the lookup is seen under way.
  stub.troubles.push(...Array.from({ length: 10 }, () => ({ kind: 'slow' as const, ms: 700 })));
  const before = stub.log.length;
  await planShown(page);
  const panel = proposals(page);
  const items = panel.getByRole('listitem').filter({ has: page.getByRole('button', { name: /^Reject: / }) });
  const line = panel.getByText(/ of 3 releases looked up/);

  // Pause at once: the question under way is answered, then nothing more is asked until Resume.
  const pause = panel.getByRole('button', { name: 'Pause the lookup' });
  await expect.poll(() => pause.isVisible(), { timeout: 30_000 }).toBe(true);
  await pause.click();
  await expect.poll(() => line.textContent(), { timeout: 15_000 }).toMatch(/^Paused: 1 of 3 releases looked up\. Nothing more is asked until you resume\.$/);
  const whilePaused = stub.log.length;
  await shoot(panel, 'proposals-paused');
  await new Promise((r) => setTimeout(r, 2500));
  expect(stub.log.length).toBe(whilePaused);

  // Resumed: proposals come one release at a time, the progress line counting.
  await panel.getByRole('button', { name: 'Resume the lookup' }).click();
  const seen: string[] = [];
  for (let i = 0; i < 300 && (await items.count()) < 2; i++) {
    seen.push(`${await items.count()}|${(await line.count()) ? await line.textContent() : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(await items.count()).toBe(2);
  expect(seen.some((s) => /^1\|[12] of 3 releases looked up/.test(s))).toBe(true);
  await expect.poll(() => line.count(), { timeout: 15_000 }).toBe(0);
  const asked = stub.log.length - before;
  // Two releases found by search then lookup, one search that found nothing.
  expect(asked).toBe(5);

  // Take only the year of Kind of Blue, by keyboard: every other field unticked.
  const BLUE_SEXTET = 'Kind of Blue — Miles Davis Sextet';
  const blue = panel.getByRole('listitem', { name: BLUE_SEXTET });
  expect(await blue.getByRole('checkbox', { name: 'Album artist: Miles Davis Sextet → Miles Davis' }).isChecked()).toBe(true);
  for (const box of await blue.getByRole('checkbox').all()) {
    if ((await box.evaluate((e) => (e as HTMLInputElement).labels?.[0]?.textContent ?? '')).trim().startsWith('Year: ')) continue;
    await box.focus();
    await page.keyboard.press('Space');
    expect(await box.isChecked()).toBe(false);
  }
  expect(await blue.getByRole('checkbox', { name: 'Year: 1959 → 1997' }).isChecked()).toBe(true);
  await shoot(panel, 'proposals');
  await blue.getByRole('button', { name: new RegExp(`^Accept 1 of \\d+: ${BLUE_SEXTET}$`) }).click();
  await expect.poll(() => blue.count(), { timeout: 15_000 }).toBe(0);
  const kob = (await targets(page)).filter((t) => t.includes('Kind of Blue')).sort();
  expect(kob).toEqual(['Miles Davis Sextet/Kind of Blue (1997)/01 So What.mp3', 'Miles Davis Sextet/Kind of Blue (1997)/02 Freddie Freeloader.mp3']);

  // After a reload: the year holds, the album artist is still mine, the rest of that proposal does
  // not come back, the other proposal does; every answer comes from what was kept, none from the server.
  const total = stub.log.length;
  await page.goto(app.url);
  await planShown(page);
  await expect.poll(() => proposals(page).getByRole('listitem', { name: IDEAL }).isVisible(), { timeout: 30_000 }).toBe(true);
  await expect.poll(() => proposals(page).getByText(/ of 3 releases looked up/).count(), { timeout: 15_000 }).toBe(0);
  expect(await proposals(page).getByRole('listitem', { name: BLUE_SEXTET }).count()).toBe(0);
  expect((await targets(page)).filter((t) => t.includes('Kind of Blue')).sort()).toEqual(kob);
  expect(stub.log.length).toBe(total);
  await context.close();
});
