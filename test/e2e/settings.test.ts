// Settings are remembered per library: the settings page (reached by keyboard, with a heading and
// a way back to the plan) keeps the path rules, untagged files, clutter and move or copy across a
// reload; a second library starts from its own; presets of the user's own are saved, renamed and
// deleted, and offered in every library.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { openWithLibrary, readFixtureTree, startApp, writeFolder, type App } from './support/app.ts';
import { axeViolations, overflowAt320 } from './support/axe.ts';

let app: App;
let files: { path: string; base64: string }[];
beforeAll(async () => {
  app = await startApp();
  files = await readFixtureTree('test/fixtures/library');
});
afterAll(async () => app?.close());

const RULES = 'default: $albumartist/$title\n';

async function heading(page: Page, name: string) {
  await expect.poll(() => page.getByRole('heading', { name, exact: true }).isVisible(), { timeout: 60_000 }).toBe(true);
}
const focusedHeading = (page: Page) => page.evaluate(() => (document.activeElement?.tagName === 'H1' ? document.activeElement.textContent : null));

async function openSettingsByKeyboard(page: Page) {
  await page.getByRole('button', { name: 'Settings', exact: true }).focus();
  await page.keyboard.press('Enter');
  await heading(page, 'Settings');
  await expect.poll(() => focusedHeading(page)).toBe('Settings');
}

test('settings survive a reload, per library; own presets are saved, renamed, deleted and offered everywhere', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await openWithLibrary(context, app.url, 'Music', files);
  await writeFolder(page, 'Other', files.slice(0, 6));
  await page.getByRole('button', { name: 'Choose music folder' }).click();
  await heading(page, 'Here is the plan');

  await openSettingsByKeyboard(page);
  expect(await page.title()).toBe('Settings · Music · Music Organizer');
  await page.getByRole('radio', { name: 'Leave them where they are' }).check();
  await page.getByRole('checkbox', { name: /Delete system clutter/ }).check();
  await page.getByRole('radio', { name: /Copy into another folder/ }).check();
  await page.getByRole('button', { name: 'Edit path rules' }).click();
  await page.getByRole('textbox', { name: /Path rules/ }).fill(RULES);

  const ownList = page.getByRole('list', { name: 'Your presets' });
  expect(await page.getByText(/No presets of your own yet/).isVisible()).toBe(true);
  await page.getByRole('textbox', { name: 'Preset name' }).fill('Flat by artist');
  await page.getByRole('button', { name: 'Save the current path rules as a preset' }).click();
  await expect.poll(() => ownList.getByRole('listitem').count()).toBe(1);
  await page.getByRole('button', { name: 'Rename Flat by artist' }).click();
  await page.getByRole('textbox', { name: 'New name for Flat by artist' }).fill('Artist and title');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect.poll(() => ownList.textContent()).toContain('Artist and title');
  await page.getByRole('textbox', { name: 'Preset name' }).fill('Throwaway');
  await page.getByRole('button', { name: 'Save the current path rules as a preset' }).click();
  await expect.poll(() => ownList.getByRole('listitem').count()).toBe(2);
  await page.getByRole('button', { name: 'Delete Throwaway' }).click();
  await expect.poll(() => ownList.getByRole('listitem').count()).toBe(1);
  const preset = page.getByRole('combobox', { name: 'Preset' });
  await expect.poll(() => preset.locator('option:checked').textContent()).toBe('Artist and title');

  expect(await axeViolations(page), 'settings: axe violations').toEqual([]);
  expect(await overflowAt320(page), 'settings: overflow at 320 px').toBeLessThanOrEqual(0);

  // Back to the plan, by keyboard too.
  await page.getByRole('button', { name: 'Back to the plan' }).focus();
  await page.keyboard.press('Enter');
  await heading(page, 'Here is the plan');
  await expect.poll(() => focusedHeading(page)).toBe('Here is the plan');
  expect(await page.getByRole('button', { name: 'Copy', exact: true }).isVisible()).toBe(true);

  // A reload (the next visit) opens the library as it was left.
  await page.reload();
  await page.getByRole('button', { name: 'Open Music again' }).click();
  await heading(page, 'Here is the plan');
  expect(await page.getByRole('button', { name: 'Copy', exact: true }).isVisible()).toBe(true);
  await openSettingsByKeyboard(page);
  expect(await page.getByRole('radio', { name: 'Leave them where they are' }).isChecked()).toBe(true);
  expect(await page.getByRole('checkbox', { name: /Delete system clutter/ }).isChecked()).toBe(true);
  expect(await page.getByRole('radio', { name: /Copy into another folder/ }).isChecked()).toBe(true);
  expect(await preset.locator('option:checked').textContent()).toBe('Artist and title');
  await page.getByRole('button', { name: 'Edit path rules' }).click();
  expect(await page.getByRole('textbox', { name: /Path rules/ }).inputValue()).toBe(RULES);

  // Another library keeps its own settings (the defaults here); the user's preset is offered there too.
  await page.getByRole('button', { name: 'Back to the plan' }).click();
  await heading(page, 'Here is the plan');
  // The picker of the reloaded page starts again at its first folder: this time the user picks Other.
  await page.evaluate(() => {
    window.showDirectoryPicker = async () => (await navigator.storage.getDirectory()).getDirectoryHandle('Other');
  });
  await page.getByRole('button', { name: 'Choose another folder' }).click();
  await expect.poll(() => page.getByText('Library: Other').isVisible(), { timeout: 30_000 }).toBe(true);
  await heading(page, 'Here is the plan');
  await openSettingsByKeyboard(page);
  expect(await page.getByRole('radio', { name: /Gather them in one folder/ }).isChecked()).toBe(true);
  expect(await page.getByRole('checkbox', { name: /Delete system clutter/ }).isChecked()).toBe(false);
  expect(await page.getByRole('radio', { name: /Organize in place/ }).isChecked()).toBe(true);
  expect(await preset.locator('option:checked').textContent()).toBe('Music Organizer');
  expect(await preset.getByRole('option', { name: 'Artist and title' }).count()).toBe(1);
  await context.close();
});

test('the settings page in the dark theme: no axe violation, nothing scrolls sideways at 320 px', async () => {
  const context = await app.browser.newContext({ colorScheme: 'dark', viewport: { width: 1200, height: 900 } });
  const page = await openWithLibrary(context, app.url, 'Music', files);
  await page.getByRole('button', { name: 'Choose music folder' }).click();
  await heading(page, 'Here is the plan');
  await openSettingsByKeyboard(page);
  await page.getByRole('textbox', { name: 'Preset name' }).fill('Mine');
  await page.getByRole('button', { name: 'Save the current path rules as a preset' }).click();
  await expect.poll(() => page.getByRole('list', { name: 'Your presets' }).getByRole('listitem').count()).toBe(1);
  expect(await axeViolations(page)).toEqual([]);
  expect(await overflowAt320(page)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: '/tmp/settings-dark.png', fullPage: true });
  await context.close();
});
