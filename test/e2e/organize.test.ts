// The whole flow as a person uses it: choose the folder, read the plan, apply, undo.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { openWithLibrary, readFixtureTree, startApp, treeHashes, type App } from './support/app.ts';

const FIXTURE = 'test/fixtures/library';
let app: App;
let context: BrowserContext;
let page: Page;
let files: { path: string; base64: string }[];
let original: Record<string, string>;
let truth: { files: Record<string, { role: string; album?: string }> };

beforeAll(async () => {
  app = await startApp();
  files = await readFixtureTree(FIXTURE);
  original = Object.fromEntries(files.map((f) => [f.path, createHash('sha256').update(Buffer.from(f.base64, 'base64')).digest('hex')]));
  truth = JSON.parse(await readFile('test/fixtures/library.truth.json', 'utf8'));
  context = await app.browser.newContext();
  page = await openWithLibrary(context, app.url, 'Music', files);
});

afterAll(async () => {
  await context?.close();
  await app?.close();
});

const sorted = (values: string[]) => [...values].sort();
const folderOf = (path: string) => path.slice(0, path.lastIndexOf('/'));
/** Where the file with these bytes is in a tree of path → hash. */
const where = (tree: Record<string, string>, hash: string) => Object.keys(tree).find((p) => tree[p] === hash)!;

describe('choose → preview → apply → undo', () => {
  test('the plan is shown before anything changes', async () => {
    await page.getByRole('button', { name: 'Choose music folder' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Here is the plan' }).isVisible(), { timeout: 60_000 }).toBe(true);
    const summary = page.getByRole('list', { name: 'Plan summary' });
    expect(await summary.textContent()).toMatch(/\d+ files move/);
    // Nothing moved yet.
    expect(await treeHashes(page, 'Music')).toEqual(original);

    await page.getByRole('tab', { name: /Can't read/ }).click();
    const unreadable = page.getByRole('list', { name: "Files that can't be read" });
    for (const name of ['broken/corrupt.mp3', 'broken/empty.flac', 'broken/not-audio.mp3']) {
      expect(await unreadable.getByText(name).count()).toBe(1);
    }
    await page.getByRole('tab', { name: /Moves/ }).click();
    const moves = page.getByRole('list', { name: 'Planned moves' });
    // Scrolled down, then a search that matches every move (each goes into a folder): its matches
    // are shown from the first.
    const search = page.getByRole('searchbox', { name: 'Search files' });
    await moves.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect.poll(() => moves.getByRole('listitem').first().getAttribute('aria-posinset')).not.toBe('1');
    await search.fill('/');
    await expect.poll(() => moves.getByRole('listitem').first().getAttribute('aria-posinset')).toBe('1');
    expect(await moves.evaluate((el) => el.scrollTop)).toBe(0);
    await search.fill('greatest hits');
    const rows = await moves.getByRole('listitem').allTextContents();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.toLowerCase().includes('greatest hits'))).toBe(true);
  });

  test('apply moves every tagged album into one folder of its own and loses nothing', async () => {
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Done' }).isVisible(), { timeout: 60_000 }).toBe(true);
    const after = await treeHashes(page, 'Music');
    // Every file's bytes exactly once.
    expect(sorted(Object.values(after))).toEqual(sorted(Object.values(original)));
    const where = new Map<string, string>();
    for (const [path, hash] of Object.entries(after)) where.set(hash, path);
    const albums = new Map<string, Set<string>>();
    const folderOwners = new Map<string, string>();
    for (const [path, info] of Object.entries(truth.files)) {
      const now = where.get(original[path]!)!;
      if (info.role === 'broken') expect(now).toBe(path);
      if (info.role !== 'audio' || !info.album) continue;
      const albumFolder = folderOf(now).replace(/\/(CD|Disc )\d+$/i, '');
      albums.set(info.album, (albums.get(info.album) ?? new Set()).add(albumFolder));
      const owner = folderOwners.get(albumFolder);
      expect(owner === undefined || owner === info.album, `${albumFolder} holds ${owner} and ${info.album}`).toBe(true);
      folderOwners.set(albumFolder, info.album);
    }
    for (const [album, folders] of albums) expect([...folders], album).toHaveLength(1);
  });

  test('after the result is shown, the saved tags follow the moved files, so the next scan reads nothing again', async () => {
    const after = await treeHashes(page, 'Music');
    const cachedPaths = () =>
      page.evaluate(
        () =>
          new Promise<string[]>((resolve, reject) => {
            const open = indexedDB.open('music-organizer');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const all = open.result.transaction('reads').objectStore('reads').getAll();
              all.onsuccess = () => {
                resolve((all.result as { path: string }[]).map((r) => r.path).sort());
                open.result.close();
              };
            };
          }),
      );
    // Every cached row names a file that is there now (the cache follows in the background).
    await expect.poll(async () => (await cachedPaths()).filter((p) => !(p in after)), { timeout: 30_000 }).toEqual([]);
    const moved = Object.keys(truth.files).filter((p) => truth.files[p]!.role === 'audio' && !(p in after));
    expect(moved.length).toBeGreaterThan(0);
    const cached = new Set(await cachedPaths());
    for (const path of moved) expect(cached.has(where(after, original[path]!)), path).toBe(true);
  });

  test('undo restores the original tree exactly', async () => {
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Undone' }).isVisible(), { timeout: 60_000 }).toBe(true);
    expect(await treeHashes(page, 'Music')).toEqual(original);
  });
});
