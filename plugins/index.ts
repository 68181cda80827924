// The registry the app plans with: built-ins first, then any plugins the user loads.
import { PluginRegistry } from '../src/core/registry.ts';
import { builtinPlugin } from './builtin/index.ts';

export function createRegistry(): PluginRegistry {
  const registry = new PluginRegistry();
  registry.register(builtinPlugin);
  return registry;
}

export const registry = createRegistry();
