// Firefox, as a person uses it there: no showDirectoryPicker, so the app reads the music folder
// and cannot change it. Debian's firefox-esr runs the built app (headless, over WebDriver BiDi);
// the page is driven by role and accessible name.
//
// How the folder gets in. BiDi cannot choose a folder on the folder input (input.setFiles refuses
// a directory) and cannot drop one. So the test does in the page what the browser does when a
// person chooses "Music" in the folder dialog: it builds the folder's files as File objects from
// the fixture library's bytes, sets each one's webkitRelativePath ("Music/<path>", the one thing a
// page cannot set itself, so it is defined on the object), puts them on the very <input> that the
// "Choose music folder (read only)" button opens (found through the button's aria-controls)
// through a DataTransfer, and fires its change event. From there on everything is the app's own,
// in real Firefox: the input's change handler, the read-only folder, the scan (tag workers,
// IndexedDB cache), the planner worker, the plan page and the script download, saved by Firefox
// to disk and run with /bin/sh. Not exercised: Firefox's folder dialog filling webkitRelativePath
// itself, and a dropped folder's FileSystemDirectoryEntry walk (a test page cannot make one; the
// walk is tested on Chromium's real entries in test/browser/read-only-folder.test.ts). A dropped
// file is a real drop event with a real DataTransfer, and Firefox's own webkitGetAsEntry.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { readFixtureTree, serveApp } from '../e2e/support/app.ts';
import { readDiskTree, runSh } from '../support/disk-tree.ts';
import { byRole, hasRole, launchFirefox } from './firefox.ts';

const FIXTURE = 'test/fixtures/library';
let server: { url: string; close(): Promise<void> };
let browser: Browser;
let page: Page;
let work: string;
let downloads: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'firefox-read-only-'));
  downloads = join(work, 'downloads');
  server = await serveApp();
  browser = await launchFirefox(downloads);
  page = await browser.newPage();
  await page.goto(server.url);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('Firefox: read the folder, see the plan, take the script', () => {
  test('the first screen offers the folder read only and says what needs Chrome or Edge', async () => {
    await byRole(page, 'button', 'Choose music folder (read only)');
    const note = await byRole(page, 'note', 'This browser can read your music, not change it');
    expect(await note.evaluate((n) => n.textContent)).toMatch(/Apply.*Undo.*need.*Chrome.*Edge/s);
    expect(await hasRole(page, 'button', 'Choose music folder')).toBe(false);
  });

  test('a file dropped on the page, not a folder, gets a plain message', async () => {
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.items.add(new File(['not music'], 'cover.jpg', { type: 'image/jpeg' }));
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    });
    const alert = await page.waitForSelector('::-p-aria([role="alert"])');
    expect(await alert!.evaluate((n) => n.textContent)).toContain('"cover.jpg" is a file, not a folder. Drop the folder that holds your music.');
    await (await byRole(page, 'button', 'Dismiss')).click();
  });

  test('the folder chosen through the folder input is read and planned; Apply is not offered, and why is said', async () => {
    const button = await byRole(page, 'button', 'Choose music folder (read only)');
    const inputId = await button.evaluate((b) => b.getAttribute('aria-controls'));
    expect(inputId).toBeTruthy();
    const files = await readFixtureTree(FIXTURE);
    await page.evaluate(
      (id, files) => {
        const input = document.getElementById(id!) as HTMLInputElement;
        if (input.type !== 'file' || !input.webkitdirectory) throw new Error('the button does not open a folder input');
        const list = new DataTransfer();
        for (const f of files) {
          const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
          const file = new File([bytes], f.path.slice(f.path.lastIndexOf('/') + 1), { lastModified: Date.UTC(2024, 0, 1) });
          Object.defineProperty(file, 'webkitRelativePath', { value: `Music/${f.path}` });
          list.items.add(file);
        }
        input.files = list.files;
        input.dispatchEvent(new Event('change', { bubbles: true }));
      },
      inputId,
      files,
    );
    await byRole(page, 'heading', 'Here is the plan', 60_000);
    const summary = await byRole(page, 'list', 'Plan summary');
    expect(await summary.evaluate((n) => n.textContent)).toMatch(/\d+ files move/);
    expect(await hasRole(page, 'button', 'Apply')).toBe(false);
    const notes = await page.$$('::-p-aria([role="note"])');
    const texts = await Promise.all(notes.map((n) => n.evaluate((e) => e.textContent ?? '')));
    expect(texts.some((t) => /Apply, Undo and copying need Chrome or Edge.*download the plan as a script/s.test(t))).toBe(true);
    expect(await page.evaluate(() => document.querySelector('.library')?.textContent)).toBe('Library: Music (read only)');
  });

  test('"Download sh script" saves a script that organizes the folder on disk, and its undo puts it back', async () => {
    await (await byRole(page, 'button', 'Download sh script')).click();
    const name = await waitForDownload(/^organize-Music-\d{8}-\d{4}\.sh$/);
    const root = join(work, 'Music');
    cpSync(FIXTURE, root, { recursive: true });
    const original = readDiskTree(root);
    const organize = runSh(join(downloads, name), [root]);
    expect(organize.stderr).toBe('');
    expect(organize.status).toBe(0);
    const organized = readDiskTree(root);
    expect(Object.values(organized.files).sort()).toEqual(Object.values(original.files).sort());
    expectAlbumsTogether(original.files, organized.files);

    const undo = runSh(join(downloads, name.replace(/\.sh$/, '.undo.sh')), [root]);
    expect(undo.status).toBe(0);
    expect(readDiskTree(root)).toEqual(original);
  });
});

/** The file Firefox saved (no partial download left), by name. */
async function waitForDownload(pattern: RegExp): Promise<string> {
  let found: string | undefined;
  await expect
    .poll(() => {
      let names: string[] = [];
      try {
        names = readdirSync(downloads);
      } catch {
        // Not made until the first download.
      }
      found = names.find((n) => pattern.test(n));
      return found !== undefined && !names.some((n) => n.endsWith('.part')) && readFileSync(join(downloads, found)).length > 0;
    }, { timeout: 30_000 })
    .toBe(true);
  return found!;
}

/** Every tagged album ends in one folder of its own (discs inside it), and unreadable files stay where they were. */
function expectAlbumsTogether(before: Record<string, string>, after: Record<string, string>): void {
  const truth = JSON.parse(readFileSync('test/fixtures/library.truth.json', 'utf8')) as { files: Record<string, { role: string; album?: string }> };
  const where = new Map(Object.entries(after).map(([path, hash]) => [hash, path]));
  const albums = new Map<string, Set<string>>();
  for (const [path, info] of Object.entries(truth.files)) {
    const now = where.get(before[path]!)!;
    if (info.role === 'broken') expect(now).toBe(path);
    if (info.role !== 'audio' || !info.album) continue;
    const folder = now.slice(0, now.lastIndexOf('/')).replace(/\/(CD|Disc )\d+$/i, '');
    albums.set(info.album, (albums.get(info.album) ?? new Set()).add(folder));
  }
  expect(albums.size).toBeGreaterThan(1);
  for (const [album, folders] of albums) expect([...folders], album).toHaveLength(1);
}
