// What the user decided while reviewing a plan, kept per library (IndexedDB store `reviewChoices`,
// src/db/review-choices.ts) and handed to the planner with every plan. One vocabulary for every
// kind of choice: today which copy of a duplicate to keep; excluding files and editing releases
// (issue 13, points 1–2) are meant to join this union as further kinds.
//
// A choice names files by an identity that survives a rescan and the run's own moves, never by
// path alone: see docs/decisions/0010-duplicate-choices.md.

/** A file as a choice names it: size and lastModified (which move() keeps), the hash when known, the path as a hint. */
export interface FileIdentity {
  size: number;
  lastModified: number;
  /** Content hash (Recording.hash): set for copies of identical bytes. */
  hash?: string;
  /** Where the file was when the choice was made; only breaks a tie between files equal on the rest. */
  path: string;
}

/** "Keep this copy instead": in whatever duplicate group this file is found, it is the one kept. */
interface KeepCopyChoice {
  kind: 'keep-copy';
  copy: FileIdentity;
  /** When it was made (ms since 1970): of two choices in one group, the newer wins. */
  madeAt: number;
}

export type ReviewChoice = KeepCopyChoice;

/**
 * The key a choice is stored under, unique per library. Copies of identical bytes share their
 * hash, so one choice per hash replaces the last one made for that group; a copy of the same
 * recording in other bytes is keyed by its own size and lastModified.
 */
export function choiceKey(choice: ReviewChoice): string {
  const { copy } = choice;
  return copy.hash !== undefined ? `keep-copy:exact:${copy.hash}` : `keep-copy:file:${copy.size}:${copy.lastModified}`;
}

/** Whether a file (as the scan saw it now) is the one a choice names, wherever it has moved since. */
export function namesFile(copy: FileIdentity, file: { size: number; lastModified: number; hash?: string }): boolean {
  if (copy.size !== file.size || copy.lastModified !== file.lastModified) return false;
  return copy.hash === undefined || file.hash === undefined || copy.hash === file.hash;
}
