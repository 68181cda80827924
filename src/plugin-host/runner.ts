// Runs code plugins for the planner: each plugin's distinct inputs go to its sandbox in one batch
// per contribution, and every answer is kept per (plugin hash, input), so a new plan with other
// path rules, or a rescan that finds the same tags, asks no plugin again. With an AnswerStore the
// answers outlive the page: a plugin is ready once its stored answers are read, and its sandbox
// starts only when an input has no answer yet. A plugin that faults is stopped and reported; the
// others go on.
import type { PluginAnswers, PluginInputs, PluginVerdict } from '../core/plugin-results.ts';
import type { PluginVersion } from '../db/plugin-records.ts';
import type { EnrichAnswer, EnricherInput } from '../core/enrichment.ts';
import { PluginFault, PluginSandbox, type SandboxOptions } from './sandbox.ts';

/**
 * A running plugin is its bytes and the hosts it was given: the built-in and a test copy of its
 * manifest declaring a local server share a module, never a sandbox or an answer.
 */
const runKey = (plugin: PluginVersion): string => `${plugin.sha256}\u0000${(plugin.manifest.hosts ?? []).map((h) => h.host).join(',')}`;

/** Where answers are kept between pages (src/db/plugin-answers.ts), by run key and question. */
export interface AnswerStore {
  load(plugin: string): Promise<[string, unknown][]>;
  save(plugin: string, answers: [string, unknown][]): Promise<void>;
}

export class PluginRunner {
  private readonly sandboxes = new Map<string, Promise<PluginSandbox>>();
  private readonly memo = new Map<string, unknown>();
  /** Run keys whose stored answers are read (or being read) into `memo`. */
  private readonly stored = new Map<string, Promise<void>>();

  constructor(
    private readonly options: (plugin: PluginVersion) => SandboxOptions = () => ({}),
    private readonly store?: AnswerStore,
  ) {}

  /**
   * Reads the plugin's stored answers once per page: after this it is ready, and answers every
   * input it answered before without a sandbox. A store that cannot be read is no answers.
   */
  ready(plugin: PluginVersion): Promise<void> {
    const key = runKey(plugin);
    let loading = this.stored.get(key);
    if (!loading) {
      loading = (this.store?.load(key) ?? Promise.resolve([])).then(
        (answers) => {
          for (const [question, answer] of answers) if (!this.memo.has(`${key}\u0000${question}`)) this.memo.set(`${key}\u0000${question}`, answer);
        },
        () => undefined,
      );
      this.stored.set(key, loading);
    }
    return loading;
  }

  /** The plugin's answers for `inputs`; rejects with a PluginFault (the sandbox is then gone). */
  async answer(plugin: PluginVersion, inputs: PluginInputs): Promise<PluginAnswers> {
    const { manifest } = plugin;
    const answers: PluginAnswers = { id: manifest.id, name: manifest.name, fields: {}, classifiers: {} };
    for (const field of manifest.contributes.fields ?? []) answers.fields[field] = await this.ask(plugin, 'field', field, inputs.fields) as Record<string, string>;
    for (const c of manifest.contributes.classifiers ?? []) answers.classifiers[c] = await this.ask(plugin, 'classifier', c, inputs.releases) as Record<string, PluginVerdict | null>;
    if (manifest.contributes.functions?.length) answers.functions = await this.functions(plugin, inputs.functions ?? {});
    return answers;
  }

  /** The plugin's template functions for these argument lists; only lists not asked before reach the sandbox. */
  async functions(plugin: PluginVersion, calls: NonNullable<PluginInputs['functions']>): Promise<NonNullable<PluginAnswers['functions']>> {
    const answers: NonNullable<PluginAnswers['functions']> = {};
    for (const name of plugin.manifest.contributes.functions ?? []) {
      answers[name] = await this.ask(plugin, 'function', name, (calls[name] ?? []).map((c) => ({ key: c.key, input: c.args }))) as Record<string, string>;
    }
    return answers;
  }

  /**
   * What enricher `name` proposes for each release, by input key. Answers are kept like fields',
   * except a problem (offline, unreachable): that release is asked again next time.
   */
  async enrich(plugin: PluginVersion, name: string, inputs: readonly { key: string; input: EnricherInput }[]): Promise<Record<string, EnrichAnswer>> {
    const table = (await this.ask(plugin, 'enricher', name, inputs)) as Record<string, EnrichAnswer>;
    for (const i of inputs) {
      const answer = table[i.key];
      if (answer && 'problem' in answer) this.memo.delete(`${runKey(plugin)}\u0000enricher\u0000${name}\u0000${i.key}`);
    }
    return table;
  }

  /** The last answer of each output, by run key and output name: an answer is megabytes, so only the newest input's is kept. */
  private readonly outputMemo = new Map<string, { key: string; parts: string[] }>();

  /**
   * Output `name`'s answer (JSON text in parts, checked by the planner) to `input`, the plan as JSON text,
   * whose digest is `key`: the same plan asks no plugin again. Rejects with a PluginFault.
   */
  async output(plugin: PluginVersion, name: string, key: string, input: string): Promise<string[]> {
    const memoKey = `${runKey(plugin)}\u0000${name}`;
    const known = this.outputMemo.get(memoKey);
    if (known?.key === key) return known.parts;
    const sandbox = await this.sandbox(plugin);
    try {
      const parts = await sandbox.output(name, input);
      this.outputMemo.set(memoKey, { key, parts });
      return parts;
    } catch (e) {
      this.stop(plugin.sha256);
      throw e instanceof PluginFault ? e : new PluginFault(`"${plugin.manifest.name}" was switched off: ${(e as Error).message}.`);
    }
  }

  private async ask(plugin: PluginVersion, kind: 'field' | 'classifier' | 'function' | 'enricher', name: string, inputs: readonly { key: string; input: unknown }[]): Promise<Record<string, unknown>> {
    await this.ready(plugin);
    const question = (key: string) => `${kind}\u0000${name}\u0000${key}`;
    const memoKey = (key: string) => `${runKey(plugin)}\u0000${question(key)}`;
    const missing = inputs.filter((i) => !this.memo.has(memoKey(i.key)));
    if (missing.length > 0) {
      const sandbox = await this.sandbox(plugin);
      try {
        const values =
          kind === 'function' ? await sandbox.templateFunction(name, missing.map((i) => i.input as string[]))
          : kind === 'field' ? await sandbox.field(name, missing.map((i) => i.input as Record<string, string>))
          : kind === 'enricher' ? await sandbox.enrich(name, missing.map((i) => i.input as EnricherInput))
          : await sandbox.classify(name, missing.map((i) => i.input as Record<string, string>));
        missing.forEach((i, n) => this.memo.set(memoKey(i.key), values[n]!));
      } catch (e) {
        this.stop(plugin.sha256);
        throw e instanceof PluginFault ? e : new PluginFault(`"${plugin.manifest.name}" was switched off: ${(e as Error).message}.`);
      }
      // Only checked answers get here. An enricher's problem (offline) is asked again next time.
      const keep = missing.flatMap((i) => {
        const answer = this.memo.get(memoKey(i.key));
        return kind === 'enricher' && answer !== null && typeof answer === 'object' && 'problem' in answer ? [] : [[question(i.key), answer] as [string, unknown]];
      });
      // A cache that cannot be written costs a question next time, never this plan.
      await this.store?.save(runKey(plugin), keep).catch(() => undefined);
    }
    const table: Record<string, unknown> = {};
    for (const i of inputs) table[i.key] = this.memo.get(memoKey(i.key));
    return table;
  }

  private sandbox(plugin: PluginVersion): Promise<PluginSandbox> {
    const key = runKey(plugin);
    let sandbox = this.sandboxes.get(key);
    if (!sandbox) {
      sandbox = PluginSandbox.start(plugin.manifest.name, plugin.code ?? '', this.options(plugin));
      this.sandboxes.set(key, sandbox);
      sandbox.catch(() => this.sandboxes.delete(key));
    }
    return sandbox;
  }

  /** Stops the sandbox of the plugin with this hash, if it runs. */
  stop(sha256: string): void {
    for (const [key, sandbox] of [...this.sandboxes]) {
      if (!key.startsWith(`${sha256}\u0000`)) continue;
      this.sandboxes.delete(key);
      void sandbox.then((s) => s.dispose(), () => undefined);
    }
  }

  stopAll(): void {
    for (const key of [...this.sandboxes.keys()]) this.stop(key.split('\u0000')[0]!);
  }

  /** Forgets the answers held for the plugin with this hash (it was removed; the store is cleared apart). */
  forget(sha256: string): void {
    for (const key of [...this.memo.keys()]) if (key.startsWith(`${sha256}\u0000`)) this.memo.delete(key);
    for (const key of [...this.stored.keys()]) if (key.startsWith(`${sha256}\u0000`)) this.stored.delete(key);
  }
}
