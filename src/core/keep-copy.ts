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
export function formatName(r: Pick<Recording, 'path' | 'audio'>): string {
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
/** Higher rates (bitrate, sample rate) first, to the kilo unit; an unknown rate last, so the order stays transitive. */
const byRate = (a: number | undefined, b: number | undefined) => Math.round((b ?? 0) / 1000) - Math.round((a ?? 0) / 1000);
const rateText = (rate: number | undefined, unit: (n: number) => string) => (rate === undefined ? 'unknown' : unit(rate));

/** Who a sentence is about: all the other copies, or some of them. */
function subject(those: readonly Recording[], all: boolean): string {
  const n = those.length;
  const who = all ? (n === 1 ? 'the other copy' : 'the other copies') : n === 1 ? 'one other copy' : `${n} other copies`;
  return `${who} ${n === 1 ? 'is' : 'are'}`;
}
const formats = (those: readonly Recording[]) => [...new Set(those.map(formatName))].join(', ');
const listed = (values: readonly string[]) => [...new Set(values)].join(', ');

/**
 * A criterion: which of two copies it prefers (negative: a), and the sentence saying why `kept`
 * won over `those`, the copies it decided (`all`: every other copy of the group).
 */
interface Criterion {
  compare(a: Recording, b: Recording): number;
  because(kept: Recording, those: readonly Recording[], all: boolean): string;
}

const QUALITY: Criterion[] = [
  {
    compare: (a, b) => Number(b.audio.lossless === true) - Number(a.audio.lossless === true),
    because: (kept, those, all) => `Kept because it is lossless (${formatName(kept)}) and ${subject(those, all)} lossy (${formats(those)}).`,
  },
  {
    // Between lossless copies the bitrate says how well they compress, not what they hold.
    compare: (a, b) => (a.audio.lossless === true ? byRate(a.audio.sampleRate, b.audio.sampleRate) : byRate(a.audio.bitrate, b.audio.bitrate)),
    because: (kept, those) =>
      kept.audio.lossless === true
        ? `Kept because it has the higher sample rate (${khz(kept.audio.sampleRate!)} against ${listed(those.map((r) => rateText(r.audio.sampleRate, khz)))}).`
        : `Kept because it has the higher bitrate (${kbps(kept.audio.bitrate!)} kbps against ${listed(those.map((r) => rateText(r.audio.bitrate, (b) => `${kbps(b)} kbps`)))}).`,
  },
  {
    compare: (a, b) => fieldCount(b) - fieldCount(a),
    because: (kept, those) => `Kept because its tags are more complete (${fieldCount(kept)} fields against ${listed(those.map((r) => String(fieldCount(r))))}).`,
  },
  {
    compare: (a, b) => Number(b.audio.cover === true) - Number(a.audio.cover === true),
    because: () => 'Kept because it has embedded cover art.',
  },
];

/** Between copies equal in quality: what decided. */
const PLACE: Criterion[] = [
  { compare: (a, b) => Number(setAside(a)) - Number(setAside(b)), because: () => `kept the one outside ${DUPLICATES_FOLDER}/.` },
  { compare: (a, b) => a.lastModified - b.lastModified, because: () => 'kept the older file.' },
  { compare: (a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0), because: () => 'kept the first by name.' },
];

/** The copy a choice names, the newest choice first; among files it names alike, the one at its path, else the best. */
function chosenCopy(ranked: readonly Recording[], choices: readonly ReviewChoice[]): Recording | undefined {
  for (const choice of [...choices].sort((a, b) => b.madeAt - a.madeAt)) {
    if (choice.kind !== 'keep-copy') continue;
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
    reason: chosen ? 'Kept because you chose it.' : why(keep, rest),
  };
}

/**
 * Why the kept copy was kept, in sentences: each other copy is told from it by the first criterion
 * that prefers the kept one, and each criterion that told any of them apart says so once.
 */
function why(keep: Recording, rest: readonly Recording[]): string {
  const decided = new Map<Criterion, Recording[]>();
  for (const other of rest) {
    const criterion = [...QUALITY, ...PLACE].find((c) => c.compare(keep, other) < 0) ?? PLACE.at(-1)!;
    decided.set(criterion, [...(decided.get(criterion) ?? []), other]);
  }
  const all = (those: readonly Recording[]) => those.length === rest.length;
  const sentences = QUALITY.filter((c) => decided.has(c)).map((c) => c.because(keep, decided.get(c)!, all(decided.get(c)!)));
  for (const c of PLACE.filter((p) => decided.has(p))) {
    const those = decided.get(c)!;
    const identical = those.every((r) => r.hash !== undefined && r.hash === keep.hash && r.size === keep.size);
    const who = subject(those, all(those));
    sentences.push(`${who[0]!.toUpperCase()}${who.slice(1)} ${identical ? 'identical' : 'as good'}; ${c.because(keep, those, all(those))}`);
  }
  return sentences.join(' ');
}
