// The user's choices about releases, replayed on the releases grouping found, in the order they
// were made: edits (album artist, album, year, type, compilation), merges, splits, exclusions.
// Each finds "its" release again by member files (docs/decisions/0016-release-overrides.md): the
// release now holding the most of the files it remembers, provided that is at least half of those
// still in a release; it gathers the rest of them in, so the release stays as the user saw it even
// where grouping, after the files moved, would put them otherwise. Edits change what the planner
// reads (the release's values and, in memory, its tracks' tags), never the files.
import type { ChoiceOutcome, ContentType, Recording, Release, ReleaseReview, Tags } from './model.ts';
import { choiceKey, type FileIdentity, type ReleaseChoice, type ReleaseEdit, type ReleaseIdentity } from './review-choices.ts';
import { FileFinder } from './exclusions.ts';
import { chooseSpelling, nameKey, primaryArtist, yearOf } from './names.ts';
import { isVariousArtists } from './artist-spelling.ts';
import { mostCommon } from './group.ts';
import { albumFolderOf } from './album-folder.ts';

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

/**
 * A release's values as its own tracks' tags say them, the way grouping reads them (tagged album
 * artist first, Various Artists for many artists or a flagged compilation): for a release whose
 * tracks grouping no longer holds together on its own.
 */
function readAsTagged(release: Release, own: readonly Tags[]): void {
  const named = (s: string | undefined): s is string => nameKey(s) !== '';
  const tagged = own.map((t) => t.albumartist).filter(named);
  const artists = own.map((t) => t.artist).filter(named).map(primaryArtist);
  const counts = new Map<string, number>();
  for (const a of artists) counts.set(nameKey(a), (counts.get(nameKey(a)) ?? 0) + 1);
  const flagged = artists.length > 0 && own.filter((t) => named(t.artist) && t.compilation === true).length * 2 >= artists.length;
  const various = tagged.length > 0
    ? tagged.some((a) => isVariousArtists(nameKey(a)))
    : flagged || (counts.size >= 3 && Math.max(...counts.values()) * 2 <= own.length);
  release.albumartist = various ? chooseSpelling(tagged.filter((a) => isVariousArtists(nameKey(a)))) || 'Various Artists' : chooseSpelling(tagged.length > 0 ? tagged : artists);
  release.album = chooseSpelling(own.map((t) => t.album ?? '')) || release.album;
  const year = mostCommon(own.map((t) => yearOf(t.year ?? t.date)));
  if (year === undefined) delete release.year;
  else release.year = year;
  release.compilation = various;
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
  /** Which choices name each track (by path), and which tracks each choice names, to tell a release's own tracks from those grouping added. */
  const namedBy = new Map<string, Set<string>>();
  const namesOf = new Map<string, Set<string>>();
  for (const choice of choices) {
    const key = choiceKey(choice);
    const identities = choice.kind === 'merge-releases' ? choice.releases : [choice.release, ...(choice.kind === 'split-release' ? choice.parts.map((p) => ({ files: p.files, title: '' })) : [])];
    for (const id of identities.flatMap((i) => i.files)) {
      for (const r of finder.find(id)) {
        namedBy.set(r.path, (namedBy.get(r.path) ?? new Set()).add(key));
        namesOf.set(key, (namesOf.get(key) ?? new Set()).add(r.path));
      }
    }
  }
  const results: { outcome: ChoiceOutcome; of?: Shaped }[] = [];
  // Tracks as grouping saw them, before any edit retagged them: a track's place on its release
  // (disc and track number; none without a number) and its song (title by artist, else by album
  // artist), compared as grouping compares them to tell two releases apart.
  const asFound = new Map(found.flatMap((release) => release.recordings.map((r) => [r.path, r.tags] as const)));
  /**
   * Each track's tags as its file and the user's choices say them: what grouping saw, with the
   * edits, merges and splits replayed so far, but without the values settle() pinned on tracks
   * while it rebuilt a release from a mix (those follow where grouping put the files, which moving
   * them changes). Releases read as tagged read these.
   */
  const told = new Map(asFound);
  const toldOf = (recordings: readonly Recording[]): Tags[] => recordings.map((r) => told.get(r.path) ?? r.tags);
  const slotOf = (path: string): string | undefined => {
    const tags = asFound.get(path);
    return tags?.track === undefined ? undefined : `${tags.disc ?? 1}/${tags.track}`;
  };
  const songOf = (path: string): string => {
    const tags = asFound.get(path) ?? {};
    return `${nameKey(tags.title)}\u0000${nameKey(primaryArtist(tags.artist ?? '')) || nameKey(tags.albumartist)}`;
  };

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

  /** Moves a track, as the choices before left it, from the release holding it into `to`. */
  const take = (path: string, to: Shaped) => {
    const from = holder.get(path)!;
    if (from === to) return;
    const rec = from.release.recordings.find((r) => r.path === path)!;
    from.release.recordings = from.release.recordings.filter((r) => r !== rec);
    to.release.recordings.push(rec);
    holder.set(path, to);
  };

  /**
   * The release a choice is about, as the user saw it: found by its files, which are gathered into
   * it from wherever grouping put them (those a tie leaves in doubt stay where they are). When
   * grouping put other tracks with them, or some were gathered, the release reads as its own
   * files' tags say, not as whatever grouping made of the mix.
   */
  const settle = (identity: ReleaseIdentity, key: string): Shaped | undefined => {
    const s = find(identity);
    if (!s) return undefined;
    // Of the tracks this choice does not name, those another choice names, which grouping (after
    // the files moved) put here, are that choice's to place; and those in another folder than a
    // file this choice names, in its slot (disc and track number) with another song, are another
    // release's: grouping told them apart by folder before the move and, once the files moved, by
    // other folders. They leave, as a release of their own, before this choice applies. (Rivals
    // a merge names were brought together by the user, and stay; a rival in the same folder is the
    // release's as grouping says, a track added beside its tracks later.)
    const own = new Set(identity.files.flatMap((id) => finder.find(id).map((r) => r.path)));
    const ours = namesOf.get(key) ?? new Set<string>();
    const ourSongs = new Map<string, { song: string; folder: string }[]>();
    for (const path of ours) {
      const at = holder.has(path) ? slotOf(path) : undefined;
      if (at !== undefined) ourSongs.set(at, [...(ourSongs.get(at) ?? []), { song: songOf(path), folder: albumFolderOf(path) }]);
    }
    const rival = (r: Recording) =>
      (ourSongs.get(slotOf(r.path) ?? '') ?? []).some(({ song, folder }) => song !== songOf(r.path) && folder !== albumFolderOf(r.path));
    const others = s.release.recordings.filter((r) => !ours.has(r.path) && ([...(namedBy.get(r.path) ?? [])].some((k) => k !== key) || rival(r)));
    if (others.length > 0) {
      const apart: Shaped = { release: { ...s.release, id: `${s.release.id}|${key}`, recordings: [], companions: [] } };
      for (const r of others) take(r.path, apart);
      readAsTagged(apart.release, toldOf(apart.release.recordings));
      apart.release.recordings.sort(byTrack);
      apart.release.disctotal = Math.max(1, ...apart.release.recordings.map((r) => Math.max(r.tags.disc ?? 1, r.tags.disctotal ?? 1)));
      pin(apart, false);
      shaped.splice(shaped.indexOf(s) + 1, 0, apart);
    }
    let gathered = false;
    for (const id of identity.files) {
      const named = finder.find(id).filter((r) => holder.has(r.path));
      if (named.length === 1 && holder.get(named[0]!.path) !== s) {
        take(named[0]!.path, s);
        gathered = true;
      }
    }
    // Values grouping read from a mix (other tracks with these, or some of these elsewhere) are
    // not this release's: it reads as its own files' tags say.
    const mine = s.release.recordings.filter((r) => own.has(r.path));
    if (gathered || others.length > 0 || mine.length < s.release.recordings.length) {
      readAsTagged(s.release, toldOf(mine));
      pin(s, false);
    }
    s.release.recordings.sort(byTrack);
    shaped = shaped.filter((x) => x.release.recordings.length > 0);
    return s;
  };

  /** The recordings in releases that `files` name (each at most once), as the choices before left them. */
  const named = (files: readonly FileIdentity[]): Recording[] => {
    const paths = new Set<string>();
    for (const id of files) for (const r of finder.find(id)) if (holder.has(r.path)) paths.add(r.path);
    return [...paths].map((path) => holder.get(path)!.release.recordings.find((r) => r.path === path)!);
  };

  /** Replaces the tracks' tags, in memory, so fields that read tags ($comp, $albumtype…) agree with the edit. */
  const retagAll = (s: Shaped, change: (tags: Tags) => Tags, byUser = true) => {
    s.release.recordings = s.release.recordings.map((r) => ({ ...r, tags: change(r.tags) }));
    if (byUser) for (const r of s.release.recordings) told.set(r.path, change(told.get(r.path) ?? r.tags));
  };

  /**
   * Every track reads the release's year and compilation flag, so tracks brought together (merged,
   * gathered) never fall back to years of their own ($year) or outvote the flag ($comp).
   */
  const pin = (s: Shaped, byUser = true) => {
    const { year, compilation } = s.release;
    retagAll(s, ({ date: _date, year: _year, ...t }) => ({ ...t, ...(year !== undefined ? { year } : {}), compilation }), byUser);
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
      // The first release named keeps its values; when it is gone, the merge has nothing to merge into.
      const into = settle(choice.releases[0]!, key);
      // The others are settled too (unless grouping already put them with the first): what grouping
      // put with them that another choice names, or that collides with them, stays out of the merge.
      const parts = [...new Set([into, ...choice.releases.slice(1).map((r) => {
        const other = find(r);
        return into && other && other !== into ? settle(r, key) : other;
      })].filter((s): s is Shaped => s !== undefined))];
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
      // Tracks of the merged releases that grouping put elsewhere come too.
      for (const identity of choice.releases.slice(1)) for (const r of named(identity.files)) take(r.path, into);
      shaped = shaped.filter((s) => s.release.recordings.length > 0);
      into.release.recordings.sort(byTrack);
      into.release.disctotal = Math.max(into.release.disctotal, ...into.release.recordings.map((r) => r.tags.disc ?? 1));
      pin(into);
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
      const from = settle(choice.release, key);
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
        partRelease.recordings = partRelease.recordings.map((r) => ({ ...r, tags: { ...r.tags, albumartist: partRelease.albumartist } }));
        const piece: Shaped = {
          release: partRelease,
          review: { edited: [], merged: false, split: true, excluded: false, ...(values.review?.type ? { type: values.review.type } : {}), choices: [...(values.review?.choices ?? []), key] },
        };
        for (const r of partRelease.recordings) {
          holder.set(r.path, piece);
          told.set(r.path, { ...(told.get(r.path) ?? r.tags), album: part.album, albumartist: partRelease.albumartist });
        }
        shaped.splice(shaped.indexOf(values) + 1, 0, piece);
        pin(piece);
        made.push(`${tracks.length === 1 ? '1 track' : `${tracks.length} tracks`} as “${part.album}”`);
        outcome.files += tracks.length;
      }
      shaped = shaped.filter((s) => s.release.recordings.length > 0);
      outcome.effect = made.length === 0 ? 'Not found: the tracks split off are not in the library any more.' : `Split off ${made.join(', ')}.`;
      results.push({ outcome, ...(from && shaped.includes(from) ? { of: from } : {}) });
    } else {
      outcome.subject = choice.release.title;
      const s = settle(choice.release, key);
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
