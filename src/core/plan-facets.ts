// What the plan's list of moves can be filtered by: the release type of the release a file goes
// with, its format, and what kind of move it is. Computed in the planner worker, which holds the
// releases with their recordings, and sent as small codes parallel to the plan's moves (in the
// order of `plan.operations`, moves only), so the page filters 50,000 rows without a lookup per
// row and without receiving the recordings again.
import type { Operation, Plan } from './model.ts';
import { formatName } from './keep-copy.ts';

/** What kind of move a row is, as the filter names it. */
const MOVE_STATES = {
  recording: 'Music',
  'album-companion': 'Cover art and extras',
  'track-companion': 'Cover art and extras',
  unsorted: 'Untagged, gathered',
  duplicate: 'Duplicates set aside',
} as const;

export interface PlanFacets {
  /** Labels each code below stands for. */
  types: string[];
  formats: string[];
  states: string[];
  /** One code per move (index into the labels above), in the order of the plan's moves. */
  type: number[];
  format: number[];
  state: number[];
}

/** For files that go with no release (untagged files, duplicates set aside). */
export const NO_RELEASE = 'No release';
/** For files that are not music (covers, logs, lyrics). */
export const NOT_MUSIC = 'Not music';

class Codes {
  readonly labels: string[] = [];
  private index = new Map<string, number>();
  code(label: string): number {
    let i = this.index.get(label);
    if (i === undefined) this.index.set(label, (i = this.labels.push(label) - 1));
    return i;
  }
}

export function planFacets(plan: Pick<Plan, 'operations' | 'releases'>): PlanFacets {
  const typeOf = new Map<string, string>();
  const audio = new Map<string, Plan['releases'][number]['recordings'][number]>();
  for (const release of plan.releases) {
    for (const r of release.recordings) {
      typeOf.set(r.path, release.classification.type);
      audio.set(r.path, r);
    }
    for (const c of release.companions) typeOf.set(c.path, release.classification.type);
  }
  const types = new Codes();
  const formats = new Codes();
  const states = new Codes();
  const facets: PlanFacets = { types: types.labels, formats: formats.labels, states: states.labels, type: [], format: [], state: [] };
  for (const op of plan.operations as Operation[]) {
    if (op.kind !== 'move') continue;
    const recording = audio.get(op.from);
    facets.type.push(types.code(typeOf.get(op.from) ?? NO_RELEASE));
    const music = op.reason === 'recording' || op.reason === 'unsorted' || op.reason === 'duplicate';
    facets.format.push(formats.code(recording ? formatName(recording) : music ? formatName({ path: op.from, audio: {} }) : NOT_MUSIC));
    facets.state.push(states.code(MOVE_STATES[op.reason]));
  }
  return facets;
}
