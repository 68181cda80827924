// What real beets 1.6 gives for pasted `paths:` configs (test/fixtures/beets-paths.json, written by
// scripts/beets-expected.py), against what the planner gives for the same items and the same text.
// Each beets album sits in a folder of its own, as a user's rips would, and grouping must find it.
// Differences kept on purpose are listed in docs/templates.md, and the cases here avoid them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Recording, Tags } from '../../../src/core/model.ts';
import { plan, source } from '../plan-helpers.ts';

interface BeetsTags {
  title?: string; artist?: string; albumartist?: string; album?: string; track?: number; tracktotal?: number;
  disc?: number; disctotal?: number; year?: number; label?: string; catalognum?: string; albumdisambig?: string;
  albumtype?: string; comp?: boolean; bitrate?: number; samplerate?: number; format?: string;
}
interface BeetsItem { album: string | null; tags: BeetsTags; ext: string; path: string }
interface BeetsCase { name: string; paths: string; items: BeetsItem[] }

const expected = JSON.parse(readFileSync(new URL('../../fixtures/beets-paths.json', import.meta.url), 'utf8')) as {
  beets: string;
  cases: BeetsCase[];
};

/** The item as the tag reader would report it. */
function recording(item: BeetsItem, i: number): Recording {
  const { catalognum, albumtype, comp, bitrate, samplerate, format, ...same } = item.tags;
  const tags: Tags = { ...same };
  if (catalognum) tags.catalognumber = catalognum;
  if (albumtype) tags.releasetype = [albumtype];
  if (comp) tags.compilation = true;
  const folder = item.album === null ? 'incoming/loose' : `incoming/${item.album}`;
  return {
    path: `${folder}/${String(i + 1).padStart(3, '0')}.${item.ext}`,
    size: 1000 + i,
    lastModified: 1,
    tags,
    audio: { ...(bitrate ? { bitrate } : {}), ...(samplerate ? { sampleRate: samplerate } : {}), ...(format === 'FLAC' ? { container: 'FLAC' } : {}) },
  };
}

describe(`paths as beets ${expected.beets} gives them`, () => {
  it('covers every case the script writes', () => {
    expect(expected.cases.length).toBeGreaterThanOrEqual(14);
  });

  it.each(expected.cases.map((c) => [c.name, c] as const))('%s', (_name, beetsCase) => {
    const recordings = beetsCase.items.map(recording);
    const p = plan(source(recordings), { rules: beetsCase.paths });
    const to = new Map(p.operations.flatMap((o) => (o.kind === 'move' ? [[o.from, o.to] as const] : [])));
    const ours = recordings.map((r) => to.get(r.path) ?? r.path);
    expect(p.conflicts).toEqual([]);
    expect(ours).toEqual(beetsCase.items.map((item) => item.path));
  });
});
