// What the path-rules editor says before Apply about rules that parse but would misfile: a field
// that does not exist (beets keeps `$albumartst` as written, so every album would land in a
// folder literally named "$albumartst"), a rule with neither title nor track (the tracks of a
// release would all want one name), and the names several files would share. An unknown field
// blocks Apply; the others are warnings the user may accept.
import type { Conflict } from './model.ts';
import type { PathRule, Template } from './template/index.ts';

export interface RulesAdvice {
  kind: 'unknown-field' | 'no-title' | 'same-name';
  /** Apply stays disabled while this holds. */
  blocks: boolean;
  message: string;
  /** 1-based line of the rule it is about, when it is about one. */
  line?: number;
}

/** Fields that tell the tracks of one release apart. */
const TRACK_FIELDS = new Set(['title', 'track']);

/** Every field a template reads, with its spelling as written. */
function fieldsOf(template: Template, into: { name: string; source: string }[] = []): { name: string; source: string }[] {
  for (const node of template.nodes) {
    if (node.kind === 'field') into.push({ name: node.name, source: node.source });
    else if (node.kind === 'call') for (const arg of node.args) fieldsOf(arg, into);
  }
  return into;
}

/** Levenshtein distance, cut off early: only near misses are worth suggesting. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    previous = row;
  }
  return previous[b.length]!;
}

/** The known field closest to `name` (a typo of it), or undefined when none is near. */
export function closestField(name: string, known: Iterable<string>): string | undefined {
  let best: { field: string; d: number } | undefined;
  const lower = name.toLowerCase();
  for (const field of known) {
    const d = field === lower ? 0.5 : distance(lower, field);
    if (d < (best?.d ?? Infinity)) best = { field, d };
  }
  return best && best.d <= Math.max(2, Math.floor(name.length / 3)) ? best.field : undefined;
}

/** Unknown fields, one advice per rule and field, with the nearest known field suggested. */
export function unknownFieldAdvice(rules: readonly PathRule[], known: ReadonlySet<string>): RulesAdvice[] {
  const advice: RulesAdvice[] = [];
  for (const rule of rules) {
    const seen = new Set<string>();
    for (const field of fieldsOf(rule.template)) {
      if (known.has(field.name) || seen.has(field.name)) continue;
      seen.add(field.name);
      const near = closestField(field.name, known);
      advice.push({
        kind: 'unknown-field',
        blocks: true,
        line: rule.line,
        message: `Line ${rule.line}: ${field.source} is not a field, so it would stay as written and make a folder or file literally named "${field.source}".${near ? ` Did you mean $${near}?` : ''}`,
      });
    }
  }
  return advice;
}

/** Rules whose template names neither the title nor the track: every track of a release would want the same name. */
export function noTitleAdvice(rules: readonly PathRule[]): RulesAdvice[] {
  return rules
    .filter((rule) => !fieldsOf(rule.template).some((f) => TRACK_FIELDS.has(f.name)))
    .map((rule) => ({
      kind: 'no-title' as const,
      blocks: false,
      line: rule.line,
      message: `Line ${rule.line} ("${rule.key}") has no $title or $track, so the tracks it files would share one name and be numbered (2), (3)…`,
    }));
}

/** How many files the plan numbers because they want one name, with a few examples. */
export function sameNameAdvice(conflicts: readonly Conflict[], examples = 3): RulesAdvice | null {
  if (conflicts.length === 0) return null;
  const files = conflicts.reduce((n, c) => n + c.sources.length, 0);
  const biggest = [...conflicts].sort((a, b) => b.sources.length - a.sources.length || (a.target < b.target ? -1 : 1)).slice(0, examples);
  const named = biggest.map((c) => `${c.target} (${c.sources.length} files)`).join(', ');
  return {
    kind: 'same-name',
    blocks: false,
    message: `${files} files would share ${conflicts.length} ${conflicts.length === 1 ? 'name' : 'names'} and be numbered (2), (3)…, for example ${named}.`,
  };
}

/** Everything the editor says about these rules and their plan: what blocks Apply first. */
export function rulesAdvice(rules: readonly PathRule[], known: ReadonlySet<string>, conflicts: readonly Conflict[]): RulesAdvice[] {
  const same = sameNameAdvice(conflicts);
  return [...unknownFieldAdvice(rules, known), ...noTitleAdvice(rules), ...(same ? [same] : [])];
}
