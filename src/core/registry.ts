// What plugins can add, as data (in the spirit of beets): template fields, template functions,
// classification rules, tag fixes and path presets. The built-in behaviour is itself a plugin
// registered here, so a stranger's plugin uses exactly the same doors. A plugin that would
// replace something already registered is refused whole, with the conflicts named.
import type { ClassificationRule } from './classify.ts';
import type { FileEntry, Recording, Release, Tags } from './model.ts';
import type { TemplateFunction } from './template/types.ts';
import type { PathPreset } from './template/presets.ts';

export interface FieldContext {
  recording: Recording;
  /** Undefined for recordings outside any release (singletons). */
  release: Release | undefined;
}

/** A template field. Return '' for "known but empty", undefined only if the name is not a field here. */
export type FieldGetter = (ctx: FieldContext) => string | undefined;

/** One track of a run's result as an output sees it: where it will be, and the fields the output reads. */
export interface OutputTrack {
  /** Its library path once the run is done. */
  path: string;
  /** Length in seconds when the headers said. */
  seconds?: number;
  /** The fields the output `reads`, as template text ("1969", "Jazz"). */
  fields: Record<string, string>;
}

/** What an output is given: the releases of the plan, with their tracks where the run puts them, and the user's options for it. */
export interface OutputInput {
  releases: { id: string; fields: Record<string, string>; tracks: OutputTrack[] }[];
  /** The options the user chose for this output (plain JSON, as the settings keep it). */
  options: unknown;
}

/** A file an output asks the app to write after a run's moves: a library path and its text. */
export interface OutputFile {
  path: string;
  text: string;
}

/**
 * A file-writing contribution (issue 14: "outputs after a run"). It runs when the plan is made, so
 * its files are shown before Apply and travel in the journal as plain text: apply and undo never
 * need the plugin. The app writes them through the journal, never over an existing file.
 */
export interface OutputMaker {
  /** The template fields each track (and its release) is given. */
  reads: string[];
  make(input: OutputInput): { files: OutputFile[]; notes?: string[] };
}

/** Corrects or completes tags after reading, before grouping (e.g. parse "Artist - Title" file names). */
export type TagFixer = (tags: Tags, file: FileEntry) => Partial<Tags> | undefined;

export interface OrganizerPlugin {
  id: string;
  name: string;
  fields?: Record<string, FieldGetter>;
  /**
   * How `paths:` queries see a field when that differs from its path text (beets' queries read
   * stored values: unpadded numbers, no fallbacks). Fields without one are queried by their text.
   */
  queryFields?: Record<string, FieldGetter>;
  templateFunctions?: Record<string, TemplateFunction>;
  classifiers?: ClassificationRule[];
  tagFixers?: TagFixer[];
  presets?: PathPreset[];
  /** Files written after a run, by output name (see OutputMaker). */
  outputs?: Record<string, OutputMaker>;
}

export type Registration = { ok: true } | { ok: false; conflicts: string[] };

export class PluginRegistry {
  private readonly plugins: OrganizerPlugin[] = [];

  register(plugin: OrganizerPlugin): Registration {
    const conflicts: string[] = [];
    if (this.plugins.some((p) => p.id === plugin.id)) conflicts.push(`plugin id "${plugin.id}"`);
    for (const name of Object.keys(plugin.fields ?? {})) if (this.fields.has(name)) conflicts.push(`field $${name}`);
    for (const name of Object.keys(plugin.queryFields ?? {})) if (this.queryFields.has(name)) conflicts.push(`query field ${name}`);
    for (const name of Object.keys(plugin.templateFunctions ?? {})) if (this.templateFunctions.has(name)) conflicts.push(`function %${name}`);
    for (const name of Object.keys(plugin.outputs ?? {})) if (this.outputs.has(name)) conflicts.push(`output ${name}`);
    for (const p of plugin.presets ?? []) if (this.presets.some((q) => q.id === p.id)) conflicts.push(`preset "${p.id}"`);
    if (conflicts.length > 0) return { ok: false, conflicts };
    this.plugins.push(plugin);
    return { ok: true };
  }

  get list(): readonly OrganizerPlugin[] {
    return this.plugins;
  }

  get fields(): ReadonlyMap<string, FieldGetter> {
    return new Map(this.plugins.flatMap((p) => Object.entries(p.fields ?? {})));
  }

  get queryFields(): ReadonlyMap<string, FieldGetter> {
    return new Map(this.plugins.flatMap((p) => Object.entries(p.queryFields ?? {})));
  }

  get templateFunctions(): ReadonlyMap<string, TemplateFunction> {
    return new Map(this.plugins.flatMap((p) => Object.entries(p.templateFunctions ?? {})));
  }

  /** In registration order: built-in rules first; a plugin outranks them through its confidence. */
  get classifiers(): readonly ClassificationRule[] {
    return this.plugins.flatMap((p) => p.classifiers ?? []);
  }

  get tagFixers(): readonly TagFixer[] {
    return this.plugins.flatMap((p) => p.tagFixers ?? []);
  }

  /** Output makers by name, with the plugin that contributes each. */
  get outputs(): ReadonlyMap<string, OutputMaker & { plugin: string }> {
    return new Map(this.plugins.flatMap((p) => Object.entries(p.outputs ?? {}).map(([name, o]) => [name, { ...o, plugin: p.name }] as const)));
  }

  get presets(): readonly PathPreset[] {
    return this.plugins.flatMap((p) => p.presets ?? []);
  }
}
