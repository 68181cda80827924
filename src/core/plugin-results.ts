// Code plugins answer asynchronously, in a sandbox; the planner is synchronous. So the planner
// first names the distinct inputs each plugin needs (the fields its manifest reads, per recording
// or per release), the host asks the plugin about them in one batch, and the answers come back as
// a table the planner reads through ordinary field getters and classifiers. Editing the path rules
// asks no plugin again: the inputs have not changed, and the host keeps the answers per plugin
// hash and input.
import type { Classification, ContentType, Recording, Release } from './model.ts';
import type { ClassificationRule } from './classify.ts';
import type { FieldGetter, OrganizerPlugin } from './registry.ts';
import type { PluginManifest } from './plugin-manifest.ts';
import { answeredFunction, type FunctionCall } from './plugin-functions.ts';

/** What a plugin is given about one recording: the fields its manifest reads, as their template text. */
export type FieldInput = Record<string, string>;
/** What a classifier is given about one release: the fields read, from its first track, and `tracks`, its track count. */
export type ReleaseInput = Record<string, string>;

/** A classifier's answer: a content type, how sure (0..1), and why, in plain words. */
export interface PluginVerdict {
  type: ContentType;
  confidence: number;
  reason: string;
}

interface KeyedInput {
  key: string;
  input: Record<string, string>;
}

/** The distinct inputs one code plugin needs for the current library. */
export interface PluginInputs {
  fields: KeyedInput[];
  releases: KeyedInput[];
  /** Per template function, the distinct argument lists the path rules call it with (plugin-functions.ts). */
  functions?: Record<string, FunctionCall[]>;
}

/** A code plugin's answers, by contribution name and input key. */
export interface PluginAnswers {
  id: string;
  name: string;
  fields: Record<string, Record<string, string>>;
  classifiers: Record<string, Record<string, PluginVerdict | null>>;
  /** Per template function, its answers by argument list key (callKey). */
  functions?: Record<string, Record<string, string>>;
}

type Fields = ReadonlyMap<string, FieldGetter>;

function read(fields: Fields, names: readonly string[], recording: Recording, release: Release | undefined): FieldInput {
  const input: FieldInput = Object.create(null) as FieldInput;
  for (const name of names) {
    let value = '';
    try {
      value = fields.get(name)?.({ recording, release }) ?? '';
    } catch {
      // A field that needs what is not there yet (the classification, while classifying) reads ''.
    }
    input[name] = value;
  }
  return input;
}

/** The fields `names` of a release, read from its first track, as a plugin is given them. */
export const releaseFields = (fields: Fields, names: readonly string[], release: Release): Record<string, string> => read(fields, names, release.recordings[0]!, release);

const keyOf = (names: readonly string[], input: Record<string, string>): string => JSON.stringify(names.map((n) => input[n] ?? ''));

function releaseInput(fields: Fields, names: readonly string[], release: Release): ReleaseInput {
  const first = release.recordings[0]!;
  return { ...read(fields, names, first, release), tracks: String(release.recordings.length) };
}

/** The distinct inputs of `manifest` over the releases and lone recordings of a plan. */
export function pluginInputs(manifest: PluginManifest, fields: Fields, releases: readonly Release[], singletons: readonly Recording[]): PluginInputs {
  const names = manifest.reads;
  const fieldInputs = new Map<string, KeyedInput>();
  const releaseInputs = new Map<string, KeyedInput>();
  const wantsFields = (manifest.contributes.fields ?? []).length > 0;
  const wantsReleases = (manifest.contributes.classifiers ?? []).length > 0;
  const addField = (recording: Recording, release: Release | undefined) => {
    const input = read(fields, names, recording, release);
    const key = keyOf(names, input);
    if (!fieldInputs.has(key)) fieldInputs.set(key, { key, input });
  };
  for (const release of releases) {
    if (wantsFields) for (const r of release.recordings) addField(r, release);
    if (wantsReleases) {
      const input = releaseInput(fields, names, release);
      const key = keyOf([...names, 'tracks'], input);
      if (!releaseInputs.has(key)) releaseInputs.set(key, { key, input });
    }
  }
  if (wantsFields) for (const r of singletons) addField(r, undefined);
  return { fields: [...fieldInputs.values()], releases: [...releaseInputs.values()] };
}

/**
 * A code plugin as the registry sees it: its fields and classifiers read the answers table. An
 * input the table lacks (a recording the host never asked about) reads '' / abstains.
 */
export function answeredPlugin(manifest: PluginManifest, answers: PluginAnswers, fields: Fields): OrganizerPlugin {
  const names = manifest.reads;
  const plugin: OrganizerPlugin = { id: manifest.id, name: manifest.name, fields: {}, classifiers: [] };
  // A recording's input key, once per plan: the path, its queries and %aunique may each ask for the
  // field, and reading the fields it depends on costs more than the plan can spare (issue 14, point
  // 17). Kept per release object, which each plan makes anew, so a later plan never reads a stale key.
  const keys = new WeakMap<object, Map<Recording, string>>();
  const loners = new WeakMap<Recording, string>();
  // As keyOf(names, read(…)), without the object in between.
  const inputKey = (recording: Recording, release: Release | undefined): string =>
    JSON.stringify(
      names.map((name) => {
        try {
          return fields.get(name)?.({ recording, release }) ?? '';
        } catch {
          return '';
        }
      }),
    );
  const keyFor = (recording: Recording, release: Release | undefined): string => {
    if (!release) {
      let key = loners.get(recording);
      if (key === undefined) loners.set(recording, (key = inputKey(recording, undefined)));
      return key;
    }
    let perRelease = keys.get(release);
    if (!perRelease) keys.set(release, (perRelease = new Map()));
    let key = perRelease.get(recording);
    if (key === undefined) perRelease.set(recording, (key = inputKey(recording, release)));
    return key;
  };
  for (const field of manifest.contributes.fields ?? []) {
    const table = answers.fields[field] ?? {};
    plugin.fields![field] = ({ recording, release }) => table[keyFor(recording, release)] ?? '';
  }
  for (const classifier of manifest.contributes.classifiers ?? []) {
    const table = answers.classifiers[classifier] ?? {};
    const rule: ClassificationRule = (release) => {
      const verdict = table[keyOf([...names, 'tracks'], releaseInput(fields, names, release as Release))];
      if (!verdict) return undefined;
      const found: Classification = { type: verdict.type, confidence: verdict.confidence, reasons: [`${verdict.reason} (${manifest.name})`] };
      return found;
    };
    plugin.classifiers!.push(rule);
  }
  const functions = manifest.contributes.functions ?? [];
  if (functions.length) plugin.templateFunctions = Object.fromEntries(functions.map((f) => [f, answeredFunction(answers.functions?.[f] ?? {})]));
  return plugin;
}
