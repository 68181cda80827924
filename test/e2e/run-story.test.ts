// Every run tells the truth about itself, as a person sees it: the result of an organize, an undo, a
// resume and a roll back, in move and in copy mode, and the history and start page after each.
// Runs are interrupted for real: a file held open by "another program" (a writable stream in the
// page), a full disk (the origin's quota shrunk through the DevTools protocol), a reload.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { openWithLibrary, readFixtureTree, startApp, treeHashes, type App } from './support/app.ts';

let app: App;
let files: { path: string; base64: string }[];
beforeAll(async () => {
  app = await startApp();
  files = (await readFixtureTree('test/fixtures/library')).filter((f) => !f.path.startsWith('broken/'));
});
afterAll(async () => app?.close());

/** A file the plan moves (out of a downloads folder into its album's). */
const MOVING = 'Downloads/Greatest Hits/02 Ballad.mp3';

async function heading(page: Page, name: string, timeout = 60_000) {
  await expect.poll(() => page.getByRole('heading', { name, exact: true }).isVisible(), { timeout }).toBe(true);
}

/** Another program opens the file for writing: the app can neither move nor remove it until released. */
async function hold(page: Page, folder: string, path: string) {
  await page.evaluate(async ({ folder, path }) => {
    let dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(folder);
    const parts = path.split('/');
    for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part);
    const writer = await (await dir.getFileHandle(parts.at(-1)!)).createWritable({ keepExistingData: true });
    ((window as unknown as { held: FileSystemWritableFileStream[] }).held ??= []).push(writer);
  }, { folder, path });
}

async function release(page: Page) {
  await page.evaluate(async () => {
    const w = window as unknown as { held?: FileSystemWritableFileStream[] };
    for (const writer of w.held ?? []) await writer.abort();
    w.held = [];
  });
}

/** The result's summary sentence. */
const resultText = async (page: Page) => (await page.getByRole('region', { name: /^(Done|Undone|Rolled back)$/ }).getByRole('paragraph').first().textContent())!.replace(/\s+/g, ' ').trim();
const undoOffered = (page: Page) => page.getByRole('button', { name: 'Undo', exact: true }).isVisible();
const unfinishedText = async (page: Page) => (await page.getByRole('region', { name: /^(A run did not finish|The run stopped)$/ }).textContent())!.replace(/\s+/g, ' ');
/** A pause says why once, in the run's notice beside its buttons: no banner repeats it. */
async function pausedBecause(page: Page, reason: RegExp) {
  expect(await unfinishedText(page)).toMatch(reason);
  expect(await page.getByRole('alert').count()).toBe(0);
}

/** The history, newest first: each run's status and whether it offers to be undone. */
async function history(page: Page): Promise<{ status: string; how: string; undoable: boolean }[]> {
  await expect.poll(() => page.getByRole('region', { name: 'History' }).isVisible()).toBe(true);
  const rows = page.getByRole('region', { name: 'History' }).getByRole('row');
  const out = [];
  for (let i = 1; i < (await rows.count()); i++) {
    const cells = rows.nth(i).getByRole('cell');
    out.push({
      how: (await cells.nth(2).textContent())!.trim(),
      status: (await cells.nth(4).textContent())!.trim(),
      undoable: (await rows.nth(i).getByRole('button', { name: /^Undo this run of/ }).count()) === 1,
    });
  }
  return out;
}

async function open(context: BrowserContext, library: { path: string; base64: string }[], laterPicks: string[] = []) {
  const page = await openWithLibrary(context, app.url, 'Music', library, laterPicks);
  await page.getByRole('button', { name: 'Choose music folder' }).click();
  await heading(page, 'Here is the plan');
  return page;
}

async function chooseCopy(page: Page, deleteOriginals: boolean) {
  await page.getByRole('radio', { name: /Copy into another folder/ }).check();
  await page.getByRole('button', { name: 'Choose destination folder' }).click();
  await expect.poll(() => page.getByText('Copying into Organized').isVisible()).toBe(true);
  if (deleteOriginals) await page.getByRole('checkbox', { name: /Delete each original/ }).check();
}

describe('move mode', () => {
  test('organize interrupted then finished; undo interrupted, named as an undo after a reload, rolled back; then undone', async () => {
    const context = await app.browser.newContext();
    const page = await open(context, files);
    const before = await treeHashes(page, 'Music');

    await hold(page, 'Music', MOVING);
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await heading(page, 'The run stopped');
    await pausedBecause(page, /is open in another program/);
    expect(await unfinishedText(page)).toMatch(/Organizing "Music", started .* stopped before the end: .* Every file is either where it was or where the plan put it\./);
    await release(page);
    await page.getByRole('button', { name: 'Finish the run' }).click();
    await heading(page, 'Done');
    expect(await resultText(page)).toMatch(/^\d+ files moved into [1-9]\d* new folders; \d+ emptied folders were removed\. It took/);
    expect(await undoOffered(page)).toBe(true);
    expect(await history(page)).toEqual([{ how: 'Moved in place', status: 'Done', undoable: true }]);
    const organized = await treeHashes(page, 'Music');

    await hold(page, 'Music', Object.keys(organized).find((p) => !(p in before))!);
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await heading(page, 'The run stopped');
    expect(await unfinishedText(page)).toMatch(/Undoing the run of .+ on "Music", started .* stopped before the end: .*open in another program.* Every file is either back where it was or still where the run had put it\./);
    expect(await page.getByRole('button', { name: 'Finish the undo' }).isVisible()).toBe(true);
    expect(await history(page)).toEqual([{ how: 'Moved in place', status: 'Undo not finished', undoable: false }]);

    // A reload (the held file is let go with the page): the start page names the undo as an undo.
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { name: 'A run did not finish' }).isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await unfinishedText(page)).toMatch(/Undoing the run of .+ on "Music" stopped on .+ Open the folder to finish the undo or roll it back\./);
    await page.getByRole('button', { name: 'Open Music to finish or roll back' }).click();
    await page.getByRole('button', { name: 'Roll back the undo' }).click();
    await heading(page, 'Rolled back');
    expect(await resultText(page)).toMatch(/^The undo was rolled back: \d+ files went back to where the run of .+ had put them\. It took/);
    expect(await undoOffered(page)).toBe(false);
    expect(await history(page)).toEqual([{ how: 'Moved in place', status: 'Done', undoable: true }]);
    expect(await treeHashes(page, 'Music')).toEqual(organized);

    await page.getByRole('button', { name: /^Undo this run of/ }).click();
    await heading(page, 'Undone');
    expect(await resultText(page)).toMatch(/^\d+ files went back to where they were, and \d+ folders the run had created were removed\. It took/);
    expect(await undoOffered(page)).toBe(false);
    expect(await history(page)).toEqual([{ how: 'Moved in place', status: 'Undone', undoable: false }]);
    expect(await treeHashes(page, 'Music')).toEqual(before);
    await context.close();
  });

  test('organize interrupted then rolled back; a new run, its undo interrupted then finished', async () => {
    const context = await app.browser.newContext();
    const page = await open(context, files);
    const before = await treeHashes(page, 'Music');

    await hold(page, 'Music', MOVING);
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await heading(page, 'The run stopped');
    await release(page);
    await page.getByRole('button', { name: 'Roll back' }).click();
    await heading(page, 'Rolled back');
    expect(await resultText(page)).toMatch(/^\d+ files went back to where they were before the run of .+\. It took/);
    expect(await undoOffered(page)).toBe(false);
    expect(await history(page)).toEqual([{ how: 'Moved in place', status: 'Undone', undoable: false }]);
    expect(await treeHashes(page, 'Music')).toEqual(before);

    await page.getByRole('button', { name: 'Scan again' }).click();
    await heading(page, 'Here is the plan');
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await heading(page, 'Done');
    const organized = await treeHashes(page, 'Music');
    await hold(page, 'Music', Object.keys(organized).find((p) => !(p in before))!);
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await heading(page, 'The run stopped');
    await release(page);
    await page.getByRole('button', { name: 'Finish the undo' }).click();
    await heading(page, 'Undone');
    const text = await resultText(page);
    expect(text).toMatch(/^\d+ files went back to where they were/);
    expect(text).not.toMatch(/moved into/);
    expect(await undoOffered(page)).toBe(false);
    expect(await history(page)).toEqual([
      { how: 'Moved in place', status: 'Undone', undoable: false },
      { how: 'Moved in place', status: 'Undone', undoable: false },
    ]);
    expect(await treeHashes(page, 'Music')).toEqual(before);
    await context.close();
  });
});

describe('copy mode', () => {
  test('the disk fills up mid-copy, finished once space is back; undo interrupted then rolled back; then undone', async () => {
    const context = await app.browser.newContext();
    // Four copies of the library, so the copy runs long enough to be caught mid-way.
    const boxes = Array.from({ length: 4 }, (_, i) => files.map((f) => ({ path: `Box ${i}/${f.path}`, base64: f.base64 }))).flat();
    const page = await open(context, boxes, ['Organized']);
    const before = await treeHashes(page, 'Music');
    await chooseCopy(page, false);

    const cdp = await context.newCDPSession(page);
    const quota = (quotaSize?: number) => cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(app.url).origin, ...(quotaSize === undefined ? {} : { quotaSize }) });
    await page.getByRole('button', { name: 'Copy', exact: true }).click();
    await expect.poll(async () => Number((await page.getByRole('progressbar').getAttribute('aria-valuenow').catch(() => null)) ?? 0), { timeout: 60_000, interval: 10 }).toBeGreaterThan(10);
    await quota(1);
    await heading(page, 'The run stopped');
    await pausedBecause(page, /The disk is full\. Free some space, then resume\./);
    expect(await unfinishedText(page)).toMatch(/Organizing "Music" into "Organized", started .* copies\), stopped before the end/);
    expect(await treeHashes(page, 'Music')).toEqual(before);
    await quota();
    await page.getByRole('button', { name: 'Finish the run' }).click();
    await heading(page, 'Done');
    expect(await resultText(page)).toMatch(/^\d+ files copied into "Organized" and verified; your library was not changed\. It took .* Nothing was skipped\./);
    expect(await undoOffered(page)).toBe(true);
    expect(await history(page)).toEqual([{ how: 'Copied into Organized', status: 'Done', undoable: true }]);
    const copied = await treeHashes(page, 'Organized');
    const original = new Set(Object.values(before));
    expect(Object.values(copied).every((h) => original.has(h))).toBe(true);

    await hold(page, 'Organized', Object.keys(copied)[0]!);
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await heading(page, 'The run stopped');
    await pausedBecause(page, /in "Organized" is open in another program\. Close it, then resume\./);
    expect(await unfinishedText(page)).toMatch(/Undoing the run of .+ on "Music"/);
    expect(await history(page)).toEqual([{ how: 'Copied into Organized', status: 'Undo not finished', undoable: false }]);
    await release(page);
    await page.getByRole('button', { name: 'Roll back the undo' }).click();
    await heading(page, 'Rolled back');
    expect(await resultText(page)).toMatch(/^The undo was rolled back: the copies of \d+ files are in "Organized" again; your library was not changed\. It took/);
    expect(await undoOffered(page)).toBe(false);
    expect(await history(page)).toEqual([{ how: 'Copied into Organized', status: 'Done', undoable: true }]);
    expect(await treeHashes(page, 'Organized')).toEqual(copied);

    await page.getByRole('button', { name: /^Undo this run of/ }).click();
    await heading(page, 'Undone');
    expect(await resultText(page)).toMatch(/^\d+ files copied into "Organized" were removed again; your library was not changed\. It took/);
    expect(await undoOffered(page)).toBe(false);
    expect(await history(page)).toEqual([{ how: 'Copied into Organized', status: 'Undone', undoable: false }]);
    expect(await treeHashes(page, 'Organized')).toEqual({});
    expect(await treeHashes(page, 'Music')).toEqual(before);
    await context.close();
  });

  test('deleting originals: interrupted then rolled back; a new run, its undo interrupted then finished', async () => {
    const context = await app.browser.newContext();
    const page = await open(context, files, ['Organized']);
    const before = await treeHashes(page, 'Music');
    await chooseCopy(page, true);

    await hold(page, 'Music', MOVING);
    await page.getByRole('button', { name: 'Copy', exact: true }).click();
    await heading(page, 'The run stopped');
    await pausedBecause(page, /in "Music" is open in another program/);
    await release(page);
    await page.getByRole('button', { name: 'Roll back' }).click();
    await heading(page, 'Rolled back');
    expect(await resultText(page)).toMatch(/^Every file is back in "Music", and the copies the run of .+ had made were removed from "Organized"\. It took/);
    expect(await history(page)).toEqual([{ how: 'Copied into Organized', status: 'Undone', undoable: false }]);
    expect(await treeHashes(page, 'Music')).toEqual(before);
    expect(await treeHashes(page, 'Organized')).toEqual({});

    await page.getByRole('button', { name: 'Scan again' }).click();
    await heading(page, 'Here is the plan');
    await page.getByRole('button', { name: 'Copy', exact: true }).click();
    await heading(page, 'Done');
    expect(await resultText(page)).toMatch(/^\d+ files copied into "Organized" and verified; each original was deleted once its copy was checked\./);
    const copied = await treeHashes(page, 'Organized');
    await hold(page, 'Organized', Object.keys(copied)[0]!);
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await heading(page, 'The run stopped');
    await release(page);
    await page.getByRole('button', { name: 'Finish the undo' }).click();
    await heading(page, 'Undone');
    const text = await resultText(page);
    expect(text).toMatch(/^\d+ files are back in "Music", and their copies were removed from "Organized"\. It took/);
    expect(text).not.toMatch(/moved into|new folders/);
    expect(await undoOffered(page)).toBe(false);
    expect(await history(page)).toEqual([
      { how: 'Copied into Organized', status: 'Undone', undoable: false },
      { how: 'Copied into Organized', status: 'Undone', undoable: false },
    ]);
    expect(await treeHashes(page, 'Music')).toEqual(before);
    expect(await treeHashes(page, 'Organized')).toEqual({});
    await context.close();
  });
});
