// The main thread's side of the planner worker. Only the newest request matters: while the user
// types path rules, an answer to an older request is dropped instead of shown.
import * as Comlink from 'comlink';
import type { Plan } from '../core/model.ts';
import type { PlanSettings, PlanSource } from '../core/plan.ts';
import type { PlannerApi } from '../../workers/plan.ts';

export class Planner {
  private worker = new Worker(new URL('../../workers/plan.ts', import.meta.url), { type: 'module', name: 'planner' });
  private api = Comlink.wrap<PlannerApi>(this.worker);
  private latest = 0;

  async setSource(source: PlanSource): Promise<void> {
    // Only what planning needs crosses: no file handles.
    const { recordings, unreadable, others, junk } = source;
    await this.api.setSource({ recordings, unreadable, others, junk });
  }

  /** The plan for these settings, or undefined when a newer request overtook this one. */
  async plan(settings: PlanSettings): Promise<Plan | undefined> {
    const ticket = ++this.latest;
    const plan = await this.api.plan(settings);
    return ticket === this.latest ? plan : undefined;
  }

  terminate(): void {
    this.api[Comlink.releaseProxy]();
    this.worker.terminate();
  }
}
