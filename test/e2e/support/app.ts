// Serves the built app (dist/) with Vite's preview server and drives it in Debian's Chromium.
import { preview, type PreviewServer } from 'vite';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { mpegFrames, taggedMp3 } from '../../browser/support/id3.ts';

export const chromiumArgs = [
  '--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export interface App {
  url: string;
  browser: Browser;
  close(): Promise<void>;
}

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The built app (dist/) served on a free port. */
export async function serveApp(): Promise<{ url: string; close(): Promise<void> }> {
  const server: PreviewServer = await preview({ preview: { port: 0, host: '127.0.0.1', strictPort: false }, logLevel: 'warn' });
  const port = (server.httpServer.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.httpServer.close(() => resolve())),
  };
}

export async function startApp(): Promise<App> {
  const server = await serveApp();
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  return {
    url: server.url,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** Every file under a folder on disk, as library paths with their bytes (base64, to cross into the page). */
export async function readFixtureTree(dir: string): Promise<{ path: string; base64: string }[]> {
  const out: { path: string; base64: string }[] = [];
  const walk = async (d: string) => {
    for (const entry of await readdir(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) await walk(full);
      else out.push({ path: relative(dir, full).split('\\').join('/'), base64: (await readFile(full)).toString('base64') });
    }
  };
  await walk(dir);
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/**
 * Fills an OPFS folder with the files and makes window.showDirectoryPicker return it, as the
 * real picker would return the user's folder. Runs before the app's own scripts.
 */
export async function openWithLibrary(
  context: BrowserContext,
  url: string,
  folder: string,
  files: { path: string; base64: string }[],
  /** Folders the picker returns on later calls (e.g. a copy destination). */
  laterPicks: string[] = [],
): Promise<Page> {
  await context.addInitScript(({ name, later }: { name: string; later: string[] }) => {
    let calls = 0;
    window.showDirectoryPicker = async () => {
      const pick = calls === 0 ? name : (later[calls - 1] ?? later.at(-1) ?? name);
      calls++;
      return (await navigator.storage.getDirectory()).getDirectoryHandle(pick, { create: true });
    };
  }, { name: folder, later: laterPicks });
  const page = await context.newPage();
  await page.goto(url);
  await writeFolder(page, folder, files);
  return page;
}

/** Writes the files into an OPFS folder of the page's origin (another library, a destination). */
export async function writeFolder(page: Page, folder: string, files: { path: string; base64: string }[]): Promise<void> {
  await page.evaluate(
    async ({ name, files }) => {
      const root = await (await navigator.storage.getDirectory()).getDirectoryHandle(name, { create: true });
      for (const f of files) {
        const parts = f.path.split('/');
        let dir = root;
        for (const p of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(p, { create: true });
        const handle = await dir.getFileHandle(parts.at(-1)!, { create: true });
        const w = await handle.createWritable();
        await w.write(Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0)));
        await w.close();
      }
    },
    { name: folder, files },
  );
}

/** The folder's files as path → SHA-256, read inside the page through OPFS. */
export async function treeHashes(page: Page, folder: string): Promise<Record<string, string>> {
  return page.evaluate(async (name) => {
    const root = await (await navigator.storage.getDirectory()).getDirectoryHandle(name, { create: true });
    const out: Record<string, string> = {};
    const walk = async (dir: FileSystemDirectoryHandle, prefix: string) => {
      for await (const entry of (dir as any).values()) {
        const path = prefix ? `${prefix}/${entry.name}` : entry.name;
        if (entry.kind === 'directory') await walk(entry, path);
        else {
          const digest = await crypto.subtle.digest('SHA-256', await (await entry.getFile()).arrayBuffer());
          out[path] = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
        }
      }
    };
    await walk(root, '');
    return out;
  }, folder);
}

/** The runs of the journal as the app stored them (kind, status, library), read inside the page. */
export async function journalRuns(page: Page): Promise<{ id: string; kind: string; status: string; library: string }[]> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('music-organizer');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('runs').objectStore('runs').getAll();
          all.onsuccess = () => {
            resolve((all.result as { id: string; kind: string; status: string; library: string }[]).map(({ id, kind, status, library }) => ({ id, kind, status, library })));
            open.result.close();
          };
          all.onerror = () => reject(all.error);
        };
      }),
  );
}

/**
 * Writes the journal a tab closed mid-run leaves behind, as the app writes it: the library (its
 * folder remembered under `library`), the run and its move steps (with the size and lastModified of
 * each file where it is now), and one progress batch with the steps in `done`.
 */
export async function writeInterruptedRun(
  page: Page,
  run: { folder: string; library: string; id: string; moves: { from: string; to: string }[]; done: number[] },
): Promise<void> {
  await expect.poll(() => page.evaluate(async () => (await indexedDB.databases()).find((d) => d.name === 'music-organizer')?.version ?? 0)).toBeGreaterThanOrEqual(3);
  await page.evaluate(async ({ folder: name, library, id, moves, done }) => {
    const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle(name);
    const stat = async (path: string) => {
      const parts = path.split('/');
      let dir = folder;
      for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part);
      const file = await (await dir.getFileHandle(parts.at(-1)!)).getFile();
      return { size: file.size, lastModified: file.lastModified };
    };
    const steps = [];
    for (const [i, m] of moves.entries()) steps.push({ kind: 'move', from: m.from, to: m.to, ...(await stat(done.includes(i) ? m.to : m.from)) });
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('music-organizer');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = db.transaction(['libraries', 'runs', 'stepChunks', 'progress'], 'readwrite');
    const now = Date.now();
    tx.objectStore('libraries').put({ id: library, name, handle: folder, addedAt: now, lastOpenedAt: now });
    tx.objectStore('runs').put({
      id, library, libraryName: name, kind: 'organize', startedAt: now, status: 'running',
      template: 'default: $albumartist/$album/$title', createdFolders: [], removedFolders: [], stepCount: steps.length,
    });
    tx.objectStore('stepChunks').put({ run: id, chunk: 0, steps });
    if (done.length > 0) tx.objectStore('progress').put({ run: id, batch: 0, done, failed: [] });
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, run);
}

/** A library file as `openWithLibrary` and `writeFolder` take it. */
export type LibraryFile = { path: string; base64: string };

/**
 * Makes MP3 files for a test library: the fixture library's real MPEG frames under the given ID3
 * frames (`{ TPE1: 'Low', TIT2: 'Sunflower' }`), so the real parser reads exactly those tags.
 */
export async function mp3Maker(): Promise<(path: string, tags: Record<string, string>) => Promise<LibraryFile>> {
  const frames = mpegFrames(new Uint8Array(await readFile('test/fixtures/library/Unsorted/oldrip.mp3')));
  return async (path, tags) => ({ path, base64: Buffer.from(await taggedMp3(frames, tags).arrayBuffer()).toString('base64') });
}

/** Every playlist in the folder with its entries, each resolved against the playlist's folder, and whether a file is there. */
export function playlistsIn(page: Page, folder: string): Promise<Record<string, { text: string; missing: string[] }>> {
  return page.evaluate(async (name) => {
    const root = await (await navigator.storage.getDirectory()).getDirectoryHandle(name);
    const all = new Map<string, File>();
    const walk = async (dir: FileSystemDirectoryHandle, prefix: string) => {
      for await (const entry of (dir as any).values()) {
        const path = prefix ? `${prefix}/${entry.name}` : entry.name;
        if (entry.kind === 'directory') await walk(entry, path);
        else all.set(path, await entry.getFile());
      }
    };
    await walk(root, '');
    const out: Record<string, { text: string; missing: string[] }> = {};
    for (const [path, file] of all) {
      if (!/\.m3u8?$/.test(path)) continue;
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await file.arrayBuffer());
      const folder = path.includes('/') ? path.slice(0, path.lastIndexOf('/')).split('/') : [];
      const missing = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l && !l.startsWith('#') && !l.includes('://')).filter((entry) => {
        const parts = [...folder];
        for (const p of entry.split('/')) p === '..' ? parts.pop() : parts.push(p);
        return !all.has(parts.join('/'));
      });
      out[path] = { text, missing };
    }
    return out;
  }, folder);
}

/** An example plugin's folder served as a stranger's site would serve it, and its share link. */
export interface ServedPlugin {
  /** `…/#plugin=<manifest URL>&sha256=<hash of the module>` for the app at `appUrl`. */
  link(appUrl: string): string;
  /** Stops the site (the plugin must then keep working from what the app stored). */
  close(): Promise<void>;
}

/** Serves `plugins/examples/<name>/` (its manifest.json and `<module>`) on a local port, with CORS. */
export async function servePlugin(name: string, module: string): Promise<ServedPlugin> {
  const folder = `plugins/examples/${name}`;
  const server = createServer((request, response) => {
    const file = new URL(request.url ?? '/', 'http://x').pathname.split('/').pop()!;
    if (file !== 'manifest.json' && file !== module) return void response.writeHead(404).end();
    void readFile(`${folder}/${file}`).then((bytes) => {
      response.writeHead(200, { 'Content-Type': file.endsWith('.js') ? 'text/javascript' : 'application/json', 'Access-Control-Allow-Origin': '*' });
      response.end(bytes);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const manifestUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/${name}/manifest.json`;
  const sha256 = createHash('sha256').update(await readFile(`${folder}/${module}`)).digest('hex');
  return {
    link: (appUrl) => `${appUrl}#plugin=${encodeURIComponent(manifestUrl)}&sha256=${sha256}`,
    close: () => (server.listening ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve()),
  };
}
