// Rules plugins: JSON only, no code, so they run where the planner runs. A regex rule maps a field
// to a content type (a classifier that outranks the built-in guesses) or to a path rule; a field
// rule defines a new field by a template over the existing ones; presets and path rules join the
// user's. Regexes come from strangers: the input they see is capped, and patterns that can
// backtrack without end (a quantified group holding a quantifier, back references) are refused.
import type { Classification, Recording, Release } from './model.ts';
import type { ClassificationRule } from './classify.ts';
import type { FieldGetter, OrganizerPlugin } from './registry.ts';
import type { TemplateFunction } from './template/types.ts';
import type { PluginManifest, RegexRule } from './plugin-manifest.ts';
import { parseTemplate, renderTemplate } from './template/index.ts';

class RulesPluginError extends Error {
  override name = 'RulesPluginError';
}

/** A regex sees at most this many characters of a field: with safe patterns, time stays linear and small. */
export const REGEX_INPUT_CAP = 256;

/** Why a pattern may backtrack without end, or undefined when it is safe enough to run on capped input. */
export function riskyPattern(pattern: string): string | undefined {
  if (/\\[1-9]|\\k</.test(pattern)) return 'it uses a back reference';
  // A group that holds a quantifier and is itself quantified: (a+)+, (a|aa)*, (\w*\s?)*…
  const groups: { quantified: boolean; alternatives: boolean }[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
      continue;
    }
    if (c === '(') groups.push({ quantified: false, alternatives: false });
    else if (c === '|' && groups.length) groups[groups.length - 1]!.alternatives = true;
    else if (c === '*' || c === '+' || c === '{') {
      if (groups.length) groups[groups.length - 1]!.quantified = true;
    } else if (c === ')') {
      const inner = groups.pop();
      const next = pattern[i + 1];
      const repeated = next === '*' || next === '+' || next === '{';
      if (inner && repeated && (inner.quantified || inner.alternatives)) return 'it repeats a group that can match in more than one way';
      if (inner?.quantified && groups.length) groups[groups.length - 1]!.quantified = true;
    }
  }
  return undefined;
}

/** What a rules plugin adds to the registry, and the path rules that go before the user's. */
export interface RulesPluginParts {
  plugin: OrganizerPlugin;
  /** Path rules in beets' `paths:` syntax ('' when none). */
  paths: string;
}

type Fields = ReadonlyMap<string, FieldGetter>;

/** A field's value, or '' when it cannot be had here (e.g. `kind` while classifying). */
function valueOf(fields: Fields, name: string, recording: Recording, release: Release | undefined): string {
  try {
    return fields.get(name)?.({ recording, release }) ?? '';
  } catch {
    return '';
  }
}

/** The name of the hidden field behind a regex path rule: the path rule asks for it. */
const ruleField = (id: string, index: number) => `${id.replace(/-/g, '_')}_rule_${index + 1}`;

function compile(rule: RegexRule): RegExp {
  const risk = riskyPattern(rule.pattern);
  if (risk) throw new RulesPluginError(`The pattern /${rule.pattern}/ is refused: ${risk}.`);
  return new RegExp(rule.pattern, rule.flags ?? '');
}

/** Whether a recording matches `rule`, exactly as the plan applies it. Throws RulesPluginError for a refused pattern. */
export function regexMatcher(rule: RegexRule, fields: Fields): (recording: Recording, release: Release | undefined) => boolean {
  const pattern = compile(rule);
  return (recording, release) => pattern.test(valueOf(fields, rule.field, recording, release).slice(0, REGEX_INPUT_CAP));
}

/**
 * The registry parts of a rules plugin, reading `fields` and `functions` (the built-ins') for its
 * templates and regexes. Throws RulesPluginError, naming the rule, when one cannot be used.
 */
export function rulesPlugin(manifest: PluginManifest, fields: Fields, functions: ReadonlyMap<string, TemplateFunction>): RulesPluginParts {
  const rules = manifest.rules ?? {};
  const plugin: OrganizerPlugin = { id: manifest.id, name: manifest.name, fields: {}, classifiers: [], presets: rules.presets ?? [] };
  const pathLines: string[] = rules.paths ? [rules.paths.trim()] : [];

  for (const [name, source] of Object.entries(rules.fields ?? {})) {
    const parsed = parseTemplate(source, { functions });
    if (!parsed.ok) throw new RulesPluginError(`The field $${name} has a template that cannot be read: ${parsed.error.message}.`);
    const template = parsed.template;
    plugin.fields![name] = ({ recording, release }) => renderTemplate(template, { field: (n) => (fields.has(n) ? valueOf(fields, n, recording, release) : undefined), functions });
  }

  (rules.regex ?? []).forEach((rule, index) => {
    const matches = regexMatcher(rule, fields);
    if (rule.type) {
      const verdict: Classification = { type: rule.type, confidence: 0.99, reasons: [`${rule.field} matches /${rule.pattern}/ (${manifest.name})`] };
      const classifier: ClassificationRule = (release) => {
        const first = release.recordings[0];
        return first && matches(first, release as Release) ? verdict : undefined;
      };
      plugin.classifiers!.push(classifier);
    }
    if (rule.path) {
      const name = ruleField(manifest.id, index);
      plugin.fields![name] = ({ recording, release }) => (matches(recording, release) ? 'yes' : '');
      pathLines.push(`${name}:=yes: ${rule.path}`);
    }
  });
  return { plugin, paths: pathLines.join('\n') };
}
