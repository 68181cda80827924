// Issue 4's "done" library: mklibrary.py --albums 850 --seed 7 (10,055 files), as tags. The same
// promises as on the 120-album fixture, at the size of a real collection.
// Regenerate: mklibrary.py --out /tmp/ml850 --albums 850 --seed 7 &&
//   node test/fixtures/make-messy-tags.mjs /tmp/ml850.truth.json test/fixtures/messy-850-seed7.tags.json
import { describe, expect, it } from 'vitest';
import { finalPaths, loadMessy, lostOrDoubled, plan, releaseFolderOf, replanMoves, twinFolders, unportable } from './plan-helpers.ts';

const { fixture, source } = loadMessy('messy-850-seed7.tags.json');
const planned = plan(source);
const at = finalPaths(source, planned);
const truthAlbumOf = new Map(fixture.audio.map((a) => [a.path, a.album]));

describe('planning the 850-album library', () => {
  it('loses nothing, and creates only portable names with no twin folders', () => {
    expect(lostOrDoubled(source, planned)).toEqual([]);
    expect(twinFolders(source, planned)).toEqual([]);
    expect(unportable(planned, 259, source)).toEqual([]);
  });

  it('neither splits nor merges a release', () => {
    const foldersOf = new Map<string, Set<string>>();
    const albumsIn = new Map<string, Set<string>>();
    for (const release of planned.releases) {
      for (const r of release.recordings) {
        const album = truthAlbumOf.get(r.path)!;
        const folder = releaseFolderOf(at.get(r.path)!);
        foldersOf.set(album, (foldersOf.get(album) ?? new Set()).add(folder));
        albumsIn.set(folder, (albumsIn.get(folder) ?? new Set()).add(album));
      }
    }
    expect([...foldersOf].filter(([, f]) => f.size > 1).map(([a]) => a)).toEqual([]);
    expect([...albumsIn].filter(([, a]) => a.size > 1).map(([f]) => f)).toEqual([]);
    expect(foldersOf.size).toBe(fixture.albums.length);
  });

  it('is idempotent, multi-disc sets without disc tags included', () => {
    expect(replanMoves(source, planned)).toEqual([]);
  });
});

describe('duplicates in the 850-album library', () => {
  const planted = fixture.audio.filter((a) => a.duplicateOf !== undefined);
  const inDuplicates = (path: string) => at.get(path)!.startsWith('Duplicates/');

  it('sets every planted copy aside in Duplicates/, beside the folder its original went to', () => {
    expect(planted.length).toBeGreaterThan(100);
    expect(planted.filter((d) => !inDuplicates(d.path)).map((d) => d.path)).toEqual([]);
    const misplaced = planted.filter((d) => releaseFolderOf(at.get(d.path)!) !== `Duplicates/${releaseFolderOf(at.get(d.duplicateOf!)!)}`);
    expect(misplaced.map((d) => `${d.path} → ${at.get(d.path)}`)).toEqual([]);
  });

  it('keeps every original in its album, and sets aside nothing but files indistinguishable from another', () => {
    const originals = new Set(planted.map((d) => d.duplicateOf!));
    expect([...originals].filter(inDuplicates)).toEqual([]);
    // mklibrary writes the same tone under every file of a format, so two tracks of a flat dump
    // with equal tags (an ID3v1 stump without its disc) are the same bytes: copies to anyone.
    const looks = (a: (typeof fixture.audio)[number]) => `${a.size}|${a.path.slice(a.path.lastIndexOf('.')).toLowerCase()}|${JSON.stringify(a.tags)}`;
    const alike = new Map<string, number>();
    for (const a of fixture.audio) alike.set(looks(a), (alike.get(looks(a)) ?? 0) + 1);
    const plantedPaths = new Set(planted.map((d) => d.path));
    const others = fixture.audio.filter((a) => !plantedPaths.has(a.path) && inDuplicates(a.path));
    expect(others.filter((a) => alike.get(looks(a))! < 2).map((a) => a.path)).toEqual([]);
    expect(others.length).toBeLessThan(5);
  });
});
