// Editing the folder layout: errors show inline with their position while typing, broken rules
// cannot be applied, and the examples from the user's own library follow every keystroke.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openWithLibrary, readFixtureTree, startApp, type App } from './support/app.ts';

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => app?.close());

test('path rules: inline errors, live examples, presets', async () => {
  const context = await app.browser.newContext();
  const files = (await readFixtureTree('test/fixtures/library')).filter((f) => f.path.startsWith('Artist B/'));
  const page = await openWithLibrary(context, app.url, 'Music', files);
  await page.getByRole('button', { name: 'Choose music folder' }).click();
  await expect.poll(() => page.getByRole('heading', { name: 'Here is the plan' }).isVisible(), { timeout: 60_000 }).toBe(true);
  const examples = page.getByLabel('Examples from your library');
  expect(await examples.textContent()).toContain('Artist B/Double Feature (2010)/1-01 Reel 1.1.mp3');

  await page.getByRole('button', { name: 'Edit path rules' }).click();
  const editor = page.getByRole('textbox', { name: /Path rules/ });
  await editor.fill('default: $albumartist/%upper{$album/$track $title');
  const error = page.getByRole('alert');
  await expect.poll(() => error.textContent()).toMatch(/Line 1, column 23: Unclosed "%upper\{"/);
  expect(await editor.getAttribute('aria-invalid')).toBe('true');
  expect(await page.getByRole('button', { name: 'Apply', exact: true }).isDisabled()).toBe(true);

  await editor.fill('default: %upper{$albumartist}/$album/$track $title');
  await expect.poll(() => examples.textContent()).toContain('ARTIST B/Double Feature/01 Reel 1.1.mp3');
  expect(await page.getByRole('button', { name: 'Apply', exact: true }).isEnabled()).toBe(true);

  await page.getByRole('combobox', { name: 'Preset' }).selectOption({ label: 'beets default' });
  await expect.poll(() => examples.textContent()).toContain('Artist B/Double Feature/01 Reel 1.1.mp3');
  await context.close();
});
