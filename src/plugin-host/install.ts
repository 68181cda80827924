// Getting a plugin's bytes before the user approves it: from a manifest URL (pasted, or a share
// link that pins the module's hash), or from files dropped on the page. Nothing here runs the
// plugin; the candidate is shown in the confirmation dialog, then stored and loaded from IndexedDB.
import { checkManifest, isInlineManifest, MAX_MANIFEST_BYTES, MAX_MODULE_BYTES, type PluginManifest } from '../core/plugin-manifest.ts';
import type { PluginSource, PluginVersion } from '../db/plugin-records.ts';

/** Why a plugin cannot be installed, in plain words; nothing was stored. */
export class InstallRefused extends Error {
  override name = 'InstallRefused';
}

export interface Candidate extends PluginVersion {
  source: Exclude<PluginSource, { kind: 'builtin' }>;
}

export async function sha256Hex(bytes: BufferSource): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function download(url: string, limit: number, what: string): Promise<ArrayBuffer> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'omit', cache: 'no-store' });
  } catch {
    throw new InstallRefused(`The plugin's ${what} at ${url} could not be downloaded (offline, or the server does not allow it).`);
  }
  if (!response.ok) throw new InstallRefused(`The plugin's ${what} at ${url} could not be downloaded (the server answered ${response.status}).`);
  const bytes = await response.arrayBuffer();
  if (bytes.byteLength > limit) throw new InstallRefused(`The plugin's ${what} at ${url} is larger than ${limit / 1024} KB.`);
  return bytes;
}

function manifestFrom(bytes: ArrayBuffer, where: string): PluginManifest {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new InstallRefused(`${where} is not a plugin manifest: it is not JSON.`);
  }
  const check = checkManifest(json);
  if (!check.ok) throw new InstallRefused(`${where} is not a plugin this app can use: ${check.problem}.`);
  return check.manifest;
}

/** Downloads the plugin at `manifestUrl`; with `sha256` (a share link), refuses bytes that differ. */
export async function candidateFromUrl(manifestUrl: string, sha256?: string): Promise<Candidate> {
  let url: URL;
  try {
    url = new URL(manifestUrl);
  } catch {
    throw new InstallRefused(`"${manifestUrl.slice(0, 100)}" is not a web address.`);
  }
  const inline = isInlineManifest(manifestUrl);
  if (url.protocol !== 'https:' && url.protocol !== 'http:' && !inline) throw new InstallRefused('A plugin is installed from an http or https address.');
  const manifestBytes = await download(url.href, MAX_MANIFEST_BYTES, 'manifest');
  const manifest = manifestFrom(manifestBytes, inline ? 'The plugin in this link' : `The file at ${url.href}`);
  if (inline && manifest.module) throw new InstallRefused(`"${manifest.name}" was not installed: only a rules plugin can travel inside a link.`);
  let code: string | undefined;
  let hash: string;
  if (manifest.module) {
    const moduleBytes = await download(new URL(manifest.module, url).href, MAX_MODULE_BYTES, 'module');
    code = new TextDecoder().decode(moduleBytes);
    hash = await sha256Hex(moduleBytes);
  } else {
    hash = await sha256Hex(manifestBytes);
  }
  if (sha256 && hash !== sha256.toLowerCase()) {
    throw new InstallRefused(`"${manifest.name}" was not installed: its bytes ${inline ? 'in the link' : `at ${url.host}`} are not the ones the link names (${inline ? 'the link was changed' : 'they changed since the link was made'}).`);
  }
  return { manifest, code, sha256: hash, source: { kind: 'url', manifestUrl: url.href, pinned: sha256 !== undefined } };
}

/** A plugin from dropped or chosen files: its manifest (.json) and, for a code plugin, the module it names. */
export async function candidateFromFiles(files: readonly File[]): Promise<Candidate> {
  const manifestFile = files.find((f) => f.name.endsWith('.json'));
  if (!manifestFile) throw new InstallRefused('To install a plugin from files, include its manifest (a .json file).');
  if (manifestFile.size > MAX_MANIFEST_BYTES) throw new InstallRefused(`${manifestFile.name} is too large to be a plugin manifest.`);
  const manifestBytes = await manifestFile.arrayBuffer();
  const manifest = manifestFrom(manifestBytes, manifestFile.name);
  if (!manifest.module) return { manifest, sha256: await sha256Hex(manifestBytes), source: { kind: 'file', name: manifestFile.name } };
  const moduleName = manifest.module.split(/[/?#]/).filter(Boolean).pop() ?? manifest.module;
  const moduleFile = files.find((f) => f.name === moduleName);
  if (!moduleFile) throw new InstallRefused(`"${manifest.name}" needs its module ${moduleName} too: drop it with the manifest.`);
  if (moduleFile.size > MAX_MODULE_BYTES) throw new InstallRefused(`${moduleName} is larger than ${MAX_MODULE_BYTES / 1024} KB.`);
  const moduleBytes = await moduleFile.arrayBuffer();
  return { manifest, code: new TextDecoder().decode(moduleBytes), sha256: await sha256Hex(moduleBytes), source: { kind: 'file', name: manifestFile.name } };
}
