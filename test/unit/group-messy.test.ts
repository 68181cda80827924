// The grouping and companion rules against mklibrary.py's ground truth: 120 albums laid out the
// way real libraries are (flat dumps, scattered, nested, feat., lower case, NFD, ID3v1 stumps).
import { describe, expect, it } from 'vitest';
import { attachCompanions, companionRole } from '../../src/core/companions.ts';
import { groupReleases } from '../../src/core/group.ts';
import type { CompanionFile } from '../../src/core/model.ts';
import { nameKey } from '../../src/core/names.ts';
import { loadMessy } from './plan-helpers.ts';

const { fixture, source } = loadMessy();
const recordings = [...source.recordings];
const truthAlbumOf = new Map(fixture.audio.map((a) => [a.path, a.album]));
const { releases, loose, whyLoose } = groupReleases(recordings);
const releaseOf = new Map(releases.flatMap((r) => r.recordings.map((rec) => [rec.path, r] as const)));

describe('grouping a messy 120-album library', () => {
  it('leaves exactly the untagged files loose', () => {
    const untagged = fixture.audio.filter((a) => Object.keys(a.tags).length === 0).map((a) => a.path);
    expect(loose.map((r) => r.path).sort()).toEqual(untagged.sort());
    expect(new Set(whyLoose.values())).toEqual(new Set(['untagged']));
  });

  it('splits no album: every album’s tagged tracks land in exactly one release', () => {
    const releasesPerAlbum = new Map<string, Set<string>>();
    for (const [path, release] of releaseOf) {
      const album = truthAlbumOf.get(path)!;
      releasesPerAlbum.set(album, (releasesPerAlbum.get(album) ?? new Set()).add(release.id));
    }
    const split = [...releasesPerAlbum].filter(([, ids]) => ids.size > 1).map(([album, ids]) => `${album}: ${[...ids].join(' | ')}`);
    console.info(`albums with tagged tracks: ${releasesPerAlbum.size}, releases: ${releases.length}, splits: ${split.length}`);
    expect(split).toEqual([]);
  });

  it('merges no albums: no release holds tracks of two albums', () => {
    const merged = releases
      .map((r) => ({ id: r.id, albums: new Set(r.recordings.map((rec) => truthAlbumOf.get(rec.path))) }))
      .filter((r) => r.albums.size > 1)
      .map((r) => `${r.id}: ${[...r.albums].join(', ')}`);
    console.info(`merges: ${merged.length}`);
    expect(merged).toEqual([]);
  });

  it('spells each album artist one way across the library (no case or NFC twins)', () => {
    const spellings = new Map<string, Set<string>>();
    for (const r of releases) spellings.set(nameKey(r.albumartist), (spellings.get(nameKey(r.albumartist)) ?? new Set()).add(r.albumartist));
    expect([...spellings.values()].filter((s) => s.size > 1)).toEqual([]);
    for (const r of releases) expect(r.albumartist).toBe(r.albumartist.normalize('NFC'));
  });

  it('names each release after its album and album artist as the truth has them', () => {
    const truthAlbums = new Map(fixture.albums.map((a) => [a.id, a]));
    const wrong: string[] = [];
    for (const r of releases) {
      const truth = truthAlbums.get(truthAlbumOf.get(r.recordings[0]!.path)!)!;
      // ID3v1 keeps 30 Latin-1 characters: a stump of the truth is as good as the file allows.
      const stump = (s: string) => [...s.normalize('NFC')].map((c) => (c.charCodeAt(0) > 255 ? '?' : c)).join('').slice(0, 30);
      const albumOk = r.album === truth.album || nameKey(r.album) === nameKey(stump(truth.album));
      const artistOk = r.albumartist === truth.albumartist || nameKey(r.albumartist) === nameKey(stump(truth.albumartist));
      if (!albumOk || !artistOk) wrong.push(`${r.albumartist} — ${r.album} (truth: ${truth.albumartist} — ${truth.album})`);
    }
    expect(wrong).toEqual([]);
  });

  it('attaches every album sidecar to its album and nothing else', () => {
    const audioPaths = new Set([...fixture.audio.map((a) => a.path), ...fixture.other.filter((o) => o.role === 'broken').map((o) => o.path)]);
    const companions: CompanionFile[] = fixture.other
      .filter((o) => o.role !== 'broken')
      .map((o) => {
        const role = companionRole(o.path, audioPaths);
        if (role === 'audio') throw new Error(`${o.path} is not audio`);
        return { path: o.path, size: o.size, lastModified: 0, role };
      });
    const result = attachCompanions(releases, companions, audioPaths);
    const attachedTo = new Map<string, string>();
    for (const [id, files] of result.albumCompanions) for (const f of files) attachedTo.set(f.path, id);
    // An album whose every track is untagged has no release to carry its cover: nothing to check.
    const albumsWithRelease = new Set([...releaseOf.keys()].map((p) => truthAlbumOf.get(p)));
    const sidecars = fixture.other.filter((o) => o.role === 'sidecar-album' && albumsWithRelease.has(o.album));
    const wrong = sidecars.filter((s) => {
      const id = attachedTo.get(s.path);
      const release = releases.find((r) => r.id === id);
      return !release || !release.recordings.every((rec) => truthAlbumOf.get(rec.path) === s.album);
    });
    console.info(`album sidecars: ${sidecars.length}, attached right: ${sidecars.length - wrong.length}`);
    expect(wrong.map((s) => s.path)).toEqual([]);
    // Junk never travels with an album; the flat dump's readme.nfo belongs to nobody.
    const others = fixture.other.filter((o) => o.role === 'junk').map((o) => o.path);
    for (const p of others) expect(attachedTo.has(p)).toBe(false);
    const lyrics = fixture.other.filter((o) => o.role === 'sidecar-track');
    for (const l of lyrics) expect(result.trackCompanions.get(l.of!)?.map((c) => c.path)).toEqual([l.path]);
    expect(result.releases.reduce((n, r) => n + r.companions.length, 0)).toBe(attachedTo.size);
  });
});
