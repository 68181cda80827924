// What a shared plugin says about itself, checked before anything of it runs or is stored: the
// manifest (id, name, version, API version, what it contributes, the tag fields it reads, the hosts
// it may reach and why), the share link that pins it by hash, and the name clashes that refuse it.
// Everything here reads untrusted JSON, so every check names what is wrong in plain words.
import type { ContentType } from './model.ts';
import type { PathPreset } from './template/presets.ts';

/** The plugin API this app speaks; a manifest asking for another is refused. */
export const PLUGIN_API_VERSION = 1;

export interface PluginHost {
  /** A host name ("musicbrainz.org"), optionally with a port ("localhost:8080"). */
  host: string;
  /** Why the plugin needs it, shown to the user before install. */
  why: string;
}

/** A regex rule of a rules plugin: when `field` matches, the release gets a content type or a path rule. */
export interface RegexRule {
  field: string;
  pattern: string;
  /** Only 'i' (case-insensitive) is allowed. */
  flags?: string;
  /** The content type the release gets (as a classifier that outranks the built-in guesses). */
  type?: ContentType;
  /** A path template in beets' `paths:` syntax for the matching recordings. */
  path?: string;
}

/** What a rules plugin (JSON only, no code) adds; it runs where the planner runs. */
export interface PluginRules {
  presets?: PathPreset[];
  /** Path rules in beets' `paths:` syntax, tried before the user's own. */
  paths?: string;
  regex?: RegexRule[];
  /** New fields, each defined by a template over existing fields ("%left{$albumartist,1}"). */
  fields?: Record<string, string>;
}

export interface PluginManifest {
  /** Lower-case letters, digits and '-': the plugin's stable name. */
  id: string;
  name: string;
  version: string;
  apiVersion: number;
  description?: string;
  /** Code plugins: the module's URL, relative to the manifest's. Rules plugins have `rules` instead. */
  module?: string;
  rules?: PluginRules;
  contributes: {
    /** Template fields (`$name`) a code plugin computes. */
    fields?: string[];
    /** Release classifiers of a code plugin, by name; their reasons are shown under the plugin's name. */
    classifiers?: string[];
    /** Template functions (`%name{a,b}`) a code plugin computes, one answer per distinct argument list. */
    functions?: string[];
    /** Enrichers of a code plugin, by name: they propose changes per release, which the user reviews in the plan. */
    enrichers?: string[];
    /** Outputs of a code plugin, by name: files it asks the app to write after a run (src/core/plugin-outputs.ts). */
    outputs?: string[];
  };
  /** The tag fields (template field names: albumartist, album, year…) the plugin is given. */
  reads: string[];
  hosts?: PluginHost[];
}

export const CONTENT_TYPES: readonly ContentType[] = [
  'album', 'single', 'ep', 'live', 'compilation', 'soundtrack', 'collaboration', 'rarity', 'spokenword', 'podcast', 'classical',
];

const ID = /^[a-z][a-z0-9-]{1,39}$/;
const NAME = /^[a-z][a-z0-9_]{0,39}$/;
const HOST = /^[a-z0-9.-]{1,253}(:\d{1,5})?$/;
export const MAX_MANIFEST_BYTES = 64 * 1024;
export const MAX_MODULE_BYTES = 512 * 1024;
const MAX_LIST = 64;
const MAX_TEXT = 500;

export type ManifestCheck = { ok: true; manifest: PluginManifest } | { ok: false; problem: string };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown, max = MAX_TEXT): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;

class ManifestProblem extends Error {
  override name = 'ManifestProblem';
}

function names(v: unknown, what: string, pattern = NAME): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.length > MAX_LIST) throw new ManifestProblem(`its ${what} must be a list of at most ${MAX_LIST} names`);
  for (const n of v) if (typeof n !== 'string' || !pattern.test(n)) throw new ManifestProblem(`"${String(n).slice(0, 40)}" is not a valid name in its ${what}`);
  if (new Set(v).size !== v.length) throw new ManifestProblem(`its ${what} name something twice`);
  return v as string[];
}

function checkRules(v: unknown): PluginRules {
  if (!isRecord(v)) throw new ManifestProblem('its rules must be an object');
  const rules: PluginRules = {};
  if (v.presets !== undefined) {
    if (!Array.isArray(v.presets) || v.presets.length > MAX_LIST) throw new ManifestProblem('its presets must be a list');
    rules.presets = v.presets.map((p: unknown) => {
      if (!isRecord(p) || !text(p.id, 40) || !text(p.name, 100) || !text(p.rules, 10_000)) throw new ManifestProblem('each preset needs an id, a name and rules');
      return { id: p.id, name: p.name, description: typeof p.description === 'string' ? p.description.slice(0, MAX_TEXT) : '', rules: p.rules };
    });
  }
  if (v.paths !== undefined) {
    if (!text(v.paths, 10_000)) throw new ManifestProblem('its paths must be path rules as text');
    rules.paths = v.paths;
  }
  if (v.regex !== undefined) {
    if (!Array.isArray(v.regex) || v.regex.length > MAX_LIST) throw new ManifestProblem('its regex rules must be a list');
    rules.regex = v.regex.map((r: unknown, i: number) => {
      if (!isRecord(r) || typeof r.field !== 'string' || !NAME.test(r.field) || !text(r.pattern, 200)) throw new ManifestProblem(`regex rule ${i + 1} needs a field and a pattern of at most 200 characters`);
      if (r.flags !== undefined && r.flags !== '' && r.flags !== 'i') throw new ManifestProblem(`regex rule ${i + 1} may only use the flag "i"`);
      try {
        new RegExp(r.pattern, (r.flags as string | undefined) ?? '');
      } catch {
        throw new ManifestProblem(`regex rule ${i + 1} has a pattern that is not a valid regular expression`);
      }
      const type = r.type === undefined ? undefined : CONTENT_TYPES.find((t) => t === r.type);
      if (r.type !== undefined && !type) throw new ManifestProblem(`regex rule ${i + 1} names an unknown content type`);
      if (r.path !== undefined && !text(r.path, 1000)) throw new ManifestProblem(`regex rule ${i + 1} has an empty path`);
      // It becomes one line of the path rules: a line break would add rules the install dialog never showed.
      if (typeof r.path === 'string' && /[\r\n\u2028\u2029]/.test(r.path)) throw new ManifestProblem(`regex rule ${i + 1}'s path must be one line`);
      if (!type && r.path === undefined) throw new ManifestProblem(`regex rule ${i + 1} needs a content type or a path`);
      return { field: r.field, pattern: r.pattern, flags: r.flags === 'i' ? 'i' : '', type, path: r.path as string | undefined };
    });
  }
  if (v.fields !== undefined) {
    if (!isRecord(v.fields) || Object.keys(v.fields).length > MAX_LIST) throw new ManifestProblem('its fields must map names to templates');
    rules.fields = {};
    for (const [name, template] of Object.entries(v.fields)) {
      if (!NAME.test(name) || !text(template, 1000)) throw new ManifestProblem(`field "${name.slice(0, 40)}" needs a name and a template`);
      rules.fields[name] = template;
    }
  }
  return rules;
}

/** Checks parsed JSON as a manifest: every field's type, size and spelling; unknown fields are dropped. */
export function checkManifest(json: unknown): ManifestCheck {
  try {
    if (!isRecord(json)) throw new ManifestProblem('it is not a JSON object');
    const { id, name, version, apiVersion } = json;
    if (typeof id !== 'string' || !ID.test(id)) throw new ManifestProblem('its id must be 2–40 lower-case letters, digits or "-", starting with a letter');
    if (!text(name, 80)) throw new ManifestProblem('it has no name');
    if (!text(version, 40)) throw new ManifestProblem('it has no version');
    if (apiVersion !== PLUGIN_API_VERSION) throw new ManifestProblem(`it is written for plugin API version ${String(apiVersion).slice(0, 10)}; this app speaks version ${PLUGIN_API_VERSION}`);
    const contributes = isRecord(json.contributes) ? json.contributes : {};
    const manifest: PluginManifest = {
      id,
      name,
      version,
      apiVersion,
      contributes: { fields: names(contributes.fields, 'fields'), classifiers: names(contributes.classifiers, 'classifiers'), enrichers: names(contributes.enrichers, 'enrichers') },
      reads: names(json.reads, 'fields read'),
    };
    if (typeof json.description === 'string') manifest.description = json.description.slice(0, MAX_TEXT);
    if (json.hosts !== undefined) {
      if (!Array.isArray(json.hosts) || json.hosts.length > 8) throw new ManifestProblem('its hosts must be a list of at most 8');
      manifest.hosts = json.hosts.map((h: unknown) => {
        if (!isRecord(h) || typeof h.host !== 'string' || !HOST.test(h.host)) throw new ManifestProblem('each host needs a host name');
        if (!text(h.why, 200)) throw new ManifestProblem(`it does not say why it needs ${h.host}`);
        return { host: h.host, why: h.why };
      });
    }
    if (json.module !== undefined && json.rules !== undefined) throw new ManifestProblem('it has both a module and rules');
    if (json.module !== undefined) {
      if (!text(json.module, 500)) throw new ManifestProblem('its module must be a URL');
      manifest.module = json.module;
      const functions = names(contributes.functions, 'functions');
      if (functions.length) manifest.contributes.functions = functions;
      const outputs = names(contributes.outputs, 'outputs');
      if (outputs.length) manifest.contributes.outputs = outputs;
      if (manifest.contributes.fields!.length + manifest.contributes.classifiers!.length + manifest.contributes.enrichers!.length + functions.length + outputs.length === 0) throw new ManifestProblem('it contributes nothing');
    } else if (json.rules !== undefined) {
      manifest.rules = checkRules(json.rules);
      if (manifest.hosts?.length) throw new ManifestProblem('a rules plugin cannot reach any host');
      manifest.contributes = { fields: Object.keys(manifest.rules.fields ?? {}) };
    } else {
      throw new ManifestProblem('it has neither a module nor rules');
    }
    return { ok: true, manifest };
  } catch (e) {
    if (e instanceof ManifestProblem) return { ok: false, problem: e.message };
    throw e;
  }
}

/** Whether the manifest's code runs in the sandbox (a module) or its rules run in the planner. */
export const isCodePlugin = (m: PluginManifest): boolean => m.module !== undefined;

/** The names a plugin adds to the shared vocabulary; two plugins may not add the same one. */
export function contributedNames(m: PluginManifest): string[] {
  const names = [
    ...(m.contributes.fields ?? []).map((f) => `field $${f}`),
    ...(m.contributes.classifiers ?? []).map((c) => `classifier ${c}`),
    ...(m.contributes.functions ?? []).map((f) => `function %${f}`),
    ...(m.contributes.enrichers ?? []).map((e) => `enricher ${e}`),
    ...(m.contributes.outputs ?? []).map((o) => `output ${o}`),
    ...(m.rules?.presets ?? []).map((p) => `preset "${p.id}"`),
  ];
  return names;
}

/** A plugin already there, as far as clashes are concerned. */
export interface Neighbour {
  id: string;
  name: string;
  names: readonly string[];
}

/**
 * Why `candidate` cannot join `others` (the built-ins count as one of them), naming both plugins;
 * undefined when it can. A plugin replacing an older version of itself is no clash.
 */
export function clashOf(candidate: PluginManifest, others: readonly Neighbour[]): string | undefined {
  const mine = new Set(contributedNames(candidate));
  for (const other of others) {
    if (other.id === candidate.id) continue;
    const shared = other.names.filter((n) => mine.has(n));
    if (shared.length > 0) return `"${candidate.name}" adds ${shared.join(', ')}, which "${other.name}" already adds.`;
  }
  return undefined;
}

/** `…#plugin=<manifest URL>&sha256=<hash>`: the link that installs a plugin pinned to these bytes. */
export function shareLink(appUrl: string, manifestUrl: string, sha256: string): string {
  const base = appUrl.split('#')[0]!;
  return `${base}#plugin=${encodeURIComponent(manifestUrl)}&sha256=${sha256}`;
}

/**
 * A rules plugin with no server travels inside its link: the manifest URL is a base64 `data:` URL
 * (`#plugin=data:application/json;base64,…&sha256=…`), pinned by the hash like any other link.
 * Only a rules plugin may: a code plugin's module has nowhere to be fetched from.
 */
export const isInlineManifest = (manifestUrl: string): boolean => manifestUrl.startsWith('data:application/json;base64,');

/** The manifest URL and hash of a share link's fragment ("#plugin=…&sha256=…"), or undefined if it is none. */
export function readShareLink(fragment: string): { manifestUrl: string; sha256: string } | undefined {
  const params = new URLSearchParams(fragment.replace(/^#/, ''));
  const manifestUrl = params.get('plugin');
  const sha256 = params.get('sha256')?.toLowerCase();
  if (!manifestUrl || !sha256 || !/^[0-9a-f]{64}$/.test(sha256)) return undefined;
  try {
    const url = new URL(manifestUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:' && !isInlineManifest(manifestUrl)) return undefined;
  } catch {
    return undefined;
  }
  return { manifestUrl, sha256 };
}

/** What changed between two versions of a manifest, for the update offer; hosts and fields read are highlighted. */
export function manifestChanges(before: PluginManifest, after: PluginManifest): { newHosts: PluginHost[]; newReads: string[]; other: string[] } {
  const hadHost = new Set((before.hosts ?? []).map((h) => h.host));
  const newHosts = (after.hosts ?? []).filter((h) => !hadHost.has(h.host));
  const newReads = after.reads.filter((f) => !before.reads.includes(f));
  const other: string[] = [];
  if (before.version !== after.version) other.push(`version ${before.version} → ${after.version}`);
  const was = new Set(contributedNames(before));
  const now = new Set(contributedNames(after));
  for (const n of now) if (!was.has(n)) other.push(`adds ${n}`);
  for (const n of was) if (!now.has(n)) other.push(`no longer adds ${n}`);
  for (const h of before.hosts ?? []) if (!(after.hosts ?? []).some((a) => a.host === h.host)) other.push(`no longer reaches ${h.host}`);
  for (const f of before.reads) if (!after.reads.includes(f)) other.push(`no longer reads ${f}`);
  return { newHosts, newReads, other };
}
