// Plugin answers kept in IndexedDB per (plugin hash, input): a reload that asks the same inputs
// starts no sandbox at all; a changed plugin is asked again; removing a plugin clears its answers;
// a hostile plugin's answers are kept only under its own hash.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { deleteDB } from 'idb';
import { openOrganizerDb, type OrganizerDb } from '../../src/db/schema.ts';
import { savePlugin } from '../../src/db/plugin-records.ts';
import { sha256Hex } from '../../src/plugin-host/install.ts';
import { PluginShelf } from '../../src/state/plugin-shelf.svelte.ts';
import { Planner } from '../../src/planner/client.ts';
import { defaultPlanSettings } from '../../src/core/plan.ts';
import { createRegistry } from '../../plugins/index.ts';
import type { PluginManifest } from '../../src/core/plugin-manifest.ts';
import type { Recording } from '../../src/core/model.ts';
import type { ReviewChoice } from '../../src/core/review-choices.ts';
import { initialPlugin } from './support/hostile-plugins.ts';

let db: OrganizerDb;
const NAME = 'plugin-answers';
const rec = (path: string, tags: Recording['tags']): Recording => ({ path, size: 1, lastModified: 1, tags, audio: {} });
const source = {
  recordings: [
    rec('in/1.mp3', { albumartist: 'The Beatles', artist: 'The Beatles', album: 'Help!', title: 'Yesterday', track: 1, year: 1965 }),
    rec('in/2.mp3', { albumartist: '10cc', artist: '10cc', album: 'Sheet Music', title: 'Wall Street Shuffle', track: 1, year: 1974 }),
    rec('in/3.mp3', { albumartist: 'Low', artist: 'Low', album: 'Bootleg Tapes', title: 'Words', track: 1, year: 1996 }),
  ],
  unreadable: [], others: [], junk: [],
};
const RULES = 'default: $initial/$albumartist/$title';
const targets = (ops: { kind: string; from?: string; to?: string }[]) => Object.fromEntries(ops.flatMap((o) => (o.kind === 'move' ? [[o.from, o.to]] : [])));
const manifest = (id: string, field: string): PluginManifest => ({ id, name: id, version: '1', apiVersion: 1, module: 'x.js', contributes: { fields: [field] }, reads: ['albumartist'] });
const shelf = () => new PluginShelf(async () => db, { builtinNames: async () => [...createRegistry().fields.keys()] });

/** Sandbox frames added to the page while `work` runs. */
async function framesStarted(work: () => Promise<unknown>): Promise<number> {
  let added = 0;
  const count = (records: MutationRecord[]) => {
    for (const r of records) for (const n of r.addedNodes) if (n instanceof HTMLIFrameElement) added++;
  };
  const observer = new MutationObserver(count);
  observer.observe(document.body, { childList: true, subtree: true });
  try {
    await work();
  } finally {
    count(observer.takeRecords());
    observer.disconnect();
  }
  return added;
}

/** The stored answers, as [plugin key, answer key, answer] rows. */
async function storedRows(): Promise<[string, string, unknown][]> {
  const batches = await db.getAll('pluginAnswers');
  return batches.flatMap((b) => b.answers.map(([key, value]) => [b.plugin, key, value] as [string, string, unknown]));
}

async function planWith(s: PluginShelf): Promise<Record<string, string>> {
  const planner = new Planner();
  try {
    await planner.setSource(source);
    await s.prepare(planner);
    return targets((await planner.plan(defaultPlanSettings(RULES)))!.operations) as Record<string, string>;
  } finally {
    planner.terminate();
  }
}

beforeAll(async () => {
  await deleteDB(NAME);
  db = await openOrganizerDb(NAME);
});
afterAll(() => db.close());

test('a reload asks nothing again: the same plan, no sandbox started; a changed plugin is asked again; removing it clears its answers', async () => {
  const sha = await sha256Hex(new TextEncoder().encode(initialPlugin));
  await savePlugin(db, { id: 'initials', manifest: manifest('initials', 'initial'), code: initialPlugin, sha256: sha, source: { kind: 'file', name: 'x.json' }, enabled: true, order: 0, installedAt: 1 });

  const first = shelf();
  await first.load();
  let plan: Record<string, string> = {};
  expect(await framesStarted(async () => (plan = await planWith(first)))).toBe(1);
  expect(plan).toEqual({ 'in/1.mp3': 'T/The Beatles/Yesterday.mp3', 'in/2.mp3': '1/10cc/Wall Street Shuffle.mp3', 'in/3.mp3': 'L/Low/Words.mp3' });
  first.close();

  // A reload: a new shelf and planner from the same database.
  const again = shelf();
  let replanned: Record<string, string> = {};
  expect(await framesStarted(async () => {
    await again.load();
    replanned = await planWith(again);
  })).toBe(0);
  expect(replanned).toEqual(plan);
  again.close();

  // New bytes are a new hash: nothing stored under the old one is reused.
  const changed = initialPlugin.replace('toUpperCase', 'toLowerCase');
  const changedSha = await sha256Hex(new TextEncoder().encode(changed));
  await savePlugin(db, { id: 'initials', manifest: manifest('initials', 'initial'), code: changed, sha256: changedSha, source: { kind: 'file', name: 'x.json' }, enabled: true, order: 0, installedAt: 1 });
  const updated = shelf();
  await updated.load();
  expect(await framesStarted(async () => (plan = await planWith(updated)))).toBe(1);
  expect(plan['in/1.mp3']).toBe('t/The Beatles/Yesterday.mp3');
  expect((await storedRows()).some(([plugin]) => plugin.startsWith(changedSha))).toBe(true);

  await updated.remove('initials');
  expect(await storedRows()).toEqual([]);
  updated.close();
});

test("a hostile plugin's answers are kept under its own hash only, never another's", async () => {
  const sha = await sha256Hex(new TextEncoder().encode(initialPlugin));
  await savePlugin(db, { id: 'initials', manifest: manifest('initials', 'initial'), code: initialPlugin, sha256: sha, source: { kind: 'file', name: 'x.json' }, enabled: true, order: 0, installedAt: 1 });
  // It answers the same inputs as Initials, and forges an answer to a question it was never asked.
  const poison = `postMessage({ type: 'result', id: 1, values: ['POISON'] });
export default { fields: { poison: () => 'POISON' } };`;
  const poisonSha = await sha256Hex(new TextEncoder().encode(poison));
  await savePlugin(db, { id: 'poisoner', manifest: manifest('poisoner', 'poison'), code: poison, sha256: poisonSha, source: { kind: 'file', name: 'x.json' }, enabled: true, order: 1, installedAt: 1 });
  const s = shelf();
  await s.load();
  const plan = await planWith(s);
  expect(plan['in/1.mp3']).toBe('T/The Beatles/Yesterday.mp3');
  const rows = await storedRows();
  const mine = rows.filter(([plugin]) => plugin.startsWith(`${sha}\u0000`));
  expect(mine.map(([, , value]) => value).sort()).toEqual(['1', 'L', 'T']);
  for (const [plugin, , value] of rows) if (value === 'POISON') expect(plugin.startsWith(`${poisonSha}\u0000`)).toBe(true);
  s.close();

  // Reloaded, Initials still answers from its own rows.
  const again = shelf();
  await again.load();
  expect((await planWith(again))['in/1.mp3']).toBe('T/The Beatles/Yesterday.mp3');
  again.close();
});

test("an edited tag is the plugin's input: the field follows the user's edit", async () => {
  const sha = await sha256Hex(new TextEncoder().encode(initialPlugin));
  await savePlugin(db, { id: 'initials', manifest: manifest('initials', 'initial'), code: initialPlugin, sha256: sha, source: { kind: 'file', name: 'x.json' }, enabled: true, order: 0, installedAt: 1 });
  await db.delete('plugins', 'poisoner');
  const choices: ReviewChoice[] = [{ kind: 'edit-tags', files: [{ size: 1, lastModified: 1, path: 'in/2.mp3' }], set: { albumartist: 'Zappa' }, label: 'Album artist', madeAt: 1 }];
  const s = shelf();
  await s.load();
  const planner = new Planner();
  try {
    await planner.setSource(source);
    await s.prepare(planner, RULES, choices);
    const plan = targets((await planner.plan(defaultPlanSettings(RULES), choices))!.operations);
    expect(plan['in/2.mp3']).toBe('Z/Zappa/Wall Street Shuffle.mp3');
  } finally {
    planner.terminate();
    s.close();
  }
});
