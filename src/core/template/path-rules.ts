// beets' `paths:` configuration: one `query: template` line per rule, read with just enough YAML
// (quoted keys and values, comments, an optional enclosing `paths:` block, even inside a whole
// pasted config.yaml) that beets users can paste theirs. The first rule whose query matches wins;
// `default` is used when none does, wherever it is written. As in beets, its own `default:`,
// `singleton:` and `comp:` rules follow the user's rules unless the user wrote those keys.

import { parseTemplate, type ParseOptions } from './parse.ts';
import { matchQuery, parseQuery, type FieldLookup, type Query } from './query.ts';
import type { Template } from './types.ts';

export interface PathRule {
  /** The key as written ("default", "comp", "albumtype:soundtrack"). */
  key: string;
  /** null for `default`. `comp` and `singleton` mean `comp:true` and `singleton:true`, as in beets. */
  query: Query | null;
  template: Template;
  /** The template text (unquoted), which `template`'s offsets refer to. */
  source: string;
  /** 1-based line in the rules text. */
  line: number;
}

export interface PathRulesError {
  message: string;
  /** 1-based line. */
  line: number;
  /** Character offset into the whole rules text, for highlighting in the editor. */
  position: number;
  length: number;
}

/** Something beets accepts and the user may not mean: shown in the editor, never a refusal. */
export type PathRulesWarning = PathRulesError;

export type PathRulesParse =
  | { ok: true; rules: PathRule[]; warnings: PathRulesWarning[] }
  | { ok: false; error: PathRulesError };

/** beets' own `paths:` (config_default.yaml), merged after the user's as its configuration does. */
export const BEETS_DEFAULT_PATHS = `default: $albumartist/$album%aunique{}/$track $title
singleton: Non-Album/$artist/$title
comp: Compilations/$album%aunique{}/$track $title
`;

const SHORTHAND: Record<string, string> = { comp: 'comp:true', singleton: 'singleton:true' };

interface Line {
  text: string;
  offset: number;
  number: number;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let offset = 0;
  text.split('\n').forEach((raw, i) => {
    lines.push({ text: raw.endsWith('\r') ? raw.slice(0, -1) : raw, offset, number: i + 1 });
    offset += raw.length + 1;
  });
  return lines;
}

const indentOf = (text: string): number => text.length - text.trimStart().length;
const isBlank = (text: string): boolean => text.trim() === '' || text.trimStart().startsWith('#');

/** The lines holding rules: the children of a `paths:` header when there is one, else all of them. */
function ruleLines(lines: Line[]): Line[] {
  const header = lines.findIndex((line) => /^\s*paths\s*:\s*(#.*)?$/.test(line.text));
  if (header === -1) return lines;
  const headerIndent = indentOf(lines[header]?.text ?? '');
  const block: Line[] = [];
  for (const line of lines.slice(header + 1)) {
    if (!isBlank(line.text) && indentOf(line.text) <= headerIndent) break;
    block.push(line);
  }
  return block;
}

interface Scalar {
  value: string;
  /** Offset of the value's first character in the line (inside the quotes when quoted). */
  start: number;
  /** Offset just past the scalar (past the closing quote). */
  end: number;
}

class LineFailure {
  constructor(readonly message: string, readonly start: number, readonly length: number) {}
}

/** A YAML single- or double-quoted scalar starting at `from` (the quote). */
function quoted(text: string, from: number): Scalar {
  const quote = text[from];
  let value = '';
  for (let i = from + 1; i < text.length; i++) {
    const char = text[i] as string;
    if (quote === "'" && char === "'") {
      if (text[i + 1] === "'") {
        value += "'";
        i++;
        continue;
      }
      return { value, start: from + 1, end: i + 1 };
    }
    if (quote === '"' && char === '"') return { value, start: from + 1, end: i + 1 };
    if (quote === '"' && char === '\\') {
      const next = text[i + 1] ?? '';
      const hex = next === 'x' ? 2 : next === 'u' ? 4 : 0;
      if (hex) {
        value += String.fromCodePoint(parseInt(text.slice(i + 2, i + 2 + hex), 16) || 0xfffd);
        i += 1 + hex;
      } else {
        value += ({ n: '\n', t: '\t', '0': '\0' } as Record<string, string>)[next] ?? next;
        i++;
      }
      continue;
    }
    value += char;
  }
  throw new LineFailure(`Unclosed quote ${quote}`, from, 1);
}

function parseLine(text: string): { key: Scalar; value: Scalar } {
  let key: Scalar;
  let rest: number;
  const keyStart = indentOf(text);
  if (text[keyStart] === "'" || text[keyStart] === '"') {
    key = quoted(text, keyStart);
    const colon = /^\s*:(\s|$)/.exec(text.slice(key.end));
    if (!colon) throw new LineFailure('Expected ":" after the quoted query', key.end, 1);
    rest = key.end + colon[0].length;
  } else {
    // In YAML a key ends at the first ": "; colons inside it ("albumtype:live") belong to the query.
    const colon = /:(\s|$)/.exec(text.slice(keyStart));
    if (!colon) {
      throw new LineFailure('Expected "query: template", e.g. "default: $albumartist/$album/$track $title"', keyStart, text.length - keyStart);
    }
    const end = keyStart + colon.index;
    key = { value: text.slice(keyStart, end).trimEnd(), start: keyStart, end };
    rest = end + colon[0].length;
  }
  if (!key.value) throw new LineFailure('Missing query before ":"', keyStart, 1);

  const valueStart = rest + indentOf(text.slice(rest));
  let value: Scalar;
  if (text[valueStart] === "'" || text[valueStart] === '"') {
    value = quoted(text, valueStart);
    const trailing = text.slice(value.end);
    if (!isBlank(trailing)) throw new LineFailure('Unexpected text after the quoted template', value.end, trailing.length);
  } else {
    // A plain YAML value ends where " #" starts a comment.
    const comment = /\s#/.exec(text.slice(valueStart));
    const end = comment ? valueStart + comment.index : text.length;
    value = { value: text.slice(valueStart, end).trimEnd(), start: valueStart, end };
  }
  if (!value.value) throw new LineFailure(`Missing template for "${key.value}"`, key.start, key.end - key.start);
  return { key, value };
}

export function parsePathRules(text: string, options: ParseOptions = {}): PathRulesParse {
  const rules: PathRule[] = [];
  const warnings: PathRulesWarning[] = [];
  const seen = new Set<string>();
  for (const line of ruleLines(splitLines(text))) {
    if (isBlank(line.text) || /^\s*paths\s*:\s*(#.*)?$/.test(line.text)) continue;
    const fail = (message: string, start: number, length: number): PathRulesParse => ({
      ok: false,
      error: { message, line: line.number, position: line.offset + start, length },
    });
    let parsed: { key: Scalar; value: Scalar };
    try {
      parsed = parseLine(line.text);
    } catch (failure) {
      if (failure instanceof LineFailure) return fail(failure.message, failure.start, failure.length);
      throw failure;
    }
    const { key, value } = parsed;
    if (seen.has(key.value)) return fail(`Duplicate rule "${key.value}"`, key.start, key.end - key.start);
    seen.add(key.value);

    let query: Query | null = null;
    if (key.value !== 'default') {
      const result = parseQuery(SHORTHAND[key.value] ?? key.value);
      if (!result.ok) {
        const inKey = SHORTHAND[key.value] ? 0 : result.error.position;
        return fail(result.error.message, key.start + inKey, Math.max(1, result.error.length));
      }
      query = result.query;
    }
    const template = parseTemplate(value.value, options);
    if (!template.ok) {
      // Exact for plain values; inside quotes with escapes the offset may drift by the escapes.
      return fail(template.error.message, value.start + template.error.position, template.error.length);
    }
    for (const w of template.warnings) {
      warnings.push({ message: w.message, line: line.number, position: line.offset + value.start + w.position, length: w.length });
    }
    rules.push({ key: key.value, query, template: template.template, source: value.value, line: line.number });
  }
  if (!rules.some((rule) => rule.query === null)) {
    warnings.push({
      message: `No "default:" rule: beets' own applies, ${BEETS_DEFAULT_PATHS.split('\n')[0]}`,
      line: splitLines(text).length,
      position: text.length,
      length: 0,
    });
  }
  return { ok: true, rules, warnings };
}

/**
 * The user's rules followed by beets' own `singleton:`, `comp:` and `default:` where the user did
 * not write that key, in the order beets' configuration merges them.
 */
export function withBuiltinRules(rules: readonly PathRule[]): PathRule[] {
  const builtin = parsePathRules(BEETS_DEFAULT_PATHS);
  if (!builtin.ok) throw new Error(builtin.error.message);
  const written = new Set(rules.map((r) => r.key));
  return [...rules, ...builtin.rules.filter((r) => !written.has(r.key))];
}

class NoDefaultRuleError extends Error {
  override name = 'NoDefaultRuleError';
}

/** The first rule (in written order) whose query matches, else the `default` rule. */
export function chooseRule(rules: readonly PathRule[], field: FieldLookup): PathRule {
  const chosen = rules.find((rule) => rule.query !== null && matchQuery(rule.query, field)) ?? rules.find((rule) => rule.query === null);
  if (!chosen) throw new NoDefaultRuleError('The path rules have no "default" rule');
  return chosen;
}
