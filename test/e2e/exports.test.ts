// The plan and each run's report leave the app as files a collector keeps (CSV, JSON), and the
// unreadable files as a list on the clipboard.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { openWithLibrary, readFixtureTree, startApp, treeHashes, type App } from './support/app.ts';

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => app?.close());

async function download(page: Page, button: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  return { name: file.suggestedFilename(), text: await readFile((await file.path())!, 'utf8') };
}

test('plan as CSV and JSON, the unreadable files copied, the report of the run as JSON and CSV', async () => {
  const files = await readFixtureTree('test/fixtures/library');
  const context = await app.browser.newContext({ acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await openWithLibrary(context, app.url, 'Music', files);
  await page.getByRole('button', { name: 'Choose music folder' }).click();
  await expect.poll(() => page.getByRole('heading', { name: 'Here is the plan' }).isVisible(), { timeout: 60_000 }).toBe(true);
  const moves = Number((await page.getByRole('tab', { name: /^Moves/ }).textContent())!.match(/\d+/)![0]);

  const planCsv = await download(page, 'Save plan as CSV');
  expect(planCsv.name).toMatch(/^plan-Music-\d{8}-\d{4}\.csv$/);
  const lines = planCsv.text.trimEnd().split('\r\n');
  expect(lines[0]).toBe('action,from,to,why,size');
  // Every file the scan saw is a row: moved, staying, unreadable (no file name in the fixture holds a line break).
  expect(lines.filter((l) => l.startsWith('move,')).length).toBe(moves);
  expect(lines.filter((l) => l.startsWith('leave,')).length).toBe(3);

  const planJson = JSON.parse((await download(page, 'Save plan as JSON')).text);
  expect(planJson.library).toBe('Music');
  expect(planJson.operations.filter((o: { kind: string }) => o.kind === 'move').length).toBe(moves);
  expect(planJson.rules).toMatch(/\$/);

  await page.getByRole('tab', { name: /^Can't read/ }).click();
  await page.getByRole('button', { name: 'Copy the list' }).click();
  await expect.poll(() => page.getByText('Copied 3 lines.').isVisible()).toBe(true);
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied.split('\n').map((l) => l.slice(0, l.indexOf(':'))).sort()).toEqual(['broken/corrupt.mp3', 'broken/empty.flac', 'broken/not-audio.mp3']);

  const before = await treeHashes(page, 'Music');
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect.poll(() => page.getByRole('heading', { name: 'Done' }).isVisible(), { timeout: 60_000 }).toBe(true);
  const after = await treeHashes(page, 'Music');
  const report = JSON.parse((await download(page, 'Save report as JSON')).text);
  expect(report.kind).toBe('organize');
  // The report says where each file went: exactly what is on disk now.
  for (const { from, to } of report.moved as { from: string; to: string }[]) expect(after[to]).toBe(before[from]);
  expect(report.moved.length).toBe(moves);
  const reportCsv = await download(page, 'Save report as CSV');
  expect(reportCsv.text.split('\r\n')[0]).toBe('outcome,from,to,why');
  expect(reportCsv.text.trimEnd().split('\r\n').length).toBe(1 + moves);
  await context.close();
});
