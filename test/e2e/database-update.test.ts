// An update of the app never hangs the database: a tab with the old version closes its connection
// when a newer version asks for it and tells the user to reload; a tab that has to wait for an old
// one says so, and goes on once it may.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { startApp, type App } from './support/app.ts';

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => app?.close());

/** A page of the app's origin that runs none of the app's code. */
async function bareTab(page: Page): Promise<void> {
  await page.goto(`${app.url}favicon.svg`);
}

const databaseVersion = (page: Page) =>
  page.evaluate(async () => (await indexedDB.databases()).find((d) => d.name === 'music-organizer')?.version ?? 0);

test('a newer version opened in another tab is not blocked, and this tab asks to be reloaded', async () => {
  const context = await app.browser.newContext();
  const old = await context.newPage();
  await old.goto(app.url);
  await expect.poll(() => databaseVersion(old)).toBeGreaterThan(0);
  const current = await databaseVersion(old);

  const newer = await context.newPage();
  await bareTab(newer);
  // What the next version of the app does on its first load: open the database one version up.
  const opened = await newer.evaluate(
    (version) =>
      new Promise<string>((resolve) => {
        const open = indexedDB.open('music-organizer', version);
        open.onsuccess = () => {
          open.result.close();
          resolve('opened');
        };
        open.onerror = () => resolve(`failed: ${open.error?.name}`);
        setTimeout(() => resolve('still blocked'), 15_000);
      }),
    current + 1,
  );
  expect(opened).toBe('opened');

  const notice = old.getByRole('alert').filter({ hasText: 'updated in another tab' });
  await expect.poll(() => notice.isVisible(), { timeout: 10_000 }).toBe(true);
  expect(await notice.getByRole('button', { name: 'Reload' }).isVisible()).toBe(true);
  await context.close();
});

test('an old version open in another tab makes this tab wait with a message, then go on', async () => {
  const context = await app.browser.newContext();
  const older = await context.newPage();
  await bareTab(older);
  // A tab of an old version (database version 1) that does not give way by itself.
  await older.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('music-organizer', 1);
        open.onupgradeneeded = () => {
          const db = open.result;
          db.createObjectStore('reads', { keyPath: ['library', 'path'] });
          db.createObjectStore('libraries', { keyPath: 'id' });
          db.createObjectStore('runs', { keyPath: 'id' }).createIndex('byLibrary', 'library');
          db.createObjectStore('progress', { keyPath: ['run', 'batch'] }).createIndex('byRun', 'run');
          db.createObjectStore('settings');
        };
        open.onsuccess = () => {
          (window as unknown as { held: IDBDatabase }).held = open.result;
          resolve();
        };
        open.onerror = () => reject(open.error);
      }),
  );

  const page = await context.newPage();
  await page.goto(app.url);
  const waiting = page.getByRole('status').filter({ hasText: 'older version of Music Organizer is open in another tab' });
  await expect.poll(() => waiting.isVisible(), { timeout: 10_000 }).toBe(true);

  await older.evaluate(() => (window as unknown as { held: IDBDatabase }).held.close());
  await expect.poll(() => waiting.isVisible(), { timeout: 10_000 }).toBe(false);
  expect(await databaseVersion(page)).toBeGreaterThan(1);
  expect(await page.getByRole('button', { name: 'Choose music folder' }).isVisible()).toBe(true);
  await context.close();
});
