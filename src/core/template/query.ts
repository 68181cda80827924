// beets' query strings, as used in the keys of `paths:` ("albumtype:soundtrack", "comp:true",
// "genre:classical year:..1950"). Terms are split like a shell does, ANDed, and a term ending in
// "," closes an OR group. Per term: `-`/`^` negates, `field:` restricts to one field, `:` makes a
// regex, `=` an exact and `=~` a case-insensitive exact match; otherwise boolean fields compare
// as booleans, numeric fields as numbers or `a..b` ranges, and everything else is a
// case-insensitive substring match.

export type FieldLookup = (name: string) => string | undefined;

type Matcher =
  | { kind: 'substring' | 'exact' | 'exact-ci'; pattern: string }
  | { kind: 'regex'; pattern: RegExp }
  | { kind: 'bool'; value: boolean }
  | { kind: 'numeric'; min: number | null; max: number | null };

interface QueryTerm {
  negate: boolean;
  /** null: any of the default search fields, as beets' bare keywords. */
  field: string | null;
  matcher: Matcher;
}

/** OR of AND groups; no groups at all never happens (an empty query is one empty group: match all). */
export interface Query {
  anyOf: QueryTerm[][];
}

export interface QueryError {
  message: string;
  position: number;
  length: number;
}

export type QueryParse = { ok: true; query: Query } | { ok: false; error: QueryError };

/** Fields a bare keyword searches, as beets' Item._search_fields. */
const KEYWORD_FIELDS = ['artist', 'title', 'comments', 'album', 'albumartist', 'genre'] as const;
const BOOLEAN_FIELDS = new Set(['comp', 'compilation', 'various', 'singleton', 'podcast']);
const NUMERIC_FIELDS = new Set([
  'year', 'month', 'day', 'original_year', 'originalyear', 'original_month', 'original_day',
  'track', 'tracktotal', 'disc', 'disctotal', 'bpm', 'bitrate', 'samplerate', 'bitdepth', 'channels', 'length',
]);

interface Token {
  text: string;
  start: number;
  end: number;
}

class QuerySyntaxError {
  constructor(readonly error: QueryError) {}
}

/** POSIX shlex.split, keeping each token's span in the source. */
function shellSplit(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    while (i < source.length && /\s/.test(source[i] as string)) i++;
    if (i >= source.length) break;
    const start = i;
    let text = '';
    while (i < source.length && !/\s/.test(source[i] as string)) {
      const char = source[i] as string;
      if (char === "'" || char === '"') {
        const close = char === "'" ? source.indexOf("'", i + 1) : findDoubleQuoteEnd(source, i + 1);
        if (close === -1) {
          throw new QuerySyntaxError({ message: `Unclosed quote ${char}`, position: i, length: 1 });
        }
        const inner = source.slice(i + 1, close);
        text += char === "'" ? inner : inner.replace(/\\([\\"$`])/g, '$1');
        i = close + 1;
      } else if (char === '\\' && i + 1 < source.length) {
        text += source[i + 1];
        i += 2;
      } else {
        text += char;
        i++;
      }
    }
    tokens.push({ text, start, end: i });
  }
  return tokens;
}

function findDoubleQuoteEnd(source: string, from: number): number {
  for (let i = from; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === '"') return i;
  }
  return -1;
}

const TERM = /^(-|\^)?(?:(\S+?)(?<!\\):)?(.*)$/s;

function compileRegex(pattern: string, token: Token): RegExp {
  // Python's leading inline flag is the one people use; JavaScript spells it as a flag.
  const insensitive = pattern.startsWith('(?i)');
  const body = insensitive ? pattern.slice(4) : pattern;
  const flags = insensitive ? 'i' : '';
  try {
    return new RegExp(body, `${flags}u`);
  } catch {
    try {
      return new RegExp(body, flags);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new QuerySyntaxError({ message: `Invalid regular expression: ${reason}`, position: token.start, length: token.end - token.start });
    }
  }
}

function parseNumber(text: string, field: string, token: Token): number | null {
  if (text === '') return null;
  const value = Number(text);
  if (!Number.isFinite(value) || text.trim() === '') {
    throw new QuerySyntaxError({
      message: `"${text}" is not a number or a range like 1990..1999 (for ${field})`,
      position: token.start,
      length: token.end - token.start,
    });
  }
  return value;
}

function parseTerm(token: Token): QueryTerm {
  const match = TERM.exec(token.text.trim());
  const negate = Boolean(match?.[1]);
  const field = match?.[2] ?? null;
  const term = (match?.[3] ?? '').replaceAll('\\:', ':');
  let matcher: Matcher;
  if (term.startsWith(':')) matcher = { kind: 'regex', pattern: compileRegex(term.slice(1), token) };
  else if (term.startsWith('=~')) matcher = { kind: 'exact-ci', pattern: term.slice(2) };
  else if (term.startsWith('=')) matcher = { kind: 'exact', pattern: term.slice(1) };
  else if (field !== null && BOOLEAN_FIELDS.has(field)) matcher = { kind: 'bool', value: toBool(term) };
  else if (field !== null && NUMERIC_FIELDS.has(field)) {
    const [low = '', high, ...rest] = term.split('..');
    if (rest.length > 0) parseNumber(term, field, token); // "1..2..3" is not a range
    matcher =
      high === undefined
        ? { kind: 'numeric', min: parseNumber(low, field, token), max: parseNumber(low, field, token) }
        : { kind: 'numeric', min: parseNumber(low, field, token), max: parseNumber(high, field, token) };
  } else matcher = { kind: 'substring', pattern: term };
  return { negate, field, matcher };
}

/** beets' util.str2bool. */
function toBool(text: string): boolean {
  return ['yes', '1', 'true', 't', 'y'].includes(text.trim().toLowerCase());
}

export function parseQuery(source: string): QueryParse {
  try {
    const anyOf: QueryTerm[][] = [];
    let group: QueryTerm[] = [];
    for (const token of [...shellSplit(source), { text: ',', start: source.length, end: source.length }]) {
      if (token.text.endsWith(',')) {
        const last = token.text.slice(0, -1);
        if (last) group.push(parseTerm({ ...token, text: last }));
        anyOf.push(group);
        group = [];
      } else if (/[+-]$/.test(token.text) && !token.text.includes(':') && token.text.length > 1) {
        // A sort order ("year+"): meaningless when choosing a path, and beets ignores it there too.
      } else {
        group.push(parseTerm(token));
      }
    }
    return { ok: true, query: { anyOf } };
  } catch (failure) {
    if (failure instanceof QuerySyntaxError) return { ok: false, error: failure.error };
    throw failure;
  }
}

function matchValue(matcher: Matcher, value: string | undefined): boolean {
  const text = value ?? '';
  switch (matcher.kind) {
    case 'substring':
      return text.toLowerCase().includes(matcher.pattern.toLowerCase());
    case 'exact':
      return text === matcher.pattern;
    case 'exact-ci':
      return text.toLowerCase() === matcher.pattern.toLowerCase();
    case 'regex':
      return matcher.pattern.test(text.normalize('NFC'));
    case 'bool':
      return toBool(text) === matcher.value;
    case 'numeric': {
      if (text.trim() === '') return false;
      const number = Number(text);
      if (Number.isNaN(number)) return false;
      return (matcher.min === null || number >= matcher.min) && (matcher.max === null || number <= matcher.max);
    }
  }
}

function matchTerm(term: QueryTerm, field: FieldLookup): boolean {
  const hit =
    term.field === null
      ? KEYWORD_FIELDS.some((name) => matchValue(term.matcher, field(name)))
      : matchValue(term.matcher, field(term.field));
  return hit !== term.negate;
}

export function matchQuery(query: Query, field: FieldLookup): boolean {
  return query.anyOf.some((group) => group.every((term) => matchTerm(term, field)));
}
