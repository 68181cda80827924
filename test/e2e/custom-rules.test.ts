// Issue 14, points 14 and 2, by role and name in the built app: a custom rule written on the
// Plugins page shows how many releases it matches and changes the plan; its share link, opened in
// a fresh browser, installs the same rules after the one confirmation; and a code plugin's template
// function, used in the path rules, changes the plan.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { openWithLibrary, readFixtureTree, startApp, type App } from './support/app.ts';

let app: App;
let files: { path: string; base64: string }[];

beforeAll(async () => {
  app = await startApp();
  files = (await readFixtureTree('test/fixtures/library')).filter((f) => f.path.startsWith('Artist B/') || f.path.startsWith('Artist E/'));
});
afterAll(async () => app?.close());

async function planShown(page: Page) {
  await page.getByRole('button', { name: 'Choose music folder' }).click();
  await expect.poll(() => page.getByRole('heading', { name: 'Here is the plan' }).isVisible(), { timeout: 60_000 }).toBe(true);
}

/** The plan's moves as the Moves tab lists them. */
async function movesText(page: Page): Promise<string> {
  await page.getByRole('tab', { name: /^Moves/ }).click();
  return (await page.getByRole('tabpanel').textContent()) ?? '';
}

test('a custom rule shows its count, changes the plan, and travels as a link that installs after one confirmation', async () => {
  const context = await app.browser.newContext();
  const page = await openWithLibrary(context, app.url, 'Music', files);
  await planShown(page);
  expect(await movesText(page)).not.toContain('Custom/');

  await page.getByRole('button', { name: 'Plugins' }).click();
  const editor = page.getByRole('region', { name: 'Custom rules' });
  await editor.getByRole('button', { name: 'Add a rule' }).click();
  const rule = editor.getByRole('group', { name: 'Rule 1' });
  // A field that does not exist says so beside the row, tied to it for screen readers.
  await rule.getByRole('combobox', { name: 'Field' }).fill('colour');
  await rule.getByRole('textbox', { name: 'Pattern' }).fill('^double');
  await expect.poll(() => rule.getByText('There is no field “colour”.').isVisible(), { timeout: 15_000 }).toBe(true);
  const describedBy = await rule.getByRole('combobox', { name: 'Field' }).getAttribute('aria-describedby');
  expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe('There is no field “colour”.');
  // An invalid pattern says so too.
  await rule.getByRole('combobox', { name: 'Field' }).fill('album');
  await rule.getByRole('textbox', { name: 'Pattern' }).fill('(double');
  await expect.poll(() => rule.getByText(/not a valid regular expression/).isVisible(), { timeout: 15_000 }).toBe(true);

  await rule.getByRole('textbox', { name: 'Pattern' }).fill('^double');
  await rule.getByRole('combobox', { name: 'A match gets' }).selectOption('path');
  await rule.getByRole('textbox', { name: 'Path rule' }).fill('Custom/$album/$track $title');
  await expect.poll(() => rule.getByText('Matches 1 release.').isVisible(), { timeout: 15_000 }).toBe(true);

  // Applied to the plan at once: the plan is made again with the rule.
  await page.getByRole('button', { name: 'Close plugins' }).click();
  await expect.poll(() => movesText(page), { timeout: 15_000 }).toContain('Custom/Double Feature/01 Reel 1.1.mp3');
  expect(await movesText(page)).not.toContain('Custom/Signal');

  // It is an installed rules plugin, listed with the others, and kept after a reload.
  await page.getByRole('button', { name: 'Plugins' }).click();
  expect(await page.getByRole('checkbox', { name: 'Use Custom rules' }).isChecked()).toBe(true);
  await page.reload();
  await page.getByRole('button', { name: 'Plugins' }).click();
  const kept = page.getByRole('region', { name: 'Custom rules' }).getByRole('group', { name: 'Rule 1' });
  expect(await kept.getByRole('textbox', { name: 'Path rule' }).inputValue()).toBe('Custom/$album/$track $title');
  await expect.poll(() => kept.getByText('Open a music folder to see how many releases it matches.').isVisible(), { timeout: 15_000 }).toBe(true);

  // Share: the link carries the rules; a fresh browser gets the install dialog, then the rules.
  await page.getByRole('button', { name: 'Share custom rules' }).click();
  const linkBox = page.getByRole('textbox', { name: 'Link to your custom rules' });
  await expect.poll(() => linkBox.isVisible(), { timeout: 15_000 }).toBe(true);
  const link = await linkBox.inputValue();
  expect(link).toMatch(/#plugin=data%3Aapplication%2Fjson%3Bbase64%2C.+&sha256=[0-9a-f]{64}$/);
  await context.close();

  const fresh = await app.browser.newContext();
  const other = await openWithLibrary(fresh, link, 'Music', files);
  const dialog = other.getByRole('dialog', { name: /^Install “Shared rules [0-9a-f]{8}”\?$/ });
  await expect.poll(() => dialog.isVisible(), { timeout: 15_000 }).toBe(true);
  expect(await dialog.textContent()).toMatch(/Rules \(no code\): album matching \/\^double\/ → path rule/);
  expect(await dialog.textContent()).toContain('the link itself (rules only, no code)');
  await dialog.getByRole('button', { name: 'Install' }).click();
  await expect.poll(() => other.getByRole('status').filter({ hasText: /"Shared rules [0-9a-f]{8}" is installed\./ }).isVisible()).toBe(true);
  await planShown(other);
  expect(await movesText(other)).toContain('Custom/Double Feature/01 Reel 1.1.mp3');
  await fresh.close();
});

test('a share link whose rules were changed installs nothing', async () => {
  const manifest = { id: 'shared-rules-00000000', name: 'Tampered', version: '1', apiVersion: 1, reads: ['album'], rules: { regex: [{ field: 'album', pattern: 'x', type: 'live' }] } };
  const data = `data:application/json;base64,${Buffer.from(JSON.stringify(manifest)).toString('base64')}`;
  const context = await app.browser.newContext();
  const page = await openWithLibrary(context, `${app.url}#plugin=${encodeURIComponent(data)}&sha256=${'0'.repeat(64)}`, 'Music', files);
  await expect.poll(() => page.getByText(/"Tampered" was not installed: its bytes in the link are not the ones the link names/).isVisible(), { timeout: 15_000 }).toBe(true);
  expect(await page.getByRole('dialog').count()).toBe(0);
  await context.close();
});

test('a code plugin\'s template function, used in the path rules, changes the plan; new arguments are asked for', async () => {
  const manifest = { id: 'abbrev', name: 'Abbreviations', version: '1.0.0', apiVersion: 1, module: 'abbrev.js', contributes: { functions: ['abbrev'] }, reads: [] };
  const code = `export default { functions: { abbrev([text = '', size = '1']) { return text.split(/\\s+/).filter(Boolean).map((w) => w.slice(0, Number(size) || 1)).join(''); } } };`;
  const context = await app.browser.newContext();
  const page = await openWithLibrary(context, app.url, 'Music', files);
  await page.getByRole('button', { name: 'Plugins' }).click();
  await page.getByLabel(/Or choose \(or drop here\) the plugin's files/).setInputFiles([
    { name: 'manifest.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(manifest)) },
    { name: 'abbrev.js', mimeType: 'text/javascript', buffer: Buffer.from(code) },
  ]);
  const dialog = page.getByRole('dialog', { name: 'Install “Abbreviations”?' });
  await expect.poll(() => dialog.isVisible(), { timeout: 15_000 }).toBe(true);
  expect(await dialog.textContent()).toContain('template function %abbrev');
  await dialog.getByRole('button', { name: 'Install' }).click();
  await page.getByRole('button', { name: 'Close plugins' }).click();
  await planShown(page);

  await page.getByRole('button', { name: 'Edit path rules' }).click();
  const rules = page.getByRole('textbox', { name: /Path rules/ });
  const examples = page.getByLabel('Examples from your library');
  await rules.fill('default: %abbrev{$albumartist}/$album/$track $title');
  await expect.poll(() => examples.textContent(), { timeout: 15_000 }).toContain('AB/Double Feature/01 Reel 1.1.mp3');
  // A call with new arguments: the plugin is asked about those, and the plan follows.
  await rules.fill('default: %abbrev{$albumartist,3}/$album/$track $title');
  await expect.poll(() => examples.textContent(), { timeout: 15_000 }).toContain('ArtB/Double Feature/01 Reel 1.1.mp3');
  expect(await movesText(page)).toContain('ArtE/Signal/01 Static.mp3');
  await context.close();
});

test('the counts follow a library opened while the editor is open', async () => {
  const context = await app.browser.newContext();
  const page = await openWithLibrary(context, app.url, 'Music', files);
  await page.getByRole('button', { name: 'Plugins' }).click();
  const editor = page.getByRole('region', { name: 'Custom rules' });
  await editor.getByRole('button', { name: 'Add a rule' }).click();
  const rule = editor.getByRole('group', { name: 'Rule 1' });
  await rule.getByRole('combobox', { name: 'Field' }).fill('album');
  await rule.getByRole('textbox', { name: 'Pattern' }).fill('^double');
  await expect.poll(() => rule.getByText('Open a music folder to see how many releases it matches.').isVisible(), { timeout: 15_000 }).toBe(true);
  // The editor stays open while the library is chosen and planned: its count is for that library now.
  await planShown(page);
  expect(await editor.isVisible()).toBe(true);
  await expect.poll(() => rule.getByText('Matches 1 release.').isVisible(), { timeout: 15_000 }).toBe(true);
  await context.close();
});
