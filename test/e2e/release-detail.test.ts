// A release opens from the keyboard into its detail: its tracks with where each goes, and why they
// were grouped and classified; the folder tree shows the library before and after the plan and is
// walked with the arrow keys, as a tree. Both screens pass axe in light and dark.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { openWithLibrary, readFixtureTree, startApp, type App } from './support/app.ts';
import { axeViolations, overflowAt320 } from './support/axe.ts';

let app: App;
let files: { path: string; base64: string }[];
beforeAll(async () => {
  app = await startApp();
  files = await readFixtureTree('test/fixtures/library');
});
afterAll(async () => app?.close());

async function planShown(page: Page) {
  await page.getByRole('button', { name: 'Choose music folder' }).click();
  await expect.poll(() => page.getByRole('heading', { name: 'Here is the plan' }).isVisible(), { timeout: 60_000 }).toBe(true);
}
const focused = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.replace(/\s+/g, ' ').trim() ?? '');

for (const colorScheme of ['light', 'dark'] as const) {
  describe(`${colorScheme} theme`, () => {
    test('a release opens from the keyboard with its tracks, where each goes, and why', async () => {
      const context = await app.browser.newContext({ colorScheme, viewport: { width: 1200, height: 900 } });
      const page = await openWithLibrary(context, app.url, 'Music', files);
      await planShown(page);
      await page.getByRole('tab', { name: /^Releases/ }).click();
      const release = page.getByRole('button', { name: /^Double Feature — Artist B/ });
      await release.focus();
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: /^Double Feature — Artist B/ });
      await expect.poll(() => dialog.isVisible()).toBe(true);
      const tracks = dialog.getByRole('list', { name: 'Tracks and where they go' });
      await expect.poll(() => tracks.getByRole('listitem').count()).toBe(4);
      expect(await tracks.getByRole('listitem').first().textContent()).toMatch(/Reel 1\.1.*Artist B\/Double Feature\/CD1\/01 Reel 1\.1\.mp3.*goes to.*Artist B\/Double Feature \(2010\)\/1-01 Reel 1\.1\.mp3/);
      expect(await dialog.textContent()).toMatch(/Why these files are one release/);
      expect(await dialog.textContent()).toMatch(/4 tracks tagged with the album "Double Feature"/);
      expect(await dialog.textContent()).toMatch(/Gathered from 2 folders/);
      expect(await dialog.textContent()).toMatch(/Classified as .*% sure/);
      await page.screenshot({ path: `/tmp/settings-release-${colorScheme}.png` });
      expect(await axeViolations(page), 'release detail: axe').toEqual([]);
      expect(await overflowAt320(page)).toBeLessThanOrEqual(0);
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog.isVisible()).toBe(false);
      await expect.poll(() => focused(page)).toMatch(/^Double Feature — Artist B/);
      await context.close();
    });

    test('the folder tree expands and collapses with the arrow keys, before and after the plan', async () => {
      const context = await app.browser.newContext({ colorScheme, viewport: { width: 1200, height: 900 } });
      const page = await openWithLibrary(context, app.url, 'Music', files);
      await planShown(page);
      await page.getByRole('tab', { name: 'Folder tree' }).click();
      const tree = page.getByRole('tree', { name: 'Folders after the plan' });
      await expect.poll(() => tree.isVisible(), { timeout: 30_000 }).toBe(true);
      const artistB = tree.getByRole('treeitem', { name: /^Artist B\b/ });
      expect(await artistB.getAttribute('aria-expanded')).toBe('false');
      expect(await artistB.getAttribute('aria-level')).toBe('1');
      await tree.getByRole('treeitem').first().focus();
      // Down to Artist B, open it, into it, open the album.
      const items = await tree.getByRole('treeitem').allTextContents();
      const at = items.findIndex((t) => /^\s*▸\s*Artist B\b/.test(t));
      expect(at).toBeGreaterThan(0);
      for (let i = 0; i < at; i++) await page.keyboard.press('ArrowDown');
      expect(await focused(page)).toMatch(/^▸ ?Artist B/);
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => artistB.getAttribute('aria-expanded')).toBe('true');
      await page.keyboard.press('ArrowRight');
      expect(await focused(page)).toMatch(/Double Feature \(2010\)/);
      await page.keyboard.press('ArrowRight');
      const album = tree.getByRole('treeitem', { name: /Double Feature \(2010\)/ });
      await expect.poll(() => album.getAttribute('aria-expanded')).toBe('true');
      expect(await tree.getByRole('treeitem', { name: '1-01 Reel 1.1.mp3' }).getAttribute('aria-level')).toBe('3');
      expect(await axeViolations(page), 'folder tree: axe').toEqual([]);
      await page.screenshot({ path: `/tmp/settings-tree-${colorScheme}.png` });
      // Left closes the album, Left again goes up to its artist.
      await page.keyboard.press('ArrowLeft');
      await expect.poll(() => album.getAttribute('aria-expanded')).toBe('false');
      await page.keyboard.press('ArrowLeft');
      expect(await focused(page)).toMatch(/Artist B/);

      await page.getByRole('button', { name: 'Before' }).click();
      const before = page.getByRole('tree', { name: 'Folders before the plan' });
      await expect.poll(() => before.isVisible(), { timeout: 30_000 }).toBe(true);
      expect(await before.getByRole('treeitem', { name: /^Downloads\b/ }).count()).toBe(1);
      expect(await tree.count()).toBe(0);
      await context.close();
    });
  });
}
