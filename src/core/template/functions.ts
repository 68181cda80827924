// The built-in template functions, with beets' semantics down to the edge cases (Python slicing
// in %left/%right, int() parsing in %if, capwords in %title), so pasted beets formats render
// the same paths. Plugins add functions by building a new Map from these entries.

import { asciify } from './asciify.ts';
import { AUNIQUE_DEFAULTS, SUNIQUE_DEFAULTS, uniqueRequest } from './aunique.ts';
import { renderTemplate, TemplateFunctionError } from './render.ts';
import { formatBeetsTime } from './time.ts';
import type { Template, TemplateContext, TemplateFunction, TemplateFunctions } from './types.ts';

const PYTHON_INT = /^[+-]?\d+(?:_\d+)*$/;

/** Python's int(s.strip()); beets reports the same message when it fails. */
function pythonInt(text: string): number {
  const trimmed = text.trim();
  if (!PYTHON_INT.test(trimmed)) {
    throw new TemplateFunctionError(`invalid literal for int() with base 10: '${text}'`);
  }
  return Number(trimmed.replaceAll('_', ''));
}

/** Python's seq[start:stop] for a length, returning [from, to) after clamping. */
function pythonSlice(length: number, start: number | undefined, stop: number | undefined): [number, number] {
  const clamp = (i: number | undefined, fallback: number): number =>
    i === undefined ? fallback : i < 0 ? Math.max(0, i + length) : Math.min(i, length);
  return [clamp(start, 0), clamp(stop, length)];
}

function sliceChars(text: string, start: number | undefined, stop: number | undefined): string {
  const chars = Array.from(text);
  const [from, to] = pythonSlice(chars.length, start, stop);
  return chars.slice(from, to).join('');
}

/** Python's str.capitalize(): first character upper case, the rest lower case. */
function capitalize(text: string): string {
  const [first = '', ...rest] = Array.from(text);
  return first.toUpperCase() + rest.join('').toLowerCase();
}

/** beets' %if: an integer condition is true when non-zero, otherwise "false" (any case) and "" are false. */
export function isTruthy(condition: string): boolean {
  // Tested before calling pythonInt: most conditions ("", "True", a name) are not numbers, and
  // building the error it would throw for each of them was most of the cost of rendering a path.
  if (!PYTHON_INT.test(condition.trim())) return condition !== '' && condition.toLowerCase() !== 'false';
  return pythonInt(condition) !== 0;
}

// beets' `the` plugin with its default settings: "The " first, then "A "/"An ".
const ARTICLES = [/^the\s/i, /^an?\s/i];

/** Move a leading English article to the end: "The Beatles" becomes "Beatles, The". */
export function moveArticle(text: string): string {
  for (const pattern of ARTICLES) {
    const match = pattern.exec(text);
    if (match) return `${text.slice(match[0].length).trim()}, ${match[0].trim()}`.trim();
  }
  return text;
}

/** A function of rendered arguments taking `min`..`max` of them (checked when parsing). */
export function eagerFunction(min: number, max: number, call: (args: string[], ctx: TemplateContext) => string): TemplateFunction {
  return { arity: { min, max }, call };
}

/** A function that renders its arguments itself, with `renderTemplate(arg, ctx)`, only as needed. */
export function lazyFunction(
  min: number,
  max: number,
  call: (args: readonly Template[], ctx: TemplateContext) => string,
): TemplateFunction {
  return { lazy: true, arity: { min, max }, call };
}

const eager = eagerFunction;
const lazy = lazyFunction;

const arg = (args: readonly string[], i: number): string => args[i] ?? '';

export const builtinFunctions: TemplateFunctions = new Map<string, TemplateFunction>([
  ['lower', eager(1, 1, ([s = '']) => s.toLowerCase())],
  ['upper', eager(1, 1, ([s = '']) => s.toUpperCase())],
  ['capitalize', eager(1, 1, ([s = '']) => capitalize(s))],
  // Python's string.capwords: split on whitespace runs, capitalize each word, join with one space.
  ['title', eager(1, 1, ([s = '']) => s.split(/\s+/).filter(Boolean).map(capitalize).join(' '))],
  ['left', eager(2, 2, (args) => sliceChars(arg(args, 0), 0, pythonInt(arg(args, 1))))],
  // s[-n:] as in beets, so %right{text,0} is the whole text.
  ['right', eager(2, 2, (args) => sliceChars(arg(args, 0), -pythonInt(arg(args, 1)), undefined))],
  [
    'if',
    lazy(2, 3, ([condition, then, otherwise], ctx) => {
      const chosen = condition && isTruthy(renderTemplate(condition, ctx)) ? then : otherwise;
      return chosen ? renderTemplate(chosen, ctx) : '';
    }),
  ],
  [
    'ifdef',
    lazy(1, 3, ([name, then, otherwise], ctx) => {
      const value = name ? ctx.field(renderTemplate(name, ctx)) : undefined;
      if (value === undefined) return otherwise ? renderTemplate(otherwise, ctx) : '';
      const text = then ? renderTemplate(then, ctx) : '';
      return text || value;
    }),
  ],
  [
    'first',
    eager(1, 5, (args) => {
      const skip = args.length > 2 ? pythonInt(arg(args, 2)) : 0;
      const count = args.length > 1 ? pythonInt(arg(args, 1)) : 1;
      const separator = args[3] ?? '; ';
      const joiner = args[4] ?? '; ';
      if (separator === '') throw new TemplateFunctionError('empty separator');
      const items = arg(args, 0).split(separator);
      const [from, to] = pythonSlice(items.length, skip, skip + count);
      return items.slice(from, to).join(joiner);
    }),
  ],
  ['asciify', eager(1, 1, ([s = '']) => asciify(s))],
  ['time', eager(2, 2, ([s = '', format = '']) => formatBeetsTime(s, format))],
  ['the', eager(1, 1, ([s = '']) => moveArticle(s))],
  ['aunique', eager(0, 3, (args, ctx) => ctx.aunique?.(uniqueRequest(args, AUNIQUE_DEFAULTS)) ?? '')],
  ['sunique', eager(0, 3, (args, ctx) => ctx.sunique?.(uniqueRequest(args, SUNIQUE_DEFAULTS)) ?? '')],
  [
    'replace',
    eager(3, 3, ([text = '', find = '', replacement = '']) => (find ? text.split(find).join(replacement) : text)),
  ],
]);
