// A manual check of the three built-in plugins on a generated library, as a new user would try
// them (issue 14: "the three built-ins work on a mklibrary.py library"). Not part of `npm test`:
// the library is made on demand:
//   /usr/bin/python3 ../shared/tools/mklibrary.py --out /tmp/mlp --albums 60 --seed 11
//   npm run build && MKLIBRARY_DIR=/tmp/mlp npx vitest run --project e2e test/e2e/mklibrary-plugins.test.ts
// MusicBrainz is installed from a share link to the local stand-in of recorded answers (no network
// here): it knows none of the generated albums, so it must look every release up, one a second,
// with progress, and propose nothing. Playlists are switched on in Settings; a custom rule sends
// Jazz to its own folder. Apply: every Jazz track is under Jazz/, every playlist entry names a
// file that is there, no audio is lost. Undo: the folder is back byte for byte.
import { afterAll, describe, expect, test } from 'vitest';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import type { BrowserContext } from 'playwright-core';
import { openWithLibrary, playlistsIn, readFixtureTree, startApp, treeHashes, writeFolder, type App } from './support/app.ts';
import { startMusicBrainz, type MusicBrainzStub } from '../support/musicbrainz-server.ts';

const dir = process.env.MKLIBRARY_DIR;
let app: App | undefined;
let stub: MusicBrainzStub | undefined;
let context: BrowserContext | undefined;

afterAll(async () => {
  await context?.close();
  await stub?.close();
  await app?.close();
});

interface TruthFile { path: string; role: string; album?: string; sha256: string; tags?: Record<string, unknown> }

describe.skipIf(!dir)('the three built-in plugins on a mklibrary.py library', () => {
  test('MusicBrainz looks every release up, Playlists are written, a custom rule moves Jazz; Undo restores every byte', async () => {
    const truth = JSON.parse(await readFile(`${dir}.truth.json`, 'utf8')) as { files: TruthFile[] };
    const files = await readFixtureTree(dir!);
    app = await startApp();
    stub = await startMusicBrainz();
    context = await app.browser.newContext();
    const sha256 = createHash('sha256').update(await readFile('plugins/musicbrainz/musicbrainz.js')).digest('hex');
    const link = `${app.url}#plugin=${encodeURIComponent(`http://127.0.0.1:${stub.port}/plugin/manifest.json`)}&sha256=${sha256}`;
    const page = await openWithLibrary(context, link, 'Music', []);
    for (let i = 0; i < files.length; i += 100) await writeFolder(page, 'Music', files.slice(i, i + 100));
    const before = await treeHashes(page, 'Music');

    const dialog = page.getByRole('dialog', { name: 'Install “MusicBrainz”?' });
    await expect.poll(() => dialog.isVisible(), { timeout: 15_000 }).toBe(true);
    await dialog.getByRole('button', { name: 'Install' }).click();

    await page.getByRole('button', { name: 'Choose music folder' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Here is the plan' }).isVisible(), { timeout: 300_000, interval: 1000 }).toBe(true);

    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByRole('checkbox', { name: 'Write playlists after each run' }).check();
    await page.getByRole('checkbox', { name: /One per album artist/ }).check();
    await page.getByRole('button', { name: 'Back to the plan' }).click();

    await page.getByRole('button', { name: 'Plugins' }).click();
    const editor = page.getByRole('region', { name: 'Custom rules' });
    await editor.getByRole('button', { name: 'Add a rule' }).click();
    const rule = editor.getByRole('group', { name: 'Rule 1' });
    await rule.getByRole('combobox', { name: 'Field' }).fill('genre');
    await rule.getByRole('textbox', { name: 'Pattern' }).fill('^Jazz$');
    await rule.getByRole('combobox', { name: 'A match gets' }).selectOption('path');
    await rule.getByRole('textbox', { name: 'Path rule' }).fill('Jazz/$albumartist/$album/$track $title');
    await expect.poll(() => rule.getByText(/^Matches [\d,]+ releases?\.$/).textContent(), { timeout: 30_000 }).toMatch(/Matches/);
    const matched = Number((await rule.getByText(/^Matches [\d,]+ releases?\.$/).textContent())!.replace(/\D/g, ''));
    await page.getByRole('button', { name: 'Close plugins' }).click();

    // The lookup goes through every release at one request a second, and says how far it is.
    const panel = page.getByRole('region', { name: /^Proposed changes/ });
    const progressLines: string[] = [];
    await expect.poll(async () => {
      const text = (await panel.textContent()) ?? '';
      const line = /[\d,]+ of [\d,]+ releases? looked up[^.]*/.exec(text)?.[0];
      if (line && progressLines.at(-1) !== line) progressLines.push(line);
      return /([\d,]+) of \1 releases? looked up/.test(text) || /No changes proposed|nothing to propose/i.test(text);
    }, { timeout: 600_000, interval: 1000 }).toBe(true);
    const requests = stub.log.filter((e) => e.path.startsWith('/ws/2/'));
    const gaps = requests.slice(1).map((e, i) => e.at - requests[i]!.at);

    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Done' }).isVisible(), { timeout: 300_000, interval: 1000 }).toBe(true);
    const doneText = (await page.getByRole('region', { name: 'Done' }).textContent()) ?? '';
    const after = await treeHashes(page, 'Music');
    const lists = await playlistsIn(page, 'Music');

    // No audio lost: every planted audio file's bytes are somewhere after the run.
    const shas = new Set(Object.values(after));
    const audio = truth.files.filter((f) => f.role === 'audio');
    const lost = audio.filter((f) => !shas.has(f.sha256)).map((f) => f.path);
    // Every tagged Jazz track is under Jazz/ (or set aside as a duplicate).
    const jazz = audio.filter((f) => f.tags?.genre === 'Jazz');
    const pathsOf = new Map<string, string[]>();
    for (const [path, sha] of Object.entries(after)) pathsOf.set(sha, [...(pathsOf.get(sha) ?? []), path]);
    const jazzElsewhere = jazz.filter((f) => !(pathsOf.get(f.sha256) ?? []).some((p) => p.startsWith('Jazz/') || p.startsWith('Duplicates/')));
    const missingEntries = Object.entries(lists).filter(([, l]) => l.missing.length > 0).map(([p, l]) => [p, l.missing]);

    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Undone' }).isVisible(), { timeout: 300_000, interval: 1000 }).toBe(true);
    const undone = await treeHashes(page, 'Music');

    console.log(JSON.stringify({
      files: files.length, audio: audio.length, jazzTracks: jazz.length, customRuleMatched: matched,
      lookups: requests.length, shortestGapMs: Math.round(Math.min(...gaps)), progressSeen: progressLines.length, lastProgress: progressLines.at(-1),
      playlists: Object.keys(lists).length, doneText: doneText.replace(/\s+/g, ' ').slice(0, 300),
      lost, jazzElsewhere: jazzElsewhere.map((f) => f.path), missingEntries,
    }, null, 1));
    expect(matched).toBeGreaterThan(0);
    expect(requests.length).toBeGreaterThan(0);
    // One request a second across the app (a little slack for timers).
    expect(Math.min(...gaps)).toBeGreaterThan(900);
    expect(progressLines.length).toBeGreaterThan(1);
    expect(lost).toEqual([]);
    expect(jazzElsewhere).toEqual([]);
    expect(Object.keys(lists).some((p) => p.startsWith('Playlists/'))).toBe(true);
    expect(missingEntries).toEqual([]);
    expect(undone).toEqual(before);
  });
});
