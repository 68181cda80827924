// A beets user pastes their `paths:` config: what beets keeps as written (an unknown function, a
// stray "}") is kept in the examples too, and the editor warns about it instead of refusing it.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openWithLibrary, readFixtureTree, startApp, type App } from './support/app.ts';

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => app?.close());

test('pasted beets paths: warnings, not refusals, and the paths beets would give', async () => {
  const context = await app.browser.newContext();
  const files = (await readFixtureTree('test/fixtures/library')).filter((f) => f.path.startsWith('Artist B/'));
  const page = await openWithLibrary(context, app.url, 'Music', files);
  await page.getByRole('button', { name: 'Choose music folder' }).click();
  await expect.poll(() => page.getByRole('heading', { name: 'Here is the plan' }).isVisible(), { timeout: 60_000 }).toBe(true);
  const examples = page.getByLabel('Examples from your library');

  await page.getByRole('button', { name: 'Edit path rules' }).click();
  const editor = page.getByRole('textbox', { name: /Path rules/ });
  await editor.fill('paths:\n  default: $albumartist/$album/%tracknum{$track} $disc of $disctotal $title\n');
  const warnings = page.getByRole('list', { name: 'Warnings' });
  await expect.poll(() => warnings.textContent()).toMatch(/Line 2, column 32: Unknown function "%tracknum"/);
  expect(await page.getByRole('alert').count()).toBe(0);
  expect(await editor.getAttribute('aria-invalid')).toBe('false');
  await expect.poll(() => examples.textContent()).toContain('Artist B/Double Feature/%tracknum{$track} 01 of 02 Reel 1.1.mp3');
  expect(await page.getByRole('button', { name: 'Apply', exact: true }).isEnabled()).toBe(true);

  await editor.fill('default: $albumartist/{$album}/$track $title');
  await expect.poll(() => warnings.textContent()).toMatch(/Line 1, column 30: Unmatched "}"/);
  await expect.poll(() => examples.textContent()).toContain('Artist B/{Double Feature}/$track $title');

  await editor.fill('default: $albumartist/$album/$track $title');
  await expect.poll(() => warnings.count()).toBe(0);
  await context.close();
});
