// The plugin host end to end in a real browser: install from a URL pinned by hash, store in
// IndexedDB and load from there, run the example plugin in its sandbox for the real planner
// worker, switch off a plugin that misbehaves (the plan is still made), refuse clashes and
// changed bytes, and keep plugins to their declared hosts.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { deleteDB } from 'idb';
import { openOrganizerDb, type OrganizerDb } from '../../src/db/schema.ts';
import { candidateFromUrl, InstallRefused, sha256Hex } from '../../src/plugin-host/install.ts';
import { PluginNetwork } from '../../src/plugin-host/network.ts';
import { PluginShelf } from '../../src/state/plugin-shelf.svelte.ts';
import { savePlugin, loadPlugins } from '../../src/db/plugin-records.ts';
import { Planner } from '../../src/planner/client.ts';
import { defaultPlanSettings } from '../../src/core/plan.ts';
import { createRegistry } from '../../plugins/index.ts';
import type { PluginManifest } from '../../src/core/plugin-manifest.ts';
import type { Recording } from '../../src/core/model.ts';
import { hostilePlugins } from './support/hostile-plugins.ts';

const EXAMPLE = new URL('/plugins/examples/initial/manifest.json', location.href).href;
const RULES = new URL('/plugins/examples/jazz-shelf.json', location.href).href;
let db: OrganizerDb;

const rec = (path: string, tags: Recording['tags']): Recording => ({ path, size: 1, lastModified: 1, tags, audio: {} });
const source = {
  recordings: [
    rec('in/1.mp3', { albumartist: 'The Beatles', artist: 'The Beatles', album: 'Help!', title: 'Yesterday', track: 1, year: 1965 }),
    rec('in/2.mp3', { albumartist: 'Miles Davis', artist: 'Miles Davis', album: 'Kind of Blue', title: 'So What', track: 1, year: 1959, genre: ['Jazz'] }),
    rec('in/3.mp3', { albumartist: 'Low', artist: 'Low', album: 'Bootleg Tapes', title: 'Words', track: 1, year: 1996 }),
  ],
  unreadable: [], others: [], junk: [],
};
const targets = (ops: { kind: string; from?: string; to?: string }[]) => Object.fromEntries(ops.flatMap((o) => (o.kind === 'move' ? [[o.from, o.to]] : [])));

beforeAll(async () => {
  await deleteDB('plugin-host');
  db = await openOrganizerDb('plugin-host');
  await db.put('libraries', { id: 'lib', name: 'Music', handle: await navigator.storage.getDirectory(), addedAt: 1, lastOpenedAt: 1 });
});
afterAll(() => db.close());

describe('install', () => {
  test('a link pinned to other bytes is refused; the right hash installs', async () => {
    const moduleBytes = await (await fetch(new URL('initial.js', EXAMPLE))).arrayBuffer();
    const hash = await sha256Hex(moduleBytes);
    const candidate = await candidateFromUrl(EXAMPLE, hash);
    expect(candidate).toMatchObject({ sha256: hash, source: { kind: 'url', manifestUrl: EXAMPLE, pinned: true } });
    expect(candidate.manifest.contributes.fields).toEqual(['initial']);
    // The bytes at the URL changed since the link was made (the link names another hash).
    const changed = await candidateFromUrl(EXAMPLE, '0'.repeat(64)).catch((e: unknown) => e);
    expect(changed).toBeInstanceOf(InstallRefused);
    expect((changed as Error).message).toBe('"Initials" was not installed: its bytes at ' + location.host + ' are not the ones the link names (they changed since the link was made).');
  });

  test('a plugin that adds a built-in name is refused, naming both', async () => {
    const shelf = new PluginShelf(async () => db, { builtinNames: async () => [...createRegistry().fields.keys()] });
    await shelf.load();
    const file = new File([JSON.stringify({ id: 'albums', name: 'Album fixer', version: '1', apiVersion: 1, reads: [], rules: { fields: { album: '$title' } } })], 'albums.json');
    await shelf.offerFromFiles([file]);
    expect(shelf.candidate?.clash).toBe('"Album fixer" adds field $album, which "Music Organizer built-ins" already adds.');
    await shelf.confirm();
    expect(await loadPlugins(db)).toEqual([]);
  });
});

describe('plugins in the plan', () => {
  test('the example and a rules plugin change the plan; a hostile one is switched off and the plan is still made', async () => {
    const shelf = new PluginShelf(async () => db, { builtinNames: async () => [...createRegistry().fields.keys()] });
    await shelf.load();
    await shelf.offerFromUrl(EXAMPLE);
    await shelf.confirm();
    await shelf.offerFromUrl(RULES);
    await shelf.confirm();
    const hostile: PluginManifest = { id: 'hoarder', name: 'Hoarder', version: '1', apiVersion: 1, module: 'x.js', contributes: { fields: ['x'] }, reads: ['albumartist'] };
    await savePlugin(db, { id: 'hoarder', manifest: hostile, code: hostilePlugins['reads IndexedDB'], sha256: 'f'.repeat(64), source: { kind: 'file', name: 'x.json' }, enabled: true, order: 5, installedAt: 1 });
    await shelf.load();
    expect(shelf.installed.map((p) => p.id)).toEqual(['initials', 'jazz-shelf', 'hoarder']);
    const libraries = await db.getAll('libraries');

    const planner = new Planner();
    await planner.setSource(source);
    const vocabulary = await shelf.prepare(planner);
    expect(vocabulary.fields).toEqual(expect.arrayContaining(['initial', 'decade']));
    expect(shelf.notice).toMatch(/^"Hoarder" was switched off: it failed \(.+\)\. The plan was made without it\.$/);
    expect(shelf.installed.find((p) => p.id === 'hoarder')).toMatchObject({ enabled: false, problem: expect.stringContaining('"Hoarder" was switched off') });
    const plan = await planner.plan(defaultPlanSettings('default: $initial/$albumartist/$album ($decade)/$title'));
    expect(targets(plan!.operations)).toEqual({
      'in/1.mp3': 'B/The Beatles/Help! (1960s)/Yesterday.mp3',
      'in/2.mp3': 'Jazz/Miles Davis/Kind of Blue (1959)/01 So What.mp3',
      'in/3.mp3': 'L/Low/Bootleg Tapes (1990s)/Words.mp3',
    });
    expect(plan!.releases.find((r) => r.album === 'Bootleg Tapes')?.classification.reasons).toContain('the album title says bootleg (Initials)');
    expect(await db.getAll('libraries')).toEqual(libraries);
    planner.terminate();
  });

  test('plugins load from IndexedDB, not their URL, and switched-off ones stay out', async () => {
    const shelf = new PluginShelf(async () => db, { builtinNames: async () => [...createRegistry().fields.keys()] });
    await shelf.load();
    // The stored bytes are what runs: rewriting the stored module changes the answer, the URL does not.
    const stored = shelf.installed.find((p) => p.id === 'initials')!;
    await savePlugin(db, { ...stored, code: stored.code!.replace("'#'", "'0-9'"), sha256: 'e'.repeat(64) });
    await shelf.setEnabled('jazz-shelf', false);
    const planner = new Planner();
    await planner.setSource({ ...source, recordings: [rec('in/4.mp3', { albumartist: '10cc', album: 'Sheet Music', title: 'Wall Street Shuffle', track: 1 })] });
    await shelf.prepare(planner);
    const plan = await planner.plan(defaultPlanSettings('default: $initial/$albumartist/$title'));
    expect(targets(plan!.operations)).toEqual({ 'in/4.mp3': '0-9/10cc/Wall Street Shuffle.mp3' });
    planner.terminate();
  });
});

describe('every hostile plugin at once', () => {
  test('each is switched off with its own message, the database is unchanged, and the plan is made with the good one', async () => {
    const shelf = new PluginShelf(async () => db, { builtinNames: async () => [...createRegistry().fields.keys()], budgets: { loadBudget: 1500, callBudget: 1500 } });
    await shelf.load();
    for (const p of shelf.installed) await shelf.remove(p.id);
    await shelf.offerFromUrl(EXAMPLE);
    await shelf.confirm();
    const names = Object.keys(hostilePlugins);
    for (const [n, attack] of names.entries()) {
      const id = `hostile-${n}`;
      const manifest: PluginManifest = { id, name: `Hostile ${n}`, version: '1', apiVersion: 1, module: 'x.js', contributes: { fields: [`x${n}`] }, reads: ['albumartist'], hosts: [{ host: 'example.org', why: 'test' }] };
      await savePlugin(db, { id, manifest, code: hostilePlugins[attack]!.replaceAll('fields: { x:', `fields: { x${n}:`), sha256: n.toString(16).padStart(64, '0'), source: { kind: 'file', name: 'x.json' }, enabled: true, order: n + 1, installedAt: 1 });
    }
    await shelf.load();
    const libraries = await db.getAll('libraries');
    const planner = new Planner();
    await planner.setSource(source);
    await shelf.prepare(planner);
    const plan = await planner.plan(defaultPlanSettings('default: $initial/$albumartist/$title'));
    expect(targets(plan!.operations)['in/1.mp3']).toBe('B/The Beatles/Yesterday.mp3');
    for (const [n] of names.entries()) {
      const p = shelf.installed.find((x) => x.id === `hostile-${n}`)!;
      expect(p.enabled, names[n]).toBe(false);
      expect(p.problem, names[n]).toMatch(new RegExp(`^"Hostile ${n}" was switched off: `));
      expect(p.problem).not.toContain('LEAK');
    }
    expect(shelf.installed.find((x) => x.id === 'initials')).toMatchObject({ enabled: true });
    expect(await db.getAll('libraries')).toEqual(libraries);
    expect(await db.getAll('pluginResponses')).toEqual([]);
    planner.terminate();
  }, 120_000);
});

describe('network through the host', () => {
  const manifest: PluginManifest = { id: 'net', name: 'Net', version: '1', apiVersion: 1, module: 'n.js', contributes: { fields: ['n'] }, reads: [], hosts: [{ host: location.host, why: 'test data' }] };

  test('only declared hosts, answers kept for offline, one request per interval', async () => {
    const network = new PluginNetwork(db, { interval: 300 });
    await expect(network.fetchJson(manifest, 'https://example.com/x.json')).rejects.toThrow('example.com is not among the hosts it declared');
    await expect(network.fetchJson(manifest, 'file:///etc/passwd')).rejects.toThrow('only https');
    const starts: number[] = [];
    const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => e.name.includes('jazz-shelf') && starts.push(e.startTime)));
    observer.observe({ type: 'resource' });
    const [a, b] = await Promise.all([network.fetchJson(manifest, `${RULES}?a`), network.fetchJson(manifest, `${RULES}?b`)]);
    expect(a).toMatchObject({ id: 'jazz-shelf' });
    expect(b).toEqual(a);
    await new Promise((r) => setTimeout(r, 50));
    observer.disconnect();
    starts.sort((x, y) => x - y);
    expect(starts).toHaveLength(2);
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(250);
    expect((await db.get('pluginResponses', `${RULES}?a`))?.body).toEqual(a);
    // Kept: the same URL again is answered from IndexedDB, without a request.
    const again = new PluginNetwork(db);
    const before = performance.getEntriesByType('resource').length;
    expect(await again.fetchJson(manifest, `${RULES}?a`)).toEqual(a);
    expect(performance.getEntriesByType('resource').length).toBe(before);
  });
});

describe('updates', () => {
  test('a changed hash at the URL is offered with what changed, applied only when accepted, and the old version restorable', async () => {
    const shelf = new PluginShelf(async () => db, { builtinNames: async () => [...createRegistry().fields.keys()] });
    await shelf.load();
    for (const p of shelf.installed) await shelf.remove(p.id);
    const current = await candidateFromUrl(EXAMPLE);
    const older = { ...current.manifest, version: '0.9.0', reads: ['albumartist'], contributes: { fields: ['initial'] } };
    await savePlugin(db, { id: 'initials', manifest: older, code: 'export default { fields: { initial: () => "?" } };', sha256: 'a'.repeat(64), source: { kind: 'url', manifestUrl: EXAMPLE, pinned: false }, enabled: true, order: 0, installedAt: 1 });
    // The same plugin pinned by a link is never checked.
    await savePlugin(db, { id: 'pinned', manifest: { ...older, id: 'pinned', contributes: { fields: ['pinned_initial'] } }, code: '', sha256: 'b'.repeat(64), source: { kind: 'url', manifestUrl: EXAMPLE, pinned: true }, enabled: true, order: 1, installedAt: 1 });
    await shelf.load();
    await shelf.checkUpdates();
    const [plugin, pinned] = shelf.installed;
    expect(pinned!.update).toBeUndefined();
    expect(plugin!.sha256).toBe('a'.repeat(64));
    expect(plugin!.update?.sha256).toBe(current.sha256);
    expect(shelf.changesOf(plugin!)).toEqual({ newHosts: [], newReads: ['album'], other: ['version 0.9.0 → 1.0.0', 'adds classifier bootlegs'] });
    await shelf.acceptUpdate('initials');
    expect(shelf.installed[0]).toMatchObject({ sha256: current.sha256, previous: { sha256: 'a'.repeat(64) } });
    await shelf.restorePrevious('initials');
    expect(shelf.installed[0]).toMatchObject({ sha256: 'a'.repeat(64), update: { sha256: current.sha256 } });
  });
});
