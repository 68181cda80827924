// A manual check on a generated library (not part of `npm test`: the library is made on demand):
//   /usr/bin/python3 ../shared/tools/mklibrary.py --out /tmp/ml --albums 80 --seed 3
//   MKLIBRARY_DIR=/tmp/ml npm run build && MKLIBRARY_DIR=/tmp/ml npx vitest run --project e2e test/e2e/mklibrary-duplicates.test.ts
// The built app scans it, plans and applies; then every planted duplicate (truth role "duplicate")
// must be in Duplicates/, every original ("of") outside it with the rest of its album, and the
// counts are printed.
import { afterAll, describe, expect, test } from 'vitest';
import { readFile } from 'node:fs/promises';
import type { BrowserContext } from 'playwright-core';
import { openWithLibrary, readFixtureTree, startApp, treeHashes, writeFolder, type App } from './support/app.ts';

const dir = process.env.MKLIBRARY_DIR;
let app: App | undefined;
let context: BrowserContext | undefined;

afterAll(async () => {
  await context?.close();
  await app?.close();
});

interface TruthFile { path: string; role: string; album?: string; of?: string; sha256: string; tags?: Record<string, unknown> }

describe.skipIf(!dir)('a mklibrary.py library through the app', () => {
  test('planted duplicates end in Duplicates/, originals stay in their albums', async () => {
    const truth = JSON.parse(await readFile(`${dir}.truth.json`, 'utf8')) as { files: TruthFile[] };
    const files = await readFixtureTree(dir!);
    app = await startApp();
    context = await app.browser.newContext();
    const page = await openWithLibrary(context, app.url, 'Music', []);
    for (let i = 0; i < files.length; i += 100) await writeFolder(page, 'Music', files.slice(i, i + 100));
    await page.getByRole('button', { name: 'Choose music folder' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Here is the plan' }).isVisible(), { timeout: 300_000, interval: 1000 }).toBe(true);
    await page.getByRole('tab', { name: /Duplicates/ }).click();
    const groups = await page.getByRole('list', { name: 'Duplicate groups' }).getByRole('region').count();
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Done' }).isVisible(), { timeout: 300_000, interval: 1000 }).toBe(true);

    const after = await treeHashes(page, 'Music');
    const pathsOf = new Map<string, string[]>();
    for (const [path, sha] of Object.entries(after)) pathsOf.set(sha, [...(pathsOf.get(sha) ?? []), path]);
    const aside = (p: string) => p.startsWith('Duplicates/');
    const folderOf = (p: string) => p.slice(0, p.lastIndexOf('/'));
    const planted = truth.files.filter((f) => f.role === 'duplicate');
    const audio = truth.files.filter((f) => f.role === 'audio');
    // Files with the same bytes are told apart only by where they are: per hash, as many in
    // Duplicates/ as the truth planted, the rest outside.
    const plantedBySha = new Map<string, number>();
    for (const d of planted) plantedBySha.set(d.sha256, (plantedBySha.get(d.sha256) ?? 0) + 1);
    let plantedAside = 0;
    for (const [sha, n] of plantedBySha) plantedAside += Math.min(n, (pathsOf.get(sha) ?? []).filter(aside).length);
    const originalsOutside = planted.filter((d) => (pathsOf.get(d.sha256) ?? []).some((p) => !aside(p))).length;
    // Each album's tagged tracks outside Duplicates/ (untagged ones go to Untagged/), in one folder,
    // and the original of each planted copy in that folder.
    const foldersOfAlbum = new Map<string, Set<string>>();
    const byteTwins = new Map<string, number>();
    for (const f of audio) byteTwins.set(f.sha256, (byteTwins.get(f.sha256) ?? 0) + 1);
    const tagged = audio.filter((f) => Object.keys(f.tags ?? {}).length > 0);
    for (const f of tagged) {
      for (const p of (pathsOf.get(f.sha256) ?? []).filter((q) => !aside(q))) {
        foldersOfAlbum.set(f.album!, (foldersOfAlbum.get(f.album!) ?? new Set()).add(folderOf(p)));
      }
    }
    const splitAlbums = [...foldersOfAlbum].filter(([, folders]) => folders.size > 1);
    const albumOf = new Map(audio.map((f) => [f.path, f.album!]));
    const originalsWithAlbum = planted.filter((d) => {
      const folders = foldersOfAlbum.get(albumOf.get(d.of!)!) ?? new Set();
      return (pathsOf.get(d.sha256) ?? []).some((p) => !aside(p) && folders.size === 1 && folders.has(folderOf(p)));
    }).length;
    const untaggedAside = audio.filter((f) => Object.keys(f.tags ?? {}).length === 0 && (pathsOf.get(f.sha256) ?? []).some(aside)).length;
    const asideTotal = Object.keys(after).filter(aside).length;
    const unplantedAside = asideTotal - plantedAside;
    const twinsAside = [...byteTwins].filter(([, n]) => n > 1).reduce((s, [sha, n]) => s + Math.min(n - 1, (pathsOf.get(sha) ?? []).filter(aside).length), 0);
    console.log(JSON.stringify({
      files: files.length, audio: audio.length, planted: planted.length, groupsShown: groups,
      plantedInDuplicates: plantedAside, originalsOutsideDuplicates: originalsOutside, originalsInTheirAlbumFolder: originalsWithAlbum,
      inDuplicatesTotal: asideTotal, notPlantedButSetAside: unplantedAside, ofThemByteIdenticalTracks: twinsAside,
      untaggedTracksOfTheSameBytes: untaggedAside, albumsInMoreThanOneFolder: splitAlbums.map(([a]) => a),
    }));
    expect(plantedAside).toBe(planted.length);
    expect(originalsOutside).toBe(planted.length);
    expect(originalsWithAlbum).toBe(planted.length);
    // Only tracks mklibrary wrote byte for byte the same (same tone, same tags) may join them.
    expect(unplantedAside).toBe(twinsAside);
  });
});
