// Issue 14, point 16: a plugin served by a local server is installed from a share link after one
// confirmation and changes the plan; then the server stops, the network goes off, the app reloads,
// and the plugin still works, loaded from IndexedDB.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openWithLibrary, readFixtureTree, servePlugin, startApp, type App, type ServedPlugin } from './support/app.ts';

let app: App;
let plugin: ServedPlugin;

beforeAll(async () => {
  app = await startApp();
  plugin = await servePlugin('initial', 'initial.js');
});
afterAll(async () => {
  await plugin?.close();
  await app?.close();
});

test('a share link installs a plugin that changes the plan, and it keeps working offline after a reload', async () => {
  const link = plugin.link(app.url);
  const context = await app.browser.newContext();
  const files = (await readFixtureTree('test/fixtures/library')).filter((f) => f.path.startsWith('Artist B/'));
  const page = await openWithLibrary(context, link, 'Music', files);

  // One confirmation, saying what the plugin adds and reads.
  const dialog = page.getByRole('dialog', { name: 'Install “Initials”?' });
  await expect.poll(() => dialog.isVisible(), { timeout: 15_000 }).toBe(true);
  expect(await dialog.textContent()).toMatch(/Adds field \$initial; release classifier “bootlegs”\s*Reads albumartist, album\s*May reach no network/);
  await dialog.getByRole('button', { name: 'Install' }).click();
  await expect.poll(() => page.getByRole('status').filter({ hasText: '"Initials" is installed.' }).isVisible()).toBe(true);
  await expect.poll(() => page.getByText('Ready to work offline.').isVisible(), { timeout: 30_000 }).toBe(true);

  const planWithInitials = async () => {
    await page.getByRole('button', { name: 'Choose music folder' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Here is the plan' }).isVisible(), { timeout: 60_000 }).toBe(true);
    await page.getByRole('button', { name: 'Edit path rules' }).click();
    await page.getByRole('textbox', { name: /Path rules/ }).fill('default: $initial/$albumartist/$album/$track $title');
    const examples = page.getByLabel('Examples from your library');
    await expect.poll(() => examples.textContent(), { timeout: 15_000 }).toContain('A/Artist B/Double Feature/01 Reel 1.1.mp3');
  };
  await planWithInitials();

  // The plugin's server goes away, then the network; the app reloads from its service worker.
  await plugin.close();
  await context.setOffline(true);
  await page.reload();
  await expect.poll(() => page.getByRole('heading', { name: /Tidy twenty years of music/ }).isVisible(), { timeout: 15_000 }).toBe(true);
  await planWithInitials();

  // The Plugins page lists it, reachable by role and name, with its Share button.
  await page.getByRole('button', { name: 'Plugins' }).click();
  const section = page.getByRole('region', { name: 'Plugins' });
  expect(await section.getByRole('heading', { name: /Initials/ }).isVisible()).toBe(true);
  expect(await section.getByRole('checkbox', { name: 'Use Initials' }).isChecked()).toBe(true);
  expect(await section.getByRole('button', { name: 'Share Initials' }).isVisible()).toBe(true);
  await context.close();
});
