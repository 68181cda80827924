// Runs code plugins for the planner: each plugin's distinct inputs go to its sandbox in one batch
// per contribution, and every answer is kept per (plugin hash, input), so a new plan with other
// path rules, or a rescan that finds the same tags, asks no plugin again. A plugin that faults is
// stopped and reported; the others go on.
import type { PluginAnswers, PluginInputs, PluginVerdict } from '../core/plugin-results.ts';
import type { PluginVersion } from '../db/plugin-records.ts';
import type { EnrichAnswer, EnricherInput } from '../core/enrichment.ts';
import { PluginFault, PluginSandbox, type SandboxOptions } from './sandbox.ts';

/**
 * A running plugin is its bytes and the hosts it was given: the built-in and a test copy of its
 * manifest declaring a local server share a module, never a sandbox or an answer.
 */
const runKey = (plugin: PluginVersion): string => `${plugin.sha256}\u0000${(plugin.manifest.hosts ?? []).map((h) => h.host).join(',')}`;

export class PluginRunner {
  private readonly sandboxes = new Map<string, Promise<PluginSandbox>>();
  private readonly memo = new Map<string, string | PluginVerdict | EnrichAnswer | null>();

  constructor(private readonly options: (plugin: PluginVersion) => SandboxOptions = () => ({})) {}

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
    const memoKey = (key: string) => `${runKey(plugin)}\u0000${kind}\u0000${name}\u0000${key}`;
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
}
