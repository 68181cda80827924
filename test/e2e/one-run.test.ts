// One run at a time per library, whatever the user does: a double click on Apply or Undo starts
// one run, and a second tab on the same library is told that a run is in progress instead of
// starting another one.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { journalRuns, openWithLibrary, readFixtureTree, startApp, treeHashes, writeInterruptedRun, type App } from './support/app.ts';

let app: App;
let fixture: { path: string; base64: string }[];

beforeAll(async () => {
  app = await startApp();
  fixture = await readFixtureTree('test/fixtures/library');
});
afterAll(async () => app?.close());

const sorted = (o: Record<string, string>) => Object.values(o).sort();
const visible = (page: Page, heading: string) => page.getByRole('heading', { name: heading }).isVisible();

async function openAndPlan(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Choose music folder' }).click();
  await expect.poll(() => visible(page, 'Here is the plan'), { timeout: 120_000 }).toBe(true);
}

describe('double clicks', () => {
  test('a double click on Apply starts one run, and a double click on Undo one undo', async () => {
    const context = await app.browser.newContext();
    const page = await openWithLibrary(context, app.url, 'Music', fixture);
    const before = await treeHashes(page, 'Music');
    await openAndPlan(page);

    await page.getByRole('button', { name: 'Apply', exact: true }).dblclick();
    await expect.poll(() => visible(page, 'Done'), { timeout: 60_000 }).toBe(true);
    const afterApply = await treeHashes(page, 'Music');
    expect(sorted(afterApply)).toEqual(sorted(before));
    expect((await journalRuns(page)).map((r) => `${r.kind} ${r.status}`)).toEqual(['organize done']);

    await page.getByRole('button', { name: 'Undo', exact: true }).dblclick();
    await expect.poll(() => visible(page, 'Undone'), { timeout: 60_000 }).toBe(true);
    const runs = await journalRuns(page);
    expect(runs.filter((r) => r.kind === 'undo').map((r) => r.status)).toEqual(['done']);
    expect(runs.filter((r) => r.kind === 'organize').map((r) => r.status)).toEqual(['undone']);
    expect(await treeHashes(page, 'Music')).toEqual(before);
    await context.close();
  });
});

describe('the panel that replaces a clicked button', () => {
  test('the second click of a double click on Undo, landing on Pause as the progress panel appears, does not pause the undo', async () => {
    const one = fixture.filter((f) => !f.path.startsWith('broken/'));
    const files = Array.from({ length: 20 }, (_, i) => one.map((f) => ({ path: `Box ${i}/${f.path}`, base64: f.base64 }))).flat();
    const context = await app.browser.newContext();
    const page = await openWithLibrary(context, app.url, 'Double', files);
    const before = await treeHashes(page, 'Double');
    await openAndPlan(page);
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await expect.poll(() => visible(page, 'Done'), { timeout: 120_000 }).toBe(true);

    const undo = page.getByRole('button', { name: 'Undo', exact: true });
    const box = (await undo.boundingBox())!;
    await undo.click();
    // The Pause button now sits where Undo was (measured: it overlaps it); the pointer clicks again
    // there as the second click of a double click (click count 2), as a person double-clicking does.
    const pause = page.getByRole('button', { name: 'Pause' });
    await expect.poll(() => pause.isVisible(), { timeout: 10_000, interval: 10 }).toBe(true);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down({ clickCount: 2 });
    await page.mouse.up({ clickCount: 2 });
    await expect.poll(() => visible(page, 'Undone'), { timeout: 120_000 }).toBe(true);
    expect((await journalRuns(page)).filter((r) => r.kind === 'undo').map((r) => r.status)).toEqual(['done']);
    expect(await treeHashes(page, 'Double')).toEqual(before);
    await context.close();
  });
});

describe('two tabs on one library', () => {
  test('Apply in both starts one run; the other tab says a run is in progress and offers to wait', async () => {
    // Enough files that the first run is still moving when the second tab asks.
    const one = fixture.filter((f) => !f.path.startsWith('broken/'));
    const files = Array.from({ length: 30 }, (_, i) => one.map((f) => ({ path: `Box ${String(i).padStart(2, '0')}/${f.path}`, base64: f.base64 }))).flat();
    const context = await app.browser.newContext();
    const first = await openWithLibrary(context, app.url, 'Library', files);
    const before = await treeHashes(first, 'Library');
    await openAndPlan(first);
    const second = await context.newPage();
    await second.goto(app.url);
    await openAndPlan(second);

    await first.getByRole('button', { name: 'Apply', exact: true }).click();
    await expect.poll(() => first.getByRole('progressbar', { name: 'Moving files' }).isVisible(), { timeout: 30_000, interval: 20 }).toBe(true);
    await second.getByRole('button', { name: 'Apply', exact: true }).click();

    await expect.poll(() => visible(second, 'Another tab is changing this library'), { timeout: 30_000 }).toBe(true);
    const wait = second.getByRole('button', { name: 'Wait for the other run' });
    expect(await wait.isVisible()).toBe(true);
    await expect.poll(() => visible(first, 'Done'), { timeout: 120_000 }).toBe(true);
    expect((await journalRuns(first)).map((r) => `${r.kind} ${r.status}`)).toEqual(['organize done']);

    // Waiting brings the second tab up to date with what the first one did: no second run.
    await wait.click();
    // The old plan (nothing in place yet) stays in view, Apply disabled, until the scan after the wait replaces it.
    const summary = second.getByRole('list', { name: 'Plan summary' });
    await expect.poll(async () => (await summary.isVisible()) && (await summary.textContent()), { timeout: 120_000 }).toMatch(/[1-9][\d,]* stay where they are/);
    expect(await second.getByRole('button', { name: /Undo this run of/ }).count()).toBe(1);
    expect(await visible(second, 'Another tab is changing this library')).toBe(false);
    expect((await journalRuns(second)).length).toBe(1);
    expect(sorted(await treeHashes(first, 'Library'))).toEqual(sorted(before));
    await context.close();
  });
});

describe('opening a library while another tab runs on it', () => {
  test('its run is not offered to finish or roll back until that tab lets go of the library', async () => {
    const context = await app.browser.newContext();
    const files = [{ path: 'Box/a.txt', base64: Buffer.from('a').toString('base64') }];
    const page = await openWithLibrary(context, app.url, 'Held', files);
    // The journal shows the run as running, as it does while the other tab executes it.
    await writeInterruptedRun(page, { folder: 'Held', library: 'library-held', id: 'run-held', moves: [{ from: 'Box/a.txt', to: 'Sorted/a.txt' }], done: [] });
    const other = await context.newPage();
    await other.goto(`${app.url}favicon.svg`);
    await other.evaluate(() => {
      void navigator.locks.request('music-organizer:library:library-held', () => new Promise<void>((release) => ((window as unknown as { release: () => void }).release = release)));
    });

    await page.getByRole('button', { name: 'Choose music folder' }).click();
    await expect.poll(() => visible(page, 'Another tab is changing this library'), { timeout: 30_000 }).toBe(true);
    expect(await page.getByRole('button', { name: 'Finish the run' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Roll back' }).count()).toBe(0);

    // The other tab closed mid-run: now the run is interrupted, and this tab may finish it.
    await other.evaluate(() => (window as unknown as { release: () => void }).release());
    await page.getByRole('button', { name: 'Wait for the other run' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Finish the run' }).isVisible(), { timeout: 30_000 }).toBe(true);
    await page.getByRole('button', { name: 'Finish the run' }).click();
    await expect.poll(() => visible(page, 'Done'), { timeout: 30_000 }).toBe(true);
    expect(Object.keys(await treeHashes(page, 'Held'))).toEqual(['Sorted/a.txt']);
    await context.close();
  });
});
