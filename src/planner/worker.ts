// The planner's worker: grouping, classifying and rendering paths for tens of thousands of
// files takes seconds, which must not freeze the page. The scan result is sent once; every
// settings change (a keystroke in the path rules) only sends the settings. The newest plan stays
// here: the page receives a preview of it in slices, and asks for its journal steps by id.
import * as Comlink from 'comlink';
import type { Operation } from '../core/model.ts';
import { defaultPlanSettings, findReleases, planLibrary, type PlanSettings, type PlanSource } from '../core/plan.ts';
import { inferLayout, type LayoutOptions } from '../core/layout-inference.ts';
import type { CurrentLayout } from '../core/current-layout.ts';
import { OPERATIONS_PER_SLICE, operationSlice, planHead, type PlanHead } from '../core/plan-preview.ts';
import { journalSteps, type PlannedSteps } from '../core/steps.ts';
import { StalePlanError, type PlannerApi, type ReleaseMember } from './protocol.ts';
import { identityOf, type ReviewChoice } from '../core/review-choices.ts';
import { libraryStats } from '../core/library-stats.ts';
import { planFacets } from '../core/plan-facets.ts';
import { createRegistry, registryWith, type PluginSet } from '../../plugins/index.ts';
import { pluginInputs, releaseFields } from '../core/plugin-results.ts';
import { functionArguments } from '../core/plugin-functions.ts';
import { countRuleMatches } from '../core/custom-rules.ts';
import { parsePathRules, withBuiltinRules } from '../core/template/index.ts';
import { enricherInputs, proposalsFor } from '../core/enrichment.ts';
import { releaseDetail, type ReleaseDetail } from '../core/release-detail.ts';
import { suggestionsForPlan, type Suggestion } from '../core/suggestions.ts';
import { outputInput, planOutputs, type AnsweredOutput } from '../core/plan-outputs.ts';
import { checkOutputAnswer, MAX_OUTPUT_INPUT_CHARS } from '../core/plugin-outputs.ts';

let registry = createRegistry();
/** Path rules the shared plugins add before the user's. */
let pluginPaths = '';
let source: PlanSource | undefined;
/** The source's recordings, gathered here as their slices arrive. */
let recordings: PlanSource['recordings'][number][] = [];
let newest: { id: number; plan: ReturnType<typeof planLibrary>; choices: ReviewChoice[]; settings: PlanSettings; steps?: PlannedSteps; targets?: Map<string, string> } | undefined;
let planned = 0;
/** The parts of code plugins' output answers for plan `id`, as they arrive (see addOutputs). */
let outputParts: { id: number; answers: string[][] } | undefined;
/** The source's current layout, for the untagged settings it was measured with; undone by a new source. */
let layout: { options: string; found: CurrentLayout | undefined } | undefined;

function current(id: number) {
  if (!newest || newest.id !== id) throw new StalePlanError('A newer plan replaced this one.');
  return newest.plan;
}

const vocabulary = () => ({ functions: [...registry.templateFunctions.keys()], fields: [...registry.fields.keys()], presets: [...registry.presets] });

const api: PlannerApi = {
  vocabulary,
  setSource(next: PlanSource): void {
    recordings = [...next.recordings];
    source = { ...next, recordings };
    newest = undefined;
    layout = undefined;
  },
  /** More recordings for the source set last: the page sends a big scan in slices. */
  addRecordings(more: PlanSource['recordings']): void {
    if (!source) throw new Error('No scan to add to.');
    for (const r of more) recordings.push(r);
    layout = undefined;
  },
  currentLayout(options: LayoutOptions): CurrentLayout | undefined {
    if (!source) throw new Error('No scan to look at yet.');
    const key = JSON.stringify([options.untagged, options.untaggedFolder]);
    if (layout?.options !== key) {
      // Grouping does not depend on the settings: the last plan's releases are this source's.
      const releases = newest?.plan.releases ?? planLibrary(source, defaultPlanSettings(), registry).releases;
      layout = { options: key, found: inferLayout({ releases, recordings }, registry, options) };
    }
    return layout.found;
  },
  plan(settings: PlanSettings, choices: ReviewChoice[]): PlanHead {
    if (!source) throw new Error('No scan to plan from yet.');
    const rules = pluginPaths ? `${pluginPaths}\n${settings.rules}` : settings.rules;
    const plan = planLibrary(source, { ...settings, rules }, registry, undefined, choices);
    // The files written after the moves, made now from the final paths, so the preview shows them all.
    const { outputs, notes } = planOutputs(plan, source, registry, settings);
    newest = { id: ++planned, plan: { ...plan, outputs, outputNotes: notes }, choices, settings };
    return planHead(newest.plan, newest.id);
  },
  releaseDetail(id: number, releaseId: string): ReleaseDetail | undefined {
    const plan = current(id);
    const release = plan.releases.find((r) => r.id === releaseId);
    if (!release) return undefined;
    // Made once per plan, when a release is first opened.
    newest!.targets ??= new Map(plan.operations.flatMap((o) => (o.kind === 'move' ? [[o.from, o.to] as const] : [])));
    return releaseDetail(release, (path) => newest!.targets!.get(path));
  },
  suggestions(id: number): Suggestion[] {
    const plan = current(id);
    return suggestionsForPlan(source!, plan, newest!.choices);
  },
  releaseMembers(id: number, release: string): ReleaseMember[] {
    const found = current(id).releases.find((r) => r.id === release);
    if (!found) throw new Error('That release is not in the plan.');
    return found.recordings.map((r) => ({ ...identityOf(r), title: r.tags.title, track: r.tags.track, disc: r.tags.disc }));
  },
  operations(id: number, start: number): Operation[] {
    return operationSlice(current(id), start);
  },
  /**
   * The journal steps of plan `id`, scheduled against every file the scan saw: how many, and the
   * refused moves. The steps themselves follow in slices (`stepSlice`), like the moves.
   */
  schedule(id: number): { stepCount: number; refused: PlannedSteps['refused'] } {
    const plan = current(id);
    const { recordings, unreadable, others, junk } = source!;
    const occupied = [recordings, unreadable, others, junk].flatMap((files) => files.map((f) => f.path));
    const steps = journalSteps(plan, occupied);
    newest!.steps = steps;
    return { stepCount: steps.steps.length, refused: steps.refused };
  },
  stepSlice(id: number, start: number): PlannedSteps['steps'] {
    current(id);
    return newest!.steps!.steps.slice(start, start + OPERATIONS_PER_SLICE);
  },
  overview(id: number) {
    const plan = current(id);
    const { others, junk } = source!;
    return { stats: libraryStats(recordings, plan, others.length + junk.length), facets: planFacets(plan) };
  },
  pluginInputs(manifests, rules, choices = []) {
    if (!source) throw new Error('No scan to look at yet.');
    const base = createRegistry();
    // The releases as the plan will find them (the user's edits included), without rendering a path.
    const { releases } = findReleases(source, base, choices);
    const inReleases = new Set(releases.flatMap((r) => r.recordings.map((x) => x.path)));
    const singletons = recordings.filter((r) => !inReleases.has(r.path));
    const functions = rules === undefined ? {} : api.functionInputs(manifests, rules);
    return Object.fromEntries(manifests.map((m) => [m.id, { ...pluginInputs(m, base.fields, releases, singletons), functions: functions[m.id] }]));
  },
  functionInputs(manifests, rules) {
    if (!source) throw new Error('No scan to look at yet.');
    const names = manifests.flatMap((m) => m.contributes.functions ?? []);
    if (names.length === 0) return {};
    // The releases of the last plan, as they were rendered; grouping does not depend on the path rules.
    const releases = newest?.plan.releases ?? planLibrary(source, defaultPlanSettings(), registry).releases;
    const inReleases = new Set(releases.flatMap((r) => r.recordings.map((x) => x.path)));
    const functions = new Map(registry.templateFunctions);
    for (const name of names) if (!functions.has(name)) functions.set(name, () => '');
    const parsed = parsePathRules(pluginPaths ? `${pluginPaths}\n${rules}` : rules, { functions: new Set(functions.keys()) });
    if (!parsed.ok) return {};
    const render = { rules: withBuiltinRules(parsed.rules), fields: registry.fields, queryFields: registry.queryFields, functions, releases };
    const found = functionArguments(render, names, releases, recordings.filter((r) => !inReleases.has(r.path)));
    return Object.fromEntries(manifests.map((m) => [m.id, Object.fromEntries((m.contributes.functions ?? []).map((f) => [f, found[f] ?? []]))]));
  },
  ruleCounts(rules) {
    if (!source) throw new Error('No scan to look at yet.');
    // Custom rules run with the built-in fields, as every rules plugin does (plugins/index.ts).
    const base = createRegistry();
    const releases = newest?.plan.releases ?? planLibrary(source, defaultPlanSettings(), base).releases;
    return countRuleMatches(rules, base.fields, releases);
  },
  enricherInputs(id, manifests) {
    const releases = current(id).releases.filter((r) => !r.review?.excluded);
    const base = createRegistry().fields;
    return Object.fromEntries(manifests.map((m) => [m.id, enricherInputs(releases, (r) => releaseFields(base, m.reads, r))]));
  },
  proposals(id, answers) {
    const releases = current(id).releases.filter((r) => !r.review?.excluded);
    const base = createRegistry().fields;
    return proposalsFor(releases, answers, (r, reads) => releaseFields(base, reads, r), newest!.choices);
  },
  async outputInputs(id, manifests) {
    const plan = current(id);
    const base = createRegistry().fields;
    const inputs: Awaited<ReturnType<PlannerApi['outputInputs']>> = {};
    for (const m of manifests) {
      // Sent as JSON text: the page hands it on without walking it, and its digest keys the answer.
      const json = JSON.stringify(outputInput(plan, base, m.reads, {}));
      if (json.length > MAX_OUTPUT_INPUT_CHARS) {
        inputs[m.id] = { problem: `"${m.name}" was not asked which files to write: the plan is too big to show it (${Math.round(json.length / 1024 / 1024)} MB).` };
        continue;
      }
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(json)));
      inputs[m.id] = { key: Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join(''), json };
    }
    return inputs;
  },
  outputPart(id, index, text) {
    current(id);
    if (outputParts?.id !== id) outputParts = { id, answers: [] };
    (outputParts.answers[index] ??= []).push(text);
  },
  addOutputs(id, answers) {
    const plan = current(id);
    const parts = outputParts?.id === id ? outputParts.answers : [];
    outputParts = undefined;
    const refused: { id: string; message: string }[] = [];
    const accepted: (AnsweredOutput & { id: string })[] = [];
    for (const [index, a] of answers.entries()) {
      const checked = checkOutputAnswer((parts[index] ?? []).join(''));
      if (typeof checked !== 'string') accepted.push({ id: a.id, by: a.name, ...checked });
      else if (!refused.some((r) => r.id === a.id)) refused.push({ id: a.id, message: `"${a.name}" was switched off: ${checked}.` });
    }
    // A plugin with one answer refused is off: none of its files are written.
    const answered = accepted.filter((a) => !refused.some((r) => r.id === a.id));
    const { outputs, notes } = planOutputs(plan, source!, registry, newest!.settings, answered);
    newest = { ...newest!, plan: { ...plan, outputs, outputNotes: notes }, steps: undefined };
    const { outputs: shown, outputNotes } = planHead(newest.plan, id);
    return { refused, outputs: shown ?? [], outputNotes: outputNotes ?? [] };
  },
  usePlugins(shared) {
    const set: PluginSet = registryWith(shared);
    registry = set.registry;
    pluginPaths = set.paths;
    newest = undefined;
    layout = undefined;
    return { refused: set.refused, vocabulary: vocabulary() };
  },
};

Comlink.expose(api);
