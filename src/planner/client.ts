// The main thread's side of the planner worker. Only the newest request matters: while the user
// types path rules, an answer to an older request is dropped instead of shown. The moves arrive
// in slices, each its own message, so receiving 50,000 of them never blocks the page for long.
import * as Comlink from 'comlink';
import type { PlanPreview } from '../core/model.ts';
import type { PlanSettings, PlanSource } from '../core/plan.ts';
import { OPERATIONS_PER_SLICE } from '../core/plan-preview.ts';
import type { PlannedSteps } from '../core/steps.ts';
import type { OutputRequest, PlannerApi, PlanOverview, PlanVocabulary, ReleaseMember } from './protocol.ts';
import type { CurrentLayout } from '../core/current-layout.ts';
import type { LayoutOptions } from '../core/layout-inference.ts';
import type { Suggestion } from '../core/suggestions.ts';
import type { EnricherAnswers, EnricherInput, Proposal } from '../core/enrichment.ts';
import type { ReviewChoice } from '../core/review-choices.ts';
import type { PluginManifest, RegexRule } from '../core/plugin-manifest.ts';
import type { RuleCount } from '../core/custom-rules.ts';
import type { PluginInputs } from '../core/plugin-results.ts';
import type { SharedPlugin } from '../../plugins/index.ts';
import type { ReleaseDetail } from '../core/release-detail.ts';

/** Recordings per message to the planner: a slice clones in a few milliseconds. */
const RECORDINGS_PER_SLICE = 4000;

export class Planner {
  private worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'planner' });
  private api = Comlink.wrap<PlannerApi>(this.worker);
  private latest = 0;
  private known: Promise<PlanVocabulary> | undefined;

  /** The registry's functions, fields and presets, asked once. */
  vocabulary(): Promise<PlanVocabulary> {
    this.known ??= this.api.vocabulary();
    return this.known;
  }

  async setSource(source: PlanSource): Promise<void> {
    // Only what planning needs crosses: no file handles. The recordings go in slices: cloning
    // all of them with their tags in one message is a long task on a big library (decision 0009).
    const { recordings, unreadable, others, junk, playlists } = source;
    await this.api.setSource({ recordings: recordings.slice(0, RECORDINGS_PER_SLICE), unreadable, others, junk, ...(playlists ? { playlists } : {}) });
    for (let start = RECORDINGS_PER_SLICE; start < recordings.length; start += RECORDINGS_PER_SLICE) {
      await this.api.addRecordings(recordings.slice(start, start + RECORDINGS_PER_SLICE));
    }
  }

  /** The layout the library already has, or undefined when it shows none (see PlannerApi.currentLayout). */
  currentLayout(options: LayoutOptions): Promise<CurrentLayout | undefined> {
    return this.api.currentLayout(options);
  }

  /** The plan for these settings and choices, or undefined when a newer request overtook this one. */
  async plan(settings: PlanSettings, choices: ReviewChoice[] = []): Promise<PlanPreview | undefined> {
    const ticket = ++this.latest;
    try {
      const { operationCount, ...head } = await this.api.plan(settings, choices);
      const operations = await inSlices(operationCount, (start) => this.api.operations(head.id, start), () => ticket === this.latest);
      return ticket === this.latest ? { ...head, operations } : undefined;
    } catch (e) {
      if (ticket !== this.latest && (e as Error).name === 'StalePlanError') return undefined;
      throw e;
    }
  }

  /** One release of plan `planId` with its files and the reasons for its grouping. */
  releaseDetail(planId: number, release: string): Promise<ReleaseDetail | undefined> {
    return this.api.releaseDetail(planId, release);
  }

  /** The tracks of a release of a plan this planner made (StalePlanError once a newer plan replaced it). */
  releaseMembers(planId: number, release: string): Promise<ReleaseMember[]> {
    return this.api.releaseMembers(planId, release);
  }

  /** The journal steps of a plan this planner made, scheduled in the worker and received in slices. */
  async steps(planId: number): Promise<PlannedSteps> {
    const { stepCount, refused } = await this.api.schedule(planId);
    return { steps: await inSlices(stepCount, (start) => this.api.stepSlice(planId, start)), refused };
  }

  /** Statistics and filter facets of a plan this planner made; StalePlanError once a newer plan replaced it. */
  overview(planId: number): Promise<PlanOverview> {
    return this.api.overview(planId);
  }

  pluginInputs(manifests: PluginManifest[], rules?: string, choices?: ReviewChoice[]): Promise<Record<string, PluginInputs>> {
    return this.api.pluginInputs(manifests, rules, choices);
  }

  functionInputs(manifests: PluginManifest[], rules: string): Promise<Record<string, NonNullable<PluginInputs['functions']>>> {
    return this.api.functionInputs(manifests, rules);
  }

  ruleCounts(rules: RegexRule[]): Promise<RuleCount[]> {
    return this.api.ruleCounts(rules);
  }

  /** Plans from now on with these shared plugins; the vocabulary they make replaces the one asked before. */
  async usePlugins(shared: SharedPlugin[]): Promise<{ refused: { id: string; message: string }[]; vocabulary: PlanVocabulary }> {
    const answer = await this.api.usePlugins(shared);
    this.known = Promise.resolve(answer.vocabulary);
    this.latest++;
    return answer;
  }

  /** Suggestions for a plan this planner made; StalePlanError once a newer plan replaced it. */
  enricherInputs(planId: number, manifests: PluginManifest[]): Promise<Record<string, { key: string; input: EnricherInput }[]>> {
    return this.api.enricherInputs(planId, manifests);
  }

  proposals(planId: number, answers: EnricherAnswers[]): Promise<{ proposals: Proposal[]; problems: string[] }> {
    return this.api.proposals(planId, answers);
  }

  outputInputs(planId: number, manifests: PluginManifest[]): Promise<Record<string, OutputRequest>> {
    return this.api.outputInputs(planId, manifests);
  }

  /**
   * Adds code plugins' output answers to plan `planId`. Each answer's JSON goes a part per message:
   * megabytes cloned in one message would hold the page's thread for a long task (decision 0009).
   */
  async addOutputs(planId: number, answers: { id: string; name: string; parts: readonly string[] }[]): Promise<ReturnType<PlannerApi['addOutputs']>> {
    for (const [index, answer] of answers.entries()) for (const part of answer.parts) await this.api.outputPart(planId, index, part);
    return this.api.addOutputs(planId, answers.map(({ id, name }) => ({ id, name })));
  }

  suggestions(planId: number): Promise<Suggestion[]> {
    return this.api.suggestions(planId);
  }

  terminate(): void {
    this.api[Comlink.releaseProxy]();
    this.worker.terminate();
  }
}

/** `count` items fetched a slice per message, in order; stops early once they are no longer wanted. */
async function inSlices<T>(count: number, slice: (start: number) => Promise<T[]>, wanted = () => true): Promise<T[]> {
  const items: T[] = [];
  for (let start = 0; start < count && wanted(); start += OPERATIONS_PER_SLICE) {
    for (const item of await slice(start)) items.push(item);
  }
  return items;
}
