// The vocabulary of the domain. Every stage takes and returns these plain values, so the core
// can be tested in Node and the same values cross workers, IndexedDB and the UI unchanged.
import type { PlannedOutput } from './plan-outputs.ts';

/** A path inside the granted library: '/'-separated, no leading slash, as the file system spells it. */
export type LibraryPath = string;

/** One file as the walk saw it. size + lastModified identify its content for the cache. */
export interface FileEntry {
  path: LibraryPath;
  size: number;
  lastModified: number;
}

/** Tags normalised from whatever container they came from (ID3, Vorbis comments, MP4 atoms, ASF…). */
export interface Tags {
  title?: string;
  artist?: string;
  /** Individual artists when the container lists several. */
  artists?: string[];
  albumartist?: string;
  album?: string;
  track?: number;
  tracktotal?: number;
  disc?: number;
  disctotal?: number;
  /** The year of this release. */
  year?: number;
  /** The full date as tagged (e.g. "1999-05-01"), when more precise than the year. */
  date?: string;
  originalyear?: number;
  genre?: string[];
  composer?: string;
  label?: string;
  catalognumber?: string;
  /** MusicBrainz's disambiguation comment for the release ("deluxe edition"), beets' $albumdisambig. */
  albumdisambig?: string;
  /** The compilation flag (TCMP, cpil, COMPILATION, WM/IsCompilation). */
  compilation?: boolean;
  /** MusicBrainz release type and secondary types, RELEASETYPE, lower case ("album", "live", "soundtrack"). */
  releasetype?: string[];
  /** iTunes podcast flag. */
  podcast?: boolean;
  mb_trackid?: string;
  mb_albumid?: string;
  mb_artistid?: string;
  mb_albumartistid?: string;
  mb_releasegroupid?: string;
}

/** What the container says about the audio itself. Never an exact duration on the scan path. */
export interface AudioInfo {
  /** Container as music-metadata names it: "MPEG", "FLAC", "MPEG-4", "Ogg", "ASF/audio", "WAVE", "AIFF"… */
  container?: string;
  codec?: string;
  /** Bits per second. */
  bitrate?: number;
  sampleRate?: number;
  lossless?: boolean;
  /** Seconds, when the headers say (FLAC, MP4, WAV, AIFF, ASF, MP3 with a Xing/Info frame or CBR); never computed by decoding. */
  duration?: number;
  /** An embedded picture was seen in the bytes the reader had anyway (see src/tags/cover-sniff.ts). */
  cover?: boolean;
}

/** The outcome of reading one file's tags. A failure is a value, never an exception. */
export type ReadOutcome =
  | { kind: 'audio'; tags: Tags; audio: AudioInfo }
  | { kind: 'unreadable'; reason: string };

/** A readable audio file with its tags. */
export interface Recording extends FileEntry {
  tags: Tags;
  audio: AudioInfo;
  /**
   * SHA-256 of the content (src/tags/content-hash.ts), known for files the scan read whole and for
   * files whose size ties with another's: two files with equal size and hash are the same bytes.
   */
  hash?: string;
}

/** A file with an audio extension that could not be read: shown as "can't read", never moved. */
export interface UnreadableFile extends FileEntry {
  reason: string;
}

/** What a non-audio file is to the library. */
export type CompanionRole =
  /** Belongs to the whole release: cover images, .cue, .log, .nfo, playlists, scans/ and artwork/ contents. */
  | 'album'
  /** Belongs to one track by base name: .lrc, lyrics .txt. */
  | 'track'
  /** Operating-system litter: .DS_Store, Thumbs.db, desktop.ini. Deleted only on opt-in. */
  | 'junk'
  /** Anything else: left where it is. */
  | 'other';

export interface CompanionFile extends FileEntry {
  role: CompanionRole;
}

/** Content types a release can have; `albumtype` in templates and path rules. */
export type ContentType =
  | 'album'
  | 'single'
  | 'ep'
  | 'live'
  | 'compilation'
  | 'soundtrack'
  | 'collaboration'
  | 'rarity'
  | 'spokenword'
  | 'podcast'
  | 'classical';

export interface Classification {
  type: ContentType;
  /** 0..1: how sure the classifier is. */
  confidence: number;
  /** Plain-language reasons, shown in the UI ("compilation flag set on 12 of 12 tracks"). */
  reasons: string[];
}

/** Recordings that belong together as one published release (one album, one single…). */
export interface Release {
  /** Stable key derived from the normalised album artist, album title and edition. */
  id: string;
  /** The spelling chosen for the album artist (most frequent, or the album-artist tag). */
  albumartist: string;
  album: string;
  year?: number;
  originalyear?: number;
  /** True when the tracks come from many artists (Various Artists). */
  compilation: boolean;
  /** Number of discs seen or tagged. */
  disctotal: number;
  recordings: Recording[];
  /** Album-level companions (cover art, cue, log…) travelling with this release. */
  companions: CompanionFile[];
  classification: Classification;
  /** How the user's choices shaped it (edited, merged, split, excluded); absent when they did not. */
  review?: ReleaseReview;
}

/** What the user's choices did to a release (src/core/release-overrides.ts). */
export interface ReleaseReview {
  /** The values the user set, each with the value it had before. */
  edited: { field: 'albumartist' | 'album' | 'year' | 'type' | 'compilation'; from: string; to: string }[];
  /** Other releases' tracks were merged into it. */
  merged: boolean;
  /** It was split off another release, or tracks were split off it. */
  split: boolean;
  /** Its tracks and album companions stay where they are. */
  excluded: boolean;
  /** The release type the user set, which replaces the classifier's guess. */
  type?: ContentType;
  /** The keys of the choices that shaped it (choiceKey), so each can be reverted. */
  choices: string[];
}

/** One of the user's choices (other than which copy to keep) as this plan applied it: for the list of changes. */
export interface ChoiceOutcome {
  /** Its choiceKey: what Revert and Include remove. */
  key: string;
  kind: 'exclude-file' | 'exclude-folder' | 'exclude-release' | 'edit-release' | 'merge-releases' | 'split-release' | 'edit-tags';
  /** What it is about: a folder, a file, a release ("Album — Artist"). */
  subject: string;
  /** What it does in this plan, in a sentence. */
  effect: string;
  /** Files it applies to now; 0 when it found nothing (the files are gone, or too few of them are still together). */
  files: number;
  /** The release it shaped, by id in this plan. */
  release?: string;
}

/** One step of a plan. Paths are library paths. */
export type Operation =
  | { kind: 'move'; from: LibraryPath; to: LibraryPath; size: number; lastModified: number; reason: MoveReason }
  | { kind: 'delete-junk'; path: LibraryPath; size: number; lastModified: number };

type MoveReason = 'recording' | 'album-companion' | 'track-companion' | 'unsorted' | 'duplicate';

/** Two or more files that the template maps to one path, and which the planner could not separate. */
export interface Conflict {
  target: LibraryPath;
  sources: LibraryPath[];
  message: string;
}

/** One file of a duplicate group as the plan shows it. */
export interface DuplicateCopy {
  path: LibraryPath;
  /** Where the plan puts it: the release's folder when kept, Duplicates/… when set aside. */
  to: LibraryPath;
  size: number;
  lastModified: number;
  hash?: string;
  kept: boolean;
  /** "FLAC, lossless", "MP3, 128 kbps": what a person compares copies by. */
  format: string;
}

/** Files that hold the same music: one is kept in its release, the others are set aside for review. */
export interface DuplicateGroup {
  /** Stable while the same files form the group (the first path of its copies in sorted order): for the page's focus and keys. */
  id: string;
  /** 'exact': every copy has the same bytes; 'recording': the same recording in different files. */
  kind: 'exact' | 'recording';
  /** "Beth Hart — Garden", or the file name when untagged. */
  title: string;
  /** Why the kept copy was kept, as a plain sentence. */
  reason: string;
  /** The kept copy is the user's choice ("Keep this copy instead"). */
  chosen: boolean;
  /** The kept copy first, then the others in path order. */
  copies: DuplicateCopy[];
}

/** A release as the preview lists it: its recordings stay with the planner, the page has them already. */
export interface ReleaseSummary extends Omit<Release, 'recordings' | 'companions'> {
  tracks: number;
}

/**
 * A plan as the page receives it from the planner worker: releases summarized, and an id by which
 * the worker knows the plan when the page asks for its journal steps.
 */
export interface PlanPreview extends Omit<Plan, 'releases' | 'outputs'> {
  id: number;
  releases: ReleaseSummary[];
  /** The files the run writes after its moves, without their text (the worker keeps it for the steps). */
  outputs?: { kind: 'write' | 'rewrite'; path: LibraryPath; by: string }[];
}

/** A plan is a value: preview renders it, apply executes it, undo is its inverse. */
export interface Plan {
  operations: Operation[];
  /** Files already where the template wants them. */
  unchanged: LibraryPath[];
  unreadable: UnreadableFile[];
  conflicts: Conflict[];
  /** The releases the plan was made from, for the preview (types, reasons, track lists). */
  releases: Release[];
  /** Duplicate groups: which copy stays in its release and why, where the others go. */
  duplicates: DuplicateGroup[];
  /** Files the user's exclusions leave where they are (never moved, renamed or deleted), in path order. */
  excluded: LibraryPath[];
  /** The user's exclusions and edits, as this plan applied them. */
  choices: ChoiceOutcome[];
  /** Files written after the moves: plugins' outputs and the user's playlists rewritten (src/core/plan-outputs.ts). */
  outputs?: PlannedOutput[];
  /** Outputs left out and playlists left alone, with the reason. */
  outputNotes?: { path: LibraryPath; message: string }[];
}
