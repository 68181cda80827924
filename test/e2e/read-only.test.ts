// The read-only path in Chromium: where showDirectoryPicker is missing (removed here before the
// app loads, as Firefox and Safari lack it), the folder is chosen through the folder input, a
// real directory on disk put on it by Playwright (Chromium fills each File's webkitRelativePath
// itself). The plan is shown, Apply is not offered and the page says why, and the script that
// downloads is the very script the app gives for the same library opened for organizing (whose
// result on disk test/e2e/export-script.test.ts compares with Apply's).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { openWithLibrary, readFixtureTree, startApp, type App } from './support/app.ts';

const FIXTURE = 'test/fixtures/library';
let app: App;
let work: string;

beforeAll(async () => {
  app = await startApp();
  work = mkdtempSync(join(tmpdir(), 'read-only-'));
  cpSync(FIXTURE, join(work, 'Music'), { recursive: true });
});

afterAll(async () => {
  await app?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function downloadSh(page: Page, as: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download sh script' }).click()]);
  const path = join(work, as);
  await download.saveAs(path);
  return readFileSync(path, 'utf8');
}

/** The script without the minute it was made. */
const timeless = (script: string) => script.replace(/Plan made \d{4}-\d\d-\d\d \d\d:\d\d UTC/g, 'Plan made (time)');

describe('no showDirectoryPicker: the folder read only', () => {
  let readOnlyScript: string;

  test('chosen through the folder input, it is planned; Apply is not offered, and the page says why', async () => {
    const context = await app.browser.newContext({ acceptDownloads: true });
    await context.addInitScript(() => {
      delete (window as { showDirectoryPicker?: unknown }).showDirectoryPicker;
    });
    const page = await context.newPage();
    await page.goto(app.url);
    expect(await page.evaluate(() => 'showDirectoryPicker' in window)).toBe(false);
    expect(await page.getByRole('note').filter({ hasText: 'This browser can read your music, not change it' }).isVisible()).toBe(true);

    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Choose music folder (read only)' }).click()]);
    await chooser.setFiles(resolve(work, 'Music'));
    await expect.poll(() => page.getByRole('heading', { name: 'Here is the plan' }).isVisible(), { timeout: 60_000 }).toBe(true);
    expect(await page.locator('.library').textContent()).toBe('Library: Music (read only)');
    expect(await page.getByRole('list', { name: 'Plan summary' }).textContent()).toMatch(/\d+ files move/);
    expect(await page.getByRole('button', { name: 'Apply', exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Copy', exact: true }).count()).toBe(0);
    expect(await page.getByRole('note').filter({ hasText: 'Apply, Undo and copying need Chrome or Edge' }).isVisible()).toBe(true);
    // The plan's details work as ever: search and the unreadable files.
    await page.getByRole('tab', { name: /Can't read/ }).click();
    expect(await page.getByRole('list', { name: "Files that can't be read" }).getByText('broken/corrupt.mp3').count()).toBe(1);

    readOnlyScript = await downloadSh(page, 'read-only.sh');
    expect(readOnlyScript).toMatch(/^#!\/bin\/sh\n# Music Organizer: the plan for the music folder "Music", as a script\.\n/);
    await context.close();
  });

  test('its script is the script of the same library opened for organizing', async () => {
    const context = await app.browser.newContext({ acceptDownloads: true });
    const page = await openWithLibrary(context, app.url, 'Music', await readFixtureTree(FIXTURE));
    await page.getByRole('button', { name: 'Choose music folder' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Here is the plan' }).isVisible(), { timeout: 60_000 }).toBe(true);
    const organizing = await downloadSh(page, 'read-write.sh');
    expect(timeless(readOnlyScript)).toBe(timeless(organizing));
    await context.close();
  });
});
