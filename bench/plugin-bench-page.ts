// The plugin bench (issue 14, point 17), run in a page by bench/plugins.mjs: how long five
// installed code plugins take to be ready after start (manifest, bytes and kept answers read from
// IndexedDB: a sandbox starts only for an input never answered), and what one plugin field costs
// the planner on a library of `files` recordings (the plan with a template using the field against
// the same plan without it, in the same run). How long five sandboxes take to start is measured
// apart: it is what the first plan after installing pays, or a plan with new inputs.
import { openOrganizerDb } from '../src/db/schema.ts';
import { loadPlugins, savePlugin, type StoredPlugin } from '../src/db/plugin-records.ts';
import { PluginRunner, type AnswerStore } from '../src/plugin-host/runner.ts';
import { loadAnswers, saveAnswers } from '../src/db/plugin-answers.ts';
import { PluginSandbox } from '../src/plugin-host/sandbox.ts';
import { checkManifest, type PluginManifest } from '../src/core/plugin-manifest.ts';
import { pluginInputs, type PluginInputs } from '../src/core/plugin-results.ts';
import { defaultPlanSettings, findReleases, planLibrary, type PlanSource } from '../src/core/plan.ts';
import type { Recording } from '../src/core/model.ts';
import { createRegistry, registryWith } from '../plugins/index.ts';
import { librarySpec } from './library-spec.ts';

export interface PluginBenchOptions {
  files: number;
  /** Measurements of each kind; the median is reported. */
  repeats: number;
  manifest: unknown;
  code: string;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number) => Math.round(x * 10) / 10;

/** The bench library's recordings as the scan would give them (tags only: planning reads nothing else). */
function recordingsOf(files: number): Recording[] {
  const out: Recording[] = [];
  for (const f of librarySpec(files, 1)) {
    if (f.kind !== 'audio') continue;
    const { genre, ...tags } = f.tags;
    out.push({ path: f.path, size: 4096, lastModified: 0, tags: { ...tags, genre: [genre] }, audio: {} });
  }
  return out;
}

/** Five copies of the plugin, under different ids, stored as the Plugins page stores them. */
async function installFive(db: Awaited<ReturnType<typeof openOrganizerDb>>, manifest: PluginManifest, code: string, sha256: string): Promise<void> {
  for (let i = 1; i <= 5; i++) {
    const copy: StoredPlugin = { id: `${manifest.id}-${i}`, manifest: { ...manifest, id: `${manifest.id}-${i}`, name: `${manifest.name} ${i}` }, code, sha256: `${sha256.slice(0, 60)}${String(i).padStart(4, '0')}`, source: { kind: 'file', name: 'bench' }, enabled: true, order: i, installedAt: Date.now() };
    await savePlugin(db, copy);
  }
}

const storeIn = (db: Awaited<ReturnType<typeof openOrganizerDb>>): AnswerStore => ({ load: (p) => loadAnswers(db, p), save: (p, a) => saveAnswers(db, p, a) });

/** Sandbox frames added to the page while `work` runs. */
async function framesDuring(work: () => Promise<unknown>): Promise<number> {
  let added = 0;
  const observer = new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) if (n instanceof HTMLIFrameElement) added++;
  });
  observer.observe(document.body, { childList: true, subtree: true });
  await work();
  for (const r of observer.takeRecords()) for (const n of r.addedNodes) if (n instanceof HTMLIFrameElement) added++;
  observer.disconnect();
  return added;
}

async function loadTime(manifest: PluginManifest, code: string, inputs: PluginInputs, repeats: number) {
  const name = 'music-organizer-plugin-bench';
  const setup = await openOrganizerDb(name);
  await installFive(setup, manifest, code, 'f'.repeat(64));
  // One plan after installing: each plugin answers the library's inputs once, and they are kept.
  const first = new PluginRunner(() => ({}), storeIn(setup));
  for (const p of await loadPlugins(setup)) await first.answer(p, inputs);
  first.stopAll();
  setup.close();
  // The frames just removed end their workers in the background: not part of the next start.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const all: number[] = [];
  const reads: number[] = [];
  const answered: number[] = [];
  let frames = 0;
  for (let i = 0; i < repeats; i++) {
    // From a closed database to five plugins ready (manifest, bytes, kept answers): what the app does at start.
    const start = performance.now();
    const db = await openOrganizerDb(name);
    const plugins = (await loadPlugins(db)).filter((p) => p.enabled);
    reads.push(performance.now() - start);
    const runner = new PluginRunner(() => ({}), storeIn(db));
    await Promise.all(plugins.map((p) => runner.ready(p)));
    all.push(performance.now() - start);
    // The plan after start asks the same inputs: answered from what was kept, no sandbox started.
    const asked = performance.now();
    frames += await framesDuring(() => Promise.all(plugins.map((p) => runner.answer(p, inputs))));
    answered.push(performance.now() - asked);
    db.close();
  }
  // What a plugin with new inputs pays once: its sandbox started (frame, worker, module import).
  const sandboxStarts: number[] = [];
  const db = await openOrganizerDb(name);
  const plugins = (await loadPlugins(db)).filter((p) => p.enabled);
  db.close();
  for (let i = 0; i < repeats; i++) {
    const s = performance.now();
    const sandboxes = await Promise.all(plugins.map((p) => PluginSandbox.start(p.manifest.name, p.code ?? '')));
    sandboxStarts.push(performance.now() - s);
    for (const sandbox of sandboxes) sandbox.dispose();
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  if (frames > 0) throw new Error(`${frames} sandboxes started for inputs already answered.`);
  await new Promise((resolve) => {
    const deleting = indexedDB.deleteDatabase(name);
    deleting.onsuccess = deleting.onerror = deleting.onblocked = resolve;
  });
  return { plugin_load_ms: round(median(all)), plugin_load_all_ms: all.map(round), plugin_read_ms: round(median(reads)), plugin_kept_answers_ms: round(median(answered)), plugin_sandbox_start_ms: round(median(sandboxStarts)) };
}

async function fieldCost(manifest: PluginManifest, code: string, files: number, repeats: number) {
  const recordings = recordingsOf(files);
  const source: PlanSource = { recordings, unreadable: [], others: [], junk: [] };
  const without = defaultPlanSettings();
  // The same rules, the default one under the field: the only difference between the two plans.
  const rules = without.rules.replace(/^default: /m, 'default: $initial/');
  if (rules === without.rules) throw new Error('The default rules have no "default:" line to put the field in.');
  // Once per scan: the distinct inputs, asked of the sandbox in one batch.
  const plugin = { manifest, code, sha256: 'bench'.padEnd(64, '0') };
  const runner = new PluginRunner();
  const t0 = performance.now();
  const base = createRegistry();
  // As the planner worker gathers them: the releases grouping finds, no path rendered.
  const { releases } = findReleases(source, base);
  const inReleases = new Set(releases.flatMap((r) => r.recordings.map((x) => x.path)));
  const inputs = pluginInputs(manifest, base.fields, releases, recordings.filter((r) => !inReleases.has(r.path)));
  const t1 = performance.now();
  const answers = await runner.answer(plugin, inputs);
  const t2 = performance.now();
  runner.stopAll();
  const set = registryWith([{ manifest, answers }]);
  if (set.refused.length) throw new Error(set.refused[0]!.message);
  const withField = { ...without, rules };
  // Every plan after that (a template edit): the same planner, the field read from the table.
  const plain: number[] = [];
  const field: number[] = [];
  let moved = 0;
  // One of each first, so that neither side pays for the JIT's warm-up.
  planLibrary(source, without, set.registry);
  planLibrary(source, withField, set.registry);
  for (let i = 0; i < repeats; i++) {
    let s = performance.now();
    planLibrary(source, without, set.registry);
    plain.push(performance.now() - s);
    s = performance.now();
    const plan = planLibrary(source, withField, set.registry);
    field.push(performance.now() - s);
    moved = plan.operations.filter((o) => o.kind === 'move' && /^[A-Z#]\//.test(o.to)).length;
  }
  const plainMs = median(plain);
  const fieldMs = median(field);
  return {
    plugin_field_recordings: recordings.length,
    plugin_field_inputs: inputs.fields.length,
    plugin_field_under_initial: moved,
    plugin_plan_ms: round(plainMs),
    plugin_plan_with_field_ms: round(fieldMs),
    plugin_field_ratio: Math.round((fieldMs / plainMs) * 1000) / 1000,
    plugin_inputs_ms: round(t1 - t0),
    plugin_answers_ms: round(t2 - t1),
    plugin_first_plan_ratio: Math.round(((t2 - t0 + fieldMs) / plainMs) * 1000) / 1000,
    inputs,
  };
}

async function runPluginBench(options: PluginBenchOptions) {
  const check = checkManifest(options.manifest);
  if (!check.ok) throw new Error(check.problem);
  const { inputs, ...field } = await fieldCost(check.manifest, options.code, options.files, options.repeats);
  return { ...(await loadTime(check.manifest, options.code, inputs, options.repeats)), ...field };
}

(globalThis as unknown as { runPluginBench: typeof runPluginBench }).runPluginBench = runPluginBench;
