// The path template language: beets-compatible templates, functions, `paths:` rules and presets.

export type * from './types.ts';
export { parseTemplate, checkTemplate, unknownFunctions, templateFields, escapeTemplateText, type ParseOptions } from './parse.ts';
export { renderTemplate, TemplateFunctionError } from './render.ts';
export { builtinFunctions, eagerFunction, lazyFunction, isTruthy, moveArticle, pythonInt } from './functions.ts';
export { asciify } from './asciify.ts';
export { disambiguate, uniqueRequest, AUNIQUE_DEFAULTS, SUNIQUE_DEFAULTS } from './aunique.ts';
export {
  parseQuery,
  matchQuery,
  KEYWORD_FIELDS,
  type FieldLookup,
  type Matcher,
  type Query,
  type QueryError,
  type QueryParse,
  type QueryTerm,
} from './query.ts';
export {
  parsePathRules,
  withBuiltinRules,
  BEETS_DEFAULT_PATHS,
  chooseRule,
  NoDefaultRuleError,
  type PathRule,
  type PathRulesError,
  type PathRulesParse,
  type PathRulesWarning,
} from './path-rules.ts';
export { presets, type PathPreset } from './presets.ts';
