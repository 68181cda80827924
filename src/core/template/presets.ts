// Ready-made path rules the settings screen offers. They read these fields, which the planner
// provides path-safe: albumartist, album, artist, title, year ('' when unknown), track ("01", as
// beets pads it), discnumber (the disc unpadded, "2"), kind (the organizer's guess at the kind of
// release: album, live, soundtrack…), various ("True" for a release credited to Various Artists or
// of many artists, "False" otherwise; beets' own `comp` is the compilation flag) and multidisc ("1"
// when the release has more than one disc, else "" — the field beets users define with the inline
// plugin for the same purpose). beets' own `comp:` and `singleton:` rules follow any preset that
// does not write those keys, as they follow a beets user's `paths:`.

import { BEETS_DEFAULT_PATHS } from './path-rules.ts';

export interface PathPreset {
  id: string;
  name: string;
  description: string;
  /** Path rules in beets' `paths:` syntax; parsePathRules() reads them. */
  rules: string;
}

// "Album (1999)", without empty parentheses when the year is unknown; %aunique compares the year
// too, so it only speaks up for same-year look-alikes (deluxe editions, reissues).
const ALBUM = '$album%if{$year, ($year)}%aunique{albumartist album year,albumtype label catalognum albumdisambig}';
const TRACK = '%if{$multidisc,$discnumber-}$track $title';
const VARIOUS_TRACK = '%if{$multidisc,$discnumber-}$track $artist - $title';

const appDefault = `default: $albumartist/${ALBUM}/${TRACK}
various:true: Compilations/${ALBUM}/${VARIOUS_TRACK}
# beets files every flagged release under Compilations/; here one artist's stays theirs
comp: $albumartist/${ALBUM}/${TRACK}
`;

const beetsDefault = BEETS_DEFAULT_PATHS;

// Picard keeps compilations under their album artist, so this names `comp:` to keep beets' own
// rule from sending flagged releases to Compilations/.
const PICARD = '$albumartist/$album%aunique{}/%if{$multidisc,$discnumber-}$track %if{$various,$artist - }$title';
const picardDefault = `default: ${PICARD}
singleton: $artist/$title
comp: ${PICARD}
`;

const categories = `kind:live: Live/$albumartist/${ALBUM}/${TRACK}
kind:soundtrack: Soundtracks/${ALBUM}/${VARIOUS_TRACK}
kind:collaboration: Collaborations/$albumartist/${ALBUM}/${VARIOUS_TRACK}
kind:rarity: Rarities/$albumartist/${ALBUM}/${TRACK}
kind:compilation: Compilations/${ALBUM}/${VARIOUS_TRACK}
various:true: Compilations/${ALBUM}/${VARIOUS_TRACK}
kind:single: Singles & EPs/$albumartist/${ALBUM}/${TRACK}
kind:ep: Singles & EPs/$albumartist/${ALBUM}/${TRACK}
kind:spokenword: Spoken Word/$albumartist/${ALBUM}/${TRACK}
kind:podcast: Podcasts/$albumartist/$album/$title
kind:classical: Classical/$albumartist/${ALBUM}/${TRACK}
default: Albums/$albumartist/${ALBUM}/${TRACK}
`;

export const presets: readonly PathPreset[] = [
  {
    id: 'music-organizer',
    name: 'Music Organizer',
    description:
      'Album Artist/Album (Year)/01 Title. Multi-disc releases number tracks 1-01, 2-01…; compilations go to ' +
      'Compilations/Album (Year)/01 Artist - Title. A year is left out when unknown, and a bracketed ' +
      'catalogue number or label tells apart two same-named releases of the same year.',
    rules: appDefault,
  },
  {
    id: 'beets',
    name: 'beets default',
    description:
      "beets' own defaults, unchanged: Album Artist/Album/01 Title, compilations under Compilations/Album/, " +
      'tracks without an album under Non-Album/Artist/Title. Same-named albums get " [1999]" appended.',
    rules: beetsDefault,
  },
  {
    id: 'picard',
    name: 'MusicBrainz Picard default',
    description:
      "Picard's default naming script in this language: Album Artist/Album/, then the disc number and a dash " +
      'only on multi-disc releases, the track number, "Artist - " only on compilations (which stay under ' +
      'their album artist, usually Various Artists), and the title. Tracks without an album go to Artist/Title. ' +
      '(Picard pads the disc to two digits when there are ten or more; here the disc is padded as given.) ' +
      'Unlike Picard, two different albums of the same name by one artist get a bracketed year or number, so they never share a folder.',
    rules: picardDefault,
  },
  {
    id: 'categories',
    name: 'Categories',
    description:
      'The classic Music Organizer layout: one top folder per kind of release. Albums/Artist/Album (Year)/, ' +
      'Live/, Soundtracks/, Collaborations/, Rarities/, Compilations/ (by type or compilation flag), ' +
      'Singles & EPs/, Spoken Word/, Podcasts/ and Classical/. The first matching line wins.',
    rules: categories,
  },
];
