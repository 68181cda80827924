// beets' `%aunique{}`: when several releases share the identifying fields (same album artist and
// title), the first disambiguator field whose values differ across all of them is appended,
// " [1999]"; if none does, a number is. The template language only parses the arguments; the
// planner, which sees every release, answers through `ctx.aunique` using `disambiguate()`.

import type { UniqueRequest } from './types.ts';

export const AUNIQUE_DEFAULTS = {
  keys: 'albumartist album',
  disambiguators: 'albumtype year label catalognum albumdisambig releasegroupdisambig',
  brackets: '[]',
} as const;

export const SUNIQUE_DEFAULTS = {
  keys: 'artist title',
  disambiguators: 'year trackdisambig',
  brackets: '[]',
} as const;

/**
 * Arguments as beets reads them: an empty or missing list falls back to the default, a missing
 * bracket argument means `[]`, and a bracket argument that is not exactly two characters means none.
 */
export function uniqueRequest(
  args: readonly string[],
  defaults: { keys: string; disambiguators: string; brackets: string },
): UniqueRequest {
  const words = (s: string | undefined, fallback: string): string[] => (s?.trim() ? s : fallback).split(/\s+/).filter(Boolean);
  const bracketArg = args[2] ?? defaults.brackets;
  const bracketChars = Array.from(bracketArg);
  return {
    keys: words(args[0], defaults.keys),
    disambiguators: words(args[1], defaults.disambiguators),
    brackets: bracketChars.length === 2 ? [bracketChars[0] as string, bracketChars[1] as string] : null,
  };
}

/**
 * The `%aunique{}` text for `subject` among `all` releases (subject included or not).
 * `field` returns a release's value for a field name ('' or undefined when empty). The numeric
 * fallback is the subject's 1-based position among its look-alikes, so pass `all` in a stable order.
 */
export function disambiguate<T>(
  request: UniqueRequest,
  subject: T,
  all: readonly T[],
  field: (release: T, name: string) => string | undefined,
  /** How values are compared: the planner folds case, as folders differing only in case are one. */
  fold: (value: string) => string = (v) => v,
  /** Releases compared whatever their keys: the planner's, for releases that would land in one folder. */
  alsoAlike: ReadonlySet<T> = new Set(),
): string {
  const value = (release: T, name: string): string => field(release, name) ?? '';
  const sameKeys = (release: T): boolean => request.keys.every((key) => fold(value(release, key)) === fold(value(subject, key)));
  const group = all.filter((release) => release === subject || alsoAlike.has(release) || sameKeys(release));
  if (!group.includes(subject)) group.push(subject);
  if (group.length <= 1) return '';

  const [left, right] = request.brackets ?? ['', ''];
  // Values that fold to one (" [North]", " [north]") would name one folder: they tell nothing apart.
  const telling = request.disambiguators.find(
    (name) => new Set(group.map((release) => fold(value(release, name)))).size === group.length,
  );
  if (telling === undefined) return ` ${left}${group.indexOf(subject) + 1}${right}`;
  const text = value(subject, telling);
  return text ? ` ${left}${text}${right}` : '';
}
