// Outputs of sandboxed code plugins (issue 14, points 2 and 15), with the real sandbox, the real
// planner worker and OPFS: a plugin's files are shown in the plan, written by apply and removed by
// undo byte for byte; a hostile answer (a path that climbs or is absolute, 10 MB of text, 100,000
// files, a __proto__ key) switches the plugin off with a message naming it, and the plan is still
// made without its files; a file the user has is never written over.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { deleteDB } from 'idb';
import { openOrganizerDb, type OrganizerDb } from '../../src/db/schema.ts';
import { PluginShelf } from '../../src/state/plugin-shelf.svelte.ts';
import { savePlugin } from '../../src/db/plugin-records.ts';
import { Planner } from '../../src/planner/client.ts';
import { defaultPlanSettings, type PlanSource } from '../../src/core/plan.ts';
import { createRegistry } from '../../plugins/index.ts';
import { startRun, undoRun } from '../../src/apply/runs.ts';
import type { PluginManifest } from '../../src/core/plugin-manifest.ts';
import type { Recording } from '../../src/core/model.ts';
import { fileStats, freshFolder, readTree, writeTree } from './support/opfs.ts';

const DB = 'plugin-outputs';
const EXAMPLE = new URL('/plugins/examples/library-index/manifest.json', location.href).href;
let db: OrganizerDb;
const longTasks: number[] = [];
const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration)));

beforeAll(async () => {
  await deleteDB(DB);
  db = await openOrganizerDb(DB);
  observer.observe({ type: 'longtask', buffered: false });
});
afterAll(() => {
  observer.disconnect();
  db.close();
});

// A small library on OPFS: two releases and a file of the user's where a hostile plugin aims.
const FILES: Record<string, string> = {
  'in/1.mp3': 'yesterday',
  'in/2.mp3': 'so what',
  'in/3.mp3': 'blue in green',
  'notes/mine.txt': 'the user\u2019s own notes',
};
const TAGS: Record<string, Recording['tags']> = {
  'in/1.mp3': { albumartist: 'The Beatles', artist: 'The Beatles', album: 'Help!', title: 'Yesterday', track: 1, year: 1965 },
  'in/2.mp3': { albumartist: 'Miles Davis', artist: 'Miles Davis', album: 'Kind of Blue', title: 'So What', track: 1, year: 1959 },
  'in/3.mp3': { albumartist: 'Miles Davis', artist: 'Miles Davis', album: 'Kind of Blue', title: 'Blue in Green', track: 3, year: 1959 },
};

async function library(label: string): Promise<{ root: FileSystemDirectoryHandle; source: PlanSource }> {
  const root = await freshFolder(label);
  await writeTree(root, FILES);
  const stats = await fileStats(root);
  const entry = (path: string) => ({ path, ...stats.get(path)! });
  return {
    root,
    source: {
      recordings: Object.keys(TAGS).map((path): Recording => ({ ...entry(path), tags: TAGS[path]!, audio: {} })),
      unreadable: [],
      others: [entry('notes/mine.txt')],
      junk: [],
    },
  };
}

const RULES = 'default: $albumartist/$album ($year)/$track $title';
const outputManifest = (id: string, name: string): PluginManifest => ({ id, name, version: '1', apiVersion: 1, module: 'x.js', contributes: { outputs: ['files'] }, reads: ['albumartist', 'album'] });
/** A module whose output `files` returns `answer` (an expression over `plan`). */
const answering = (answer: string) => `export default { outputs: { files: (plan) => (${answer}) } };`;

async function freshShelf(budgets = { loadBudget: 3000, callBudget: 5000 }): Promise<PluginShelf> {
  const shelf = new PluginShelf(async () => db, { builtinNames: async () => [...createRegistry().fields.keys()], budgets });
  await shelf.load();
  for (const p of shelf.installed) await shelf.remove(p.id);
  return shelf;
}

async function install(shelf: PluginShelf, manifest: PluginManifest, code: string, order = 0): Promise<void> {
  await savePlugin(db, { id: manifest.id, manifest, code, sha256: (order + 1).toString(16).padStart(64, '0'), source: { kind: 'file', name: 'x.json' }, enabled: true, order, installedAt: 1 });
  await shelf.load();
}

async function planWithOutputs(shelf: PluginShelf, source: PlanSource, rules = RULES) {
  const planner = new Planner();
  await planner.setSource(source);
  await shelf.prepare(planner, rules);
  const made = await planner.plan(defaultPlanSettings(rules));
  const plan = await shelf.outputs(planner, made!);
  return { planner, plan: plan! };
}

describe('a well-behaved output plugin', () => {
  test('the example\'s index.md is shown in the plan, written by apply after the moves and removed by undo, byte for byte', async () => {
    const shelf = await freshShelf();
    await shelf.offerFromUrl(EXAMPLE);
    expect(shelf.candidate?.plugin.manifest.contributes.outputs).toEqual(['index']);
    await shelf.confirm();
    const { root, source } = await library('index-example');
    const { planner, plan } = await planWithOutputs(shelf, source);
    expect(shelf.notice).toBe('"Library index" is installed.');
    expect(plan.outputs).toEqual([{ kind: 'write', path: 'index.md', by: 'Library index' }]);
    const expected = [
      '# Library', '',
      '## Miles Davis', '', '- [Kind of Blue (1959)](Miles%20Davis/Kind%20of%20Blue%20%281959%29/): 2 tracks', '',
      '## The Beatles', '', '- [Help! (1965)](The%20Beatles/Help!%20%281965%29/): 1 track', '',
    ].join('\n');
    const { steps } = await planner.steps(plan.id);
    expect(steps.at(-1)).toEqual({ kind: 'write-output', from: '', to: 'index.md', text: expected, by: 'Library index' });
    planner.terminate();

    // Apply and undo read only the journal: the plugin is switched off (and its sandbox gone) before either.
    await shelf.setEnabled('library-index', false);
    const { run, summary } = await startRun({ root, db }, { library: 'index-example', libraryName: 'x', template: RULES, steps });
    expect(summary.written).toBe(1);
    // Not a playlist: the run's texts name it as a file (src/ui/run-texts.ts).
    expect(summary.writtenOther).toBe(1);
    const after = await readTree(root);
    expect(after.files['index.md']).toBe(expected);
    expect(new Uint8Array(await (await (await root.getFileHandle('index.md')).getFile()).arrayBuffer())).toEqual(new TextEncoder().encode(expected));
    expect(after.files['Miles Davis/Kind of Blue (1959)/03 Blue in Green.mp3']).toBe('blue in green');
    const undo = await undoRun({ root, db }, run.id);
    expect(undo.summary.skipped).toEqual([]);
    expect((await readTree(root)).files).toEqual(FILES);
  });

  test('answers are kept per plugin and plan: the same plan asks nothing again, other paths ask again', async () => {
    const shelf = await freshShelf();
    // The module counts its calls: the count it writes tells how often it was asked.
    await install(shelf, outputManifest('counter', 'Counter'), `let calls = 0;\nexport default { outputs: { files: () => ({ files: [{ path: 'calls.txt', text: String(++calls) }] }) } };`);
    const { source } = await library('counter');
    const planner = new Planner();
    await planner.setSource(source);
    await shelf.prepare(planner, RULES);
    const textOf = async (rules: string) => {
      const plan = await shelf.outputs(planner, (await planner.plan(defaultPlanSettings(rules)))!);
      return (await planner.steps(plan!.id)).steps.flatMap((s) => (s.kind === 'write-output' ? [s.text] : []));
    };
    expect(await textOf(RULES)).toEqual(['1']);
    expect(await textOf(RULES)).toEqual(['1']);
    expect(await textOf('default: $albumartist/$title')).toEqual(['2']);
    planner.terminate();
  });
});

// Each answers something the app must refuse. `problem` is how the message that switches it off reads.
const hostile: { name: string; answer: string; problem: RegExp }[] = [
  { name: 'climbs out of the library', answer: `{ files: [{ path: '../x.txt', text: 'LEAK' }] }`, problem: /the path "\.\.\/x\.txt", which climbs out of its folder/ },
  { name: 'climbs from inside', answer: `{ files: [{ path: 'Playlists/../../x.txt', text: 'LEAK' }] }`, problem: /climbs out of its folder/ },
  { name: 'writes to an absolute path', answer: `{ files: [{ path: '/etc/x.txt', text: 'LEAK' }] }`, problem: /the absolute path "\/etc\/x\.txt"/ },
  { name: 'writes to a drive', answer: `{ files: [{ path: 'C:/x.txt', text: 'LEAK' }] }`, problem: /the absolute path "C:\/x\.txt"/ },
  { name: 'uses backslashes', answer: `{ files: [{ path: 'a\\\\..\\\\..\\\\x.txt', text: 'LEAK' }] }`, problem: /uses "\\"/ },
  { name: 'has an empty name', answer: `{ files: [{ path: 'a//x.txt', text: 'LEAK' }] }`, problem: /an empty name in it/ },
  { name: 'names a device', answer: `{ files: [{ path: 'CON.txt', text: 'LEAK' }] }`, problem: /whose name "CON\.txt" some file systems refuse/ },
  { name: 'names with a colon', answer: `{ files: [{ path: 'a:b.txt', text: 'LEAK' }] }`, problem: /some file systems refuse/ },
  { name: 'writes 10 MB of text', answer: `{ files: [{ path: 'big.txt', text: 'x'.repeat(10 * 1024 * 1024) }] }`, problem: /10,485,760 characters to "big\.txt" \(at most 1 MB a file\)/ },
  { name: 'writes 100,000 files', answer: `{ files: Array.from({ length: 100000 }, (_, i) => ({ path: 'f/' + i + '.txt', text: '' })) }`, problem: /asked to write 100,000 files \(at most 1,000\)/ },
  { name: 'writes 9 MB in 9 files', answer: `{ files: Array.from({ length: 9 }, (_, i) => ({ path: i + '.txt', text: 'x'.repeat(1024 * 1024) })) }`, problem: /more than 8 MB in all/ },
  { name: 'answers a __proto__ key', answer: `JSON.parse('{"files": [], "__proto__": {"polluted": "LEAK"}}')`, problem: /the key "__proto__"/ },
  { name: 'answers a __proto__ file', answer: `JSON.parse('{"files": [{"path": "a.txt", "text": "", "__proto__": {"polluted": "LEAK"}}]}')`, problem: /the key "__proto__"/ },
  // 8 MB of quotes: within the limits on text, but over 16 MB as JSON (each quote is escaped).
  { name: 'answers over 16 MB of JSON', answer: `{ files: Array.from({ length: 8 }, (_, i) => ({ path: i + '.txt', text: '"'.repeat(1024 * 1024) })) }`, problem: /its answer is larger than 16 MB/ },
  { name: 'answers garbage', answer: `'files'`, problem: /something other than \{ files \}/ },
  { name: 'writes the same file twice', answer: `{ files: [{ path: 'a.txt', text: '1' }, { path: 'A.TXT', text: '2' }] }`, problem: /"A\.TXT" twice/ },
];

describe('hostile output plugins are switched off, the plan is made without their files', { retry: 2 }, () => {
  test.each(hostile)('$name', async ({ name, answer, problem }) => {
    const shelf = await freshShelf();
    const pluginName = `Hostile (${name})`;
    await install(shelf, outputManifest('hostile', pluginName), answering(answer));
    // A good plugin beside it keeps its file.
    await install(shelf, outputManifest('good', 'Good'), answering(`{ files: [{ path: 'good.txt', text: 'fine' }] }`), 1);
    const { root, source } = await library(`hostile-output`);
    longTasks.length = 0;
    const { planner, plan } = await planWithOutputs(shelf, source);
    const off = shelf.installed.find((p) => p.id === 'hostile')!;
    expect(off.enabled).toBe(false);
    expect(off.problem).toMatch(new RegExp(`^"${pluginName.replace(/[()]/g, '\\$&')}" was switched off: `));
    expect(off.problem).toMatch(problem);
    expect(off.problem).not.toContain('LEAK');
    expect(shelf.notice).toContain(off.problem);
    expect(shelf.notice).toMatch(/The plan was made without its files\.$/);
    // The plan is made: every move, and the good plugin's file only.
    expect(plan.operations.filter((o) => o.kind === 'move')).toHaveLength(3);
    expect(plan.outputs).toEqual([{ kind: 'write', path: 'good.txt', by: 'Good' }]);
    expect((await planner.steps(plan.id)).steps.filter((s) => s.kind === 'write-output').map((s) => s.to)).toEqual(['good.txt']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await readTree(root)).files).toEqual(FILES);
    expect([...document.querySelectorAll('iframe[sandbox]')].filter((f) => (f as HTMLIFrameElement).title === `Plugin ${pluginName}`)).toHaveLength(0);
    expect(Math.max(0, ...longTasks)).toBeLessThanOrEqual(100);
    planner.terminate();
    await shelf.remove('good');
  });

  test('an output onto a file the user has is a conflict in the plan; apply leaves that file as it was', async () => {
    const shelf = await freshShelf();
    await install(shelf, outputManifest('overwriter', 'Overwriter'), answering(`{ files: [{ path: 'notes/mine.txt', text: 'LEAK' }, { path: 'notes/new.txt', text: 'new' }] }`));
    const { root, source } = await library('overwriter');
    const { planner, plan } = await planWithOutputs(shelf, source);
    // Not a fault: the plugin stays on, the taken name is shown, the free one is written.
    expect(shelf.installed[0]).toMatchObject({ enabled: true });
    expect(plan.outputs).toEqual([{ kind: 'write', path: 'notes/new.txt', by: 'Overwriter' }]);
    expect(plan.outputNotes).toEqual([{ path: 'notes/mine.txt', message: 'A file of that name is already there; it was left alone and nothing is written over it.' }]);
    const { steps } = await planner.steps(plan.id);
    planner.terminate();
    const { run } = await startRun({ root, db }, { library: 'overwriter', libraryName: 'x', template: RULES, steps });
    const after = (await readTree(root)).files;
    expect(after['notes/mine.txt']).toBe(FILES['notes/mine.txt']);
    expect(after['notes/new.txt']).toBe('new');
    await undoRun({ root, db }, run.id);
    expect((await readTree(root)).files).toEqual(FILES);
  });
});
