// The planner's worker: grouping, classifying and rendering paths for tens of thousands of
// files takes seconds, which must not freeze the page. The scan result is sent once; every
// settings change (a keystroke in the path rules) only sends the settings.
import * as Comlink from 'comlink';
import type { Plan } from '../src/core/model.ts';
import { planLibrary, type PlanSettings, type PlanSource } from '../src/core/plan.ts';
import { createRegistry } from '../plugins/index.ts';

const registry = createRegistry();
let source: PlanSource | undefined;

const api = {
  setSource(next: PlanSource): void {
    source = next;
  },
  plan(settings: PlanSettings): Plan {
    if (!source) throw new Error('No scan to plan from yet.');
    return planLibrary(source, settings, registry);
  },
};

export type PlannerApi = typeof api;

Comlink.expose(api);
