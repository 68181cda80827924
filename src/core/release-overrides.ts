// The user's choices about releases, replayed on the releases grouping found, in the order they
// were made: edits (album artist, album, year, type, compilation), merges, splits, exclusions.
// Each finds "its" release again by member files (docs/decisions/0014-release-overrides.md): the
// release now holding the most of the files it remembers, provided that is at least half of those
// still in a release. Edits change what the planner reads (the release's values and, in memory,
// its tracks' tags), never the files.
import type { ChoiceOutcome, ContentType, Recording, Release, ReleaseReview } from './model.ts';
import { choiceKey, type FileIdentity, type ReleaseChoice, type ReleaseEdit, type ReleaseIdentity } from './review-choices.ts';
import { FileFinder } from './exclusions.ts';

/** Names of release types as a person reads them. */
export const TYPE_NAMES: Readonly<Record<ContentType, string>> = {
  album: 'Studio album', single: 'Single', ep: 'EP', live: 'Live', compilation: 'Compilation', soundtrack: 'Soundtrack',
  collaboration: 'Collaboration', rarity: 'Rarity', spokenword: 'Spoken word', podcast: 'Podcast', classical: 'Classical',
};

/** The MusicBrainz release type ($albumtype) a type set by hand stands for, where there is one. */
const MB_TYPES: Partial<Record<ContentType, string>> = {
  album: 'album', single: 'single', ep: 'ep', live: 'live', compilation: 'compilation', soundtrack: 'soundtrack', spokenword: 'spokenword', rarity: 'demo',
};

const FIELD_NAMES: Record<keyof ReleaseEdit, string> = { albumartist: 'Album artist', album: 'Album', year: 'Year', type: 'Release type', compilation: 'Compilation' };

interface Shaped {
  release: Release;
  review?: ReleaseReview;
}

const byTrack = (a: Recording, b: Recording) =>
  (a.tags.disc ?? 1) - (b.tags.disc ?? 1) || (a.tags.track ?? Infinity) - (b.tags.track ?? Infinity) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** The value of a release's field, as the list of changes shows it. */
function shown(release: Release, review: ReleaseReview | undefined, field: keyof ReleaseEdit): string {
  switch (field) {
    case 'albumartist': return `“${release.albumartist}”`;
    case 'album': return `“${release.album}”`;
    case 'year': return release.year === undefined ? 'no year' : String(release.year);
    case 'type': return TYPE_NAMES[review?.type ?? release.classification.type];
    case 'compilation': return release.compilation ? 'yes' : 'no';
  }
}

function valueText(field: keyof ReleaseEdit, set: ReleaseEdit): string {
  const v = set[field];
  if (field === 'type') return TYPE_NAMES[v as ContentType];
  if (field === 'compilation') return v ? 'yes' : 'no';
  if (field === 'year') return v === null ? 'no year' : String(v);
  return `“${String(v)}”`;
}

export const releaseTitle = (r: Pick<Release, 'album' | 'albumartist'>): string => `${r.album} — ${r.albumartist}`;

export function reshapeReleases(found: readonly Release[], choices: readonly ReleaseChoice[]): { releases: Release[]; outcomes: ChoiceOutcome[] } {
  if (choices.length === 0) return { releases: [...found], outcomes: [] };
  let shaped: Shaped[] = found.map((release) => ({ release: { ...release, recordings: [...release.recordings] } }));
  const holder = new Map<string, Shaped>();
  for (const s of shaped) for (const r of s.release.recordings) holder.set(r.path, s);
  const finder = new FileFinder(shaped.flatMap((s) => s.release.recordings));
  const results: { outcome: ChoiceOutcome; of?: Shaped }[] = [];

  const reviewOf = (s: Shaped): ReleaseReview => (s.review ??= { edited: [], merged: false, split: false, excluded: false, choices: [] });

  /** The release holding most of `identity`'s files, if it holds at least half of those still in a release. */
  const find = (identity: ReleaseIdentity): Shaped | undefined => {
    const votes = new Map<Shaped, { files: number; there: number }>();
    let present = 0;
    for (const id of identity.files) {
      const named = finder.find(id).filter((r) => holder.has(r.path));
      if (named.length === 0) continue;
      present++;
      const there = named.length === 1 && named[0]!.path === id.path ? 1 : 0;
      for (const s of new Set(named.map((r) => holder.get(r.path)!))) {
        const v = votes.get(s) ?? { files: 0, there: 0 };
        votes.set(s, { files: v.files + 1, there: v.there + there });
      }
    }
    let best: [Shaped, { files: number; there: number }] | undefined;
    for (const entry of votes) {
      const [s, v] = entry;
      if (!best || v.files > best[1].files || (v.files === best[1].files && (v.there > best[1].there || (v.there === best[1].there && s.release.id < best[0].release.id)))) best = entry;
    }
    return best && best[1].files * 2 >= present ? best[0] : undefined;
  };

  /** The recordings in releases that `files` name (each at most once), as the choices before left them. */
  const named = (files: readonly FileIdentity[]): Recording[] => {
    const paths = new Set<string>();
    for (const id of files) for (const r of finder.find(id)) if (holder.has(r.path)) paths.add(r.path);
    return [...paths].map((path) => holder.get(path)!.release.recordings.find((r) => r.path === path)!);
  };

  /** Replaces the tracks' tags, in memory, so fields that read tags ($comp, $albumtype…) agree with the edit. */
  const retagAll = (s: Shaped, change: (tags: Recording['tags']) => Recording['tags']) => {
    s.release.recordings = s.release.recordings.map((r) => ({ ...r, tags: change(r.tags) }));
  };

  /** Applies an edit; false when every value it sets was the release's already. */
  const edit = (s: Shaped, set: ReleaseEdit, key: string): boolean => {
    const review = reviewOf(s);
    review.choices.push(key);
    let changed = false;
    for (const field of Object.keys(FIELD_NAMES) as (keyof ReleaseEdit)[]) {
      if (set[field] === undefined) continue;
      const from = shown(s.release, review, field);
      const to = valueText(field, set);
      if (from === to) continue;
      changed = true;
      const earlier = review.edited.find((e) => e.field === field);
      if (earlier) earlier.to = to;
      else review.edited.push({ field, from, to });
      const r = s.release;
      if (field === 'albumartist') {
        r.albumartist = set.albumartist!;
        retagAll(s, (t) => ({ ...t, albumartist: set.albumartist! }));
      } else if (field === 'album') {
        r.album = set.album!;
        retagAll(s, (t) => ({ ...t, album: set.album! }));
      } else if (field === 'year') {
        const year = set.year;
        if (year === null) delete r.year;
        else r.year = year!;
        retagAll(s, ({ date: _date, year: _year, ...t }) => (year === null ? t : { ...t, year: year! }));
      } else if (field === 'compilation') {
        r.compilation = set.compilation!;
        retagAll(s, (t) => ({ ...t, compilation: set.compilation! }));
      } else {
        review.type = set.type!;
        const mb = MB_TYPES[set.type!];
        if (mb) retagAll(s, (t) => ({ ...t, releasetype: [mb] }));
      }
    }
    return changed;
  };

  const discs = (recordings: readonly Recording[]) => Math.max(1, new Set(recordings.map((r) => r.tags.disc ?? 1)).size);

  for (const choice of [...choices].sort((a, b) => a.madeAt - b.madeAt || (choiceKey(a) < choiceKey(b) ? -1 : 1))) {
    const key = choiceKey(choice);
    const outcome: ChoiceOutcome = { key, kind: choice.kind, subject: '', effect: '', files: 0 };
    if (choice.kind === 'merge-releases') {
      outcome.subject = choice.releases.map((r) => r.title).join(' + ');
      const parts = [...new Set(choice.releases.map(find).filter((s): s is Shaped => s !== undefined))];
      // The first release named keeps its values; when it is gone, the merge has nothing to merge into.
      const into = find(choice.releases[0]!);
      if (!into || parts.length < 2) {
        outcome.effect = into && parts.length === 1 ? 'Already one release.' : 'Not found: these releases are not in the library as they were.';
        outcome.files = into && parts.length === 1 ? into.release.recordings.length : 0;
        results.push({ outcome, ...(into && parts.length === 1 ? { of: into } : {}) });
        continue;
      }
      for (const other of parts) {
        if (other === into) continue;
        into.release.recordings.push(...other.release.recordings);
        into.release.disctotal = Math.max(into.release.disctotal, other.release.disctotal);
        for (const r of other.release.recordings) holder.set(r.path, into);
        for (const k of other.review?.choices ?? []) reviewOf(into).choices.push(k);
        shaped = shaped.filter((s) => s !== other);
      }
      into.release.recordings.sort(byTrack);
      into.release.disctotal = Math.max(into.release.disctotal, ...into.release.recordings.map((r) => r.tags.disc ?? 1));
      const review = reviewOf(into);
      review.merged = true;
      review.choices.push(key);
      outcome.effect = `${parts.length} releases planned as one: “${into.release.album}” by ${into.release.albumartist}.`;
      outcome.files = into.release.recordings.length;
      results.push({ outcome, of: into });
    } else if (choice.kind === 'split-release') {
      outcome.subject = choice.release.title;
      // A part's tracks are taken from wherever they are now, so a split still holds once the
      // files have moved and grouping found the parts on their own.
      const from = find(choice.release);
      const made: string[] = [];
      for (const [i, part] of choice.parts.entries()) {
        const tracks = named(part.files);
        if (tracks.length === 0) continue;
        const counts = new Map<Shaped, number>();
        for (const r of tracks) counts.set(holder.get(r.path)!, (counts.get(holder.get(r.path)!) ?? 0) + 1);
        const values = from ?? [...counts].sort((a, b) => b[1] - a[1])[0]![0];
        const taken = new Set(tracks.map((r) => r.path));
        for (const s of counts.keys()) {
          s.release.recordings = s.release.recordings.filter((r) => !taken.has(r.path));
          s.release.disctotal = discs(s.release.recordings);
          reviewOf(s).split = true;
          reviewOf(s).choices.push(key);
        }
        const partRelease: Release = {
          ...values.release,
          id: `${values.release.id}|${key}#${i}`,
          album: part.album,
          recordings: tracks.map((r) => ({ ...r, tags: { ...r.tags, album: part.album } })).sort(byTrack),
          companions: [],
        };
        partRelease.disctotal = discs(partRelease.recordings);
        const piece: Shaped = {
          release: partRelease,
          review: { edited: [], merged: false, split: true, excluded: false, ...(values.review?.type ? { type: values.review.type } : {}), choices: [...(values.review?.choices ?? []), key] },
        };
        for (const r of partRelease.recordings) holder.set(r.path, piece);
        shaped.splice(shaped.indexOf(values) + 1, 0, piece);
        made.push(`${tracks.length === 1 ? '1 track' : `${tracks.length} tracks`} as “${part.album}”`);
        outcome.files += tracks.length;
      }
      shaped = shaped.filter((s) => s.release.recordings.length > 0);
      outcome.effect = made.length === 0 ? 'Not found: the tracks split off are not in the library any more.' : `Split off ${made.join(', ')}.`;
      results.push({ outcome, ...(from && shaped.includes(from) ? { of: from } : {}) });
    } else {
      outcome.subject = choice.release.title;
      const s = find(choice.release);
      if (!s) {
        outcome.effect = 'Not found: too few of its files are still together in one release.';
        results.push({ outcome });
        continue;
      }
      if (choice.kind === 'exclude-release') {
        const review = reviewOf(s);
        review.excluded = true;
        review.choices.push(key);
        outcome.effect = `Excluded: its ${s.release.recordings.length === 1 ? 'track stays' : 'tracks stay'} where ${s.release.recordings.length === 1 ? 'it is' : 'they are'}.`;
      } else {
        const changed = edit(s, choice.set, key);
        const changes = (Object.keys(FIELD_NAMES) as (keyof ReleaseEdit)[]).filter((f) => choice.set[f] !== undefined).map((f) => `${FIELD_NAMES[f]}: ${valueText(f, choice.set)}`);
        outcome.effect = changes.join('; ') + (changed ? '' : ' (as it was already)');
      }
      outcome.files = s.release.recordings.length;
      results.push({ outcome, of: s });
    }
  }
  for (const s of shaped) if (s.review) s.release.review = s.review;
  const outcomes = results.map(({ outcome, of }) => (of && shaped.includes(of) ? { ...outcome, release: of.release.id } : outcome));
  return { releases: shaped.map((s) => s.release), outcomes };
}
