// The planner against mklibrary.py's ground truth: 120 albums laid out the way real libraries are
// (flat dumps, scattered, nested, feat., lower case, NFD, ID3v1 stumps, duplicates, sidecars).
import { describe, expect, it } from 'vitest';
import { presets } from '../../src/core/template/index.ts';
import { sanitizeComponent } from '../../src/core/sanitize.ts';
import {
  finalPaths, loadMessy, lostOrDoubled, plan, releaseFolderOf, replanMoves, twinFolders, unportable,
} from './plan-helpers.ts';

const { fixture, source } = loadMessy();
const planned = plan(source);
const at = finalPaths(source, planned);
const truthAlbumOf = new Map(fixture.audio.map((a) => [a.path, a.album]));
const inRelease = new Set(planned.releases.flatMap((r) => r.recordings.map((x) => x.path)));

describe('planning the messy 120-album library', () => {
  it('loses and doubles nothing', () => {
    expect(lostOrDoubled(source, planned)).toEqual([]);
    expect(planned.operations.length).toBeGreaterThan(1000);
  });

  it('splits no release: every album’s tagged tracks end in one folder (disc subfolders allowed)', () => {
    const folders = new Map<string, Set<string>>();
    for (const path of inRelease) {
      const album = truthAlbumOf.get(path)!;
      folders.set(album, (folders.get(album) ?? new Set()).add(releaseFolderOf(at.get(path)!)));
    }
    expect([...folders].filter(([, f]) => f.size > 1).map(([a, f]) => `${a}: ${[...f].join(' | ')}`)).toEqual([]);
  });

  it('merges no releases: no folder holds tracks of two albums', () => {
    const albums = new Map<string, Set<string>>();
    for (const path of inRelease) {
      const folder = releaseFolderOf(at.get(path)!);
      albums.set(folder, (albums.get(folder) ?? new Set()).add(truthAlbumOf.get(path)!));
    }
    expect([...albums].filter(([, a]) => a.size > 1).map(([f, a]) => `${f}: ${[...a].join(', ')}`)).toEqual([]);
  });

  it('leaves no twin folders anywhere in the tree', () => {
    expect(twinFolders(source, planned)).toEqual([]);
  });

  it('creates only portable names within the path limit', () => {
    expect(unportable(planned)).toEqual([]);
    expect(unportable(plan(source, { maxPathLength: 60 }), 60)).toEqual([]);
  });

  it('takes album companions along with their release and lyrics beside their renamed track', () => {
    const folderOfAlbum = new Map<string, string>();
    for (const path of inRelease) folderOfAlbum.set(truthAlbumOf.get(path)!, releaseFolderOf(at.get(path)!));
    const wrong: string[] = [];
    for (const o of fixture.other) {
      const to = at.get(o.path)!;
      if (o.role === 'sidecar-album' && folderOfAlbum.has(o.album!)) {
        if (!to.startsWith(`${folderOfAlbum.get(o.album!)}/`)) wrong.push(`${o.path} → ${to}`);
      }
      if (o.role === 'sidecar-track') {
        const track = at.get(o.of!)!;
        const expected = track.replace(/\.[^.]+$/, '') + o.path.slice(o.path.lastIndexOf('.'));
        if (to !== expected) wrong.push(`${o.path} → ${to}, track at ${track}`);
      }
      if (o.role === 'junk' || o.role === 'broken') if (to !== o.path) wrong.push(`${o.role} moved: ${o.path}`);
    }
    expect(wrong).toEqual([]);
  });

  it('names tracks after their title with the release’s track-number width; untagged files keep their names', () => {
    const wrong: string[] = [];
    for (const release of planned.releases) {
      const width = Math.max(2, ...release.recordings.map((r) => String(Math.max(r.tags.track ?? 0, r.tags.tracktotal ?? 0)).length));
      for (const r of release.recordings) {
        const name = at.get(r.path)!.split('/').pop()!;
        // Sanitized in context: inside a name, "aux" is no device name and ".." no folder.
        const title = sanitizeComponent(`a ${(r.tags.title ?? '').trim()} a`).slice(2, -2);
        if (r.tags.title && !name.includes(title.slice(0, 20))) wrong.push(`title missing: ${name} (${r.tags.title})`);
        if (r.tags.track !== undefined && !new RegExp(`(^|-)${String(r.tags.track).padStart(width, '0')} `).test(name)) {
          wrong.push(`number: ${name} (track ${r.tags.track}, width ${width})`);
        }
      }
    }
    const untagged = fixture.audio.filter((a) => Object.keys(a.tags).length === 0);
    for (const a of untagged) {
      const to = at.get(a.path)!;
      const base = a.path.split('/').pop()!;
      if (!to.startsWith('Untagged/')) wrong.push(`untagged not gathered: ${to}`);
      const stem = base.replace(/\.[^.]+$/, '');
      if (!to.split('/').pop()!.startsWith(stem)) wrong.push(`untagged renamed: ${a.path} → ${to}`);
    }
    expect(untagged.length).toBeGreaterThan(0);
    expect(wrong).toEqual([]);
    const left = plan(source, { untagged: 'leave' });
    const leftAt = finalPaths(source, left);
    for (const a of untagged) expect(leftAt.get(a.path)).toBe(a.path);
  });

  it('is idempotent: planning the organized library moves nothing', () => {
    expect(replanMoves(source, planned)).toEqual([]);
  });

  it('keeps releases whole and apart, and stays idempotent, when paths must be cut to 60 characters', () => {
    const short = plan(source, { maxPathLength: 60 });
    expect(lostOrDoubled(source, short)).toEqual([]);
    expect(twinFolders(source, short)).toEqual([]);
    expect(splitAndMerged(finalPaths(source, short))).toEqual({ split: [], merged: [] });
    expect(replanMoves(source, short, { maxPathLength: 60 })).toEqual([]);
  });
});

/** Albums whose tracks end in several folders, and folders holding tracks of several albums. */
function splitAndMerged(final: Map<string, string>): { split: string[]; merged: string[] } {
  const folders = new Map<string, Set<string>>();
  const albums = new Map<string, Set<string>>();
  for (const path of inRelease) {
    const album = truthAlbumOf.get(path)!;
    const folder = releaseFolderOf(final.get(path)!);
    folders.set(album, (folders.get(album) ?? new Set()).add(folder));
    albums.set(folder, (albums.get(folder) ?? new Set()).add(album));
  }
  return {
    split: [...folders].filter(([, f]) => f.size > 1).map(([a, f]) => `${a}: ${[...f].join(' | ')}`),
    merged: [...albums].filter(([, a]) => a.size > 1).map(([f, a]) => `${f}: ${[...a].join(', ')}`),
  };
}

describe.each(presets.map((p) => [p.id, p.rules] as const))('preset %s on the messy library', (_id, rules) => {
  const p = plan(source, { rules });
  it('makes a valid plan', () => {
    expect(lostOrDoubled(source, p)).toEqual([]);
    expect(twinFolders(source, p)).toEqual([]);
    expect(unportable(p)).toEqual([]);
  });
  it('is idempotent', () => {
    expect(replanMoves(source, p, { rules })).toEqual([]);
  });
  // Picard's script has no %aunique, so one artist's two same-titled albums share a folder there
  // (Picard does the same). Marked as a known gap until the preset gains %aunique{}.
  it('keeps every release whole and apart', () => {
    expect(splitAndMerged(finalPaths(source, p))).toEqual({ split: [], merged: [] });
  });
});
