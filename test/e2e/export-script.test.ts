// The plan exported as scripts from the built app, as a person does it: choose the folder, read
// the plan, press "Download sh script" (and, by keyboard, "Download PowerShell script"). The sh
// script then runs with /bin/sh on a copy of the same library on disk, and must leave the files
// exactly where the app's own Apply puts them; its undo script must give the original back.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { openWithLibrary, readFixtureTree, startApp, treeHashes, type App } from './support/app.ts';
import { readDiskTree, runSh } from '../support/disk-tree.ts';

const FIXTURE = 'test/fixtures/library';
let app: App;
let context: BrowserContext;
let page: Page;
let work: string;

beforeAll(async () => {
  app = await startApp();
  context = await app.browser.newContext({ acceptDownloads: true });
  page = await openWithLibrary(context, app.url, 'Music', await readFixtureTree(FIXTURE));
  work = mkdtempSync(join(tmpdir(), 'export-script-'));
});

afterAll(async () => {
  await context?.close();
  await app?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Presses a control and returns the file the browser downloads, saved under `work`. */
async function downloadFrom(press: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), press()]);
  const path = join(work, download.suggestedFilename());
  await download.saveAs(path);
  return { name: download.suggestedFilename(), bytes: readFileSync(path) };
}

describe('export the plan as a script', () => {
  let sh: { name: string; bytes: Buffer };
  let planned: number;

  test('the plan page offers both scripts and says what they do', async () => {
    await page.getByRole('button', { name: 'Choose music folder' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Here is the plan' }).isVisible(), { timeout: 60_000 }).toBe(true);
    const summary = await page.getByRole('list', { name: 'Plan summary' }).textContent();
    planned = Number(/(\d+) files move/.exec(summary ?? '')?.[1]);
    expect(planned).toBeGreaterThan(0);
    const region = page.getByRole('region', { name: 'Export as script' });
    expect(await region.textContent()).toMatch(/never overwrites a file.*writes its undo script beside itself before it moves anything/s);
  });

  test('"Download sh script" downloads a script of this plan', async () => {
    sh = await downloadFrom(() => page.getByRole('button', { name: 'Download sh script' }).click());
    expect(sh.name).toMatch(/^organize-Music-\d{8}-\d{4}\.sh$/);
    const text = sh.bytes.toString('utf8');
    expect(text.startsWith('#!/bin/sh\n# Music Organizer: the plan for the music folder "Music", as a script.\n')).toBe(true);
    expect(text).toContain(`${planned} files move`);
    expect(text).toContain(`\nfiles=${planned}\n`);
    expect(text).toContain("\nstep 1 0 0 '");
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved' }).textContent()).toContain(sh.name);
  });

  test('"Download PowerShell script", pressed from the keyboard, downloads the same plan with a BOM', async () => {
    const button = page.getByRole('button', { name: 'Download PowerShell script' });
    await button.focus();
    const ps = await downloadFrom(() => page.keyboard.press('Enter'));
    expect(ps.name).toMatch(/^organize-Music-\d{8}-\d{4}\.ps1$/);
    expect([...ps.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = ps.bytes.toString('utf8');
    expect(text).toContain(`$Files = ${planned}\n`);
    // One Move-Step per step, as many as the sh script's steps, in the organize part and in the undo.
    const shSteps = sh.bytes.toString('utf8').split('\n').filter((l) => l.startsWith('step ')).length;
    expect(text.split('\n').filter((l) => l.startsWith('Move-Step ')).length).toBe(shSteps);
  });

  test('the sh script, run on a copy of the library on disk, puts every file where Apply does; its undo restores the copy', async () => {
    const root = join(work, 'Music');
    cpSync(FIXTURE, root, { recursive: true });
    const original = readDiskTree(root);
    const organize = runSh(join(work, sh.name), [root]);
    expect(organize.stderr).toBe('');
    expect(organize.status).toBe(0);
    const organized = readDiskTree(root);

    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Done' }).isVisible(), { timeout: 60_000 }).toBe(true);
    expect(organized.files).toEqual(await treeHashes(page, 'Music'));

    const undo = runSh(join(work, sh.name.replace(/\.sh$/, '.undo.sh')), [root]);
    expect(undo.stderr).toBe('');
    expect(undo.status).toBe(0);
    expect(readDiskTree(root)).toEqual(original);
  });
});
