// Duplicates as a person meets them in the built app: the plan lists the copies and says which
// one stays and why; Apply sets the others aside in Duplicates/ and keeps the original in its
// album; "Keep this copy instead" swaps them, and the choice is remembered after a reload.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { openWithLibrary, startApp, treeHashes, type App } from './support/app.ts';
import { mpegFrames, taggedMp3 } from '../browser/support/id3.ts';

let app: App;
let context: BrowserContext;
let page: Page;
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
let flacHash: string;
let mp3Hash: string;

beforeAll(async () => {
  app = await startApp();
  const flac = await readFile('test/fixtures/audio/flac.flac');
  const expected = JSON.parse(await readFile('test/fixtures/audio/expected.json', 'utf8'))['flac.flac'].tags;
  const frames = mpegFrames(new Uint8Array(await readFile('test/fixtures/audio/mp3-id3v24.mp3')));
  // The FLAC's recording re-encoded as MP3 (every fixture is the same tone), tagged as the FLAC is.
  const mp3 = new Uint8Array(
    await taggedMp3(frames, { TIT2: expected.title, TPE1: expected.artist, TPE2: expected.albumartist, TALB: expected.album, TRCK: String(expected.track), TPOS: String(expected.disc) }).arrayBuffer(),
  );
  flacHash = sha(flac);
  mp3Hash = sha(mp3);
  const files = [
    { path: 'Fixture Album/01 flac.flac', bytes: flac },
    { path: 'Duplicates/copy of 01 flac.flac', bytes: flac },
    { path: 'Unsorted/Fixture Artist - Song.mp3', bytes: mp3 },
  ];
  context = await app.browser.newContext();
  page = await openWithLibrary(context, app.url, 'Music', files.map((f) => ({ path: f.path, base64: Buffer.from(f.bytes).toString('base64') })));
});

afterAll(async () => {
  await context?.close();
  await app?.close();
});

/** Where the files with these bytes are now. */
async function whereIs(hash: string): Promise<string[]> {
  const tree = await treeHashes(page, 'Music');
  return Object.keys(tree).filter((p) => tree[p] === hash).sort();
}

async function planShown(): Promise<void> {
  await expect.poll(() => page.getByRole('heading', { name: 'Here is the plan' }).isVisible(), { timeout: 60_000 }).toBe(true);
}

async function applyAndWait(): Promise<void> {
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect.poll(() => page.getByRole('heading', { name: 'Done' }).isVisible(), { timeout: 60_000 }).toBe(true);
}

const group = () => page.getByRole('region', { name: 'Fixture Artist — Lossless Light' });
const folderOf = (path: string) => path.slice(0, path.lastIndexOf('/'));
/** The album folder the kept copy went to, once applied: the one copy outside Duplicates/. */
let album = '';
const copyRow = (path: string) => group().getByRole('listitem').filter({ hasText: path });

describe('duplicates', () => {
  test('the plan lists the copies, which one stays in the album and why', async () => {
    await page.getByRole('button', { name: 'Choose music folder' }).click();
    await planShown();
    expect(await page.getByRole('list', { name: 'Plan summary' }).textContent()).toContain('2 duplicates set aside in Duplicates/');
    await page.getByRole('tab', { name: /Duplicates/ }).click();
    await expect.poll(() => group().isVisible()).toBe(true);
    expect(await group().textContent()).toContain('Kept because it is lossless (FLAC) and one other copy is lossy (MP3). One other copy is identical; kept the one outside Duplicates/.');
    expect(await copyRow('Fixture Album/01 flac.flac').getByRole('button', { name: 'Keep this copy instead' }).count()).toBe(0);
    expect(await copyRow('Unsorted/Fixture Artist - Song.mp3').getByRole('button', { name: 'Keep this copy instead' }).count()).toBe(1);
  });

  test('Apply sets the copies aside in Duplicates/ and keeps the original in its album', async () => {
    await applyAndWait();
    const flacs = await whereIs(flacHash);
    const kept = flacs.filter((p) => !p.startsWith('Duplicates/'));
    expect(kept).toHaveLength(1);
    album = folderOf(kept[0]!);
    expect(album).toMatch(/^Fixture Artist\/Fixture Album/);
    expect(flacs).toEqual([kept[0]!, `Duplicates/${album}/copy of 01 flac.flac`].sort());
    expect(await whereIs(mp3Hash)).toEqual([`Duplicates/${album}/Fixture Artist - Song.mp3`]);
  });

  test('"Keep this copy instead" swaps which copy stays, by keyboard, and Apply does it', async () => {
    await page.getByRole('button', { name: 'Scan again' }).click();
    await planShown();
    expect(await page.getByRole('list', { name: 'Plan summary' }).textContent()).toMatch(/0\s*files move/);
    await page.getByRole('tab', { name: /Duplicates/ }).click();
    const keep = copyRow(`Duplicates/${album}/Fixture Artist - Song.mp3`).getByRole('button', { name: 'Keep this copy instead' });
    await keep.focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await group().textContent()) ?? '').toContain('Kept because you chose it.');
    // Focus stays in the group, and the choice is announced.
    expect(await page.evaluate(() => document.activeElement?.closest('section')?.querySelector('h2')?.textContent)).toBe('Fixture Artist — Lossless Light');
    expect(await page.getByRole('status').filter({ hasText: 'Keeping' }).textContent()).toContain(`Keeping Duplicates/${album}/Fixture Artist - Song.mp3`);
    await applyAndWait();
    const mp3s = await whereIs(mp3Hash);
    expect(mp3s).toHaveLength(1);
    // Its own tags name the album (they have no year, so its folder has none).
    const chosenAlbum = folderOf(mp3s[0]!);
    expect(chosenAlbum).toMatch(/^Fixture Artist\/Fixture Album/);
    const flacs = await whereIs(flacHash);
    expect(flacs.map(folderOf)).toEqual([`Duplicates/${chosenAlbum}`, `Duplicates/${chosenAlbum}`]);
    expect(flacs).toContain(`Duplicates/${chosenAlbum}/copy of 01 flac.flac`);
  });

  test('the choice is remembered: after a reload the plan keeps the chosen copy and moves nothing', async () => {
    await page.reload();
    await page.getByRole('button', { name: 'Open Music again' }).click();
    await planShown();
    expect(await page.getByRole('list', { name: 'Plan summary' }).textContent()).toMatch(/0\s*files move/);
    await page.getByRole('tab', { name: /Duplicates/ }).click();
    expect(await group().textContent()).toContain('Kept because you chose it.');
  });
});
