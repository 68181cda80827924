// Template functions from a code plugin, in a real browser: the plugin runs in its sandbox, the
// real planner worker names the argument lists the path rules call it with, and editing the rules
// to a call with new arguments asks the plugin for those only (its answers carry a call counter,
// so an argument list asked twice would show a new number). A function that throws switches its
// plugin off, and the plan is still made.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { deleteDB } from 'idb';
import { openOrganizerDb, type OrganizerDb } from '../../src/db/schema.ts';
import { PluginShelf } from '../../src/state/plugin-shelf.svelte.ts';
import { Planner } from '../../src/planner/client.ts';
import { defaultPlanSettings } from '../../src/core/plan.ts';
import { createRegistry } from '../../plugins/index.ts';
import type { Recording } from '../../src/core/model.ts';

let db: OrganizerDb;
const rec = (path: string, tags: Recording['tags']): Recording => ({ path, size: 1, lastModified: 1, tags, audio: {} });
const source = {
  recordings: [
    rec('in/1.mp3', { albumartist: 'The Beatles', artist: 'The Beatles', album: 'Help!', title: 'Yesterday', track: 1, year: 1965 }),
    rec('in/2.mp3', { albumartist: 'Miles Davis', artist: 'Miles Davis', album: 'Kind of Blue', title: 'So What', track: 1, year: 1959 }),
    rec('in/3.mp3', { albumartist: 'Low', artist: 'Low', album: 'Secret Name', title: 'Starfire', track: 1, year: 1999 }),
  ],
  unreadable: [], others: [], junk: [],
};
const targets = (ops: { kind: string; to?: string }[]) => ops.flatMap((o) => (o.kind === 'move' ? [o.to!] : [])).sort();

beforeAll(async () => {
  await deleteDB('plugin-functions');
  db = await openOrganizerDb('plugin-functions');
});
afterAll(() => db.close());

async function install(shelf: PluginShelf, id: string, code: string) {
  const manifest = { id, name: id, version: '1', apiVersion: 1, module: `${id}.js`, contributes: { functions: ['tag'] }, reads: [] };
  await shelf.offerFromFiles([new File([JSON.stringify(manifest)], 'manifest.json'), new File([code], `${id}.js`)]);
  expect(shelf.candidate?.clash).toBeUndefined();
  await shelf.confirm();
}

test('a function is asked once per distinct argument list, and a rules edit asks only for the new ones', async () => {
  const shelf = new PluginShelf(async () => db, { builtinNames: async () => [...createRegistry().fields.keys()] });
  await shelf.load();
  await install(shelf, 'counter', 'let calls = 0; export default { functions: { tag(args) { calls++; return args.join(" ") + " " + calls; } } };');
  const planner = new Planner();
  try {
    await planner.setSource(source);
    const first = 'default: %tag{$albumartist}/$title';
    await shelf.prepare(planner, first);
    const one = targets((await planner.plan(defaultPlanSettings(first)))!.operations);
    expect(one.map((t) => t.replace(/ \d\//, ' N/'))).toEqual(['Low N/Starfire.mp3', 'Miles Davis N/So What.mp3', 'The Beatles N/Yesterday.mp3']);
    expect(new Set(one.map((t) => Number(/ (\d)\//.exec(t)![1])))).toEqual(new Set([1, 2, 3]));

    // The same rules again: nothing to ask.
    expect(await shelf.refreshFunctions(planner, first)).toBeUndefined();
    // A second call with new arguments: only the three years are asked (calls 4–6).
    const second = 'default: %tag{$albumartist}/%tag{$year}/$title';
    expect(await shelf.refreshFunctions(planner, second)).toBeDefined();
    const two = targets((await planner.plan(defaultPlanSettings(second)))!.operations);
    // The artists' answers are the ones given the first time, not asked again.
    const head = (list: string[], artist: string) => list.find((t) => t.startsWith(artist))!.split('/')[0];
    for (const artist of ['Low', 'Miles Davis', 'The Beatles']) expect(head(two, artist)).toBe(head(one, artist));
    const years = two.map((t) => Number(/^[^/]+\/\d{4} (\d)\//.exec(t)![1]));
    expect(new Set(years)).toEqual(new Set([4, 5, 6]));
    // Back to the first rules: their answers are still known.
    expect(await shelf.refreshFunctions(planner, first)).toBeUndefined();
  } finally {
    planner.terminate();
    for (const p of shelf.installed) await shelf.remove(p.id);
  }
});

test('a function that throws switches its plugin off, naming it; the plan is still made', async () => {
  const shelf = new PluginShelf(async () => db, { builtinNames: async () => [...createRegistry().fields.keys()] });
  await shelf.load();
  await install(shelf, 'thrower', 'export default { functions: { tag() { throw new Error("no shelf marks today"); } } };');
  const planner = new Planner();
  try {
    await planner.setSource(source);
    const rules = 'default: %tag{$albumartist}/$album/$title';
    await shelf.prepare(planner, rules);
    expect(shelf.notice).toContain('"thrower" was switched off: it failed (no shelf marks today).');
    expect(shelf.installed.find((p) => p.id === 'thrower')?.enabled).toBe(false);
    const plan = await planner.plan(defaultPlanSettings(rules));
    // Without the plugin, %tag is unknown and stays as written (beets' way), the plan is still made.
    expect(targets(plan!.operations)).toHaveLength(3);
  } finally {
    planner.terminate();
    for (const p of shelf.installed) await shelf.remove(p.id);
  }
});

test('a function named like a built-in one is refused before install, naming both', async () => {
  const shelf = new PluginShelf(async () => db, { builtinNames: async () => [...createRegistry().fields.keys()], builtinFunctions: async () => [...createRegistry().templateFunctions.keys()] });
  await shelf.load();
  const manifest = { id: 'lowering', name: 'Lowering', version: '1', apiVersion: 1, module: 'lowering.js', contributes: { functions: ['lower'] }, reads: [] };
  await shelf.offerFromFiles([new File([JSON.stringify(manifest)], 'manifest.json'), new File(['export default { functions: { lower: () => "x" } };'], 'lowering.js')]);
  expect(shelf.candidate?.clash).toBe('"Lowering" adds function %lower, which "Music Organizer built-ins" already adds.');
  await shelf.confirm();
  expect(shelf.installed.some((p) => p.id === 'lowering')).toBe(false);
  shelf.cancel();
});
