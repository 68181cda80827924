// What a path component of a user's layout may be, written in the app's own template language:
// the folder levels, disc folders and file names people (and beets, Picard, this app's presets)
// use. Layout inference renders each through the planner and keeps those that give the names on
// disk. Earlier entries are preferred when several render the same names (a library without
// look-alike albums cannot tell `$album` from `$album%aunique{}`), so the preferred spelling of
// each is the one that keeps future look-alikes apart and reads like the presets.

/** The app's own album disambiguation (presets.ts): same-year look-alikes only, since the year is shown. */
const APP_UNIQUE = '%aunique{albumartist album year,albumtype label catalognum albumdisambig}';
const BEETS_UNIQUE = '%aunique{}';

/** How a year goes with an album title; `%if{$year,…}` so a missing year leaves no empty brackets or dangling dash. */
const YEAR_AND_ALBUM = [
  '$album',
  '$album%if{$year, ($year)}',
  '%if{$year,$year - }$album',
  '%if{$year,[$year] }$album',
  '%if{$year,($year) }$album',
  '%if{$year,$year }$album',
  '$album%if{$year, [$year]}',
  '$album%if{$year, - $year}',
];

/** Album folder names, alone or after the album artist ("Artist - Album"), where no artist folder holds them. */
const ALBUM_FORMS = [
  ...YEAR_AND_ALBUM,
  ...YEAR_AND_ALBUM.map((form) => `$albumartist - ${form}`),
  '%if{$year,$year - }$albumartist - $album',
];

/** Each album form with the disambiguation that suits it first: beets' when the year is not shown. */
const albumFolders = ALBUM_FORMS.flatMap((form) => {
  const uniques = form.includes('$year') ? [APP_UNIQUE, BEETS_UNIQUE, ''] : [BEETS_UNIQUE, APP_UNIQUE, ''];
  return uniques.map((unique) => `${form}${unique}`);
});

/** Folder levels: artist, album, and the levels some libraries put above them. */
export const FOLDER_CANDIDATES: readonly string[] = [
  '$albumartist',
  ...albumFolders,
  '$artist',
  '%the{$albumartist}',
  '%upper{%left{$albumartist,1}}',
];

/**
 * Levels that group releases, tried after the literal folder names found on disk: a "Classical"
 * folder of classical releases is that name, even where their genre says the same.
 */
export const GROUPING_FOLDER_CANDIDATES: readonly string[] = ['$year', '$genre'];

/** A folder per disc, inside the album folder, for releases of several discs only. */
export const DISC_FOLDER_CANDIDATES: readonly string[] = [
  'CD$discnumber',
  'CD $discnumber',
  'Disc $discnumber',
  'Disk $discnumber',
  'CD$disc',
  'CD $disc',
  'Disc $disc',
];

const DISC_PREFIXES = ['', '%if{$multidisc,$discnumber-}', '%if{$multidisc,$disc-}'];
const TRACKS = ['track', 'tracknumber'];
const SEPARATORS = [' ', ' - ', '. ', '-', '_', '.'];
const ARTISTS = ['', '$artist - ', '%if{$various,$artist - }'];

/** `$name`, or `${name}` where the text after it would otherwise continue the name (`${track}_`). */
const field = (name: string, next: string): string => (/^[\p{L}\p{N}_]/u.test(next) ? `\${${name}}` : `$${name}`);

/** File names (without the extension, which the planner keeps). */
export const NAME_CANDIDATES: readonly string[] = [
  ...ARTISTS.flatMap((artist) =>
    SEPARATORS.flatMap((separator) =>
      TRACKS.flatMap((track) => DISC_PREFIXES.map((disc) => `${disc}${field(track, separator)}${separator}${artist}$title`)),
    ),
  ),
  ...ARTISTS.map((artist) => `${artist}$title`),
  ...TRACKS.flatMap((track) => DISC_PREFIXES.map((disc) => `$artist - ${disc}$${track} - $title`)),
];
