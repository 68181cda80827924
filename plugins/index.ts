// The registry the app plans with: built-ins first, then any plugins the user loads. It is built
// once, in the planner worker (src/planner/worker.ts); the page learns its functions, fields and
// presets from there (PlannerApi.vocabulary), so there is one registry, not one per thread.
import { PluginRegistry } from '../src/core/registry.ts';
import { builtinPlugin } from './builtin/index.ts';

export function createRegistry(): PluginRegistry {
  const registry = new PluginRegistry();
  registry.register(builtinPlugin);
  return registry;
}
