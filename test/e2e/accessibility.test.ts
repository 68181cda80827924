// Every screen, in the light and the dark theme, checked by axe-core (WCAG 2.x A and AA rules):
// no violation. And at 320 px wide nothing scrolls sideways; after each screen change the new
// screen's heading has focus, the document title names the screen, and the live region says the
// result.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { openWithLibrary, readFixtureTree, startApp, type App } from './support/app.ts';

let app: App;
let files: { path: string; base64: string }[];
let axeSource: string;

beforeAll(async () => {
  app = await startApp();
  files = await readFixtureTree('test/fixtures/library');
  axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
});
afterAll(async () => app?.close());

const HELD = 'Downloads/Greatest Hits/02 Ballad.mp3';

async function heading(page: Page, name: string) {
  await expect.poll(() => page.getByRole('heading', { name, exact: true }).isVisible(), { timeout: 60_000 }).toBe(true);
}

/** axe-core's violations on the page as it is now: rule, impact and where. */
async function violations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

/** The screen checked as it is, and again at 320 px wide, where nothing may scroll sideways. */
async function check(page: Page, screen: string) {
  expect(await violations(page), `${screen}: axe violations`).toEqual([]);
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 320, height: 720 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${screen}: horizontal overflow at 320 px`).toBeLessThanOrEqual(0);
  expect(await violations(page), `${screen} at 320 px: axe violations`).toEqual([]);
  await page.setViewportSize(size);
}

/** Contrast of the keyboard focus ring of `name`'s button against the card it sits on (WCAG 2.4.13 asks ≥ 3:1). */
async function focusRingContrast(page: Page, name: string): Promise<number> {
  await page.getByRole('button', { name, exact: true }).focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const rgb = (c: string) => c.match(/[\d.]+/g)!.slice(0, 3).map(Number);
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    const ring = lum(rgb(getComputedStyle(el).outlineColor));
    const card = lum(rgb(getComputedStyle(el.closest('.card')!).backgroundColor));
    if (getComputedStyle(el).outlineStyle === 'none') return 0;
    return (Math.max(ring, card) + 0.05) / (Math.min(ring, card) + 0.05);
  });
}

const focusedHeading = (page: Page) => page.evaluate(() => (document.activeElement?.tagName === 'H1' ? document.activeElement.textContent : null));
const liveText = (page: Page) => page.getByRole('status').filter({ hasNotText: /updated|older version/ }).last().textContent();

for (const colorScheme of ['light', 'dark'] as const) {
  describe(`${colorScheme} theme`, () => {
    test('choose, plan (every tab), done, undone and a paused run: no violation, focus and title follow', async () => {
      const context = await app.browser.newContext({ colorScheme, viewport: { width: 1200, height: 900 } });
      const page = await openWithLibrary(context, app.url, 'Music', files);
      await heading(page, 'Tidy twenty years of music in minutes');
      expect(await page.title()).toBe('Choose a folder · Music Organizer');
      await check(page, 'choose');

      await page.getByRole('button', { name: 'Choose music folder' }).click();
      await heading(page, 'Here is the plan');
      await expect.poll(() => focusedHeading(page)).toBe('Here is the plan');
      expect(await page.title()).toBe('The plan · Music · Music Organizer');
      await expect.poll(() => liveText(page)).toMatch(/^Here is the plan\. \d+ files move/);
      await check(page, 'plan');
      expect(await focusRingContrast(page, 'Scan again')).toBeGreaterThanOrEqual(3);
      for (const tab of [/^Folder tree/, /^Releases/, /^Can't read/, /^Already in place/, /^Same name/, /^Your changes/]) {
        await page.getByRole('tab', { name: tab }).click();
        await check(page, `plan, tab ${tab}`);
      }
      await page.getByRole('tab', { name: /^Releases/ }).click();
      await page.getByRole('button', { name: 'Edit Signal — Artist E' }).click();
      await page.getByRole('button', { name: 'Choose tracks to split off…' }).click();
      await check(page, 'edit release dialog');
      await page.keyboard.press('Escape');
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Edit Signal — Artist E');
      await page.getByRole('tab', { name: /^Moves/ }).click();
      await page.getByRole('searchbox', { name: 'Search files' }).fill('no such file anywhere');
      expect(await page.getByText('No planned move matches "no such file anywhere".').isVisible()).toBe(true);
      await check(page, 'plan, empty search');
      await page.getByRole('searchbox', { name: 'Search files' }).fill('');

      await page.getByRole('button', { name: 'Apply', exact: true }).click();
      await heading(page, 'Done');
      await expect.poll(() => focusedHeading(page)).toBe('Done');
      await expect.poll(() => liveText(page)).toMatch(/^Done\. \d+ files moved/);
      await check(page, 'done');

      await page.getByRole('button', { name: 'Undo', exact: true }).click();
      await heading(page, 'Undone');
      await check(page, 'undone');

      // A paused run: its notice is the screen, with one message and the buttons it refers to.
      await page.getByRole('button', { name: 'Scan again' }).click();
      await heading(page, 'Here is the plan');
      await page.evaluate(async (path) => {
        let dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('Music');
        const parts = path.split('/');
        for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part);
        (window as unknown as { held: FileSystemWritableFileStream }).held = await (await dir.getFileHandle(parts.at(-1)!)).createWritable({ keepExistingData: true });
      }, HELD);
      await page.getByRole('button', { name: 'Apply', exact: true }).click();
      await heading(page, 'The run stopped');
      await expect.poll(() => focusedHeading(page)).toBe('The run stopped');
      expect(await page.getByRole('alert').count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Finish the run' }).isVisible()).toBe(true);
      await check(page, 'paused');
      await page.evaluate(() => (window as unknown as { held: FileSystemWritableFileStream }).held.abort());
      await page.getByRole('button', { name: 'Finish the run' }).click();
      await heading(page, 'Done');
      await context.close();
    });

    test('the Plugins page with an installed plugin and the custom rules editor open: no violation', async () => {
      const context = await app.browser.newContext({ colorScheme, viewport: { width: 1200, height: 900 } });
      const page = await openWithLibrary(context, app.url, 'Music', files);
      await page.getByRole('button', { name: 'Choose music folder' }).click();
      await heading(page, 'Here is the plan');
      await page.getByRole('button', { name: 'Plugins' }).click();
      await page.getByLabel(/Or choose \(or drop here\) the plugin's files/).setInputFiles(['plugins/examples/initial/manifest.json', 'plugins/examples/initial/initial.js']);
      const dialog = page.getByRole('dialog', { name: 'Install “Initials”?' });
      await expect.poll(() => dialog.isVisible(), { timeout: 15_000 }).toBe(true);
      await check(page, 'plugin install dialog');
      await dialog.getByRole('button', { name: 'Install' }).click();
      await expect.poll(() => page.getByRole('heading', { name: /Initials/ }).isVisible()).toBe(true);
      const editor = page.getByRole('region', { name: 'Custom rules' });
      await editor.getByRole('button', { name: 'Add a rule' }).click();
      await editor.getByRole('button', { name: 'Add a rule' }).click();
      const first = editor.getByRole('group', { name: 'Rule 1' });
      await first.getByRole('textbox', { name: 'Pattern' }).fill('^signal$');
      await expect.poll(() => first.getByText(/^Matches \d+ release/).isVisible(), { timeout: 15_000 }).toBe(true);
      // The second row has a problem: shown beside it, and the field says it is invalid.
      const second = editor.getByRole('group', { name: 'Rule 2' });
      await second.getByRole('combobox', { name: 'A match gets' }).selectOption('path');
      await second.getByRole('textbox', { name: 'Pattern' }).fill('(live');
      await expect.poll(() => second.getByText(/not a valid regular expression/).isVisible(), { timeout: 15_000 }).toBe(true);
      expect(await second.getByRole('textbox', { name: 'Pattern' }).getAttribute('aria-invalid')).toBe('true');
      await page.getByRole('button', { name: 'Share custom rules' }).click();
      await expect.poll(() => page.getByRole('textbox', { name: 'Link to your custom rules' }).isVisible(), { timeout: 15_000 }).toBe(true);
      await check(page, 'plugins page');
      await context.close();
    });
  });
}
