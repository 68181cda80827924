// Which copy of a duplicate group stays in its release, and why, in a sentence a person reads.
// The user's choice ("Keep this copy instead") comes first; then lossless over lossy, the higher
// bitrate (lossy) or sample rate (lossless), the more complete tags, embedded cover art. Between
// copies equal on all of these, the one not already set aside in Duplicates/, then the older file
// (a copy is usually younger than its original), then the path: so once the plan has run, the
// copy it kept is still the one outside Duplicates/, and planning again moves nothing.
import type { Recording } from './model.ts';
import type { Copies } from './duplicates.ts';
import { namesFile, type ReviewChoice } from './review-choices.ts';
import { extensionOf } from './entries.ts';
import { pathKey } from './library-path.ts';

/** The top folder duplicates are set aside in. */
export const DUPLICATES_FOLDER = 'Duplicates';

export interface KeptCopy extends Copies {
  keep: Recording;
  /** The other copies, in path order. */
  others: Recording[];
  reason: string;
  /** Kept because the user chose it. */
  chosen: boolean;
}

/** "FLAC", "MP3", "AAC" or "ALAC" for .m4a: the name a person knows the format by. */
function formatName(r: Recording): string {
  const ext = extensionOf(r.path);
  if (ext === 'm4a' || ext === 'mp4') return /alac/i.test(r.audio.codec ?? '') ? 'ALAC' : 'AAC';
  return ext.toUpperCase() || (r.audio.container ?? 'audio');
}

/** "FLAC, lossless" or "MP3, 320 kbps", for the list of copies. */
export function formatSummary(r: Recording): string {
  const quality = r.audio.lossless ? 'lossless' : r.audio.bitrate ? `${kbps(r.audio.bitrate)} kbps` : undefined;
  return [formatName(r), quality, r.audio.cover ? 'cover art' : undefined].filter(Boolean).join(', ');
}

const kbps = (bitrate: number) => Math.round(bitrate / 1000);
const khz = (rate: number) => `${Math.round(rate / 100) / 10} kHz`;
const fieldCount = (r: Recording) => Object.values(r.tags).filter((v) => v !== undefined && !(Array.isArray(v) && v.length === 0)).length;
const setAside = (r: Recording) => pathKey(r.path).startsWith(`${pathKey(DUPLICATES_FOLDER)}/`);
/** Bitrates within 5% are the same setting (a VBR average, a rounding). */
const clearlyMore = (a: number | undefined, b: number | undefined) => a !== undefined && b !== undefined && a > b * 1.05;

/** A criterion: which of two copies it prefers (negative: a), and the sentence when it decided for `kept` over `rest`. */
interface Criterion {
  compare(a: Recording, b: Recording): number;
  because(kept: Recording, rest: readonly Recording[]): string;
}

const plural = (rest: readonly unknown[]) => (rest.length === 1 ? 'the other copy is' : 'the other copies are');

const QUALITY: Criterion[] = [
  {
    compare: (a, b) => Number(b.audio.lossless === true) - Number(a.audio.lossless === true),
    because: (kept, rest) => `Kept because it is lossless (${formatName(kept)}) and ${plural(rest)} lossy (${[...new Set(rest.map(formatName))].join(', ')}).`,
  },
  {
    compare: (a, b) => {
      if (a.audio.lossless === true) return clearlyMore(a.audio.sampleRate, b.audio.sampleRate) ? -1 : clearlyMore(b.audio.sampleRate, a.audio.sampleRate) ? 1 : 0;
      return clearlyMore(a.audio.bitrate, b.audio.bitrate) ? -1 : clearlyMore(b.audio.bitrate, a.audio.bitrate) ? 1 : 0;
    },
    because: (kept, [next]) =>
      kept.audio.lossless === true
        ? `Kept because it has the higher sample rate (${khz(kept.audio.sampleRate!)} against ${khz(next!.audio.sampleRate!)}).`
        : `Kept because it has the higher bitrate (${kbps(kept.audio.bitrate!)} kbps against ${kbps(next!.audio.bitrate!)} kbps).`,
  },
  {
    compare: (a, b) => fieldCount(b) - fieldCount(a),
    because: (kept, [next]) => `Kept because its tags are more complete (${fieldCount(kept)} fields against ${fieldCount(next!)}).`,
  },
  {
    compare: (a, b) => Number(b.audio.cover === true) - Number(a.audio.cover === true),
    because: () => 'Kept because it has embedded cover art.',
  },
];

/** Between copies equal in quality: what decided, worded for exact copies or equal ones. */
const PLACE: Criterion[] = [
  { compare: (a, b) => Number(setAside(a)) - Number(setAside(b)), because: () => `kept the one outside ${DUPLICATES_FOLDER}/.` },
  { compare: (a, b) => a.lastModified - b.lastModified, because: () => 'kept the older file.' },
  { compare: (a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0), because: () => 'kept the first by name.' },
];

/** The copy a choice names, the newest choice first; among files it names alike, the one at its path, else the best. */
function chosenCopy(ranked: readonly Recording[], choices: readonly ReviewChoice[]): Recording | undefined {
  for (const choice of [...choices].sort((a, b) => b.madeAt - a.madeAt)) {
    const named = ranked.filter((r) => namesFile(choice.copy, r));
    if (named.length > 0) return named.find((r) => r.path === choice.copy.path) ?? named[0];
  }
  return undefined;
}

export function keepCopy(copies: Copies, choices: readonly ReviewChoice[] = []): KeptCopy {
  const criteria = [...QUALITY, ...PLACE];
  const ranked = [...copies.recordings].sort((a, b) => {
    for (const c of criteria) {
      const order = c.compare(a, b);
      if (order !== 0) return order;
    }
    return 0;
  });
  const chosen = chosenCopy(ranked, choices);
  const keep = chosen ?? ranked[0]!;
  const rest = ranked.filter((r) => r !== keep);
  return {
    ...copies,
    keep,
    others: copies.recordings.filter((r) => r !== keep),
    chosen: chosen !== undefined,
    reason: chosen ? 'Kept because you chose it.' : why(keep, rest, copies.kind),
  };
}

/** The first criterion that tells the kept copy from the runner-up, as a sentence. */
function why(keep: Recording, rest: readonly Recording[], kind: Copies['kind']): string {
  const next = rest[0]!;
  for (const c of QUALITY) if (c.compare(keep, next) < 0) return c.because(keep, rest);
  const decided = PLACE.find((c) => c.compare(keep, next) < 0) ?? PLACE.at(-1)!;
  return `${kind === 'exact' ? 'The copies are identical' : 'The copies are equally good'}; ${decided.because(keep, rest)}`;
}
