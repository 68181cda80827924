// A folder dropped on the page in Chrome or Edge is opened for organizing, as if chosen with the
// picker: read-write permission, the plan, Apply, and the folder remembered for the next visit.
//
// What is real and what stands in. A test page cannot drop a folder from the disk (Chromium's
// DevTools drag events reached dragover here but never the drop), and a DataTransfer made in the
// page holds File objects, not folders. So the drop is a real DragEvent with a real DataTransfer
// carrying one file item named "Music", dispatched on the page, and the app's own window handler
// takes it; the one stand-in is which folder that item's getAsFileSystemHandle() returns: an init
// script makes it return the OPFS folder "Music" (a real FileSystemDirectoryHandle), exactly as
// the other end-to-end tests make showDirectoryPicker() return one (the permission test below adds
// a stand-in for the permission prompt, said there). From the handler on everything
// is the app's: reading the drop, the permission request, remembering the folder, the scan, the
// plan, Apply on the real handle. A dropped file, in a page without the stand-in, is Chromium's
// own answer for such an item (no handle, no entry), so its message is tested unaided.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createHash } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { readFixtureTree, startApp, treeHashes, writeFolder, type App } from './support/app.ts';

const FIXTURE = 'test/fixtures/library';
let app: App;

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  await app?.close();
});

/** Drops an item named `name` on the page, as the browser dispatches a drop; whether the page took it (cancelled dragover) is returned. */
function drop(page: Page, name: string): Promise<boolean> {
  return page.evaluate((name) => {
    const data = new DataTransfer();
    data.items.add(new File([], name));
    const over = new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true });
    document.body.dispatchEvent(over);
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    return over.defaultPrevented;
  }, name);
}

describe('a folder dropped in Chromium', () => {
  let context: BrowserContext;
  let page: Page;
  let original: Record<string, string>;

  beforeAll(async () => {
    context = await app.browser.newContext();
    await context.addInitScript(() => {
      DataTransferItem.prototype.getAsFileSystemHandle = async () => (await navigator.storage.getDirectory()).getDirectoryHandle('Music');
    });
    page = await context.newPage();
    await page.goto(app.url);
    const files = await readFixtureTree(FIXTURE);
    await writeFolder(page, 'Music', files);
    original = Object.fromEntries(files.map((f) => [f.path, createHash('sha256').update(Buffer.from(f.base64, 'base64')).digest('hex')]));
  });

  afterAll(async () => {
    await context?.close();
  });

  test('is opened for organizing: the plan, then Apply moves the files', async () => {
    expect(await page.getByText('drop the folder on this page').count()).toBe(1);
    expect(await drop(page, 'Music')).toBe(true);
    await expect.poll(() => page.getByRole('heading', { name: 'Here is the plan' }).isVisible(), { timeout: 60_000 }).toBe(true);
    expect(await page.locator('.library').textContent()).toBe('Library: Music');
    expect(await treeHashes(page, 'Music')).toEqual(original);

    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Done' }).isVisible(), { timeout: 60_000 }).toBe(true);
    const after = await treeHashes(page, 'Music');
    expect(Object.values(after).sort()).toEqual(Object.values(original).sort());
    expect(after).not.toEqual(original);
  });

  test('is remembered like a chosen folder: the next visit offers it again', async () => {
    await page.reload();
    const recent = page.getByRole('region', { name: 'Recent libraries' });
    await expect.poll(() => recent.getByRole('button', { name: 'Open Music again' }).isVisible()).toBe(true);
  });
});

test('where the browser asks for write permission only from a click, the page offers that click', async () => {
  const context = await app.browser.newContext();
  try {
    // The permission prompt needs a user activation (the spec's rule). Playwright's evaluate, which
    // dispatches the drop here, counts as one, so the stand-in refuses the first request, the
    // drop's, as Chrome does without one, and grants the next.
    await context.addInitScript(() => {
      DataTransferItem.prototype.getAsFileSystemHandle = async () => (await navigator.storage.getDirectory()).getDirectoryHandle('Music');
      let asked = 0;
      FileSystemHandle.prototype.queryPermission = async () => (asked > 1 ? 'granted' : 'prompt');
      FileSystemHandle.prototype.requestPermission = async () => {
        if (asked++ === 0) throw new DOMException('User activation is required to request permissions.', 'SecurityError');
        return 'granted';
      };
    });
    const page = await context.newPage();
    await page.goto(app.url);
    await writeFolder(page, 'Music', (await readFixtureTree(FIXTURE)).filter((f) => f.path.startsWith('Artist E/')));
    await drop(page, 'Music');
    const allow = page.getByRole('button', { name: 'Allow changes to Music' });
    await expect.poll(() => allow.isVisible()).toBe(true);
    expect(await page.getByRole('alert').textContent()).toContain('To organize "Music", Music Organizer needs your permission to change it');
    await allow.click();
    await expect.poll(() => page.getByRole('heading', { name: 'Here is the plan' }).isVisible(), { timeout: 60_000 }).toBe(true);
    expect(await allow.count()).toBe(0);
  } finally {
    await context.close();
  }
});

test('a dropped file, not a folder, gets a plain message and opens nothing', async () => {
  const context = await app.browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(app.url);
    await page.getByRole('button', { name: 'Choose music folder' }).waitFor();
    expect(await drop(page, 'cover.jpg')).toBe(true);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('"cover.jpg" is a file, not a folder. Drop the folder that holds your music.');
    expect(await page.getByRole('heading', { name: 'Tidy twenty years of music in minutes' }).isVisible()).toBe(true);
  } finally {
    await context.close();
  }
});
