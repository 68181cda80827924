// Exclusions and release edits as a person makes them in the built app, by keyboard where it
// matters: edit a release's album artist → the plan shows the new path; exclude a folder → Apply
// leaves its files where they are; reload → the choices are still there; export them, then import
// them into a fresh profile with the same library → the same plan.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { openWithLibrary, readFixtureTree, startApp, treeHashes, type App } from './support/app.ts';

let app: App;
let context: BrowserContext;
let page: Page;
let files: { path: string; base64: string }[];
const sha = (base64: string) => createHash('sha256').update(Buffer.from(base64, 'base64')).digest('hex');
let exported = '';

beforeAll(async () => {
  app = await startApp();
  files = await readFixtureTree('test/fixtures/library');
  context = await app.browser.newContext({ acceptDownloads: true });
  page = await openWithLibrary(context, app.url, 'Music', files);
});

afterAll(async () => {
  await context?.close();
  await app?.close();
});

async function planShown(p: Page): Promise<void> {
  await expect.poll(() => p.getByRole('heading', { name: 'Here is the plan' }).isVisible(), { timeout: 60_000 }).toBe(true);
}

/** The planned moves whose source matches `search`, as "from → to" lines. */
async function movesOf(p: Page, search: string): Promise<string[]> {
  await p.getByRole('tab', { name: /^Moves/ }).click();
  await p.getByRole('searchbox', { name: 'Search files' }).fill(search);
  const rows = p.getByRole('list', { name: 'Planned moves' }).getByRole('listitem');
  // The hidden "moves to" is glued to the path in the text content: spaced out here.
  return (await rows.allTextContents()).map((t) => t.replace('moves to', 'moves to ').replace(/\s+/g, ' ').replace(/ Exclude$/, '').trim());
}

const unsorted = () => files.filter((f) => f.path.startsWith('Unsorted/'));

describe('exclude and edit before applying', () => {
  test('editing a release’s album artist in its dialog changes the plan’s paths; focus comes back to Edit', async () => {
    await page.getByRole('button', { name: 'Choose music folder' }).click();
    await planShown(page);
    expect(await movesOf(page, 'Signal/01 Static')).toEqual(['Artist E/Signal/01 Static.mp3 → moves to Artist E/Signal (2012)/01 Static.mp3']);

    await page.getByRole('tab', { name: /^Releases/ }).click();
    const edit = page.getByRole('button', { name: 'Edit Signal — Artist E' });
    await edit.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Edit release' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    // Focus starts inside the dialog, on its first field.
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('Artist E');
    await dialog.getByRole('textbox', { name: 'Album artist' }).fill('Artist E & The Echoes');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Edit Signal — Artist E & The Echoes');
    await expect.poll(() => page.getByRole('list', { name: 'Releases' }).getByText('Edited').count()).toBe(1);
    await expect.poll(async () => (await movesOf(page, 'Signal/01 Static'))[0]).toBe('Artist E/Signal/01 Static.mp3 → moves to Artist E & The Echoes/Signal (2012)/01 Static.mp3');
  });

  test('a folder excluded from "Your changes" is counted, listed with Include, and left alone by Apply', async () => {
    await page.getByRole('tab', { name: /^Your changes/ }).click();
    await page.getByRole('combobox', { name: 'Folder to exclude' }).fill('Unsorted');
    await page.getByRole('button', { name: 'Exclude folder' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Include Unsorted/' }).isVisible()).toBe(true);
    expect(await page.getByRole('list', { name: 'Plan summary' }).textContent()).toContain(`${unsorted().length} files are excluded by you`);
    expect(await page.getByRole('button', { name: 'Revert Signal — Artist E' }).isVisible()).toBe(true);
    expect(await movesOf(page, 'Unsorted/')).toEqual([]);

    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Done' }).isVisible(), { timeout: 60_000 }).toBe(true);
    const tree = await treeHashes(page, 'Music');
    for (const f of unsorted()) expect(tree[f.path]).toBe(sha(f.base64));
    const signal = files.find((f) => f.path === 'Artist E/Signal/01 Static.mp3')!;
    expect(Object.keys(tree).find((p) => tree[p] === sha(signal.base64))).toBe('Artist E & The Echoes/Signal (2012)/01 Static.mp3');
  });

  test('after a reload the choices are still there, and the organized library plans no move', async () => {
    await page.reload();
    await page.getByRole('button', { name: 'Open Music again' }).click();
    await planShown(page);
    expect(await page.getByRole('list', { name: 'Plan summary' }).textContent()).toMatch(/0\s*files move/);
    await page.getByRole('tab', { name: /^Your changes/ }).click();
    expect(await page.getByRole('button', { name: 'Include Unsorted/' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Revert Signal — Artist E' }).isVisible()).toBe(true);
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export changes' }).click()]);
    expect(file.suggestedFilename()).toMatch(/^choices-Music-\d{8}-\d{4}\.json$/);
    exported = await readFile((await file.path())!, 'utf8');
    expect(JSON.parse(exported).choices).toHaveLength(2);
  });

  test('imported into a fresh profile with the same library, the choices make the same plan; a hostile file changes nothing', async () => {
    const fresh = await app.browser.newContext();
    try {
      const other = await openWithLibrary(fresh, app.url, 'Music', files);
      await other.getByRole('button', { name: 'Choose music folder' }).click();
      await planShown(other);
      await other.getByRole('tab', { name: /^Your changes/ }).click();
      const importFile = async (name: string, content: string) => {
        const [chooser] = await Promise.all([other.waitForEvent('filechooser'), other.getByRole('button', { name: 'Import changes' }).click()]);
        await chooser.setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(content) });
      };
      const hostile = JSON.stringify({ format: 'music-organizer/review-choices', version: 1, choices: [{ kind: 'exclude-folder', madeAt: 1, folder: '../..' }] });
      await importFile('hostile.json', hostile);
      await expect.poll(() => other.getByRole('status').filter({ hasText: 'Nothing was imported' }).textContent()).toContain('not a plain relative library path');
      expect(await other.getByRole('tab', { name: /^Your changes/ }).textContent()).toMatch(/Your changes\s*0/);

      await importFile('choices.json', exported);
      await expect.poll(() => other.getByRole('status').filter({ hasText: 'Imported' }).textContent()).toContain('Imported 2 choices.');
      await expect.poll(() => other.getByRole('button', { name: 'Include Unsorted/' }).isVisible()).toBe(true);
      expect(await movesOf(other, 'Unsorted/')).toEqual([]);
      expect((await movesOf(other, 'Signal/01 Static'))[0]).toBe('Artist E/Signal/01 Static.mp3 → moves to Artist E & The Echoes/Signal (2012)/01 Static.mp3');
    } finally {
      await fresh.close();
    }
  });
});
