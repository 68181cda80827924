// The path template language: beets-compatible templates, functions, `paths:` rules and presets.

export type * from './types.ts';
export { parseTemplate, checkTemplate, unknownFunctions, templateFields, escapeTemplateText } from './parse.ts';
export { renderTemplate } from './render.ts';
export { builtinFunctions, eagerFunction, lazyFunction, isTruthy, moveArticle } from './functions.ts';
export { asciify } from './asciify.ts';
export { disambiguate, uniqueRequest, AUNIQUE_DEFAULTS } from './aunique.ts';
export { parseQuery, matchQuery, type QueryError } from './query.ts';
export {
  parsePathRules,
  withBuiltinRules,
  chooseRule,
  type PathRule,
  type PathRulesError,
  type PathRulesWarning,
} from './path-rules.ts';
export { presets, type PathPreset } from './presets.ts';
