import { describe, expect, it } from 'vitest';
import { attachCompanions, companionRole } from '../../src/core/companions.ts';
import { groupReleases } from '../../src/core/group.ts';
import type { CompanionFile, Recording, Tags } from '../../src/core/model.ts';

describe('companionRole', () => {
  it.each([
    ['a/01.mp3', 'audio'], ['a/01.FLAC', 'audio'], ['a/x.m4a', 'audio'], ['a/x.opus', 'audio'], ['a/x.dsf', 'audio'],
    ['a/cover.jpg', 'album'], ['a/Folder.JPG', 'album'], ['a/front.png', 'album'], ['a/back.webp', 'album'],
    ['a/albumart_small.jpeg', 'album'], ['a/random photo.gif', 'album'],
    ['a/Album.cue', 'album'], ['a/rip.log', 'album'], ['a/info.nfo', 'album'], ['a/list.m3u', 'album'],
    ['a/list.m3u8', 'album'], ['a/radio.pls', 'album'],
    ['a/Scans/booklet 01.pdf', 'album'], ['a/artwork/inlay.tif', 'album'], ['a/covers/notes.txt', 'album'],
    ['a/01 Song.lrc', 'track'],
    ['a/.DS_Store', 'junk'], ['Thumbs.db', 'junk'], ['a/desktop.ini', 'junk'], ['a/ehthumbs.db', 'junk'], ['a/._01.mp3', 'junk'],
    ['notes.txt', 'other'], ['a/setup.exe', 'other'], ['a/video.mkv', 'other'],
  ] as const)('%s → %s', (path, role) => {
    expect(companionRole(path)).toBe(role);
  });

  it('calls a .txt a track companion only when a recording shares its base name', () => {
    const audio = new Set(['a/01 Song.flac']);
    expect(companionRole('a/01 Song.txt', audio)).toBe('track');
    expect(companionRole('a/01 song.TXT', audio)).toBe('track');
    expect(companionRole('a/readme.txt', audio)).toBe('other');
    expect(companionRole('b/01 Song.txt', audio)).toBe('other');
  });
});

const rec = (path: string, tags: Tags): Recording => ({ path, size: 1, lastModified: 0, tags, audio: {} });
const file = (path: string): CompanionFile => {
  const role = companionRole(path);
  if (role === 'audio') throw new Error('audio');
  return { path, size: 1, lastModified: 0, role };
};
const tracks = (folder: string, album: string, artist: string, n: number) =>
  Array.from({ length: n }, (_, i) => rec(`${folder}/${album} ${i + 1}.mp3`, { album, artist, title: `${album} ${i + 1}`, track: i + 1 }));

function attach(recordings: Recording[], companions: string[], extraAudio: string[] = []) {
  const { releases } = groupReleases(recordings);
  const audio = new Set([...recordings.map((r) => r.path), ...extraAudio]);
  const result = attachCompanions(releases, companions.map(file), audio);
  const owner = (path: string) => [...result.albumCompanions].find(([, files]) => files.some((f) => f.path === path))?.[0];
  return { releases, result, owner };
}

describe('attachCompanions', () => {
  it('gives a folder’s cover, cue and log to the one release that owns the folder', () => {
    const { releases, result, owner } = attach(tracks('Low - Fire', 'Fire', 'Low', 5), ['Low - Fire/cover.jpg', 'Low - Fire/Fire.cue', 'Low - Fire/rip.log']);
    const id = releases[0]!.id;
    expect(owner('Low - Fire/cover.jpg')).toBe(id);
    expect(owner('Low - Fire/Fire.cue')).toBe(id);
    expect(result.albumCompanions.get(id)).toHaveLength(3);
    expect(result.releases[0]!.companions.map((c) => c.path).sort()).toEqual(['Low - Fire/Fire.cue', 'Low - Fire/cover.jpg', 'Low - Fire/rip.log']);
    expect(result.unattached).toEqual([]);
  });

  it('leaves a flat dump’s cover with nobody', () => {
    const recordings = [...tracks('Unsorted', 'Fire', 'Low', 5), ...tracks('Unsorted', 'Pink Flag', 'Wire', 5)];
    const { result, owner } = attach(recordings, ['Unsorted/cover.jpg', 'Unsorted/readme.nfo']);
    expect(owner('Unsorted/cover.jpg')).toBeUndefined();
    expect(result.unattached.map((c) => c.path)).toEqual(['Unsorted/cover.jpg', 'Unsorted/readme.nfo']);
  });

  it('covers an album whose discs sit in CD1/Disc 2 subfolders, and art in scans/', () => {
    const recordings = [...tracks('Can/CD1', 'Unlimited', 'Can', 3), ...tracks('Can/Disc 2', 'Unlimited', 'Can', 3)];
    const { releases, owner } = attach(recordings, ['Can/folder.jpg', 'Can/CD1/cd1.jpg', 'Can/Scans/booklet/p1.png', 'Can/Artwork/back.jpg']);
    const id = releases[0]!.id;
    for (const p of ['Can/folder.jpg', 'Can/CD1/cd1.jpg', 'Can/Scans/booklet/p1.png', 'Can/Artwork/back.jpg']) expect(owner(p)).toBe(id);
  });

  it('does not let one untagged file stop a cover from following its album', () => {
    const { releases, owner } = attach(tracks('Low - Fire', 'Fire', 'Low', 5), ['Low - Fire/cover.jpg'], ['Low - Fire/Track06.mp3']);
    expect(owner('Low - Fire/cover.jpg')).toBe(releases[0]!.id);
  });

  it('keeps a cover where mostly unknown audio lives', () => {
    const unknown = Array.from({ length: 6 }, (_, i) => `Mixed/unknown${i}.mp3`);
    const { owner } = attach(tracks('Mixed', 'Fire', 'Low', 2), ['Mixed/cover.jpg'], unknown);
    expect(owner('Mixed/cover.jpg')).toBeUndefined();
  });

  it('leaves a cover with no music beside it unattached', () => {
    const { result } = attach(tracks('Low - Fire', 'Fire', 'Low', 2), ['Pictures/cover.jpg']);
    expect(result.unattached.map((c) => c.path)).toEqual(['Pictures/cover.jpg']);
  });

  it('gives .lrc and same-named .txt files to their recording, case-insensitively', () => {
    const recordings = tracks('Unsorted', 'Fire', 'Low', 2);
    const { result } = attach(recordings, ['Unsorted/fire 1.LRC', 'Unsorted/Fire 2.txt', 'Unsorted/Fire 3.lrc']);
    expect(result.trackCompanions.get('Unsorted/Fire 1.mp3')?.map((c) => c.path)).toEqual(['Unsorted/fire 1.LRC']);
    expect(result.trackCompanions.get('Unsorted/Fire 2.mp3')?.map((c) => c.path)).toEqual(['Unsorted/Fire 2.txt']);
    expect(result.unattached.map((c) => c.path)).toEqual(['Unsorted/Fire 3.lrc']);
  });

  it('never attaches junk or unknown files', () => {
    const { result } = attach(tracks('Low - Fire', 'Fire', 'Low', 2), ['Low - Fire/.DS_Store', 'Low - Fire/Thumbs.db', 'Low - Fire/setup.exe']);
    expect(result.albumCompanions.size).toBe(0);
    expect(result.unattached).toHaveLength(3);
  });
});
