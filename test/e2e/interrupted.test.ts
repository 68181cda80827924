// Closing the tab in the middle of a large apply loses nothing: the next visit offers to finish
// the run or to roll it back, and either way every file exists exactly once.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { openWithLibrary, readFixtureTree, startApp, treeHashes, type App } from './support/app.ts';

let app: App;
let files: { path: string; base64: string }[];
const COPIES = 60;

beforeAll(async () => {
  app = await startApp();
  // The messy fixture library, sixty times over (2,160 files) in sibling folders: a few thousand files.
  const one = (await readFixtureTree('test/fixtures/library')).filter((f) => !f.path.startsWith('broken/'));
  files = Array.from({ length: COPIES }, (_, i) => one.map((f) => ({ path: `Box ${String(i).padStart(2, '0')}/${f.path}`, base64: f.base64 }))).flat();
});
afterAll(async () => app?.close());

const sorted = (o: Record<string, string>) => Object.values(o).sort();

async function applyAndReload(page: Page): Promise<number> {
  await page.getByRole('button', { name: 'Choose music folder' }).click();
  await expect.poll(() => page.getByRole('heading', { name: 'Here is the plan' }).isVisible(), { timeout: 120_000 }).toBe(true);
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  const bar = page.getByRole('progressbar', { name: 'Moving files' });
  let moved = 0;
  await expect
    .poll(async () => {
      moved = Number((await bar.getAttribute('aria-valuenow').catch(() => null)) ?? 0);
      return moved;
    }, { timeout: 60_000, interval: 20 })
    .toBeGreaterThan(150);
  await page.reload();
  return moved;
}

async function reopen(page: Page) {
  await expect.poll(() => page.getByRole('heading', { name: 'A run did not finish' }).isVisible(), { timeout: 20_000 }).toBe(true);
  await page.getByRole('button', { name: /Open Library to finish or roll back/ }).click();
  await expect.poll(() => page.getByRole('button', { name: 'Finish the run' }).isVisible(), { timeout: 20_000 }).toBe(true);
}

describe('a tab closed mid-apply', () => {
  test('finishing the run from the prompt leaves every file exactly once, organized', async () => {
    const context = await app.browser.newContext();
    const page = await openWithLibrary(context, app.url, 'Library', files);
    const before = await treeHashes(page, 'Library');
    const moved = await applyAndReload(page);
    expect(moved).toBeLessThan(files.length);
    await reopen(page);
    await page.getByRole('button', { name: 'Finish the run' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Done' }).isVisible(), { timeout: 120_000 }).toBe(true);
    const after = await treeHashes(page, 'Library');
    expect(sorted(after)).toEqual(sorted(before));
    // What stays in the boxes is what the plan leaves: clutter, hidden files, untagged files, and
    // (the sixty boxes being copies of one another, their music is set aside in Duplicates/) the
    // album companions of the copies set aside, which do not follow them yet.
    expect(Object.keys(after).filter((p) => p.startsWith('Box '))).toEqual(
      Object.keys(after).filter((p) => p.startsWith('Box ') && /\.(DS_Store|db|ini|jpg|cue)$|\/\.|Untagged/.test(p)),
    );
    expect(Object.keys(after).filter((p) => p.startsWith('Duplicates/')).length).toBeGreaterThan(0);
    expect(Object.keys(after).some((p) => p.includes('.mo-tmp-'))).toBe(false);
    await context.close();
  });

  test('rolling the run back restores the original tree exactly', async () => {
    const context = await app.browser.newContext();
    const page = await openWithLibrary(context, app.url, 'Library', files);
    const before = await treeHashes(page, 'Library');
    await applyAndReload(page);
    await reopen(page);
    await page.getByRole('button', { name: 'Roll back' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Rolled back' }).isVisible(), { timeout: 120_000 }).toBe(true);
    expect(await page.getByRole('region', { name: 'Rolled back' }).getByText(/files went back to where they were before the run of/).isVisible()).toBe(true);
    expect(await treeHashes(page, 'Library')).toEqual(before);
    await context.close();
  });
});
