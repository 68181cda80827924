// The app in a browser whose profile folder the test can reach: the real storage under IndexedDB,
// so a test can damage it as a failing disk or a cleaning tool would, and watch the browser report it.
import { chromium, type BrowserContext } from 'playwright-core';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs, chromiumPath, serveApp } from './app.ts';

export interface ProfileApp {
  url: string;
  context: BrowserContext;
  /** The browser's user data folder. */
  profile: string;
  close(): Promise<void>;
}

export async function startAppWithProfile(): Promise<ProfileApp> {
  const server = await serveApp();
  const profile = await mkdtemp(join(tmpdir(), 'music-organizer-profile-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath, args: chromiumArgs });
  return {
    url: server.url,
    context,
    profile,
    async close() {
      await context.close();
      await server.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** IndexedDB keeps large values (over about 64 KB) as files of their own, beside its database. */
export async function indexedDbBlobFiles(profile: string): Promise<string[]> {
  const root = join(profile, 'Default', 'IndexedDB');
  const stores = (await readdir(root).catch(() => [])).filter((name) => name.endsWith('.indexeddb.blob'));
  return (await Promise.all(stores.map((name) => filesUnder(join(root, name))))).flat();
}
