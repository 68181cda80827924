// The whole review with the keyboard alone, as a person who cannot use a mouse does it: Tab,
// Shift+Tab, arrow keys, Enter, Space and typing; never a click, never a focus() from the test.
// Choose the folder, accept a suggestion, dismiss one, edit a release, exclude a file, keep
// another copy of a duplicate, then Apply; each step lands in the files. A control that cannot be
// reached by Tab, or a screen change that leaves focus behind, fails the walk with what had focus.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { openWithLibrary, startApp, treeHashes, type App, mp3Maker } from './support/app.ts';

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => app?.close());

async function library(): Promise<{ path: string; base64: string }[]> {
  const mp3 = await mp3Maker();
  const duo = (name: string, album: string, year: string, n: number, title: string) =>
    mp3(`${name}/${album}/${n} ${title}.mp3`, { TPE1: name, TPE2: name, TALB: album, TYER: year, TRCK: String(n), TIT2: title });
  const seesaw = await duo('Beth Hart & Joe Bonamassa', 'Seesaw', '2013', 2, 'Nutbush City Limits');
  return Promise.all([
    duo('Beth Hart & Joe Bonamassa', 'Seesaw', '2013', 1, 'Them There Eyes'),
    seesaw,
    duo('Beth Hart & Joe Bonamassa', 'Seesaw', '2013', 3, 'Sunday Kind of Love'),
    duo('Beth Hart, Joe Bonamassa', "Don't Explain", '2011', 1, "Sinner's Prayer"),
    // The same bytes again in a download folder: an exact copy.
    { path: 'Downloads/nutbush.mp3', base64: seesaw.base64 },
    mp3('Audioslave/Like a Stone.mp3', { TPE1: 'Audioslave', TPE2: 'Audioslave', TALB: 'Audioslave', TYER: '2002', TRCK: '6', TIT2: 'Like a Stone' }),
  ]);
}

/** What has focus: its role or tag and its accessible name, as a screen reader would say it. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return '(nothing)';
    const labelled = el.getAttribute('aria-labelledby');
    const own = (el as HTMLInputElement).labels?.[0]?.textContent;
    const name = el.getAttribute('aria-label') ?? (labelled ? document.getElementById(labelled)?.textContent : null) ?? own ?? el.textContent ?? '';
    return `${el.getAttribute('role') ?? el.tagName.toLowerCase()}: ${name.replace(/\s+/g, ' ').trim()}`;
  });
}

/** Presses Tab (or Shift+Tab) until the focused control's description matches; fails naming where focus went. */
async function tabTo(page: Page, want: RegExp, { back = false, max = 120 } = {}): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const now = await focused(page);
    if (want.test(now)) return;
    seen.push(now);
  }
  throw new Error(`${want} not reached by ${back ? 'Shift+Tab' : 'Tab'}; focus went through:\n${seen.join('\n')}`);
}

async function focusIsOn(page: Page, want: RegExp): Promise<void> {
  await expect.poll(() => focused(page), { timeout: 60_000 }).toMatch(want);
}

/** The library opened with Tab and Enter; focus lands on the plan's heading. */
async function planByKeyboard(context: BrowserContext): Promise<Page> {
  const page = await openWithLibrary(context, app.url, 'Music', await library());
  await page.getByRole('button', { name: 'Choose music folder' }).waitFor();
  await tabTo(page, /^button: Choose music folder$/);
  await page.keyboard.press('Enter');
  await focusIsOn(page, /Here is the plan/);
  return page;
}

test('choose, accept, dismiss, edit, exclude, keep another copy and apply with the keyboard alone', async () => {
  const context = await app.browser.newContext();
  const page = await planByKeyboard(context);

  // The plan page is built a part per frame (decision 0009): the suggestions come after the heading,
  // so wait for their panel before waiting for its search to end (no panel also counts 0).
  await expect.poll(() => page.getByRole('region', { name: /^Suggestions/ }).isVisible(), { timeout: 20_000 }).toBe(true);
  await expect.poll(() => page.getByRole('region', { name: /^Suggestions/ }).getByText(/Looking for suggestions/).count(), { timeout: 20_000 }).toBe(0);

  // A suggestion accepted with Enter: one spelling of the duo.
  await tabTo(page, /^button: Accept all \d+: Artist spelled several ways$/);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByRole('region', { name: /^Artist spelled several ways/ }).count()).toBe(0);
  expect(await focused(page), 'focus after the accepted suggestion left').not.toBe('(nothing)');
  // Another dismissed with Space. Focus was on a button that is gone: Tab from wherever it went.
  await tabTo(page, /^button: Dismiss: .*no cover art/);
  await page.keyboard.press('Space');
  await expect.poll(() => page.getByRole('region', { name: /^Releases without cover art/ }).count()).toBe(0);

  // The Releases tab by arrow keys, then its Edit button, the dialog, a new year, Save.
  await tabTo(page, /^tab: Moves/);
  for (let i = 0; i < 8 && !/^tab: Releases/.test(await focused(page)); i++) await page.keyboard.press('ArrowRight');
  await focusIsOn(page, /^tab: Releases/);
  await page.keyboard.press('Enter');
  await tabTo(page, /^button: Edit Seesaw/);
  await page.keyboard.press('Enter');
  await focusIsOn(page, /./);
  expect(await page.getByRole('dialog', { name: 'Edit release' }).isVisible()).toBe(true);
  await tabTo(page, /^input: Year/);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('2014');
  await tabTo(page, /^button: Save changes$/);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByRole('dialog', { name: 'Edit release' }).count()).toBe(0);
  expect(await focused(page), 'focus after the dialog closes').not.toBe('(nothing)');

  // Duplicates: keep the download instead of the album's copy.
  await tabTo(page, /^tab: /, { back: true });
  for (let i = 0; i < 8 && !/^tab: Duplicates/.test(await focused(page)); i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await tabTo(page, /^button: Keep .*nutbush\.mp3|Keep this copy instead/i);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByRole('tab', { name: /^Your changes/ }).textContent()).toMatch(/[2-9]/);
  expect(await focused(page), 'focus after keeping another copy').not.toBe('(nothing)');

  // Exclude Audioslave's file from the Moves list.
  await tabTo(page, /^tab: /, { back: true });
  for (let i = 0; i < 8 && !/^tab: Moves/.test(await focused(page)); i++) await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Enter');
  // Keeping the other copy made a new plan; its buttons are enabled (so in the Tab order) when it is shown, as a person sees.
  await expect.poll(() => page.getByRole('button', { name: 'Exclude Audioslave/Like a Stone.mp3' }).isEnabled()).toBe(true);
  await tabTo(page, /^button: Exclude Audioslave\/Like a Stone\.mp3$/);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByRole('status').filter({ hasText: 'Excluded Audioslave/Like a Stone.mp3' }).count()).toBe(1);
  expect(await focused(page), 'focus after the excluded row left').not.toBe('(nothing)');

  // Apply, from wherever focus is now: back up the page to the button.
  await tabTo(page, /^button: Apply$/, { back: true, max: 200 });
  await page.keyboard.press('Enter');
  await focusIsOn(page, /Done/);

  const after = Object.keys(await treeHashes(page, 'Music')).sort();
  expect(after).toContain('Audioslave/Like a Stone.mp3');
  expect(after.some((p) => p.startsWith('Beth Hart & Joe Bonamassa/Seesaw (2014)/'))).toBe(true);
  expect(after.some((p) => p.startsWith('Beth Hart, Joe Bonamassa/'))).toBe(false);
  // The download was kept: it went into the album, and the album's own copy was set aside.
  // Same bytes, so the names tell: the kept copy is renamed into the album, the one set aside keeps its own name.
  expect(after).toContain('Beth Hart & Joe Bonamassa/Seesaw (2014)/02 Nutbush City Limits.mp3');
  expect(after.filter((p) => p.startsWith('Duplicates/')).map((p) => p.split('/').pop())).toEqual(['2 Nutbush City Limits.mp3']);
  await context.close();
}, 180_000);

test('Organize like magic from the keyboard: said in words, focus stays where the user was', async () => {
  const context = await app.browser.newContext();
  const page = await planByKeyboard(context);
  await tabTo(page, /^button: Organize like magic$/);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByText(/Nothing has moved yet/).count(), { timeout: 30_000 }).toBeGreaterThan(0);
  await focusIsOn(page, /^button: Organize like magic$/);
  await context.close();
}, 120_000);

test('a person who moves on while the new plan is made keeps their place: focus is not pulled back when it arrives', async () => {
  const context = await app.browser.newContext();
  const page = await planByKeyboard(context);
  // Keep the download instead of the album's copy, then at once Shift+Tab away, as a quick keyboard user does.
  await tabTo(page, /^tab: /, { back: true });
  for (let i = 0; i < 8 && !/^tab: Duplicates/.test(await focused(page)); i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await tabTo(page, /^button: Keep .*nutbush\.mp3|Keep this copy instead/i);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  const movedTo = await focused(page);
  expect(movedTo).not.toMatch(/^section: /);
  // The new plan arrives (its status line says which copy stays); focus stays where the person went.
  await expect.poll(() => page.getByText(/^Keeping Downloads\/nutbush\.mp3/).count(), { timeout: 30_000 }).toBe(1);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  expect(await focused(page), 'focus after the new plan arrived').toBe(movedTo);

  // The same for excluding a release from the Releases tab, then moving on.
  await tabTo(page, /^tab: /, { back: true });
  for (let i = 0; i < 8 && !/^tab: Releases/.test(await focused(page)); i++) await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Enter');
  await tabTo(page, /^button: Exclude .*Audioslave/);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Shift+Tab');
  const movedAgain = await focused(page);
  await expect.poll(() => page.getByText(/Audioslave is excluded/).count(), { timeout: 30_000 }).toBe(1);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  expect(await focused(page), 'focus after the release was excluded').toBe(movedAgain);

  // And for taking that exclusion back under "Your changes", where another exclusion stays listed
  // (its Include button is where focus would be sent).
  await tabTo(page, /^button: Exclude Don.t Explain/);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByText(/Don.t Explain is excluded/).count(), { timeout: 30_000 }).toBe(1);
  await tabTo(page, /^tab: /, { back: true });
  for (let i = 0; i < 8 && !/^tab: Your changes/.test(await focused(page)); i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await tabTo(page, /^button: Include .*Audioslave/);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Shift+Tab');
  const movedOnceMore = await focused(page);
  await expect.poll(() => page.getByText(/Audioslave.* is planned again/).count(), { timeout: 30_000 }).toBe(1);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  expect(await focused(page), 'focus after the exclusion was taken back').toBe(movedOnceMore);
  await context.close();
}, 120_000);
