// A library its owner laid out their own way ("Artist/1999 - Album/01 - Title", compilations
// under "Compilations/"): the settings offer it as the preset "Your current layout" with the share
// of files that already match, and chosen, it plans no move at all. The library is real tagged
// MP3s, filed where the planner itself puts them under the owner's rules.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { readFile } from 'node:fs/promises';
import type { Recording, Tags } from '../../src/core/model.ts';
import { defaultPlanSettings, planLibrary } from '../../src/core/plan.ts';
import { createRegistry } from '../../plugins/index.ts';
import { mpegFrames, taggedMp3 } from '../browser/support/id3.ts';
import { openWithLibrary, startApp, type App } from './support/app.ts';

const OWN_RULES = 'default: $albumartist/%if{$year,$year - }$album/$track - $title\n';

interface Track extends Tags {
  title: string;
  artist: string;
  album: string;
  track: number;
}

function album(albumartist: string, name: string, year: number, titles: string[], extra: Partial<Tags> = {}): Track[] {
  return titles.map((title, i) => ({ title, artist: albumartist, albumartist, album: name, year, track: i + 1, tracktotal: titles.length, ...extra }));
}

const TRACKS: Track[] = [
  ...album('Low', 'Things We Lost', 2001, ['Whitetail', 'Sunflower', 'Embrace', 'Closer']),
  ...album('Low', 'Secret Name', 1999, ['I Remember', 'Starfire', 'Weight of Water']),
  ...album('Björk', 'Homogenic', 1997, ['Hunter', 'Jóga', 'Unravel', 'Bachelorette']),
  ...album('The Band', 'Stage Fright: Live?', 1970, ['Strawberry Wine', 'Sleeping']),
  ...[1, 2].flatMap((disc) =>
    album('Can', 'Unlimited Edition', 1976, [`Disc ${disc} Opening`, `Disc ${disc} Closing`], { disc, disctotal: 2 }),
  ),
  ...['Singer A', 'Singer B', 'Singer C'].map((artist, i): Track => ({
    title: `Summer ${i + 1}`, artist, albumartist: 'Various Artists', album: 'Summer Mix', year: 2010, track: i + 1, tracktotal: 3, compilation: true,
  })),
];

/** ID3v2.3 frames for the tags, as a tagger writes them. */
function frames(t: Track): Record<string, string> {
  return {
    TIT2: t.title,
    TPE1: t.artist,
    TPE2: t.albumartist!,
    TALB: t.album,
    TRCK: `${t.track}/${t.tracktotal}`,
    TYER: String(t.year),
    ...(t.disc ? { TPOS: `${t.disc}/${t.disctotal}` } : {}),
    ...(t.compilation ? { TCMP: '1' } : {}),
  };
}

let app: App;
let files: { path: string; base64: string }[];

beforeAll(async () => {
  app = await startApp();
  const audio = mpegFrames(new Uint8Array(await readFile('test/fixtures/audio/mp3-id3v23.mp3')));
  // Where the planner files each track under the owner's rules: that is where they already are.
  const recordings: Recording[] = TRACKS.map((t, i) => ({ path: `incoming/${i}.mp3`, size: 1, lastModified: 1, tags: t, audio: {} }));
  const plan = planLibrary({ recordings, unreadable: [], others: [], junk: [] }, { ...defaultPlanSettings(), rules: OWN_RULES }, createRegistry());
  const target = new Map(plan.operations.flatMap((o) => (o.kind === 'move' ? [[o.from, o.to] as const] : [])));
  files = await Promise.all(
    TRACKS.map(async (t, i) => ({ path: target.get(`incoming/${i}.mp3`)!, base64: Buffer.from(await taggedMp3(audio, frames(t)).arrayBuffer()).toString('base64') })),
  );
});
afterAll(async () => app?.close());

test('a library laid out its own way is offered as "Your current layout", which moves nothing', async () => {
  expect(files.map((f) => f.path)).toContain('The Band/1970 - Stage Fright - Live_/01 - Strawberry Wine.mp3');
  expect(files.map((f) => f.path)).toContain('Compilations/Summer Mix/01 Summer 1.mp3');
  const context = await app.browser.newContext();
  const page = await openWithLibrary(context, app.url, 'Music', files);
  await page.getByRole('button', { name: 'Choose music folder' }).click();
  await expect.poll(() => page.getByRole('heading', { name: 'Here is the plan' }).isVisible(), { timeout: 60_000 }).toBe(true);
  const summary = page.getByRole('list', { name: 'Plan summary' });
  const [moving, staying] = [summary.getByRole('listitem').nth(0), summary.getByRole('listitem').nth(1)];
  // The app's own preset would move every file.
  expect(await moving.textContent()).toBe(`${files.length} files move`);

  const preset = page.getByRole('combobox', { name: 'Preset' });
  const option = preset.getByRole('option', { name: /^Your current layout/ });
  await expect.poll(() => option.count(), { timeout: 30_000 }).toBe(1);
  expect(await option.textContent()).toBe('Your current layout (100% of your files already match it)');

  await preset.selectOption({ label: 'Your current layout (100% of your files already match it)' });
  await expect.poll(() => moving.textContent()).toBe('0 files move');
  expect(await staying.textContent()).toBe(`${files.length} stay where they are`);
  expect(await page.getByText('Your library is already organized with this template.').isVisible()).toBe(true);
  expect(await page.getByText(/The layout your library already has: 100% of your files already match it/).isVisible()).toBe(true);
  expect(await page.getByRole('button', { name: 'Apply', exact: true }).isDisabled()).toBe(true);

  // Its rules are there to read and change, like any preset's.
  await page.getByRole('button', { name: 'Edit path rules' }).click();
  const rules = await page.getByRole('textbox', { name: /Path rules/ }).inputValue();
  expect(rules).toMatch(/^default: \$albumartist\/%if\{\$year,\$year - \}\$album.*\/\$track - \$title$/m);
  await context.close();
});
