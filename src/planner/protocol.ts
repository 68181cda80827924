// What crosses between the page (src/planner/client.ts) and the planner worker
// (src/planner/worker.ts). Only plain values: the scan without its file handles, settings, and
// the plan's preview and journal steps in slices.
import type { Operation, PlanPreview } from '../core/model.ts';
import type { PlanSettings, PlanSource } from '../core/plan.ts';
import type { PlanHead } from '../core/plan-preview.ts';
import type { PlannedSteps } from '../core/steps.ts';
import type { PathPreset } from '../core/template/index.ts';
import type { CurrentLayout } from '../core/current-layout.ts';
import type { LayoutOptions } from '../core/layout-inference.ts';
import type { LibraryStats } from '../core/library-stats.ts';
import type { PlanFacets } from '../core/plan-facets.ts';
import type { PluginManifest, RegexRule } from '../core/plugin-manifest.ts';
import type { RuleCount } from '../core/custom-rules.ts';
import type { PluginInputs } from '../core/plugin-results.ts';
import type { SharedPlugin } from '../../plugins/index.ts';
import type { ReleaseDetail } from '../core/release-detail.ts';
import type { FileIdentity, ReviewChoice } from '../core/review-choices.ts';
import type { Suggestion } from '../core/suggestions.ts';
import type { EnricherAnswers, EnricherInput, Proposal } from '../core/enrichment.ts';

/** A track of a release as the page needs it to make a choice about it: who it is, and what it is called. */
export interface ReleaseMember extends FileIdentity {
  title?: string;
  track?: number;
  disc?: number;
}

/**
 * What the plugin registry offers, as the page needs it: the editor checks rules against these
 * functions and lists these presets. The registry itself lives only in the worker, where planning
 * runs, so a plugin registered there is known to the page too.
 */
export interface PlanVocabulary {
  functions: string[];
  fields: string[];
  presets: PathPreset[];
}

export interface PlannerApi {
  /** The registry's functions, fields and presets. */
  vocabulary(): PlanVocabulary;
  /** The scan to plan from, without its recordings past the first slice (see addRecordings). */
  setSource(source: PlanSource): void;
  /** More recordings for the source set last: the page sends a big scan in slices. */
  addRecordings(more: PlanSource['recordings']): void;
  /**
   * The layout the library already has (src/core/layout-inference.ts), or undefined when it shows
   * none; computed once per scan (and untagged settings). The page asks after the first plan, so
   * the plan never waits for it.
   */
  currentLayout(options: LayoutOptions): CurrentLayout | undefined;
  /** Plans with these settings and the user's choices for this library; the plan stays in the worker under the returned id. */
  plan(settings: PlanSettings, choices: ReviewChoice[]): PlanHead;
  /** One release of plan `id`: its files with where each goes, and why they were grouped; undefined when it has no such release. */
  releaseDetail(id: number, release: string): ReleaseDetail | undefined;
  /** The tracks of release `release` in plan `id` (the page keeps only release summaries), for choices that name it. */
  releaseMembers(id: number, release: string): ReleaseMember[];
  /** Moves `start…start + OPERATIONS_PER_SLICE` of plan `id`. */
  operations(id: number, start: number): Operation[];
  /** Schedules plan `id` against every file the scan saw: how many steps, and the refused moves. */
  schedule(id: number): { stepCount: number; refused: PlannedSteps['refused'] };
  /** What would make the library more consistent, as plan `id` sees it (src/core/suggestions.ts). */
  suggestions(id: number): Suggestion[];
  /** Steps `start…start + OPERATIONS_PER_SLICE` of the schedule of plan `id`. */
  stepSlice(id: number, start: number): PlannedSteps['steps'];
  /** The library's statistics and what each move of plan `id` can be filtered by; asked once the plan is shown. */
  overview(id: number): PlanOverview;
  /**
   * The distinct inputs each code plugin needs for the source set last (src/core/plugin-results.ts);
   * with `rules` (the user's path rules), the argument lists of its template functions too. With
   * the library's `choices`, as the plan will see the tags (an edited album artist is asked about).
   */
  pluginInputs(manifests: PluginManifest[], rules?: string, choices?: ReviewChoice[]): Record<string, PluginInputs>;
  /** Per code plugin, the argument lists its template functions are called with under `rules` (src/core/plugin-functions.ts). */
  functionInputs(manifests: PluginManifest[], rules: string): Record<string, NonNullable<PluginInputs['functions']>>;
  /** Per custom rule, how many releases of the source it matches, or why it cannot be used (src/core/custom-rules.ts). */
  ruleCounts(rules: RegexRule[]): RuleCount[];
  /**
   * Plans from now on with these shared plugins (rules, or a code plugin's answers), in this order.
   * Returns the plugins left out with the reason, and the vocabulary they make.
   */
  usePlugins(shared: SharedPlugin[]): { refused: { id: string; message: string }[]; vocabulary: PlanVocabulary };
  /** The distinct inputs each enricher plugin is shown for the releases of plan `id` (excluded ones aside). */
  enricherInputs(id: number, manifests: PluginManifest[]): Record<string, { key: string; input: EnricherInput }[]>;
  /** The enrichers' answers as proposals for the releases of plan `id`, rejected ones left out (src/core/enrichment.ts). */
  proposals(id: number, answers: EnricherAnswers[]): { proposals: Proposal[]; problems: string[] };
  /**
   * Per code plugin with outputs, what it is shown of plan `id` (its releases, the fields it reads,
   * each track's path after the run) as JSON text with its SHA-256, or why it is not asked.
   */
  outputInputs(id: number, manifests: PluginManifest[]): Promise<Record<string, OutputRequest>>;
  /** A part of the JSON text of the `index`th answer addOutputs will be given for plan `id`. */
  outputPart(id: number, index: number, text: string): void;
  /**
   * Adds the sandboxed plugins' answers (their JSON text, as the parts outputPart received) to plan
   * `id`'s outputs: each is checked (src/core/plugin-outputs.ts); a refused one is named, and the
   * plan is kept without it.
   */
  addOutputs(id: number, answers: { id: string; name: string }[]): { refused: { id: string; message: string }[] } & Required<Pick<PlanPreview, 'outputs' | 'outputNotes'>>;
}

/** What a plugin's output is asked about one plan, or why it is not asked. */
export type OutputRequest = { key: string; json: string } | { problem: string };

export interface PlanOverview {
  stats: LibraryStats;
  facets: PlanFacets;
}

/** A request about a plan that a newer one has replaced: the page drops it. */
export class StalePlanError extends Error {
  override name = 'StalePlanError';
}
