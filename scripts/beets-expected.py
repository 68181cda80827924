#!/usr/bin/python3
"""Asks real beets where it files a few small libraries, for test/unit/template/beets-paths.test.ts.

  PYTHONPATH=/usr/share/beets /usr/bin/python3 scripts/beets-expected.py > test/fixtures/beets-paths.json

Needs Debian's beets 1.6 (`apt-get install -y beets`; Debian keeps its modules in /usr/share/beets).
Each case is a `paths:` config, exactly as a user would paste it, and items with chosen tags grouped
into albums as `beet import` would group them. beets reads the config through its own YAML and
confuse layers, so its built-in `default:`, `singleton:` and `comp:` rules merge in as they do for a
user; every item's `destination()` is recorded. The tests read the JSON: no Python at test time.
"""
import json
import os
import sys
import tempfile

os.environ["BEETSDIR"] = tempfile.mkdtemp(prefix="beets-expected-")

import beets  # noqa: E402
from beets import config  # noqa: E402
from beets.library import Item, Library  # noqa: E402
from beets.ui import get_path_formats  # noqa: E402

# Item fields a case may set; everything else stays at beets' defaults (0 or "").
FIELDS = {"title", "artist", "albumartist", "album", "track", "tracktotal", "disc", "disctotal", "year", "label",
          "catalognum", "albumdisambig", "albumtype", "comp", "bitrate", "samplerate", "format"}


def hits(edition, n=3, **album_tags):
    """n tracks of the album "Hits" by "Band", with the album-level tags of one edition."""
    tags = dict(artist="Band", albumartist="Band", album="Hits", tracktotal=n, **album_tags)
    return {"name": edition, "items": [dict(tags, title=f"Song {i}", track=i) for i in range(1, n + 1)]}


def one(name, **tags):
    """A one-track album."""
    return {"name": name, "items": [dict(dict(artist="Band", albumartist="Band", album="Hits", title="Song",
                                              track=1, tracktotal=1), **tags)]}


CASES = [
    {
        "name": "numbers are zero-padded to two digits, never more",
        "paths": "paths:\n  default: $albumartist/$album/$disc of $disctotal/$track of $tracktotal $title\n",
        "albums": [{"name": "long", "items": [
            dict(artist="Band", albumartist="Band", album="Long", title="Five", track=5, tracktotal=120, disc=1,
                 disctotal=2),
            dict(artist="Band", albumartist="Band", album="Long", title="Hundred and Five", track=105,
                 tracktotal=120, disc=1, disctotal=2),
            dict(artist="Band", albumartist="Band", album="Long", title="Twelve", track=12, tracktotal=120, disc=2,
                 disctotal=2),
        ]}],
    },
    {
        "name": "bitrate and sample rate are scaled and truncated, not rounded",
        "paths": "paths:\n  default: $albumartist/$album/$track $title $bitrate $samplerate\n",
        "albums": [{"name": "rates", "items": [
            dict(artist="Band", albumartist="Band", album="Rates", title="High", track=1, tracktotal=2,
                 bitrate=320999, samplerate=44100),
            dict(artist="Band", albumartist="Band", album="Rates", title="Low", track=2, tracktotal=2,
                 bitrate=127600, samplerate=22050),
        ]}],
    },
    {
        "name": "only default written: beets' own singleton: and comp: rules apply; $comp is the flag",
        "paths": "paths:\n  default: $albumartist/$album/$track $title [$comp]\n",
        "albums": [
            {"name": "flagged", "items": [
                dict(artist="Singer A", albumartist="Various Artists", album="Summer", title="Sun", track=1,
                     tracktotal=2, comp=True),
                dict(artist="Singer B", albumartist="Various Artists", album="Summer", title="Sea", track=2,
                     tracktotal=2, comp=True),
            ]},
            {"name": "various, not flagged", "items": [
                dict(artist="Singer C", albumartist="Various Artists", album="Winter", title="Snow", track=1,
                     tracktotal=3),
                dict(artist="Singer D", albumartist="Various Artists", album="Winter", title="Ice", track=2,
                     tracktotal=3),
                dict(artist="Singer E", albumartist="Various Artists", album="Winter", title="Fog", track=3,
                     tracktotal=3),
            ]},
            {"name": "plain", "items": [
                dict(artist="Band", albumartist="Band", album="Plain", title="One", track=1, tracktotal=1),
            ]},
        ],
        "singletons": [dict(artist="Loner", title="Alone")],
    },
    {
        "name": "the user's comp: rule replaces beets' own, wherever it is written",
        "paths": "paths:\n  default: $albumartist/$album/$track $title\n"
                 "  comp: Various/$album/$track $artist - $title %if{$comp,flagged,not flagged}\n",
        "albums": [
            {"name": "flagged", "items": [
                dict(artist="Singer A", albumartist="Various Artists", album="Summer", title="Sun", track=1,
                     tracktotal=2, comp=True),
                dict(artist="Singer B", albumartist="Various Artists", album="Summer", title="Sea", track=2,
                     tracktotal=2, comp=True),
            ]},
        ],
    },
    {
        "name": "a query on an empty albumartist sees it empty; the template still falls back to the artist",
        "paths": "paths:\n  'albumartist::^$': No Album Artist/$albumartist/$album/$track $title\n"
                 "  default: $albumartist/$album/$track $title\n",
        "albums": [
            {"name": "untagged album artist", "items": [
                dict(artist="Band", album="Bare", title="One", track=1, tracktotal=2),
                dict(artist="Band", album="Bare", title="Two", track=2, tracktotal=2),
            ]},
            {"name": "tagged album artist", "items": [
                dict(artist="Band", albumartist="Band", album="Dressed", title="One", track=1, tracktotal=1),
            ]},
        ],
    },
    {
        "name": "%aunique tells editions apart by albumdisambig",
        "paths": "paths:\n  default: $albumartist/$album%aunique{}/$track $title\n",
        "albums": [hits("standard", albumdisambig="standard edition", year=2001),
                   hits("deluxe", albumdisambig="deluxe edition", year=2001)],
    },
    {
        "name": "%aunique tells editions apart by year",
        "paths": "paths:\n  default: $albumartist/$album%aunique{}/$track $title\n",
        "albums": [hits("first", year=1999), hits("reissue", year=2009)],
    },
    {
        "name": "%aunique tells editions apart by label",
        "paths": "paths:\n  default: $albumartist/$album%aunique{}/$track $title\n",
        "albums": [hits("one label", year=2001, label="North"), hits("other label", year=2001, label="South")],
    },
    {
        "name": "%aunique tells editions apart by a tagged release type",
        "paths": "paths:\n  default: $albumartist/$album%aunique{}/$track $title\n",
        "albums": [hits("album", year=2001, albumtype="album"), hits("ep", year=2001, albumtype="ep")],
    },
    {
        "name": "%aunique with its own keys, disambiguators and brackets",
        "paths": "paths:\n  default: $albumartist/$album%aunique{albumartist album,label year,()}/$track $title\n",
        "albums": [hits("one label", year=2001, label="North"), hits("other label", year=2009, label="South")],
    },
    {
        "name": "a release type nobody tagged does not tell editions apart nor choose a rule",
        "paths": "paths:\n  albumtype:single: Singles/$albumartist/$album/$track $title\n"
                 "  default: $albumartist/$album%aunique{}/$track $title\n",
        # Two tracks look like a single, twelve like an album: only a guess, which beets never makes.
        "albums": [hits("short", n=2, year=1999), hits("long", n=12, year=2009)],
    },
    {
        # test/unit/layout-inference.test.ts reads this library as a beets user's tree and must find beets' layout.
        "name": "a library in beets' default layout",
        "paths": "paths:\n  default: $albumartist/$album%aunique{}/$track $title\n",
        "albums": [
            *[{"name": f"{artist} {album}", "items": [
                dict(artist=artist, albumartist=artist, album=album, title=f"{album} Song {i}", track=i, tracktotal=n,
                     year=year)
                for i in range(1, n + 1)]}
              for artist, album, year, n in [("Björk", "Homogenic", 1997, 4), ("Björk", "Vespertine", 2001, 3),
                                             ("The Band", "Stage Fright", 1970, 3), ("Low", "Things We Lost", 2001, 5),
                                             ("Low", "Secret Name", 1999, 2), ("Can", "Tago Mago", 1971, 3)]],
            hits("first", year=1999), hits("reissue", year=2009),
            {"name": "double", "items": [
                dict(artist="Low", albumartist="Low", album="Long Division", title=f"Disc {d} Song {i}", track=i,
                     tracktotal=2, disc=d, disctotal=2, year=1995)
                for d in (1, 2) for i in (1, 2)]},
            {"name": "flagged compilation", "items": [
                dict(artist=artist, albumartist="Various Artists", album="Summer Mix", title=f"Sun {i}", track=i,
                     tracktotal=3, comp=True, year=2010)
                for i, artist in enumerate(["Singer A", "Singer B", "Singer C"], 1)]},
            {"name": "guest on an album", "items": [
                dict(artist="Can feat. Damo", albumartist="Can", album="Future Days", title="Moonshake", track=1,
                     tracktotal=2, year=1973),
                dict(artist="Can", albumartist="Can", album="Future Days", title="Bel Air", track=2, tracktotal=2,
                     year=1973),
            ]},
        ],
        "singletons": [dict(artist="Loner", title="Alone"), dict(artist="Loner", title="Again")],
    },
    {
        "name": "%time reformats a date written as beets writes times",
        "paths": "paths:\n  default: $albumartist/$album/%time{2021-03-04 05:06:07,%Y.%m.%d %H-%M} $title\n",
        "albums": [one("timed")],
    },
    {
        "name": "a } outside any function ends the template: the rest is kept as written",
        "paths": "paths:\n  default: $albumartist/{$album}/$track $title\n",
        "albums": [one("brace")],
    },
    {
        "name": "an unknown function is kept as written, arguments unevaluated",
        "paths": "paths:\n  default: $albumartist/$album/%tracknum{$track} $title\n",
        "albums": [one("unknown")],
    },
]


def library_for(paths_yaml):
    config.clear()
    config.read(user=False, defaults=True)
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
        f.write(paths_yaml)
    config.set_file(f.name)
    os.unlink(f.name)
    config["directory"] = "/library"
    return Library(":memory:", "/library", path_formats=get_path_formats())


def item_for(tags, n):
    unknown = set(tags) - FIELDS
    if unknown:
        raise ValueError(f"fields not in FIELDS: {unknown}")
    ext = "flac" if tags.get("format") == "FLAC" else "mp3"
    return Item(path=f"/incoming/{n}.{ext}".encode(), **tags), ext


def run(case):
    """Adds the whole library first, then asks for every destination, as `beet move` does: %aunique
    compares each album with all the others, not only with those imported before it."""
    lib = library_for(case["paths"])
    added = []
    n = 0
    for album in case.get("albums", []):
        items = []
        for tags in album["items"]:
            n += 1
            items.append((album["name"], tags, *item_for(tags, n)))
        lib.add_album([item for _, _, item, _ in items])
        added += items
    for tags in case.get("singletons", []):
        n += 1
        item, ext = item_for(tags, n)
        lib.add(item)
        added.append((None, tags, item, ext))
    return {"name": case["name"], "paths": case["paths"],
            "items": [{"album": album, "tags": tags, "ext": ext, "path": item.destination(fragment=True)}
                      for album, tags, item, ext in added]}


result = {
    "about": "Where beets files each item, from scripts/beets-expected.py; regenerate, never edit by hand.",
    "beets": beets.__version__,
    "cases": [run(case) for case in CASES],
}
json.dump(result, sys.stdout, indent=2, ensure_ascii=False, sort_keys=True)
sys.stdout.write("\n")
