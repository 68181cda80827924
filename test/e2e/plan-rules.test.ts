// A plan made from older path rules is never shown as current, and Apply never runs it: edited
// rules mark the plan on screen as out of date until the new one arrives, and a click that races
// the edit does nothing. Rules that would misfile (an unknown field) disable Apply, with the reason
// beside the button.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { openWithLibrary, readFixtureTree, startApp, treeHashes, type App } from './support/app.ts';

let app: App;
let files: { path: string; base64: string }[];
beforeAll(async () => {
  app = await startApp();
  files = await readFixtureTree('test/fixtures/library');
});
afterAll(async () => app?.close());

const OLD_TARGET = 'Artist B/Double Feature (2010)/1-01 Reel 1.1.mp3';

async function openPlan(page: Page) {
  await page.getByRole('button', { name: 'Choose music folder' }).click();
  await expect.poll(() => page.getByRole('heading', { name: 'Here is the plan' }).isVisible(), { timeout: 60_000 }).toBe(true);
  await page.getByRole('button', { name: 'Edit path rules' }).click();
}

/** Types the rules and clicks the button in the same task, before the page could re-render: the race a fast user (or a slow plan) makes. */
async function editAndClick(page: Page, rules: string, button: string) {
  await page.evaluate(({ rules, button }) => {
    const editor = [...document.querySelectorAll('textarea')].find((t) => t.closest('#template-editor'))!;
    editor.value = rules;
    editor.dispatchEvent(new Event('input', { bubbles: true }));
    [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === button)!.click();
  }, { rules, button });
}

test('copy clicked in the same moment the rules change copies nothing made from the old rules', async () => {
  const context = await app.browser.newContext();
  const page = await openWithLibrary(context, app.url, 'Music', files, ['Organized']);
  await openPlan(page);
  await page.getByRole('radio', { name: /Copy into another folder/ }).check();
  await page.getByRole('button', { name: 'Choose destination folder' }).click();
  await expect.poll(() => page.getByText('Copying into Organized').isVisible()).toBe(true);

  await editAndClick(page, 'default: Flat/$title\n', 'Copy');
  // Either the copy ran (then it must be of the new rules) or the page stayed on the new plan.
  const settled = async () =>
    (await page.getByRole('heading', { name: 'Done' }).isVisible()) ||
    ((await page.getByRole('heading', { name: 'Here is the plan' }).isVisible()) && (await page.getByText(/This plan was made from your earlier settings/).count()) === 0);
  await expect.poll(settled, { timeout: 60_000 }).toBe(true);
  await page.waitForTimeout(300);
  const copied = Object.keys(await treeHashes(page, 'Organized'));
  expect(copied).not.toContain(OLD_TARGET);
  expect(copied.filter((p) => p.startsWith('Artist B/'))).toEqual([]);
  // Here the click was refused, and the page says why.
  if (copied.length === 0) expect(await page.getByRole('alert').textContent()).toMatch(/being made again for your new settings/);
  await context.close();
});

test('broken rules: the plan on screen is marked out of date and Apply says why it is disabled', async () => {
  const context = await app.browser.newContext();
  const page = await openWithLibrary(context, app.url, 'Music', files);
  await openPlan(page);
  const apply = page.getByRole('button', { name: 'Apply', exact: true });
  expect(await apply.isDisabled()).toBe(false);
  await page.getByRole('textbox', { name: /Path rules/ }).fill('default: $albumartist/%if{$year\n');
  await expect.poll(() => apply.isDisabled()).toBe(true);
  const outdated = page.getByText(/This plan was made from your earlier settings/);
  expect(await outdated.isVisible()).toBe(true);
  const reason = page.locator('#apply-reason');
  expect(await reason.textContent()).toMatch(/path rules have an error/i);
  expect(await apply.getAttribute('aria-describedby')).toContain('apply-reason');

  // Fixed rules give a new plan, current again.
  await page.getByRole('textbox', { name: /Path rules/ }).fill('default: $albumartist/$album/$track $title\n');
  await expect.poll(() => apply.isDisabled()).toBe(false);
  expect(await outdated.count()).toBe(0);
  await context.close();
});

test('an unknown field disables Apply with the closest known field named; Apply in the same moment moves nothing', async () => {
  const context = await app.browser.newContext();
  const page = await openWithLibrary(context, app.url, 'Music', files);
  const before = await treeHashes(page, 'Music');
  await openPlan(page);
  await editAndClick(page, 'default: $albumartst/$album/$track $title\n', 'Apply');
  const apply = page.getByRole('button', { name: 'Apply', exact: true });
  await expect.poll(() => apply.isDisabled()).toBe(true);
  await expect.poll(() => page.locator('#apply-reason').textContent()).toMatch(/\$albumartst.*\$albumartist/);
  expect(await page.getByText(/\$albumartst is not a field.*Did you mean \$albumartist\?/).first().isVisible()).toBe(true);
  await page.waitForTimeout(500);
  expect(await treeHashes(page, 'Music')).toEqual(before);
  expect(await page.getByRole('heading', { name: 'Here is the plan' }).isVisible()).toBe(true);
  await context.close();
});

test('rules without a title or track warn, with how many files share a name and examples', async () => {
  const context = await app.browser.newContext();
  const page = await openWithLibrary(context, app.url, 'Music', files);
  await openPlan(page);
  await page.getByRole('textbox', { name: /Path rules/ }).fill('default: $albumartist/$album\n');
  const warnings = page.getByRole('list', { name: 'Before you apply' });
  await expect.poll(() => warnings.textContent(), { timeout: 30_000 }).toMatch(/no \$title or \$track/);
  await expect.poll(() => warnings.textContent()).toMatch(/\d+ files would share \d+ names/);
  expect(await warnings.textContent()).toMatch(/Artist B\/Double Feature/);
  await context.close();
});
