// The user's shared plugins: installed, ordered, switched on or off, updated, removed. Installing
// always goes through `candidate` (the confirmation dialog) and stores the approved bytes; the
// plugins then load only from IndexedDB. Before each plan the shelf asks the planner what its code
// plugins must answer, runs them in their sandboxes, and hands the answers and the rules plugins
// to the planner. A plugin that fails is switched off with a message naming it; the plan is made
// without it.
import { clashOf, contributedNames, isCodePlugin, manifestChanges, shareLink, type Neighbour } from '../core/plugin-manifest.ts';
import type { OrganizerDb } from '../db/schema.ts';
import { deletePlugin, loadPlugins, savePlugin, type StoredPlugin } from '../db/plugin-records.ts';
import { keepAnswersOf, loadAnswers, saveAnswers } from '../db/plugin-answers.ts';
import { candidateFromFiles, candidateFromUrl, InstallRefused, sha256Hex, type Candidate } from '../plugin-host/install.ts';
import { CUSTOM_RULES_ID, customRulesManifest, ruleProblem, sharedRulesManifest, type RuleCount } from '../core/custom-rules.ts';
import type { RegexRule } from '../core/plugin-manifest.ts';
import type { EnrichAnswer, EnricherInput, Proposal } from '../core/enrichment.ts';
import type { BuiltinPlugin } from '../../plugins/musicbrainz/index.ts';
import { PluginNetwork } from '../plugin-host/network.ts';
import { PluginRunner } from '../plugin-host/runner.ts';
import type { Planner } from '../planner/client.ts';
import type { PlanVocabulary } from '../planner/protocol.ts';
import type { ReviewChoice } from '../core/review-choices.ts';
import type { PlanPreview } from '../core/model.ts';
import type { SharedPlugin } from '../../plugins/index.ts';
import { describe } from './messages.ts';

/** The built-ins as a neighbour: a shared plugin may not add a name they already have. */
export interface ShelfOptions {
  builtinNames: () => Promise<string[]>;
  /** The built-in template functions' names: a plugin may not add one of them either. */
  builtinFunctions?: () => Promise<string[]>;
  /** Called when the set of active plugins changed (the open library re-plans). */
  changed?: () => void;
  /** Time budgets of the sandboxes (tests shorten them). */
  budgets?: { loadBudget?: number; callBudget?: number };
  /** Plugins shipped with the app: installed switched off when missing (the user switches them on). */
  builtins?: readonly BuiltinPlugin[];
}

/** An enricher faulted and its plugin was switched off; the message names it. */
class PluginSwitchedOff extends Error {
  override name = 'PluginSwitchedOff';
}

export class PluginShelf {
  installed = $state.raw<StoredPlugin[]>([]);
  /** A plugin waiting for the user's yes in the confirmation dialog; `replaces` when it updates one. */
  candidate = $state.raw<{ plugin: Candidate; clash?: string } | null>(null);
  /** What happened last (installed, refused, switched off), in plain words. */
  notice = $state<string | null>(null);
  busy = $state(false);
  /** Counts the scans given to the planner: what the custom rules' live counts follow (a library opened while the editor is open). */
  scans = $state(0);

  private network: PluginNetwork | undefined;
  /** What the planner was last given, code plugins with their answers. */
  private shared: SharedPlugin[] = [];
  /** The open library's planner, for the custom rules' counts. */
  private planner: Planner | undefined;
  private readonly runner: PluginRunner;

  constructor(
    private readonly database: () => Promise<OrganizerDb>,
    private readonly options: ShelfOptions,
  ) {
    this.runner = new PluginRunner(
      (plugin) => ({
        ...options.budgets,
        hosts: (plugin.manifest.hosts ?? []).map((h) => h.host),
        fetchJson: (url) => this.network!.fetchJson(plugin.manifest, url),
      }),
      {
        load: async (plugin) => loadAnswers(await this.database(), plugin),
        save: async (plugin, answers) => saveAnswers(await this.database(), plugin, answers),
      },
    );
  }

  /** Stops every sandbox this shelf started (the page goes, or a test is done with it). */
  close(): void {
    this.runner.stopAll();
  }

  async load(): Promise<void> {
    const db = await this.database();
    this.network ??= new PluginNetwork(db);
    this.installed = await loadPlugins(db);
    const missing = (this.options.builtins ?? []).filter((b) => !this.installed.some((p) => p.id === b.manifest.id));
    for (const b of missing) {
      const sha256 = await sha256Hex(new TextEncoder().encode(b.code));
      await savePlugin(db, { id: b.manifest.id, manifest: b.manifest, code: b.code, sha256, source: { kind: 'builtin' }, enabled: false, order: Math.max(0, ...this.installed.map((p) => p.order + 1)), installedAt: Date.now() });
      this.installed = await loadPlugins(db);
    }
    // Ready means manifest, bytes and kept answers read; a sandbox starts only for a new input.
    await Promise.all(this.installed.filter((p) => p.enabled && isCodePlugin(p.manifest)).map((p) => this.runner.ready(p)));
  }

  /** Fetches a plugin for the confirmation dialog; with `sha256` (a share link) its bytes must match. */
  async offerFromUrl(manifestUrl: string, sha256?: string): Promise<void> {
    await this.offer(() => candidateFromUrl(manifestUrl, sha256));
  }

  async offerFromFiles(files: readonly File[]): Promise<void> {
    await this.offer(() => candidateFromFiles(files));
  }

  private async offer(get: () => Promise<Candidate>): Promise<void> {
    this.busy = true;
    this.notice = null;
    try {
      const plugin = await get();
      this.candidate = { plugin, clash: await this.clash(plugin) };
    } catch (e) {
      this.notice = e instanceof InstallRefused ? e.message : describe(e, 'The plugin could not be read');
    } finally {
      this.busy = false;
    }
  }

  private async clash(plugin: Candidate): Promise<string | undefined> {
    const functions = ((await this.options.builtinFunctions?.()) ?? []).map((f) => `function %${f}`);
    const builtin: Neighbour = { id: 'builtin', name: 'Music Organizer built-ins', names: [...(await this.options.builtinNames()).map((f) => `field $${f}`), ...functions] };
    const others: Neighbour[] = this.installed.map((p) => ({ id: p.id, name: p.manifest.name, names: contributedNames(p.manifest) }));
    return clashOf(plugin.manifest, [builtin, ...others]);
  }

  cancel(): void {
    if (this.candidate) this.notice = `"${this.candidate.plugin.manifest.name}" was not installed.`;
    this.candidate = null;
  }

  /** The user said yes: the approved bytes are stored (an installed version of it is kept to restore). */
  async confirm(): Promise<void> {
    const offered = this.candidate;
    if (!offered || offered.clash) return;
    this.candidate = null;
    const { plugin } = offered;
    const db = await this.database();
    const existing = this.installed.find((p) => p.id === plugin.manifest.id);
    const stored: StoredPlugin = {
      id: plugin.manifest.id,
      manifest: plugin.manifest,
      code: plugin.code,
      sha256: plugin.sha256,
      source: plugin.source,
      enabled: true,
      order: existing?.order ?? Math.max(0, ...this.installed.map((p) => p.order + 1)),
      installedAt: Date.now(),
      previous: existing && existing.sha256 !== plugin.sha256 ? { manifest: existing.manifest, code: existing.code, sha256: existing.sha256 } : existing?.previous,
    };
    await savePlugin(db, stored);
    await this.load();
    this.notice = `"${plugin.manifest.name}" ${existing ? 'was updated' : 'is installed'}.`;
    this.options.changed?.();
  }

  async setEnabled(id: string, enabled: boolean): Promise<void> {
    await this.change(id, (p) => ({ ...p, enabled, problem: enabled ? undefined : p.problem }));
  }

  async remove(id: string): Promise<void> {
    const plugin = this.installed.find((p) => p.id === id);
    if (!plugin || plugin.source.kind === 'builtin') return;
    this.runner.stop(plugin.sha256);
    const db = await this.database();
    await deletePlugin(db, id);
    await this.load();
    // Its answers go with it, of every version it kept, unless another plugin holds the same bytes.
    const held = new Set(this.installed.flatMap((p) => [p.sha256, p.previous?.sha256, p.update?.sha256].filter((h): h is string => !!h)));
    for (const version of [plugin, plugin.previous, plugin.update]) if (version && !held.has(version.sha256)) this.runner.forget(version.sha256);
    await keepAnswersOf(db, held);
    this.notice = `"${plugin.manifest.name}" was removed.`;
    this.options.changed?.();
  }

  /** Moves a plugin one place earlier (-1) or later (+1): classifiers and enrichers run in this order. */
  async move(id: string, by: -1 | 1): Promise<void> {
    const list = [...this.installed];
    const at = list.findIndex((p) => p.id === id);
    const to = at + by;
    if (at < 0 || to < 0 || to >= list.length) return;
    [list[at], list[to]] = [list[to]!, list[at]!];
    const db = await this.database();
    for (const [order, p] of list.entries()) if (p.order !== order) await savePlugin(db, { ...p, order });
    await this.load();
    this.options.changed?.();
  }

  /** The fields a custom rule may test (the built-in ones, as every rules plugin sees them). */
  fieldNames(): Promise<string[]> {
    return this.options.builtinNames();
  }

  /** The rows of the user's custom rules plugin, as saved ([] when there is none). */
  get customRules(): RegexRule[] {
    return this.installed.find((p) => p.id === CUSTOM_RULES_ID)?.manifest.rules?.regex ?? [];
  }

  /**
   * Saves the usable rows as the custom rules plugin (the same store and code path as a shared
   * rules plugin) and re-plans with them; no rows removes it.
   */
  async saveCustomRules(rules: readonly RegexRule[]): Promise<void> {
    const db = await this.database();
    const existing = this.installed.find((p) => p.id === CUSTOM_RULES_ID);
    if (rules.length === 0) {
      if (!existing) return;
      await deletePlugin(db, CUSTOM_RULES_ID);
    } else {
      const manifest = customRulesManifest(rules);
      const sha256 = await sha256Hex(new TextEncoder().encode(JSON.stringify(manifest)));
      if (existing?.sha256 === sha256) return;
      await savePlugin(db, {
        id: CUSTOM_RULES_ID,
        manifest,
        sha256,
        source: { kind: 'file', name: 'the custom rules editor' },
        enabled: existing?.enabled ?? true,
        order: existing?.order ?? Math.max(0, ...this.installed.map((p) => p.order + 1)),
        installedAt: existing?.installedAt ?? Date.now(),
      });
    }
    await this.load();
    this.options.changed?.();
  }

  /** Per row, the releases it matches in the open library, or why it cannot be used; without a library, only the problems. */
  async ruleCounts(rules: readonly RegexRule[]): Promise<RuleCount[]> {
    if (this.planner) {
      try {
        return await this.planner.ruleCounts([...rules]);
      } catch {
        // No scan in the planner yet: the rows are still checked below.
      }
    }
    const fields = new Set(await this.options.builtinNames());
    return rules.map((r) => {
      const problem = ruleProblem(r, fields);
      return problem ? { problem } : {};
    });
  }

  /**
   * A link that carries the rules themselves (a rules plugin needs no server):
   * `#plugin=data:application/json;base64,…&sha256=…`, under an id of their own so that installing
   * them never replaces the receiver's own custom rules.
   */
  async customRulesLink(rules: readonly RegexRule[], appUrl: string): Promise<string> {
    const tag = (await sha256Hex(new TextEncoder().encode(JSON.stringify(rules)))).slice(0, 8);
    const bytes = new TextEncoder().encode(JSON.stringify(sharedRulesManifest(rules, tag)));
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    return shareLink(appUrl, `data:application/json;base64,${btoa(binary)}`, await sha256Hex(bytes));
  }

  /** The link that installs exactly this version elsewhere (only for plugins installed from a URL). */
  linkOf(plugin: StoredPlugin, appUrl: string): string | undefined {
    return plugin.source.kind === 'url' ? shareLink(appUrl, plugin.source.manifestUrl, plugin.sha256) : undefined;
  }

  /**
   * When online: a changed hash at a plugin's URL is kept as an update to offer, never applied by
   * itself. A plugin pinned by a share link is never checked: the link named those bytes.
   */
  async checkUpdates(): Promise<void> {
    if (!navigator.onLine) return;
    for (const plugin of this.installed) {
      if (plugin.source.kind !== 'url' || plugin.source.pinned) continue;
      try {
        const found = await candidateFromUrl(plugin.source.manifestUrl);
        if (found.sha256 === plugin.sha256 || found.sha256 === plugin.update?.sha256) continue;
        await this.change(plugin.id, (p) => ({ ...p, update: { manifest: found.manifest, code: found.code, sha256: found.sha256 } }), false);
      } catch {
        // An unreachable or broken URL is no update; the installed version stays as it is.
      }
    }
  }

  /** What an offered update changes, new hosts and fields read apart. */
  changesOf(plugin: StoredPlugin) {
    return plugin.update ? manifestChanges(plugin.manifest, plugin.update.manifest) : undefined;
  }

  async acceptUpdate(id: string): Promise<void> {
    await this.change(id, (p) => (p.update ? { ...p, ...p.update, previous: { manifest: p.manifest, code: p.code, sha256: p.sha256 }, update: undefined, problem: undefined } : p));
  }

  /** Back to the version before the last update (that one is kept, to update again). */
  async restorePrevious(id: string): Promise<void> {
    await this.change(id, (p) => (p.previous ? { ...p, ...p.previous, previous: undefined, update: { manifest: p.manifest, code: p.code, sha256: p.sha256 }, problem: undefined } : p));
  }

  private async change(id: string, edit: (p: StoredPlugin) => StoredPlugin, replan = true): Promise<void> {
    const plugin = this.installed.find((p) => p.id === id);
    if (!plugin) return;
    await savePlugin(await this.database(), edit(plugin));
    await this.load();
    if (replan) this.options.changed?.();
  }

  /**
   * Gives the planner the switched-on plugins, code plugins with their answers for its current
   * source (seen through the library's `choices`). Returns the vocabulary they make. Faults switch
   * the plugin off and are told in `notice`.
   */
  async prepare(planner: Planner, rules?: string, choices?: ReviewChoice[]): Promise<PlanVocabulary> {
    this.planner = planner;
    this.scans++;
    const active = this.installed.filter((p) => p.enabled);
    const code = active.filter((p) => isCodePlugin(p.manifest));
    const inputs = code.length ? await planner.pluginInputs(code.map((p) => p.manifest), rules, choices) : {};
    const shared: SharedPlugin[] = [];
    const problems: string[] = [];
    for (const plugin of active) {
      if (!isCodePlugin(plugin.manifest)) {
        shared.push({ manifest: plugin.manifest });
        continue;
      }
      try {
        shared.push({ manifest: plugin.manifest, answers: await this.runner.answer(plugin, inputs[plugin.id] ?? { fields: [], releases: [] }) });
      } catch (e) {
        problems.push(await this.switchOff(plugin.id, (e as Error).message));
      }
    }
    this.shared = shared;
    return this.use(planner, shared, problems);
  }

  private async use(planner: Planner, shared: SharedPlugin[], problems: string[]): Promise<PlanVocabulary> {
    const { refused, vocabulary } = await planner.usePlugins(shared);
    for (const r of refused) problems.push(await this.switchOff(r.id, r.message));
    if (problems.length) this.notice = `${problems.join(' ')} The plan was made without ${problems.length === 1 ? 'it' : 'them'}.`;
    return vocabulary;
  }

  /**
   * Before a plan with (possibly edited) path rules: the template functions of code plugins are
   * asked about argument lists they have not answered yet, only those. Resolves to the new
   * vocabulary when the planner's plugins changed, undefined when nothing had to be asked.
   */
  async refreshFunctions(planner: Planner, rules: string): Promise<PlanVocabulary | undefined> {
    const calling = this.shared.filter((s) => s.answers && s.manifest.contributes.functions?.length);
    if (calling.length === 0) return undefined;
    const calls = await planner.functionInputs(calling.map((s) => s.manifest), rules);
    const unanswered = (s: SharedPlugin) => Object.entries(calls[s.manifest.id] ?? {}).some(([name, list]) => list.some((c) => !Object.hasOwn(s.answers!.functions?.[name] ?? {}, c.key)));
    const stale = calling.filter(unanswered);
    if (stale.length === 0) return undefined;
    const problems: string[] = [];
    const shared = [...this.shared];
    for (const entry of stale) {
      const plugin = this.installed.find((p) => p.id === entry.manifest.id);
      if (!plugin) continue;
      const at = shared.indexOf(entry);
      try {
        const known = entry.answers!.functions ?? {};
        const fresh = await this.runner.functions(plugin, calls[plugin.id] ?? {});
        // Answers for argument lists the rules no longer call stay: editing back asks nothing.
        const merged = Object.fromEntries(Object.keys({ ...known, ...fresh }).map((name) => [name, { ...known[name], ...fresh[name] }]));
        shared[at] = { manifest: entry.manifest, answers: { ...entry.answers!, functions: merged } };
      } catch (e) {
        shared.splice(at, 1);
        problems.push(await this.switchOff(plugin.id, (e as Error).message));
      }
    }
    this.shared = shared;
    return this.use(planner, shared, problems);
  }

  /** The switched-on plugins with enrichers, in the user's order of plugins. */
  enricherPlugins(): StoredPlugin[] {
    return this.installed.filter((p) => p.enabled && isCodePlugin(p.manifest) && (p.manifest.contributes.enrichers ?? []).length > 0);
  }

  /**
   * What enricher `name` of `plugin` proposes for these releases, by input key (answers already
   * known are not asked again). A plugin that faults is switched off, and this rejects with the
   * message naming it.
   */
  async enrichSome(plugin: StoredPlugin, name: string, items: readonly { key: string; input: EnricherInput }[]): Promise<Record<string, EnrichAnswer>> {
    try {
      return await this.runner.enrich(plugin, name, items);
    } catch (e) {
      throw new PluginSwitchedOff(await this.switchOff(plugin.id, (e as Error).message));
    }
  }

  /**
   * The plan with the files the switched-on code plugins' outputs ask for, added through the same
   * checks as the built-in Playlists' (decision 0017). Each plugin is shown the plan once (an
   * unchanged plan asks nothing again); one that answers what the app refuses, or faults, is
   * switched off and named in `notice`, and the plan keeps the others' files. Undefined when a
   * newer plan replaced this one meanwhile.
   */
  async outputs(planner: Planner, plan: PlanPreview): Promise<PlanPreview | undefined> {
    const plugins = this.installed.filter((p) => p.enabled && isCodePlugin(p.manifest) && (p.manifest.contributes.outputs ?? []).length > 0);
    if (plugins.length === 0) return plan;
    try {
      const requests = await planner.outputInputs(plan.id, plugins.map((p) => p.manifest));
      const answers: { id: string; name: string; parts: string[] }[] = [];
      const problems: string[] = [];
      const notes: string[] = [];
      for (const plugin of plugins) {
        const request = requests[plugin.id];
        if (!request) continue;
        if ('problem' in request) {
          notes.push(request.problem);
          continue;
        }
        try {
          for (const name of plugin.manifest.contributes.outputs ?? []) {
            answers.push({ id: plugin.id, name: plugin.manifest.name, parts: await this.runner.output(plugin, name, request.key, request.json) });
          }
        } catch (e) {
          problems.push(await this.switchOff(plugin.id, (e as Error).message));
          // Its other outputs' answers go too: the plugin is off.
          for (let i = answers.length - 1; i >= 0; i--) if (answers[i]!.id === plugin.id) answers.splice(i, 1);
        }
      }
      const added = await planner.addOutputs(plan.id, answers);
      for (const r of added.refused) {
        this.runner.stop(this.installed.find((p) => p.id === r.id)?.sha256 ?? '');
        if (!problems.includes(r.message)) problems.push(await this.switchOff(r.id, r.message));
      }
      const told = [...notes, ...(problems.length ? [`${problems.join(' ')} The plan was made without ${problems.length === 1 ? 'its files' : 'their files'}.`] : [])];
      if (told.length) this.notice = told.join(' ');
      return { ...plan, outputs: added.outputs, outputNotes: added.outputNotes };
    } catch (e) {
      if ((e as Error).name === 'StalePlanError') return undefined;
      throw e;
    }
  }

  private async switchOff(id: string, message: string): Promise<string> {
    await this.change(id, (p) => ({ ...p, enabled: false, problem: message }), false);
    return message;
  }
}
