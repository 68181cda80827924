// The library at a glance on the plan page, each chart a table a screen reader reads, and the
// planned moves filtered by release type, format and kind of move.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Locator } from 'playwright-core';
import { openWithLibrary, readFixtureTree, startApp, type App } from './support/app.ts';

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => app?.close());

/** The rows of a chart's table: label and count, as a screen reader reads them. */
async function rowsOf(table: Locator): Promise<{ label: string; count: number }[]> {
  const rows = await table.locator('tbody tr').all();
  return Promise.all(rows.map(async (row) => ({
    label: (await row.getByRole('rowheader').textContent())!.trim(),
    count: Number((await row.getByRole('cell').first().textContent())!.replace(/,/g, '')),
  })));
}

test('statistics as charts with tables, and filters that narrow the moves', async () => {
  const files = await readFixtureTree('test/fixtures/library');
  const audio = files.map((f) => f.path).filter((p) => /\.(mp3|flac|m4a|ogg|opus|wma|wav|aiff?)$/i.test(p) && !p.startsWith('broken/'));
  const context = await app.browser.newContext();
  const page = await openWithLibrary(context, app.url, 'Music', files);
  await page.getByRole('button', { name: 'Choose music folder' }).click();
  await expect.poll(() => page.getByRole('heading', { name: 'Here is the plan' }).isVisible(), { timeout: 60_000 }).toBe(true);

  const overview = page.getByRole('region', { name: 'Your library' });
  await expect.poll(() => overview.getByRole('table', { name: 'Formats' }).isVisible(), { timeout: 30_000 }).toBe(true);
  for (const name of ['Formats', 'Bitrates', 'Decades', 'Release types', 'Genres', 'Top artists']) {
    await expect.poll(() => overview.getByRole('table', { name }).isVisible()).toBe(true);
  }
  const formats = await rowsOf(overview.getByRole('table', { name: 'Formats' }));
  const total = formats.reduce((n, r) => n + r.count, 0);
  // Every readable music file is counted once, in every chart.
  expect(total).toBe(audio.length);
  for (const name of ['Bitrates', 'Decades', 'Genres', 'Top artists']) {
    expect((await rowsOf(overview.getByRole('table', { name }))).reduce((n, r) => n + r.count, 0)).toBe(total);
  }
  expect(await overview.getByText(`${total} music files`).isVisible()).toBe(true);

  // Filter the moves by the most common format: the count says how many match, and the list shows only those.
  const moves = Number((await page.getByRole('tab', { name: /^Moves/ }).textContent())!.match(/\d+/)![0]);
  const format = page.getByRole('combobox', { name: 'Format' });
  const options = (await format.locator('option').allTextContents()).slice(1);
  const flac = options.find((o) => o.startsWith('FLAC'))!;
  expect(flac).toBeDefined();
  const flacMoves = Number(flac.match(/\((\d+)\)/)![1]);
  await format.selectOption({ label: flac });
  await expect.poll(() => page.getByText(`${flacMoves} match`).isVisible()).toBe(true);
  expect(flacMoves).toBeLessThan(moves);
  const shown = await page.getByRole('list', { name: 'Planned moves' }).getByRole('listitem').allTextContents();
  expect(shown.length).toBeGreaterThan(0);
  // A row reads "<from> → moves to <to>", then its Exclude button.
  for (const row of shown) expect(row.replace(/\s*(Exclude|Include)\s*$/, '')).toMatch(/\.flac\s*$/i);

  // Kind of move and release type narrow further; Clear filters brings every move back.
  const kind = page.getByRole('combobox', { name: 'Kind of move' });
  const music = (await kind.locator('option').allTextContents()).find((o) => o.startsWith('Music'))!;
  await kind.selectOption({ label: music });
  await expect.poll(() => page.getByText(/^\d+ match$/).textContent().then((t) => Number(t!.match(/\d+/)![0]))).toBeLessThanOrEqual(flacMoves);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect.poll(() => page.getByText(/^\d+ match$/).count()).toBe(0);
  expect(await page.getByRole('list', { name: 'Planned moves' }).getByRole('listitem').count()).toBeGreaterThan(0);
  await context.close();
});
