// The custom rules the user writes on the Plugins page (issue 14, point 14): rows of field, regex
// and what a match gets (a content type or a path rule). They are kept as an ordinary rules plugin
// (one manifest in the `plugins` store, run by plugin-rules.ts like any shared one), so there is
// one mechanism, not two. Here: turning rows into that manifest, saying what is wrong with a row
// in plain words, and counting the releases each row matches for the editor.
import type { Release } from './model.ts';
import type { FieldGetter } from './registry.ts';
import { checkManifest, PLUGIN_API_VERSION, type PluginManifest, type RegexRule } from './plugin-manifest.ts';
import { regexMatcher, riskyPattern } from './plugin-rules.ts';
import { parseTemplate } from './template/index.ts';

/** The id of the one custom rules plugin a browser keeps. */
export const CUSTOM_RULES_ID = 'custom-rules';

/** How many releases a row matches, or why it cannot be used (neither: not counted, no library open). */
export interface RuleCount {
  releases?: number;
  problem?: string;
}

type Fields = ReadonlyMap<string, FieldGetter>;

/** What is wrong with one row, in words shown beside it; undefined when it can be used. */
export function ruleProblem(rule: RegexRule, fields: ReadonlySet<string>): string | undefined {
  if (!rule.field) return 'Choose a field.';
  if (!fields.has(rule.field)) return `There is no field “${rule.field.slice(0, 40)}”.`;
  if (!rule.pattern) return 'Type a pattern.';
  if (rule.pattern.length > 200) return 'The pattern is longer than 200 characters.';
  try {
    new RegExp(rule.pattern, rule.flags === 'i' ? 'i' : '');
  } catch (e) {
    return `The pattern is not a valid regular expression (${(e as Error).message.replace(/^Invalid regular expression: /, '')}).`;
  }
  const risk = riskyPattern(rule.pattern);
  if (risk) return `The pattern is refused: ${risk}, which could take forever on some names.`;
  if (!rule.type && !rule.path?.trim()) return 'Choose a content type or type a path rule.';
  if (rule.path !== undefined && !rule.type) {
    if (rule.path.length > 1000 || /[\r\n]/.test(rule.path)) return 'The path rule must be one line of at most 1,000 characters.';
    const parsed = parseTemplate(rule.path);
    if (!parsed.ok) return `The path rule cannot be read: ${parsed.error.message}.`;
  }
  return undefined;
}

/**
 * Per row, the releases it matches (a content type rule looks at a release's first track, as the
 * classifier does; a path rule at any of its tracks), or the row's problem.
 */
export function countRuleMatches(rules: readonly RegexRule[], fields: Fields, releases: readonly Release[]): RuleCount[] {
  const names = new Set(fields.keys());
  return rules.map((rule) => {
    const problem = ruleProblem(rule, names);
    if (problem) return { problem };
    const matches = regexMatcher(rule, fields);
    let count = 0;
    for (const release of releases) {
      const tracks = rule.type ? release.recordings.slice(0, 1) : release.recordings;
      if (tracks.some((r) => matches(r, release))) count++;
    }
    return { releases: count };
  });
}

function manifestOf(id: string, name: string, rules: readonly RegexRule[], description: string): PluginManifest {
  const regex = rules.map((r) => ({ field: r.field, pattern: r.pattern, flags: r.flags === 'i' ? 'i' : '', ...(r.type ? { type: r.type } : { path: r.path }) }));
  const json = { id, name, version: '1', apiVersion: PLUGIN_API_VERSION, description, reads: [...new Set(rules.map((r) => r.field))].sort(), rules: { regex } };
  const check = checkManifest(json);
  // Rows are checked one by one before they get here; a manifest that still fails is a bug.
  if (!check.ok) throw new Error(`The custom rules do not make a valid plugin: ${check.problem}`);
  return check.manifest;
}

/** The user's own rules plugin, from the rows that can be used. */
export function customRulesManifest(rules: readonly RegexRule[]): PluginManifest {
  return manifestOf(CUSTOM_RULES_ID, 'Custom rules', rules, 'Rules written on the Plugins page of this browser.');
}

/**
 * The rules as they travel in a share link: under their own id (`tag`, a few hex digits of their
 * hash) so that installing them never replaces the receiver's own custom rules.
 */
export function sharedRulesManifest(rules: readonly RegexRule[], tag: string): PluginManifest {
  return manifestOf(`shared-rules-${tag}`, `Shared rules ${tag}`, rules, 'Custom rules someone shared as a link.');
}
