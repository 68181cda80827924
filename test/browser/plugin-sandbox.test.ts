// Hostile plugins in the real sandbox (issue 14, point 15): whatever each one tries, it gets
// nothing, the app's database and files stay as they were, the plugin is switched off with a
// message naming it, and the page never stalls for long.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openOrganizerDb, type OrganizerDb } from '../../src/db/schema.ts';
import { PluginFault, PluginSandbox } from '../../src/plugin-host/sandbox.ts';
import { freshFolder, readTree, writeTree } from './support/opfs.ts';
import { hostilePlugins, initialPlugin } from './support/hostile-plugins.ts';

let db: OrganizerDb;
let folder: FileSystemDirectoryHandle;
const longTasks: number[] = [];
const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration)));

async function snapshot() {
  const libraries = await db.getAll('libraries');
  return { libraries: libraries.map((l) => ({ ...l, handle: l.handle.name })), tree: await readTree(folder), cookie: document.cookie };
}

beforeAll(async () => {
  db = await openOrganizerDb('plugin-sandbox');
  folder = await freshFolder('sandboxed');
  await writeTree(folder, { 'Artist/Album/01 Song.mp3': 'music' });
  await db.put('libraries', { id: 'lib', name: 'Music', handle: folder, addedAt: 1, lastOpenedAt: 1 });
  document.cookie = 'session=secret';
  observer.observe({ type: 'longtask', buffered: false });
});

afterAll(() => {
  observer.disconnect();
  db.close();
});

describe('a well-behaved plugin', () => {
  test('answers a batch in order', async () => {
    const sandbox = await PluginSandbox.start('Initials', initialPlugin);
    expect(sandbox.exports).toEqual({ fields: ['initial'], classifiers: ['bootlegs'], enrichers: [] });
    expect(await sandbox.field('initial', [{ albumartist: 'nina' }, { albumartist: ' low' }, { albumartist: '' }])).toEqual(['N', 'L', '_']);
    expect(await sandbox.classify('bootlegs', [{ album: 'Live Bootleg', tracks: '3' }, { album: 'Blue', tracks: '9' }])).toEqual([
      { type: 'rarity', confidence: 0.99, reason: 'the title says bootleg' },
      null,
    ]);
    sandbox.dispose();
  });
});

// Retried: "no task over 100 ms" is a time, and on a loaded 2-core CI machine the page's own work
// (a frame made, a collection) once took 146 ms beside a plugin that only throws. A plugin that
// really stalls the page (a 10 MB answer read whole took 650 ms) does so on every attempt.
describe('hostile plugins get nothing and are switched off', { retry: 2 }, () => {
  test.each(Object.keys(hostilePlugins))('%s', async (attack) => {
    const before = await snapshot();
    longTasks.length = 0;
    const name = `Hostile (${attack})`;
    let outcome: unknown;
    try {
      const sandbox = await PluginSandbox.start(name, hostilePlugins[attack]!, { loadBudget: 2000, callBudget: 2000, fetchJson: async () => Promise.reject(new Error('example.com is not among the hosts it declared')) });
      outcome = await sandbox.field('x', [{ albumartist: 'A' }]);
      sandbox.dispose();
    } catch (e) {
      outcome = e;
    }
    expect(outcome).toBeInstanceOf(PluginFault);
    expect((outcome as Error).message).toMatch(new RegExp(`^"${name.replace(/[()]/g, '\\$&')}" was switched off: .+`));
    expect(JSON.stringify(outcome)).not.toContain('LEAK');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await snapshot()).toEqual(before);
    expect(document.querySelectorAll('iframe[sandbox]')).toHaveLength(0);
    expect(Math.max(0, ...longTasks)).toBeLessThanOrEqual(100);
    console.log(attack, '→', (outcome as Error).message);
  });

  test('messages from elsewhere on the page are not taken for the plugin', async () => {
    const sandbox = await PluginSandbox.start('Initials', initialPlugin);
    const answer = sandbox.field('initial', [{ albumartist: 'nina' }]);
    // A forged answer from this page itself (not the plugin's frame): ignored.
    postMessage({ type: 'result', id: 1, values: ['FORGED'] }, '*');
    expect(await answer).toEqual(['N']);
    sandbox.dispose();
  });
});

// Measured, not simulated: a plugin that allocates until V8's heap limit takes its frame's process
// down with it (Chromium gives the sandboxed frame a process of its own; the page lives on) and no
// event reaches the page; the frame then stops answering the host's pings. Reaching the limit takes
// minutes and about 4 GB on the CI machine, so this runs only when asked: VITE_OOM=1.
test.runIf(import.meta.env.VITE_OOM === '1')('a plugin that exhausts its memory is switched off as out of memory or crashed; the page lives on', async () => {
  const hoarder = `export default { fields: { x: () => { const hoard = []; for (;;) hoard.push(String(hoard.length).padEnd(1 << 26, 'X').toLowerCase()); } } };`;
  const sandbox = await PluginSandbox.start('Hoarder', hoarder, { callBudget: 900_000 });
  const outcome = await sandbox.field('x', [{}]).catch((e: unknown) => e);
  expect(outcome).toBeInstanceOf(PluginFault);
  expect((outcome as Error).message).toBe('"Hoarder" was switched off: it ran out of memory or crashed (its sandbox stopped answering).');
  expect(document.querySelectorAll('iframe[sandbox]')).toHaveLength(0);
}, 1_000_000);
