// The registry the app plans with: built-ins first, then any plugins the user loads. It is built
// in the planner worker (src/planner/worker.ts); the page learns its functions, fields and
// presets from there (PlannerApi.vocabulary), so there is one registry, not one per thread.
import { PluginRegistry } from '../src/core/registry.ts';
import type { PluginManifest } from '../src/core/plugin-manifest.ts';
import { rulesPlugin } from '../src/core/plugin-rules.ts';
import { answeredPlugin, type PluginAnswers } from '../src/core/plugin-results.ts';
import { builtinPlugin } from './builtin/index.ts';
import { playlistsPlugin } from './playlists/index.ts';

export function createRegistry(): PluginRegistry {
  const registry = new PluginRegistry();
  registry.register(builtinPlugin);
  // Off until the user switches it on (its output is listed in the library's settings).
  registry.register(playlistsPlugin);
  return registry;
}

/** A shared plugin as the planner gets it: a rules plugin, or a code plugin's answers for this library. */
export type SharedPlugin = { manifest: PluginManifest; answers?: PluginAnswers };

export interface PluginSet {
  registry: PluginRegistry;
  /** Path rules the plugins add, tried before the user's ('' when none). */
  paths: string;
  /** Plugins left out, with the plain-language reason. */
  refused: { id: string; message: string }[];
}

/**
 * The built-ins, then the shared plugins in the user's order. A plugin that cannot be used (a
 * clash, a rule that cannot be read) is left out whole and named; the others still count.
 */
export function registryWith(shared: readonly SharedPlugin[]): PluginSet {
  const registry = createRegistry();
  const base = registry.fields;
  const functions = registry.templateFunctions;
  const paths: string[] = [];
  const refused: PluginSet['refused'] = [];
  for (const { manifest, answers } of shared) {
    try {
      const parts = manifest.rules ? rulesPlugin(manifest, base, functions) : { plugin: answeredPlugin(manifest, answers ?? { id: manifest.id, name: manifest.name, fields: {}, classifiers: {} }, base), paths: '' };
      const registration = registry.register(parts.plugin);
      if (!registration.ok) {
        refused.push({ id: manifest.id, message: `"${manifest.name}" was switched off: it adds ${registration.conflicts.join(', ')}, which another plugin already adds.` });
        continue;
      }
      if (parts.paths) paths.push(parts.paths);
    } catch (e) {
      refused.push({ id: manifest.id, message: `"${manifest.name}" was switched off: ${(e as Error).message}` });
    }
  }
  return { registry, paths: paths.join('\n'), refused };
}
