// Exclusions and release edits through the real planner worker, as the page uses them: the page
// asks the worker for a release's tracks (it keeps only summaries), makes choices from them, and
// the plan the worker makes with them equals the core's; the moves the worker schedules leave
// excluded files alone; a release of an older plan is refused.
import { afterAll, expect, test } from 'vitest';
import { Planner } from '../../src/planner/client.ts';
import { defaultPlanSettings, planLibrary, type PlanSource } from '../../src/core/plan.ts';
import { summarizeRelease } from '../../src/core/plan-preview.ts';
import { journalSteps } from '../../src/core/steps.ts';
import { identityOf, type ReviewChoice } from '../../src/core/review-choices.ts';
import { createRegistry } from '../../plugins/index.ts';
import type { Recording } from '../../src/core/model.ts';

function library(): PlanSource {
  const recordings: Recording[] = [];
  let size = 5000;
  for (const [folder, artist, album] of [['Downloads/a', 'Beth Hart', 'Seesaw'], ['Downloads/b', 'Joe', 'Blues'], ['Podcasts/Show', 'Radio', 'Show']]) {
    for (let t = 1; t <= 3; t++) {
      recordings.push({ path: `${folder}/0${t} Song ${t}.mp3`, size: size++, lastModified: 1_700_000_000_000, tags: { artist, albumartist: artist, album, title: `Song ${t}`, track: t, year: 2010 }, audio: {} });
    }
  }
  return { recordings, unreadable: [], others: [{ path: 'Podcasts/Show/cover.jpg', size: 10, lastModified: 1 }], junk: [] };
}

const source = library();
const planner = new Planner();
afterAll(() => planner.terminate());

test('choices made from the worker’s release tracks plan in the worker as in the core, and excluded files get no step', async () => {
  const settings = defaultPlanSettings();
  await planner.setSource(source);
  const first = (await planner.plan(settings))!;
  const seesaw = first.releases.find((r) => r.album === 'Seesaw')!;
  const members = await planner.releaseMembers(first.id, seesaw.id);
  expect(members.map((m) => [m.path, m.title, m.track])).toEqual([1, 2, 3].map((t) => [`Downloads/a/0${t} Song ${t}.mp3`, `Song ${t}`, t]));

  const choices: ReviewChoice[] = [
    { kind: 'edit-release', madeAt: 1, release: { files: members.map((m) => identityOf(m)), title: 'Seesaw — Beth Hart' }, set: { albumartist: 'Beth Hart & Joe Bonamassa' } },
    { kind: 'exclude-folder', madeAt: 2, folder: 'Podcasts' },
  ];
  const edited = (await planner.plan(settings, choices))!;
  const local = planLibrary(source, settings, createRegistry(), undefined, choices);
  expect(edited.operations).toEqual(local.operations);
  expect(edited.releases).toEqual(local.releases.map(summarizeRelease));
  expect(edited.excluded).toEqual(['Podcasts/Show/01 Song 1.mp3', 'Podcasts/Show/02 Song 2.mp3', 'Podcasts/Show/03 Song 3.mp3', 'Podcasts/Show/cover.jpg']);
  expect(edited.choices.map((c) => [c.kind, c.files])).toEqual([['exclude-folder', 4], ['edit-release', 3]]);
  expect(edited.operations).toContainEqual(expect.objectContaining({ from: 'Downloads/a/01 Song 1.mp3', to: 'Beth Hart & Joe Bonamassa/Seesaw (2010)/01 Song 1.mp3' }));

  const { steps, refused } = await planner.steps(edited.id);
  expect(refused).toEqual([]);
  expect({ steps, refused }).toEqual(journalSteps(local, [...source.recordings, ...source.others].map((f) => f.path)));
  const touched = steps.flatMap((s) => [s.from, s.to]);
  expect(touched.filter((p) => p.startsWith('Podcasts/'))).toEqual([]);

  // The summary of an older plan names a release the worker no longer plans from.
  await expect(planner.releaseMembers(first.id, seesaw.id)).rejects.toMatchObject({ name: 'StalePlanError' });
});
