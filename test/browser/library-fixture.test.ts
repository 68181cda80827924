// Checks the messy-library fixture against its ground truth, so end-to-end tests built on it
// start from files that really say what library.truth.json claims.
import { expect, test } from 'vitest';
import { readRecording } from '../../src/tags/read-recording.ts';
import truthJson from '../fixtures/library.truth.json';

interface Truth {
  files: Record<string, { role: string; album?: string; track?: string }>;
  albums: Record<string, { albumartist: string; album: string; year: number; compilation: boolean; disctotal: number; tracks: number }>;
}
const truth = truthJson as Truth;
const urls = import.meta.glob(['../fixtures/library/**/*', '../fixtures/library/**/.DS_Store'], {
  query: '?url', eager: true, import: 'default',
}) as Record<string, string>;
const libraryPath = (key: string) => key.slice('../fixtures/library/'.length);

async function fileAt(path: string): Promise<File> {
  const url = urls[`../fixtures/library/${path}`];
  if (!url) throw new Error(`missing fixture file ${path}`);
  return new File([await (await fetch(url)).blob()], path.slice(path.lastIndexOf('/') + 1));
}

test('the truth lists exactly the files on disk', () => {
  expect(Object.keys(urls).map(libraryPath).sort()).toEqual(Object.keys(truth.files).sort());
  expect(Object.keys(truth.files).length).toBeGreaterThanOrEqual(35);
});

test('every audio file carries the tags of the album the truth puts it in', async () => {
  const seen = new Map<string, number>();
  for (const [path, entry] of Object.entries(truth.files)) {
    if (entry.role !== 'audio') continue;
    const { outcome } = await readRecording(await fileAt(path), path);
    expect(outcome.kind, path).toBe('audio');
    if (outcome.kind !== 'audio') continue;
    const album = truth.albums[entry.album!]!;
    expect(outcome.tags.album, path).toBe(album.album);
    expect(outcome.tags.year, path).toBe(album.year);
    // Album artist or, failing that, the artist: the case and "feat." are the grouper's problem.
    const credited = (outcome.tags.albumartist ?? outcome.tags.artist ?? '').toLowerCase();
    expect(credited.startsWith(album.albumartist.toLowerCase()), `${path}: ${credited}`).toBe(true);
    if (album.compilation) expect(outcome.tags.compilation, path).toBe(true);
    seen.set(entry.album!, (seen.get(entry.album!) ?? 0) + 1);
  }
  expect(Object.fromEntries(seen)).toEqual(Object.fromEntries(Object.entries(truth.albums).map(([k, a]) => [k, a.tracks])));
});

test('untagged audio reads as audio without tags; broken files read as unreadable', async () => {
  for (const [path, entry] of Object.entries(truth.files)) {
    if (entry.role !== 'untagged' && entry.role !== 'broken') continue;
    const { outcome } = await readRecording(await fileAt(path), path);
    if (entry.role === 'untagged') expect(outcome, path).toMatchObject({ kind: 'audio', tags: {} });
    else expect(outcome.kind, path).toBe('unreadable');
  }
});

test('the messy cases are all there', () => {
  const tracksOf = (key: string) => Object.entries(truth.files).filter(([, f]) => f.album === key && f.role === 'audio').map(([p]) => p);
  const folders = (key: string) => new Set(tracksOf(key).map((p) => p.slice(0, p.lastIndexOf('/'))));
  expect(folders('double-feature-artist-b').size).toBe(2);
  expect(folders('greatest-hits-artist-f')).not.toEqual(folders('greatest-hits-artist-g'));
  expect(truth.albums['summer-hits-2010-various-artists']?.compilation).toBe(true);
  const roles = new Set(Object.values(truth.files).map((f) => f.role));
  expect([...roles].sort()).toEqual(['audio', 'broken', 'junk', 'sidecar-album', 'sidecar-track', 'untagged']);
  const unsorted = Object.entries(truth.files).filter(([p, f]) => p.startsWith('Unsorted/') && f.album);
  expect(new Set(unsorted.map(([, f]) => f.album)).size).toBeGreaterThanOrEqual(2);
});
