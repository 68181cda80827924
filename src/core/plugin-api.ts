// The public surface a plugin is written against. Built-in plugins use nothing else.
export type { OrganizerPlugin, FieldGetter, FieldContext, TagFixer, Registration, OutputMaker, OutputInput, OutputTrack, OutputFile } from './registry.ts';
export type { ClassificationRule, ClassifiableRelease, ClassifyContext } from './classify.ts';
export type { TemplateFunction, TemplateContext, Template } from './template/types.ts';
export type { PathPreset } from './template/presets.ts';
export type { Recording, Release, Tags, AudioInfo, Classification, ContentType, FileEntry } from './model.ts';
export { builtinClassifiers } from './classify.ts';
export { builtinFunctions } from './template/functions.ts';
export { presets as builtinPresets } from './template/presets.ts';
// Name helpers that fields and rules need to agree with grouping.
export { nameKey, primaryArtist } from './names.ts';
export { isVariousArtists } from './artist-spelling.ts';
// Outputs: playlist text, paths relative to the file that lists them, beets' queries, portable names.
export { m3u8Text, relativePath, type PlaylistEntry } from './playlist-text.ts';
export { parseQuery, matchQuery } from './template/query.ts';
export { sanitizeComponent } from './sanitize.ts';

// Shared plugins (issue 14): the manifest every plugin ships, and what a code plugin's module
// exports. A code plugin runs in a sandbox and sees only plain data: for each distinct input (the
// fields its manifest `reads`) it returns a field value or a verdict; the host batches and caches.
export type { PluginManifest, PluginHost, PluginRules, RegexRule } from './plugin-manifest.ts';
export { PLUGIN_API_VERSION } from './plugin-manifest.ts';
export { MAX_OUTPUT_FILES, MAX_OUTPUT_FILE_CHARS, MAX_OUTPUT_TOTAL_CHARS } from './plugin-outputs.ts';
export type { FieldInput, ReleaseInput, PluginVerdict } from './plugin-results.ts';
export type { EnricherInput, EnricherTrack, EnrichAnswer, Enrichment, ReleaseField, TrackField } from './enrichment.ts';
import type { FieldInput, ReleaseInput, PluginVerdict } from './plugin-results.ts';
import type { EnricherInput, EnrichAnswer } from './enrichment.ts';
import type { OutputFile, OutputInput } from './registry.ts';

/** What the host lends a code plugin while it answers. */
export interface PluginContext {
  /** JSON from a host the manifest declares, fetched by the app (rate-limited, cached offline). */
  fetchJson(url: string): Promise<unknown>;
  /** The hosts its manifest declares, in order ("musicbrainz.org", or "localhost:8080" for a test copy). */
  hosts: readonly string[];
}

/** The default export of a code plugin's module. Every answer is plain data; may be async. */
export interface CodePlugin {
  fields?: Record<string, (input: FieldInput, context: PluginContext) => string | Promise<string>>;
  classifiers?: Record<string, (release: ReleaseInput, context: PluginContext) => PluginVerdict | null | Promise<PluginVerdict | null>>;
  /** Template functions: `%name{a,b}` calls `name(['a', 'b'], context)` once per distinct argument list. */
  functions?: Record<string, (args: string[], context: PluginContext) => string | Promise<string>>;
  /** Proposed changes for one release (the user reviews them in the plan), null for none, or `{ problem }` when it could not look (offline). */
  enrichers?: Record<string, (release: EnricherInput, context: PluginContext) => EnrichAnswer | Promise<EnrichAnswer>>;
  /**
   * Files to write after a run, asked once the plan is made: the plan's releases (the fields it
   * reads, each track's path after the run) in, `{ files: [{ path, text }], notes? }` out. Limits
   * and path rules: src/core/plugin-outputs.ts; the app writes them, never over an existing file.
   */
  outputs?: Record<string, (plan: OutputInput, context: PluginContext) => { files: OutputFile[]; notes?: string[] } | Promise<{ files: OutputFile[]; notes?: string[] }>>;
}
