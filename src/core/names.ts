// How artist and album names are compared and which spelling of a name wins.
// Libraries spell the same artist many ways (case, NFD from macOS, typographic apostrophes,
// "feat." credits); these helpers make those variants meet without merging different names.

/** Typographic variants that taggers and stores mix freely; folding them avoids twin releases. */
const PUNCTUATION_FOLDS: ReadonlyArray<[RegExp, string]> = [
  [/[\u2018\u2019\u201A\u201B\u2032\u00B4`]/g, "'"],
  [/[\u201C\u201D\u201E\u201F\u2033]/g, '"'],
  [/[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]/g, '-'],
  [/\u2026/g, '...'],
];

/**
 * The comparison key of an artist or album name: NFC, lower case, typographic quotes and dashes
 * folded, whitespace collapsed and trimmed. Two names with the same key are the same name.
 */
export function nameKey(s: string | undefined): string {
  if (s === undefined) return '';
  let key = s.normalize('NFC').toLowerCase();
  for (const [pattern, replacement] of PUNCTUATION_FOLDS) key = key.replace(pattern, replacement);
  return key.replace(/\s+/g, ' ').trim();
}

// "(feat. X)", "[ft. X]", "(featuring X)", "(with X)": a bracketed guest credit anywhere.
const BRACKETED_GUEST = /\s*[([]\s*(?:feat\.?|ft\.?|featuring|with)\s[^)\]]*[)\]]/giu;
// "A feat. B", "A ft. B", "A, featuring B": a trailing guest credit. It needs text after the
// keyword, so "Little Feat" stays whole. A bare " with " and "&" are left alone on purpose:
// "Simon & Garfunkel" and "Nick Cave & The Bad Seeds" are one artist each.
const TRAILING_GUEST = /\s*,?\s+(?:feat\.?|ft\.?|featuring)\s+\S.*$/iu;

/** The main credited artist, without guest credits ("A feat. B" → "A"). Never empty if input isn't. */
export function primaryArtist(s: string): string {
  const stripped = s.replace(BRACKETED_GUEST, '').replace(TRAILING_GUEST, '').trim();
  return stripped === '' ? s.trim() : stripped;
}

/** How well-written a spelling looks: capitals and non-ASCII letters (diacritics, scripts). */
function writtenness(s: string): number {
  let score = 0;
  for (const ch of s) {
    if (ch !== ch.toLowerCase()) score += 1;
    else if (ch.codePointAt(0)! > 0x7f && /\p{L}/u.test(ch)) score += 1;
  }
  return score;
}

/**
 * The spelling to show for a name seen in several variants: the most frequent (after NFC), ties
 * going to the better-written one (more capitals and diacritics), then to the lexically first so
 * the choice never depends on input order. Empty input gives "".
 */
export function chooseSpelling(variants: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const v of variants) {
    const spelling = v.normalize('NFC').trim();
    if (spelling === '') continue;
    counts.set(spelling, (counts.get(spelling) ?? 0) + 1);
  }
  let best: string | undefined;
  let bestCount = 0;
  for (const [spelling, count] of counts) {
    if (best === undefined || count > bestCount) {
      best = spelling;
      bestCount = count;
      continue;
    }
    if (count < bestCount) continue;
    const diff = writtenness(spelling) - writtenness(best);
    if (diff > 0 || (diff === 0 && spelling < best)) best = spelling;
  }
  return best ?? '';
}

/** The year of a year or date tag: 1999, "1999", "1999-05-01", "05/01/1999" → 1999. */
export function yearOf(value: number | string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 1000 && value <= 9999 ? value : undefined;
  }
  const match = /(?:^|\D)(\d{4})(?:\D|$)/.exec(value.trim());
  if (!match?.[1]) return undefined;
  const year = Number(match[1]);
  return year >= 1000 ? year : undefined;
}
