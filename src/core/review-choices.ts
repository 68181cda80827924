// What the user decided while reviewing a plan, kept per library (IndexedDB store `reviewChoices`,
// src/db/review-choices.ts) and handed to the planner with every plan. One vocabulary for every
// kind of choice: which copy of a duplicate to keep, what to leave out of the plan (a file, a
// folder, a release), and how a release should read (edited, merged, split) or a file's tags
// should read (the suggestions' fixes). The planner applies them to what it sees; no file's tags
// are ever written.
//
// A choice names files by an identity that survives a rescan and the run's own moves, never by
// path alone: see docs/decisions/0010-duplicate-choices.md and 0016-release-overrides.md.
import type { ContentType, Tags } from './model.ts';
import { pathKey } from './library-path.ts';
import { Crc32 } from './crc32.ts';

/** A file as a choice names it: size and lastModified (which move() keeps), the hash when known, the path as a hint. */
export interface FileIdentity {
  size: number;
  lastModified: number;
  /** Content hash (Recording.hash): set for copies of identical bytes. */
  hash?: string;
  /** Where the file was when the choice was made; only breaks a tie between files equal on the rest. */
  path: string;
}

/**
 * A release as a choice names it: its member files when the choice was made. It is found again as
 * the release now holding most of them (more than half), wherever they have moved.
 */
export interface ReleaseIdentity {
  files: FileIdentity[];
  /** "Album — Album artist" as shown when the choice was made: for the list of changes, never for matching. */
  title: string;
}

/** What an edit can set on a release: the values the path rules read ($albumartist, $album, $year, $kind/$albumtype, $comp/$various). */
export interface ReleaseEdit {
  albumartist?: string;
  album?: string;
  /** null: the release has no year. */
  year?: number | null;
  type?: ContentType;
  compilation?: boolean;
}

/** What an edit can set on files' tags as the planner sees them (track numbers, titles, spellings, tags guessed from names, an enricher's original year and MusicBrainz ids). */
export type TagEdit = Partial<Pick<Tags, 'title' | 'artist' | 'albumartist' | 'album' | 'track' | 'disc' | 'year' | 'originalyear' | 'mb_trackid' | 'mb_albumid' | 'mb_albumartistid' | 'mb_releasegroupid'>>;

interface Made {
  /** When it was made (ms since 1970): choices about releases are replayed in this order; of two keep-copy choices in one group, the newer wins. */
  madeAt: number;
}

/** "Keep this copy instead": in whatever duplicate group this file is found, it is the one kept. */
interface KeepCopyChoice extends Made {
  kind: 'keep-copy';
  copy: FileIdentity;
}

/** A file the plan leaves where it is. */
interface ExcludeFileChoice extends Made {
  kind: 'exclude-file';
  file: FileIdentity;
}

/** A folder (its path, at any depth) whose files the plan leaves where they are, files added later included. */
interface ExcludeFolderChoice extends Made {
  kind: 'exclude-folder';
  folder: string;
}

/** A release whose tracks and album companions the plan leaves where they are. */
interface ExcludeReleaseChoice extends Made {
  kind: 'exclude-release';
  release: ReleaseIdentity;
}

/** A release read with other values (album artist, album, year, type, compilation). */
interface EditReleaseChoice extends Made {
  kind: 'edit-release';
  release: ReleaseIdentity;
  set: ReleaseEdit;
}

/** Releases planned as one: the first named keeps its values, the others' tracks join it. */
interface MergeReleasesChoice extends Made {
  kind: 'merge-releases';
  releases: ReleaseIdentity[];
}

/** A release planned as several: each part's tracks leave it as a release of their own, named `album`. */
interface SplitReleaseChoice extends Made {
  kind: 'split-release';
  release: ReleaseIdentity;
  parts: { album: string; files: FileIdentity[] }[];
}

/** Files read with other tags (a suggestion's fix: a track number, a title, a spelling, tags guessed from a name). */
export interface EditTagsChoice extends Made {
  kind: 'edit-tags';
  files: FileIdentity[];
  set: TagEdit;
  /** What the fix is, in a sentence ("Track numbers from the titles"): for the list of changes. */
  label: string;
}

/** A suggestion (src/core/suggestions.ts) the user does not want to see again, by its id. */
interface DismissSuggestionChoice extends Made {
  kind: 'dismiss-suggestion';
  suggestion: string;
  /** The suggestion's title when dismissed: for the list of dismissed suggestions. */
  title: string;
}

export type ReviewChoice =
  | DismissSuggestionChoice
  | KeepCopyChoice
  | ExcludeFileChoice
  | ExcludeFolderChoice
  | ExcludeReleaseChoice
  | EditReleaseChoice
  | MergeReleasesChoice
  | SplitReleaseChoice
  | EditTagsChoice;

/** The choices that change how releases read or whether they move, replayed in the order they were made. */
export type ReleaseChoice = ExcludeReleaseChoice | EditReleaseChoice | MergeReleasesChoice | SplitReleaseChoice;

export const isReleaseChoice = (c: ReviewChoice): c is ReleaseChoice =>
  c.kind === 'exclude-release' || c.kind === 'edit-release' || c.kind === 'merge-releases' || c.kind === 'split-release';

/** A short, stable digest of a set of files (order does not matter), for keys. */
function digest(files: readonly FileIdentity[]): string {
  const ids = files.map((f) => `${f.size}:${f.lastModified}:${f.hash ?? ''}:${f.path}`).sort();
  return `${files.length}:${new Crc32().update(new TextEncoder().encode(ids.join('\n'))).digest()}`;
}

/**
 * The key a choice is stored under, unique per library: one key per question, so a new answer
 * replaces the old one. Copies of identical bytes share their hash, so one keep-copy choice per
 * hash; an excluded file keeps its path (it never moves), a folder is its path up to case; a
 * release is the digest of its member files when the choice was made.
 */
export function choiceKey(choice: ReviewChoice): string {
  switch (choice.kind) {
    case 'keep-copy': {
      const { copy } = choice;
      return copy.hash !== undefined ? `keep-copy:exact:${copy.hash}` : `keep-copy:file:${copy.size}:${copy.lastModified}`;
    }
    case 'exclude-file':
      return `exclude-file:${choice.file.size}:${choice.file.lastModified}:${choice.file.path}`;
    case 'exclude-folder':
      return `exclude-folder:${pathKey(choice.folder)}`;
    case 'exclude-release':
    case 'edit-release':
    case 'split-release':
      return `${choice.kind}:${digest(choice.release.files)}`;
    case 'merge-releases':
      return `merge-releases:${digest(choice.releases.flatMap((r) => r.files))}`;
    case 'edit-tags':
      return `edit-tags:${digest(choice.files)}:${Object.keys(choice.set).sort().join(',')}`;
    case 'dismiss-suggestion':
      return `dismiss-suggestion:${choice.suggestion}`;
  }
}

/** Whether a file (as the scan saw it now) is the one a choice names, wherever it has moved since. */
export function namesFile(copy: Omit<FileIdentity, 'path'>, file: { size: number; lastModified: number; hash?: string }): boolean {
  if (copy.size !== file.size || copy.lastModified !== file.lastModified) return false;
  return copy.hash === undefined || file.hash === undefined || copy.hash === file.hash;
}

/** A file's identity as choices keep it. */
export function identityOf(file: { path: string; size: number; lastModified: number; hash?: string }): FileIdentity {
  return { size: file.size, lastModified: file.lastModified, path: file.path, ...(file.hash !== undefined ? { hash: file.hash } : {}) };
}

