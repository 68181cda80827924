// The Suggestions panel in the built app, on a library with the inconsistencies collectors know:
// one duo spelled with "&" and with ",", track numbers repeated inside the titles. Accepting a
// suggestion changes the plan at once and is remembered across a reload, as is a dismissal; a
// fix can be reverted under "Your changes" and its suggestion comes back.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { openWithLibrary, startApp, type App, mp3Maker } from './support/app.ts';

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => app?.close());

async function library(): Promise<{ path: string; base64: string }[]> {
  const mp3 = await mp3Maker();
  const duo = (name: string, album: string, year: string, n: number, title: string) =>
    mp3(`${name}/${album}/${n} ${title}.mp3`, { TPE1: name, TPE2: name, TALB: album, TYER: year, TRCK: String(n), TIT2: title });
  const slave = (n: number, title: string) =>
    mp3(`Audioslave/${title}.mp3`, { TPE1: 'Audioslave', TPE2: 'Audioslave', TALB: 'Audioslave', TYER: '2002', TRCK: String(n), TIT2: title });
  return Promise.all([
    duo('Beth Hart & Joe Bonamassa', 'Seesaw', '2013', 1, 'Them There Eyes'),
    duo('Beth Hart & Joe Bonamassa', 'Seesaw', '2013', 2, 'Nutbush City Limits'),
    duo('Beth Hart & Joe Bonamassa', 'Seesaw', '2013', 3, 'Sunday Kind of Love'),
    duo('Beth Hart, Joe Bonamassa', "Don't Explain", '2011', 1, "Sinner's Prayer"),
    slave(6, '06. Like a Stone'),
    slave(7, '07. Shadow On The Sun'),
    slave(8, '08 - I Am the Highway'),
  ]);
}

async function planShown(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Choose music folder' }).click();
  await expect.poll(() => page.getByRole('heading', { name: 'Here is the plan' }).isVisible(), { timeout: 60_000 }).toBe(true);
  // The plan page is built a part per frame (decision 0009): the suggestions come after the heading,
  // so wait for their panel before waiting for its search to end (no panel also counts 0).
  await expect.poll(() => page.getByRole('region', { name: /^Suggestions/ }).isVisible(), { timeout: 20_000 }).toBe(true);
  await expect.poll(() => page.getByRole('region', { name: /^Suggestions/ }).getByText(/Looking for suggestions/).count(), { timeout: 20_000 }).toBe(0);
}

async function targets(page: Page): Promise<string[]> {
  await page.getByRole('tab', { name: /^Moves/ }).click();
  const rows = await page.getByRole('list', { name: 'Planned moves' }).getByRole('listitem').allTextContents();
  // A row reads "<from> → moves to <to>", then its buttons (Exclude).
  return rows.map((r) => r.replace(/^.*moves to\s*/s, '').replace(/\s*(Exclude|Include)\s*$/, '').trim());
}

test('accept, accept all, dismiss, reload, revert', async () => {
  const context = await app.browser.newContext();
  const page = await openWithLibrary(context, app.url, 'Music', await library());
  await planShown(page);
  const panel = page.getByRole('region', { name: /^Suggestions/ });
  const spelling = panel.getByRole('region', { name: /^Artist spelled several ways/ });
  const inTitle = panel.getByRole('region', { name: /^Track number repeated in the title/ });
  const noCover = panel.getByRole('region', { name: /^Releases without cover art/ });
  expect(await spelling.isVisible()).toBe(true);
  expect(await inTitle.isVisible()).toBe(true);
  expect(await noCover.isVisible()).toBe(true);
  let to = await targets(page);
  expect(to.some((t) => t.startsWith('Beth Hart, Joe Bonamassa/'))).toBe(true);
  expect(to.some((t) => t.endsWith('07 07. Shadow On The Sun.mp3'))).toBe(true);

  // Accept all of a kind: the duo's two spellings (artist and album artist) become one folder.
  await spelling.getByRole('button', { name: /^Accept all 2/ }).click();
  await expect.poll(() => spelling.count()).toBe(0);
  to = await targets(page);
  expect(to.filter((t) => t.includes('Bonamassa')).every((t) => t.startsWith('Beth Hart & Joe Bonamassa/'))).toBe(true);

  // Accept one: the numbers leave the titles.
  await inTitle.getByRole('button', { name: /^Accept: / }).click();
  await expect.poll(() => inTitle.count()).toBe(0);
  to = await targets(page);
  expect(to.filter((t) => t.startsWith('Audioslave/')).map((t) => t.split('/').pop()).sort()).toEqual(['06 Like a Stone.mp3', '07 Shadow On The Sun.mp3', '08 I Am the Highway.mp3']);

  // Dismiss: gone, and nothing in the plan changed.
  await noCover.getByRole('button', { name: /^Dismiss: / }).click();
  await expect.poll(() => noCover.count()).toBe(0);
  expect(await targets(page)).toEqual(to);
  expect(await panel.getByText('Nothing to suggest').isVisible()).toBe(true);

  // A reload: the same plan, the same (absent) suggestions.
  await page.reload();
  await planShown(page);
  expect(await targets(page)).toEqual(to);
  expect(await page.getByRole('region', { name: /^Suggestions/ }).getByText('Nothing to suggest').isVisible()).toBe(true);

  // Revert every fix under "Your changes": the suggestions come back (the dismissal stays).
  await page.getByRole('tab', { name: /^Your changes/ }).click();
  const revert = page.getByRole('button', { name: /^Revert / });
  while ((await revert.count()) > 0) {
    const before = await revert.count();
    await revert.first().click();
    await expect.poll(() => revert.count()).toBeLessThan(before);
  }
  await expect.poll(() => page.getByRole('region', { name: /^Artist spelled several ways/ }).isVisible()).toBe(true);
  expect(await page.getByRole('region', { name: /^Track number repeated in the title/ }).isVisible()).toBe(true);
  expect(await page.getByRole('region', { name: /^Releases without cover art/ }).count()).toBe(0);
  await context.close();
});

test('Organize like magic: the library\'s own layout, the sure suggestions accepted, shown before anything moves', async () => {
  const mp3 = await mp3Maker();
  const albums: [string, string, number, string[]][] = [
    ['Low', 'Things We Lost', 2001, ['Whitetail', 'Sunflower', 'Embrace', 'Closer']],
    ['Björk', 'Homogenic', 1997, ['Hunter', 'Jóga', 'Unravel', 'Bachelorette']],
    ['Beth Hart & Joe Bonamassa', 'Seesaw', 2013, ['Them There Eyes', 'Nutbush City Limits', 'Sunday Kind of Love']],
    ['Beth Hart, Joe Bonamassa', "Don't Explain", 2011, ["Sinner's Prayer"]],
    ['Audioslave', 'Audioslave', 2002, ['01. Cochise', '02. Show Me How to Live', '03. Gasoline']],
  ];
  // Filed the owner's way, Artist/Year - Album/NN - Title, tags and all (numbers in titles included).
  const files = await Promise.all(albums.flatMap(([artist, album, year, titles]) => titles.map((title, i) =>
    mp3(`${artist}/${year} - ${album}/${String(i + 1).padStart(2, '0')} - ${title}.mp3`, { TPE1: artist, TPE2: artist, TALB: album, TYER: String(year), TRCK: String(i + 1), TIT2: title }))));
  const context = await app.browser.newContext();
  const page = await openWithLibrary(context, app.url, 'Music', files);
  await planShown(page);
  await page.getByRole('button', { name: 'Organize like magic' }).click();
  await expect.poll(() => page.getByText(/Nothing has moved yet/).first().isVisible(), { timeout: 30_000 }).toBe(true);
  const said = (await page.getByText(/Nothing has moved yet/).first().textContent())!;
  expect(said).toMatch(/your current layout \(\d+% of your files already match it\)/);
  expect(said).toMatch(/sure suggestions were accepted/);
  // Only what the suggestions fixed moves; everything else is already where the owner's layout puts it.
  await expect.poll(async () => (await targets(page)).length).toBe(4);
  expect((await targets(page)).sort()).toEqual([
    'Audioslave/2002 - Audioslave/01 - Cochise.mp3',
    'Audioslave/2002 - Audioslave/02 - Show Me How to Live.mp3',
    'Audioslave/2002 - Audioslave/03 - Gasoline.mp3',
    "Beth Hart & Joe Bonamassa/2011 - Don't Explain/01 - Sinner's Prayer.mp3",
  ]);
  expect(await page.getByRole('heading', { name: 'Here is the plan' }).isVisible()).toBe(true);
  await context.close();
});
