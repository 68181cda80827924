// Shared plugins as the app keeps them: the bytes, manifest and hash the user approved, so a plugin
// loads from here, offline and unchanged, whatever its URL serves today (a sandboxed frame's
// requests bypass the service worker). A newer version found online waits in `update` until the
// user accepts it; the version it replaced stays in `previous`, to be restored.
import type { OrganizerDb } from './schema.ts';
import type { PluginManifest } from '../core/plugin-manifest.ts';

/** One version of a plugin: what was approved, byte for byte. */
export interface PluginVersion {
  manifest: PluginManifest;
  /** The module's text (code plugins); a rules plugin's rules are in its manifest. */
  code?: string;
  /** SHA-256 (hex) of the module's bytes, or of the manifest's for a rules plugin. */
  sha256: string;
}

export type PluginSource =
  /** Installed from its manifest URL; `pinned` when a share link named the hash. */
  | { kind: 'url'; manifestUrl: string; pinned: boolean }
  | { kind: 'file'; name: string }
  /** Shipped with the app (plugins/musicbrainz): installed switched off, never removed. */
  | { kind: 'builtin' };

export interface StoredPlugin extends PluginVersion {
  id: string;
  source: PluginSource;
  enabled: boolean;
  /** Place among the plugins: enrichers and classifiers run in this order. */
  order: number;
  installedAt: number;
  previous?: PluginVersion;
  update?: PluginVersion;
  /** Why the app switched it off (it failed, misbehaved, clashed), in plain words. */
  problem?: string;
}

export interface StoredResponse {
  url: string;
  body: unknown;
  storedAt: number;
}

export async function loadPlugins(db: OrganizerDb): Promise<StoredPlugin[]> {
  return (await db.getAll('plugins')).sort((a, b) => a.order - b.order);
}

export async function savePlugin(db: OrganizerDb, plugin: StoredPlugin): Promise<void> {
  await db.put('plugins', plugin);
}

export async function deletePlugin(db: OrganizerDb, id: string): Promise<void> {
  await db.delete('plugins', id);
}
