// What kind of release a group of recordings is: album, single, EP, live, compilation…
//
// Design: every rule looks at the release and either abstains (undefined) or proposes a type with
// a confidence. All rules run; the highest confidence wins, ties going to the rule listed first.
// The reasons of every rule that agreed with the winner are kept, so the UI can say why.
// Tag rules (MusicBrainz release type, flags, genre) carry 0.8–0.97, evidence from titles and
// track counts 0.45–0.9, and the studio-album default 0.4, so a plugin rule can outrank any of them
// by choosing its confidence, and `classify(release, rules)` accepts a custom ordered list.
import type { Classification, ContentType, Release } from './model.ts';
import { nameKey, primaryArtist } from './names.ts';

export type ClassifiableRelease = Omit<Release, 'classification'> | Release;

export interface ClassifyContext {
  /** nameKeys of every artist in the library, to recognise "A & B" as two known artists. */
  knownArtists?: ReadonlySet<string>;
}

export type ClassificationRule = (release: ClassifiableRelease, context: ClassifyContext) => Classification | undefined;

const verdict = (type: ContentType, confidence: number, reason: string): Classification => ({
  type,
  confidence,
  reasons: [reason],
});

/** How many of the release's recordings satisfy `test`, as "n of m" text and a share. */
function share(release: ClassifiableRelease, test: (r: Release['recordings'][number]) => boolean) {
  const total = release.recordings.length;
  const count = release.recordings.filter(test).length;
  return { count, total, text: `${count} of ${total} tracks`, majority: total > 0 && count * 2 >= total };
}

const RELEASE_TYPES: ReadonlyArray<[string, ContentType, number]> = [
  ['audiobook', 'spokenword', 0.95],
  ['spokenword', 'spokenword', 0.95],
  ['interview', 'spokenword', 0.9],
  ['audio drama', 'spokenword', 0.9],
  ['soundtrack', 'soundtrack', 0.95],
  ['live', 'live', 0.95],
  ['demo', 'rarity', 0.9],
  ['compilation', 'compilation', 0.93],
  ['dj-mix', 'compilation', 0.9],
  ['mixtape/street', 'compilation', 0.85],
  ['single', 'single', 0.9],
  ['ep', 'ep', 0.9],
  ['album', 'album', 0.85],
];

/** MusicBrainz release type and secondary types (RELEASETYPE). Secondary types are listed first. */
const byReleaseType: ClassificationRule = (release) => {
  for (const [tagValue, type, confidence] of RELEASE_TYPES) {
    const s = share(release, (r) => (r.tags.releasetype ?? []).some((t) => t.toLowerCase() === tagValue));
    if (s.majority) return verdict(type, confidence, `release type "${tagValue}" tagged on ${s.text}`);
  }
  return undefined;
};

const byPodcastFlag: ClassificationRule = (release) => {
  const s = share(release, (r) => r.tags.podcast === true);
  return s.majority ? verdict('podcast', 0.97, `podcast flag set on ${s.text}`) : undefined;
};

const GENRES: ReadonlyArray<[RegExp, ContentType, number]> = [
  [/^podcasts?$/, 'podcast', 0.9],
  [/^(audiobooks?|audio book|spoken word|spokenword|hörbuch|hörspiel)$/, 'spokenword', 0.9],
  [/^(soundtracks?|original score|score|film score)$/, 'soundtrack', 0.85],
  [/^classical$/, 'classical', 0.75],
];

const byGenre: ClassificationRule = (release) => {
  for (const [pattern, type, confidence] of GENRES) {
    let label = '';
    const s = share(release, (r) =>
      (r.tags.genre ?? []).some((g) => {
        const hit = pattern.test(nameKey(g));
        if (hit) label = g;
        return hit;
      }),
    );
    if (s.majority) return verdict(type, confidence, `genre "${label}" on ${s.text}`);
  }
  return undefined;
};

const byCompilationFlag: ClassificationRule = (release) => {
  const s = share(release, (r) => r.tags.compilation === true);
  return s.majority ? verdict('compilation', 0.85, `compilation flag set on ${s.text}`) : undefined;
};

const SOUNDTRACK_TITLE =
  /\b(original (motion picture |television |video game |broadway )?(soundtrack|score|cast recording)|music from (and inspired by )?the (motion picture|film|series)|soundtrack|o\.?s\.?t\.?)\b/iu;

const bySoundtrackTitle: ClassificationRule = (release) =>
  SOUNDTRACK_TITLE.test(release.album) ? verdict('soundtrack', 0.9, `title "${release.album}" names a soundtrack`) : undefined;

const LIVE_TITLE = /(^|\W)(live (at|in|from|on)\b|[([]live[)\]]|unplugged\b|in concert\b)/iu;
const DATED_TITLE = /\b(1[89]|20)\d\d[-./](0[1-9]|1[0-2])[-./](0[1-9]|[12]\d|3[01])\b/u;

const byLiveTitle: ClassificationRule = (release) => {
  if (LIVE_TITLE.test(release.album)) return verdict('live', 0.8, `title "${release.album}" says it was recorded live`);
  if (/^live$/iu.test(release.album.trim())) return verdict('live', 0.6, 'the album is called "Live"');
  if (DATED_TITLE.test(release.album)) return verdict('live', 0.6, `title "${release.album}" carries a concert date`);
  return undefined;
};

const byManyArtists: ClassificationRule = (release) => {
  if (release.compilation) return verdict('compilation', 0.8, `album artist is "${release.albumartist}" (various artists)`);
  const counts = new Map<string, number>();
  for (const r of release.recordings) {
    const key = nameKey(primaryArtist(r.tags.artist ?? ''));
    if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const top = Math.max(0, ...counts.values());
  if (counts.size >= 3 && top * 2 <= release.recordings.length) {
    return verdict('compilation', 0.8, `${counts.size} different artists on ${release.recordings.length} tracks`);
  }
  return undefined;
};

const RARITY_TITLE: ReadonlyArray<[RegExp, number, string]> = [
  [/\b(demos?|rarities|b-sides?|b sides|outtakes|unreleased|bootleg)\b/iu, 0.7, 'demos, rarities or B-sides'],
  [/\b(bonus|deluxe|remaster(ed)?|anniversary edition|expanded edition)\b/iu, 0.55, 'a bonus, deluxe or remastered edition'],
];

const byRarityTitle: ClassificationRule = (release) => {
  for (const [pattern, confidence, what] of RARITY_TITLE) {
    if (pattern.test(release.album)) return verdict('rarity', confidence, `title "${release.album}" marks ${what}`);
  }
  return undefined;
};

const JOINERS = /\s+(?:&|and|x|×|with|vs\.?|\+)\s+/iu;

const byCollaboration: ClassificationRule = (release, context) => {
  const parts = release.albumartist.split(JOINERS).map((p) => nameKey(p));
  if (parts.length < 2 || parts.some((p) => p === '')) return undefined;
  const albumArtist = nameKey(release.albumartist);
  const consistent = release.recordings.every((r) => {
    const key = nameKey(primaryArtist(r.tags.artist ?? release.albumartist));
    return key === albumArtist || parts.includes(key);
  });
  if (!consistent) return undefined;
  const known = context.knownArtists;
  if (known && parts.every((p) => known.has(p))) {
    return verdict('collaboration', 0.7, `"${release.albumartist}" joins artists who also appear on their own`);
  }
  // "Simon & Garfunkel" is one act: only the less ambiguous joiners count without more evidence.
  if (/\s(x|×|with|vs\.?)\s/iu.test(release.albumartist)) {
    return verdict('collaboration', 0.45, `album artist "${release.albumartist}" names several artists`);
  }
  return undefined;
};

// Track counts only: the scan never reads exact durations, so "short" cannot be checked here.
// Copies of a track (same number, same title) count once.
const byTrackCount: ClassificationRule = (release) => {
  const n = new Set(release.recordings.map((r) => `${r.tags.disc ?? 1}/${r.tags.track ?? r.path}/${nameKey(r.tags.title)}`)).size;
  if (n >= 1 && n <= 3) return verdict('single', 0.6, `${n} track${n === 1 ? '' : 's'}`);
  if (n >= 4 && n <= 6) return verdict('ep', 0.55, `${n} tracks`);
  return undefined;
};

const studioAlbum: ClassificationRule = () => verdict('album', 0.4, 'no sign of another type: a studio album');

/** The built-in rules, in tie-breaking order. Plugins append or prepend their own. */
export const builtinClassifiers: readonly ClassificationRule[] = [
  byReleaseType,
  byPodcastFlag,
  byGenre,
  bySoundtrackTitle,
  byLiveTitle,
  byCompilationFlag,
  byManyArtists,
  byRarityTitle,
  byCollaboration,
  byTrackCount,
  studioAlbum,
];

/** Runs every rule; the most confident verdict wins (ties: earlier rule), with all agreeing reasons. */
export function classify(
  release: ClassifiableRelease,
  context: ClassifyContext = {},
  rules: readonly ClassificationRule[] = builtinClassifiers,
): Classification {
  const verdicts = rules.map((rule) => rule(release, context)).filter((v): v is Classification => v !== undefined);
  let best: Classification | undefined;
  for (const v of verdicts) if (!best || v.confidence > best.confidence) best = v;
  if (!best) return { type: 'album', confidence: 0, reasons: ['no rule applied'] };
  const winner = best;
  const reasons = verdicts.filter((v) => v.type === winner.type).flatMap((v) => v.reasons);
  return { type: winner.type, confidence: winner.confidence, reasons: [...new Set(reasons)] };
}
