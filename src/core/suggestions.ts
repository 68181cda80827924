// What would make the library more consistent (issue 13, point 8), found from the tags and names
// the planner sees, each with a count, examples and a fix that is one or more review choices
// (src/core/review-choices.ts): accepting a suggestion stores its fix like any edit the user makes,
// so it shows in the plan, in the list of changes, and is reverted the same way. Nothing here
// writes a tag; a suggestion that cannot be fixed without more knowledge (no cover art) only says so.
import type { Plan, Recording, Release } from './model.ts';
import type { PlanSource } from './plan.ts';
import { leaveOut, retag } from './exclusions.ts';
import { identityOf, type ReviewChoice, type TagEdit } from './review-choices.ts';
import { chooseSpelling, nameKey } from './names.ts';
import { artistKeyOf, isVariousArtists } from './artist-spelling.ts';
import { discFromPath } from './album-folder.ts';
import { baseName, extensionOf, parentOf } from './entries.ts';

export type SuggestionKind =
  | 'artist-spelling'
  | 'album-title'
  | 'track-in-title'
  | 'track-missing'
  | 'track-duplicated'
  | 'mixed-years'
  | 'album-artist-missing'
  | 'tags-from-names'
  | 'no-cover';

export interface Suggestion {
  /** Stable while the same files call for the same fix: what a dismissal remembers. */
  id: string;
  kind: SuggestionKind;
  /** "Beth Hart & Joe Bonamassa → Beth Hart, Joe Bonamassa". */
  title: string;
  /** Files the fix changes (or, for no-cover, tracks of the release). */
  files: number;
  /** A few paths or values that show what is meant. */
  examples: string[];
  /** High: the fix follows from the library itself; "Organize like magic" accepts only these. */
  confidence: 'high' | 'medium';
  /** The choices that make the fix; none when it needs knowledge the library lacks. */
  fix: ReviewChoice[];
  /** With no fix: what the user can do instead, in plain words. */
  hint?: string;
}

/** What each kind is, for headings and "Accept all" buttons. */
export const SUGGESTION_KINDS: Record<SuggestionKind, string> = {
  'artist-spelling': 'Artist spelled several ways',
  'album-title': 'Album title spelled several ways',
  'track-in-title': 'Track number repeated in the title',
  'track-missing': 'Track numbers missing',
  'track-duplicated': 'Track numbers used twice',
  'mixed-years': 'Several years in one release',
  'album-artist-missing': 'No album artist on a release of many artists',
  'tags-from-names': 'Tags guessed from file and folder names',
  'no-cover': 'Releases without cover art',
};

const EXAMPLES = 3;

/** Artist names compared loosely: case, punctuation, "&" / "," / "and" / "+", a leading "The". */
function looseArtistKey(name: string): string {
  return nameKey(name)
    .replace(/^the\s+/, '')
    .replace(/\s*(?:&|,|\+|\band\b|\bund\b|\bet\b|\by\b)\s*/g, ' & ')
    .replace(/[.'"!?\-_/\\()[\]]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Album titles compared loosely: case, punctuation and spacing. */
function looseAlbumKey(title: string): string {
  return nameKey(title).replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * Names a set of files in a suggestion's id by what a move keeps (size, lastModified, the hash when
 * known), as review choices do, so that a dismissal still holds after a run has moved them. Files
 * equal on all of these (copies) are told apart by name; the id is only compared, so its length
 * does not matter.
 */
function digestOf(files: readonly Recording[]): string {
  return files.map((f) => `${f.size}:${f.lastModified}:${f.hash ?? baseName(f.path)}`).sort().join(',');
}

const edit = (files: readonly Recording[], set: TagEdit, label: string, madeAt: number): ReviewChoice => ({
  kind: 'edit-tags', files: files.map(identityOf), set, label, madeAt,
});

/** Artist and album-artist spellings that the planner keeps apart but that name one artist. */
function artistSpellings(recordings: readonly Recording[], madeAt: number): Suggestion[] {
  const out: Suggestion[] = [];
  for (const field of ['albumartist', 'artist'] as const) {
    const byLoose = new Map<string, Recording[]>();
    for (const r of recordings) {
      const name = r.tags[field];
      if (!name || isVariousArtists(nameKey(name))) continue;
      const key = looseArtistKey(name);
      if (key === '') continue;
      let list = byLoose.get(key);
      if (!list) byLoose.set(key, (list = []));
      list.push(r);
    }
    for (const [key, files] of byLoose) {
      // Spellings the planner already treats as one (same nameKey) need no fix.
      const spellings = new Set(files.map((r) => nameKey(r.tags[field])));
      if (spellings.size < 2) continue;
      const best = chooseSpelling(files.map((r) => r.tags[field]!));
      const others = files.filter((r) => nameKey(r.tags[field]) !== nameKey(best));
      const variants = [...new Set(others.map((r) => r.tags[field]!.trim()))];
      // A leading "The" added or dropped is less certain than punctuation, case and "&" / "and".
      const stripThe = (k: string) => k.replace(/^the\s+/, '');
      const theOnly = variants.some((v) => nameKey(v) !== nameKey(best) && stripThe(nameKey(v)) === stripThe(nameKey(best)));
      out.push({
        id: `artist-spelling:${field}:${key}`,
        kind: 'artist-spelling',
        title: `${variants.join(', ')} → ${best}${field === 'albumartist' ? ' (album artist)' : ''}`,
        files: others.length,
        examples: others.slice(0, EXAMPLES).map((r) => r.path),
        confidence: theOnly ? 'medium' : 'high',
        fix: [edit(others, { [field]: best }, `${field === 'albumartist' ? 'Album artist' : 'Artist'} spelled "${best}"`, madeAt)],
      });
    }
  }
  return out;
}

/** Releases of one album artist whose titles differ only in case, punctuation or spacing. */
function albumTitles(releases: readonly Release[], madeAt: number): Suggestion[] {
  const byKey = new Map<string, Release[]>();
  for (const release of releases) {
    const key = `${looseArtistKey(release.albumartist)}\u0000${looseAlbumKey(release.album)}`;
    let list = byKey.get(key);
    if (!list) byKey.set(key, (list = []));
    list.push(release);
  }
  const out: Suggestion[] = [];
  for (const group of byKey.values()) {
    // Same title, kept apart on purpose (another edition: year, label, catalogue number): not ours to merge.
    if (group.length < 2 || new Set(group.map((r) => nameKey(r.album))).size < 2) continue;
    const best = chooseSpelling(group.flatMap((r) => r.recordings.map(() => r.album)));
    const others = group.flatMap((r) => (nameKey(r.album) === nameKey(best) ? [] : r.recordings));
    out.push({
      id: `album-title:${digestOf(group.flatMap((r) => r.recordings))}`,
      kind: 'album-title',
      title: `${[...new Set(group.map((r) => r.album))].filter((a) => a !== best).join(', ')} → ${best} (${group[0]!.albumartist})`,
      files: others.length,
      examples: others.slice(0, EXAMPLES).map((r) => r.path),
      confidence: 'high',
      fix: [edit(others, { album: best }, `Album title spelled "${best}"`, madeAt)],
    });
  }
  return out;
}

// "07. Title", "07 - Title", "07) Title": a number with punctuation after it. A bare "1979" or
// "99 Luftballons" is a title, not a track number.
const NUMBER_IN_TITLE = /^\s*(\d{1,3})\s*(?:[.)\]:]|\s-|-\s|\s–)\s*(\S.*)$/u;
// "07 Title.mp3", "07 - Title.mp3", "1-07 Title.mp3", "07_Title.mp3".
const NUMBER_IN_NAME = /^(?:\d{1,2}[-.])?(\d{1,3})(?:\s*[-._)]\s*|\s+)(\S.*)$/u;

function stem(path: string): string {
  const name = baseName(path);
  const ext = extensionOf(path);
  return ext ? name.slice(0, -(ext.length + 1)) : name;
}

/** The disc a track is on, as grouping reads it: the tag, else the folder ("CD2", "Disc 2"). */
const discOf = (r: Recording) => r.tags.disc ?? discFromPath(r.path) ?? 1;

/** Track numbers inside titles, missing, or used twice on one disc. */
function trackNumbers(releases: readonly Release[], madeAt: number): Suggestion[] {
  const out: Suggestion[] = [];
  for (const release of releases) {
    const name = `${release.album} (${release.albumartist})`;
    const digest = digestOf(release.recordings);

    const inTitle = release.recordings.flatMap((r) => {
      const m = r.tags.title?.match(NUMBER_IN_TITLE);
      if (!m) return [];
      const n = Number(m[1]);
      return r.tags.track === undefined || r.tags.track === n ? [{ r, n, title: m[2]!.trim() }] : [];
    });
    // One numbered title in a release may be a real title ("1. Satz"); most of them is a pattern.
    if (inTitle.length > 0 && inTitle.length * 2 >= release.recordings.length) {
      out.push({
        id: `track-in-title:${digest}`,
        kind: 'track-in-title',
        title: `${name}: "${inTitle[0]!.r.tags.title}" → "${inTitle[0]!.title}"`,
        files: inTitle.length,
        examples: inTitle.slice(0, EXAMPLES).map(({ r }) => r.tags.title!),
        confidence: inTitle.every(({ r }) => r.tags.track !== undefined) ? 'high' : 'medium',
        fix: inTitle.map(({ r, n, title }) => edit([r], r.tags.track === undefined ? { title, track: n } : { title }, 'Track number taken out of the title', madeAt)),
      });
    }

    const numbered = new Set(inTitle.map(({ r }) => r));
    const missing = release.recordings.filter((r) => r.tags.track === undefined && !numbered.has(r));
    if (missing.length > 0 && release.recordings.length > 1) {
      const guessed = missing.flatMap((r) => {
        const m = stem(r.path).match(NUMBER_IN_NAME);
        return m ? [{ r, n: Number(m[1]) }] : [];
      });
      out.push({
        id: `track-missing:${digest}`,
        kind: 'track-missing',
        title: guessed.length > 0 ? `${name}: ${guessed.length} of ${missing.length} track numbers from the file names` : `${name}: ${missing.length} tracks have no number`,
        files: missing.length,
        examples: missing.slice(0, EXAMPLES).map((r) => baseName(r.path)),
        confidence: 'medium',
        fix: guessed.map(({ r, n }) => edit([r], { track: n }, 'Track number from the file name', madeAt)),
      });
    }

    const slots = new Map<string, Recording[]>();
    for (const r of release.recordings) {
      if (r.tags.track === undefined) continue;
      const slot = `${discOf(r)}:${r.tags.track}`;
      let list = slots.get(slot);
      if (!list) slots.set(slot, (list = []));
      list.push(r);
    }
    const twice = [...slots.values()].filter((list) => list.length > 1).flat();
    if (twice.length > 0) {
      const discs = discsWithoutNumbers(release.recordings, slots);
      if (discs > 1) {
        // Each number used about as often as there are discs: whole discs lost their disc tags
        // (a flat dump of a box set). Their file names may still say which disc ("Track03_d2").
        const marked = release.recordings.map((r) => ({ r, disc: Number(stem(r.path).match(DISC_IN_NAME)?.[1] ?? NaN) }));
        const usable = marked.every(({ disc }) => Number.isInteger(disc) && disc > 0) && new Set(marked.map(({ r, disc }) => `${disc}:${r.tags.track}`)).size === marked.length;
        out.push({
          id: `track-duplicated:${digest}`,
          kind: 'track-duplicated',
          title: `${name}: ${twice.length} tracks share a number; it looks like ${discs} discs without disc numbers${usable ? ', which the file names give' : ''}`,
          files: twice.length,
          examples: twice.slice(0, EXAMPLES).map((r) => `${r.tags.track}. ${r.tags.title ?? baseName(r.path)}`),
          confidence: 'medium',
          fix: usable ? marked.map(({ r, disc }) => edit([r], { disc }, 'Disc number from the file name', madeAt)) : [],
          ...(usable ? {} : { hint: 'Give each track its disc number in your tagger, then scan again; or choose the tracks of each disc to split off under "Edit release".' }),
        });
        continue;
      }
      // Fixable when the file names number these tracks apart, each differently.
      const fromNames = twice.map((r) => ({ r, n: Number(stem(r.path).match(NUMBER_IN_NAME)?.[1] ?? NaN) }));
      const usable = fromNames.every(({ n }) => Number.isInteger(n)) && new Set(fromNames.map(({ r, n }) => `${discOf(r)}:${n}`)).size === fromNames.length;
      out.push({
        id: `track-duplicated:${digest}`,
        kind: 'track-duplicated',
        title: `${name}: ${twice.length} tracks share a number${usable ? '; the file names number them apart' : ''}`,
        files: twice.length,
        examples: twice.slice(0, EXAMPLES).map((r) => `${r.tags.track}. ${r.tags.title ?? baseName(r.path)}`),
        confidence: 'medium',
        fix: usable ? fromNames.filter(({ r, n }) => r.tags.track !== n).map(({ r, n }) => edit([r], { track: n }, 'Track number from the file name', madeAt)) : [],
      });
    }
  }
  return out;
}

/** A disc mark in a file name: "Track03_d2", "CD2 - 03", "disc 2". */
const DISC_IN_NAME = /(?:^|[^a-z])(?:d|cd|disc|disk)\s?0?(\d{1,2})(?!\d)/iu;

/**
 * How many discs a release seems to hold whose tracks carry no disc tag: each number used by
 * nearly every disc, as many times as the most used one. 0 when the doubles look like anything else.
 */
function discsWithoutNumbers(recordings: readonly Recording[], slots: ReadonlyMap<string, Recording[]>): number {
  if (recordings.some((r) => r.tags.disc !== undefined)) return 0;
  const counts = [...slots.values()].map((list) => list.length);
  const discs = Math.max(...counts);
  const full = counts.filter((n) => n >= discs - 1).length;
  return discs > 1 && counts.length >= 3 && full * 4 >= counts.length * 3 ? discs : 0;
}

/** A release whose tracks carry different years: the most common one for all. */
function mixedYears(releases: readonly Release[], madeAt: number): Suggestion[] {
  const out: Suggestion[] = [];
  for (const release of releases) {
    const counts = new Map<number, number>();
    for (const r of release.recordings) if (r.tags.year !== undefined) counts.set(r.tags.year, (counts.get(r.tags.year) ?? 0) + 1);
    if (counts.size < 2) continue;
    const [year, most] = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]!;
    const others = release.recordings.filter((r) => r.tags.year !== undefined && r.tags.year !== year);
    out.push({
      id: `mixed-years:${digestOf(release.recordings)}`,
      kind: 'mixed-years',
      title: `${release.album} (${release.albumartist}): ${[...counts.keys()].sort().join(', ')} → ${year}`,
      files: others.length,
      examples: others.slice(0, EXAMPLES).map((r) => `${baseName(r.path)}: ${r.tags.year}`),
      confidence: most * 2 > release.recordings.length ? 'high' : 'medium',
      fix: [edit(others, { year }, `Year ${year} for the whole release`, madeAt)],
    });
  }
  return out;
}

/**
 * A release of several artists (guest credits aside) where no track names an album artist: the
 * compilation gets "Various Artists", another gets the artist the planner chose, so the tags say
 * what the folder will.
 */
function albumArtistMissing(releases: readonly Release[], madeAt: number): Suggestion[] {
  const out: Suggestion[] = [];
  for (const release of releases) {
    if (release.recordings.some((r) => nameKey(r.tags.albumartist) !== '')) continue;
    const artists = new Set(release.recordings.flatMap((r) => (r.tags.artist ? [artistKeyOf(r.tags.artist)] : [])).filter((k) => k !== ''));
    if (artists.size < 2) continue;
    const value = release.compilation ? 'Various Artists' : release.albumartist;
    out.push({
      id: `album-artist-missing:${digestOf(release.recordings)}`,
      kind: 'album-artist-missing',
      title: `${release.album}: ${artists.size} artists, album artist "${value}"`,
      files: release.recordings.length,
      examples: release.recordings.slice(0, EXAMPLES).map((r) => `${r.tags.artist ?? '?'} — ${r.tags.title ?? baseName(r.path)}`),
      confidence: release.compilation ? 'high' : 'medium',
      fix: [edit(release.recordings, { albumartist: value }, `Album artist "${value}"`, madeAt)],
    });
  }
  return out;
}

// "Artist - Title" and "NN - Title" / "NN Title" file names.
const ARTIST_DASH_TITLE = /^(?!\d{1,3}\s*[-.]\s)(.+?)\s+[-–]\s+(.+)$/u;

/** Untagged files whose names and folders say what they are, one suggestion per folder. */
function tagsFromNames(loose: readonly Recording[], madeAt: number): Suggestion[] {
  const byFolder = new Map<string, Recording[]>();
  for (const r of loose) {
    if (nameKey(r.tags.title) !== '' || nameKey(r.tags.artist) !== '' || nameKey(r.tags.album) !== '') continue;
    const folder = parentOf(r.path);
    let list = byFolder.get(folder);
    if (!list) byFolder.set(folder, (list = []));
    list.push(r);
  }
  const out: Suggestion[] = [];
  for (const [folder, files] of byFolder) {
    const parts = folder === '' ? [] : folder.split('/');
    const fixes: { r: Recording; set: TagEdit }[] = [];
    const patterns = new Set<string>();
    for (const r of files) {
      const name = stem(r.path);
      const numbered = name.match(NUMBER_IN_NAME);
      const dashed = name.match(ARTIST_DASH_TITLE);
      if (numbered && parts.length >= 2) {
        // Artist/Album/NN Title
        patterns.add('Artist/Album/NN Title');
        fixes.push({ r, set: { artist: parts.at(-2)!, albumartist: parts.at(-2)!, album: parts.at(-1)!, track: Number(numbered[1]), title: numbered[2]!.trim() } });
      } else if (dashed) {
        patterns.add('Artist - Title');
        fixes.push({ r, set: { artist: dashed[1]!.trim(), title: dashed[2]!.trim() } });
      } else if (numbered) {
        patterns.add('NN - Title');
        fixes.push({ r, set: { track: Number(numbered[1]), title: numbered[2]!.trim() } });
      }
    }
    if (fixes.length === 0) continue;
    out.push({
      id: `tags-from-names:${digestOf(fixes.map(({ r }) => r))}`,
      kind: 'tags-from-names',
      title: `${folder || 'Top folder'}: ${fixes.length} untagged ${fixes.length === 1 ? 'file' : 'files'} named like ${[...patterns].join(' or ')}`,
      files: fixes.length,
      examples: fixes.slice(0, EXAMPLES).map(({ r, set }) => `${baseName(r.path)} → ${[set.artist, set.album, set.track, set.title].filter((v) => v !== undefined).join(' / ')}`),
      // The folder layout backs the file name up when both agree on several files.
      confidence: patterns.size === 1 && patterns.has('Artist/Album/NN Title') && fixes.length >= 2 ? 'high' : 'medium',
      fix: fixes.map(({ r, set }) => edit([r], set, `Tags from the name "${baseName(r.path)}"`, madeAt)),
    });
  }
  return out;
}

const IMAGE = new Set(['jpg', 'jpeg', 'png', 'gif', 'webp', 'bmp']);

/** Releases with no embedded picture and no image file beside them. */
function noCover(releases: readonly Release[]): Suggestion[] {
  const without = releases.filter((r) => !r.recordings.some((t) => t.audio.cover) && !r.companions.some((c) => IMAGE.has(extensionOf(c.path))));
  if (without.length === 0) return [];
  return [{
    id: 'no-cover',
    kind: 'no-cover',
    title: `${without.length} ${without.length === 1 ? 'release has' : 'releases have'} no cover art (a picture in the files or beside them)`,
    files: without.reduce((n, r) => n + r.recordings.length, 0),
    examples: without.slice(0, EXAMPLES).map((r) => `${r.album} (${r.albumartist})`),
    confidence: 'medium',
    fix: [],
    hint: 'Put a cover.jpg beside the tracks, or embed a picture with your tagger; the plan takes it along.',
  }];
}

/**
 * Every suggestion for a library as the planner sees it now (the user's accepted fixes already
 * applied, so an accepted suggestion is gone): `releases` from the plan, `loose` the recordings in
 * no release. Dismissed suggestions (by id) are left out. `madeAt` stamps the fixes' choices.
 */
export function suggestFixes(
  releases: readonly Release[],
  loose: readonly Recording[],
  dismissed: ReadonlySet<string> = new Set(),
  madeAt = Date.now(),
): Suggestion[] {
  const all = [
    ...artistSpellings([...releases.flatMap((r) => r.recordings), ...loose], madeAt),
    ...albumTitles(releases, madeAt),
    ...trackNumbers(releases, madeAt),
    ...mixedYears(releases, madeAt),
    ...albumArtistMissing(releases, madeAt),
    ...tagsFromNames(loose, madeAt),
    ...noCover(releases),
  ];
  return all.filter((s) => !dismissed.has(s.id));
}

/** The recordings of `all` that are in none of `releases` (untagged, no album), by path. */
export function looseRecordings(all: readonly Recording[], releases: readonly Release[]): Recording[] {
  const inRelease = new Set(releases.flatMap((r) => r.recordings.map((t) => t.path)));
  return all.filter((r) => !inRelease.has(r.path));
}

/**
 * Suggestions for a plan made from `source` with `choices`: the library as that plan saw it (files
 * left out gone, tags as edited), in its releases (excluded ones aside) or loose (duplicates set
 * aside are neither). Dismissed suggestions are left out.
 */
export function suggestionsForPlan(
  source: PlanSource,
  plan: Pick<Plan, 'releases' | 'duplicates'>,
  choices: readonly ReviewChoice[],
  madeAt = Date.now(),
): Suggestion[] {
  const seen = retag([...leaveOut(source, choices).source.recordings], choices).recordings;
  const releases = plan.releases.filter((r) => !r.review?.excluded);
  const setAside = new Set(plan.duplicates.flatMap((g) => g.copies.filter((c) => !c.kept).map((c) => c.path)));
  const loose = looseRecordings(seen, plan.releases).filter((r) => !setAside.has(r.path));
  const dismissed = new Set(choices.flatMap((c) => (c.kind === 'dismiss-suggestion' ? [c.suggestion] : [])));
  return suggestFixes(releases, loose, dismissed, madeAt);
}
