// The MusicBrainz built-in as the app ships it: the same manifest and module a shared plugin has,
// installed with the app but switched off until the user switches it on (it reaches the network).
import manifestJson from './manifest.json';
import code from './musicbrainz.js?raw';
import { checkManifest, type PluginManifest } from '../../src/core/plugin-manifest.ts';

export interface BuiltinPlugin {
  manifest: PluginManifest;
  code: string;
}

function checked(json: unknown): PluginManifest {
  const check = checkManifest(json);
  if (!check.ok) throw new Error(`The MusicBrainz manifest is broken: ${check.problem}`);
  return check.manifest;
}

export const musicbrainz: BuiltinPlugin = { manifest: checked(manifestJson), code };
