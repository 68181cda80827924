// The public surface a plugin is written against. Built-in plugins use nothing else.
export type { OrganizerPlugin, FieldGetter, FieldContext, TagFixer, Registration } from './registry.ts';
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
