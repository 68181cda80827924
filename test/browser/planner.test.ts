// The planner worker as the page uses it: the plan arrives in slices and equals what the domain
// core computes in place; an overtaken request yields nothing; the journal steps are scheduled in
// the worker, by plan id, and an old id is refused. The current layout is inferred there too.
import { afterAll, expect, test } from 'vitest';
import { Planner } from '../../src/planner/client.ts';
import { defaultPlanSettings, planLibrary, type PlanSource } from '../../src/core/plan.ts';
import { OPERATIONS_PER_SLICE, summarizeRelease } from '../../src/core/plan-preview.ts';
import { journalSteps } from '../../src/core/steps.ts';
import { presets } from '../../src/core/template/index.ts';
import { inferLayout } from '../../src/core/layout-inference.ts';
import { createRegistry } from '../../plugins/index.ts';
import type { Recording } from '../../src/core/model.ts';

/** 1,000 albums of 11 tracks in a flat, messy layout: more moves than two slices hold. */
function messySource(): PlanSource {
  const recordings: Recording[] = [];
  for (let a = 0; a < 1000; a++) {
    for (let t = 1; t <= 11; t++) {
      recordings.push({
        path: `Downloads/${a % 7}/${String(t).padStart(2, '0')} track ${a}-${t}.mp3`,
        size: 1000 + t,
        lastModified: 1,
        tags: { title: `Song ${t}`, artist: `Band ${a % 300}`, album: `Album ${a}`, track: t, year: 1970 + (a % 50) },
        audio: { container: 'MPEG' },
      });
    }
  }
  return { recordings, unreadable: [], others: [{ path: 'Downloads/0/cover.jpg', size: 10, lastModified: 1 }], junk: [] };
}

const source = messySource();
const planner = new Planner();
afterAll(() => planner.terminate());

test('the plan arrives whole, in slices, as the core computes it', async () => {
  const settings = defaultPlanSettings();
  await planner.setSource(source);
  const preview = await planner.plan(settings);
  const local = planLibrary(source, settings, createRegistry());
  expect(local.operations.length).toBeGreaterThan(2 * OPERATIONS_PER_SLICE);
  expect(preview?.operations).toEqual(local.operations);
  expect(preview?.releases).toEqual(local.releases.map(summarizeRelease));
  expect(preview?.unchanged).toEqual(local.unchanged);
  expect(preview?.conflicts).toEqual(local.conflicts);
});

test('a request overtaken by a newer one yields nothing; its steps are refused', async () => {
  const first = planner.plan(defaultPlanSettings());
  const second = planner.plan(defaultPlanSettings(presets.find((p) => p.id === 'beets')?.rules));
  expect(await first).toBeUndefined();
  const plan = (await second)!;
  expect(plan.operations.length).toBeGreaterThan(0);

  const steps = await planner.steps(plan.id);
  const local = planLibrary(source, defaultPlanSettings(presets.find((p) => p.id === 'beets')?.rules), createRegistry());
  const occupied = [...source.recordings, ...source.others].map((f) => f.path);
  expect(steps).toEqual(journalSteps(local, occupied));

  await expect(planner.steps(plan.id - 1)).rejects.toMatchObject({ name: 'StalePlanError' });
});

test('the current layout: none for a flat dump, then, for the same files laid out, what the core infers', async () => {
  // 200 albums: enough folders to sample, few enough to plan three times quickly.
  const dump: PlanSource = { ...source, recordings: source.recordings.slice(0, 2200) };
  await planner.setSource(dump);
  const options = { untagged: 'gather', untaggedFolder: 'Untagged' } as const;
  expect(await planner.currentLayout(options)).toBeUndefined();

  // The same library once the beets preset has filed it: a new scan, a new answer.
  const rules = presets.find((p) => p.id === 'beets')!.rules;
  const registry = createRegistry();
  const to = new Map(planLibrary(dump, defaultPlanSettings(rules), registry).operations.flatMap((o) => (o.kind === 'move' ? [[o.from, o.to] as const] : [])));
  const tidy: PlanSource = { ...dump, recordings: dump.recordings.map((r) => ({ ...r, path: to.get(r.path) ?? r.path })) };
  await planner.setSource(tidy);
  await planner.plan(defaultPlanSettings());
  const found = await planner.currentLayout(options);
  const local = inferLayout({ releases: planLibrary(tidy, defaultPlanSettings(), registry).releases, recordings: tidy.recordings }, registry, options);
  expect(found).toEqual(local);
  expect(found!.matching).toBe(tidy.recordings.length);
});
