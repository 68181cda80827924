// Finding copies and choosing the one to keep, on random libraries full of copies: exact ones,
// re-encodes of other lengths and qualities, copies without an album, copies already set aside,
// and the user's choices. Plus the pieces: lengths, size ties, content hashes, cover art.
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Plan, Recording, Tags } from '../../src/core/model.ts';
import type { PlanSource } from '../../src/core/plan.ts';
import type { ReviewChoice } from '../../src/core/review-choices.ts';
import { findCopies, sameLength, unhashedSizeTies } from '../../src/core/duplicates.ts';
import { contentHash, HASH_CHUNK_BYTES } from '../../src/scan/content-hash.ts';
import { hasEmbeddedCover } from '../../src/tags/cover-sniff.ts';
import { finalPaths, lostOrDoubled, plan, replanMoves, source } from './plan-helpers.ts';
import { propertySeeds } from './seeds.ts';

describe('lengths', () => {
  it('agree within 2 seconds or 1.5% of the longer, and are unknown when one is', () => {
    expect(sameLength(200, 201.9)).toBe(true);
    expect(sameLength(200, 203.5)).toBe(false);
    expect(sameLength(600, 608)).toBe(true);
    expect(sameLength(600, 610)).toBe(false);
    expect(sameLength(undefined, 200)).toBeUndefined();
  });
});

describe('size ties', () => {
  it('are the files to hash: equal size and equal reading with another, hash unknown, never empty', () => {
    const f = (path: string, size: number, hash?: string, title = 'T'): Recording => ({ path, size, lastModified: 1, tags: { title }, audio: {}, ...(hash ? { hash } : {}) });
    const files = [f('a', 10), f('b', 10, 'h'), f('c', 11), f('d', 0), f('e', 0), f('g', 12, 'x'), f('h', 12), f('i', 13), f('j', 13, undefined, 'U')];
    expect(unhashedSizeTies(files).map((x) => x.path)).toEqual(['a', 'h']);
  });
});

describe('content hash', () => {
  it('is the SHA-256 of the bytes for a file of one chunk, and of the chunk digests for a longer one', async () => {
    const sha = (b: Uint8Array) => createHash('sha256').update(b).digest();
    const small = new Uint8Array(1000).map((_, i) => i * 7);
    const read = (bytes: Uint8Array) => async (start: number, end: number) => bytes.slice(start, end).buffer;
    expect(await contentHash(small.length, read(small))).toBe(sha(small).toString('hex'));
    const big = new Uint8Array(2 * HASH_CHUNK_BYTES + 5).map((_, i) => i % 251);
    const chunks = [big.subarray(0, HASH_CHUNK_BYTES), big.subarray(HASH_CHUNK_BYTES, 2 * HASH_CHUNK_BYTES), big.subarray(2 * HASH_CHUNK_BYTES)];
    expect(await contentHash(big.length, read(big))).toBe(sha(Buffer.concat(chunks.map(sha))).toString('hex'));
  });
});

describe('embedded cover art', () => {
  const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
  const be32 = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  const syncsafe = (n: number) => [(n >> 21) & 127, (n >> 14) & 127, (n >> 7) & 127, n & 127];
  const id3 = (major: 3 | 4, frames: number[][]) => {
    const body = frames.flat();
    return new Uint8Array([...ascii('ID3'), major, 0, 0, ...syncsafe(body.length), ...body, ...new Array(20).fill(0)]);
  };
  const frame = (major: 3 | 4, id: string, size: number) => [...ascii(id), ...(major === 4 ? syncsafe(size) : be32(size)), 0, 0, ...new Array(size).fill(1)];

  it('sees an APIC frame after text frames in ID3v2.3 and v2.4, and none where there is none', () => {
    for (const major of [3, 4] as const) {
      expect(hasEmbeddedCover(id3(major, [frame(major, 'TIT2', 5), frame(major, 'APIC', 300)]))).toBe(true);
      expect(hasEmbeddedCover(id3(major, [frame(major, 'TIT2', 5), frame(major, 'TPE1', 200)]))).toBe(false);
    }
  });

  it('sees a FLAC PICTURE block, an Ogg METADATA_BLOCK_PICTURE comment, an MP4 covr atom', () => {
    const block = (type: number, size: number, last = false) => [(last ? 0x80 : 0) | type, size >> 16, (size >> 8) & 255, size & 255, ...new Array(size).fill(0)];
    expect(hasEmbeddedCover(new Uint8Array([...ascii('fLaC'), ...block(0, 34), ...block(4, 40), ...block(6, 100, true)]))).toBe(true);
    expect(hasEmbeddedCover(new Uint8Array([...ascii('fLaC'), ...block(0, 34), ...block(4, 40, true), ...ascii('x'.repeat(40)), 6]))).toBe(false);
    expect(hasEmbeddedCover(new Uint8Array([...ascii('OggS'), ...new Array(60).fill(0), ...ascii('metadata_block_picture=AAAA')]))).toBe(true);
    expect(hasEmbeddedCover(new Uint8Array([0, 0, 0, 24, ...ascii('ftypM4A '), ...new Array(40).fill(0), 0, 0, 1, 0, ...ascii('covr'), 0, 0, 0, 255, ...ascii('data')]))).toBe(true);
    expect(hasEmbeddedCover(new Uint8Array([0, 0, 0, 24, ...ascii('ftypM4A '), ...ascii('covr is just text here')]))).toBe(false);
  });

  it('finds none in the committed fixtures, which have no pictures', () => {
    for (const name of ['flac.flac', 'mp3-id3v23.mp3', 'mp3-id3v24.mp3', 'm4a-moov-first.m4a', 'vorbis.ogg', 'opus.opus', 'wma.wma', 'wav-id3.wav']) {
      expect(hasEmbeddedCover(readFileSync(new URL(`../fixtures/audio/${name}`, import.meta.url))), name).toBe(false);
    }
  });
});

// ---- Random libraries of copies ----

const SONGS: Tags[] = [
  { artist: 'A', album: 'X', title: 'One', track: 1 },
  { artist: 'A', album: 'X', title: 'Two', track: 2 },
  { artist: 'a', album: 'x', title: 'one', track: 1, year: 1999 },
  { artist: 'A', album: 'X', title: 'One', track: 5 },
  { artist: 'A', album: 'Y', title: 'One', track: 1 },
  { artist: 'B', title: 'Loose' },
  { artist: 'A feat. B', albumartist: 'A', album: 'X', title: 'Two', track: 2 },
];
const FOLDERS = ['', 'Unsorted', 'Downloads', 'A/X', 'Duplicates', 'Duplicates/A/X', 'duplicates/old'];
const FORMATS = [
  { ext: 'flac', audio: { container: 'FLAC', lossless: true, sampleRate: 44_100 } },
  { ext: 'flac', audio: { container: 'FLAC', lossless: true, sampleRate: 96_000 } },
  { ext: 'mp3', audio: { container: 'MPEG', lossless: false, bitrate: 128_000 } },
  { ext: 'mp3', audio: { container: 'MPEG', lossless: false, bitrate: 320_000, cover: true } },
  { ext: 'm4a', audio: { container: 'M4A/isom', lossless: false } },
];

const fileArb = fc.record({
  song: fc.nat(SONGS.length - 1),
  format: fc.nat(FORMATS.length - 1),
  folder: fc.constantFrom(...FOLDERS),
  // Lengths around 200 s: most agree, some are another take.
  length: fc.constantFrom(200, 200.5, 201, 230, undefined),
  lastModified: fc.constantFrom(1, 2, 3),
  dropYear: fc.boolean(),
  // A byte-for-byte copy of an earlier file (its index modulo the count so far), or a file of its own.
  copyOf: fc.option(fc.nat(20), { nil: undefined }),
});

type RandomFile = typeof fileArb extends fc.Arbitrary<infer T> ? T : never;

function library(files: RandomFile[]): PlanSource {
  const recordings: Recording[] = [];
  for (const [i, f] of files.entries()) {
    const original = f.copyOf !== undefined && recordings.length > 0 ? recordings[f.copyOf % recordings.length]! : undefined;
    const base: Omit<Recording, 'path'> = original
      ? { size: original.size, lastModified: f.lastModified, tags: original.tags, audio: original.audio, hash: original.hash! }
      : (() => {
          const { year, ...rest } = SONGS[f.song]!;
          const format = FORMATS[f.format]!;
          return {
            size: 1000 + i,
            lastModified: f.lastModified,
            tags: f.dropYear || year === undefined ? rest : { ...rest, year },
            audio: { ...format.audio, ...(f.length !== undefined ? { duration: f.length } : {}) },
            hash: `h${i}`,
          };
        })();
    const ext = original ? original.path.slice(original.path.lastIndexOf('.') + 1) : FORMATS[f.format]!.ext;
    recordings.push({ ...base, path: `${f.folder ? `${f.folder}/` : ''}f${i}.${ext}` });
  }
  return source(recordings);
}

const libraryArb = fc.array(fileArb, { minLength: 1, maxLength: 12 }).map(library);
const withChoicesArb = libraryArb.chain((src) =>
  fc.tuple(fc.constant(src), fc.array(fc.tuple(fc.nat(src.recordings.length - 1), fc.nat(5)), { maxLength: 3 })).map(([s, picks]) => {
    const choices: ReviewChoice[] = picks.map(([i, madeAt]) => {
      const r = s.recordings[i]!;
      return { kind: 'keep-copy', madeAt, copy: { size: r.size, lastModified: r.lastModified, path: r.path, ...(r.hash ? { hash: r.hash } : {}) } };
    });
    return { src: s, choices };
  }),
);

const setAsidePath = (path: string) => path.toLowerCase().startsWith('duplicates/');
const parentOf = (path: string) => path.slice(0, Math.max(0, path.lastIndexOf('/')));

function checkGroups(src: PlanSource, p: Plan): void {
  const at = finalPaths(src, p);
  const byPath = new Map(src.recordings.map((r) => [r.path, r]));
  const seen = new Set<string>();
  for (const group of p.duplicates) {
    expect(group.copies.filter((c) => c.kept)).toHaveLength(1);
    const [kept, ...others] = group.copies;
    expect(kept!.kept).toBe(true);
    for (const c of group.copies) {
      expect(seen.has(c.path), `${c.path} in two groups`).toBe(false);
      seen.add(c.path);
      expect(c.to).toBe(at.get(c.path));
    }
    expect(setAsidePath(kept!.to), `kept copy ${kept!.to} set aside`).toBe(false);
    // Up to case: a folder already on disk keeps its spelling (settle-targets.ts).
    for (const c of others) expect(parentOf(c.to).toLowerCase()).toBe(`duplicates/${parentOf(kept!.to)}`.toLowerCase());
    // Copies of one recording on two different albums only when they are the same bytes.
    const albums = new Set(group.copies.map((c) => (byPath.get(c.path)!.tags.album ?? '').toLowerCase()));
    if (albums.size > 1) expect(group.kind).toBe('exact');
  }
}

describe('random libraries of copies', () => {
  for (const seed of propertySeeds(2)) {
    it(`sets every copy but one aside beside it, loses nothing, and plans the result again to no moves (seed ${seed})`, () => {
      fc.assert(
        fc.property(withChoicesArb, ({ src, choices }) => {
          const p = plan(src, {}, choices);
          expect(lostOrDoubled(src, p)).toEqual([]);
          checkGroups(src, p);
          expect(replanMoves(src, p, {}, choices)).toEqual([]);
        }),
        { seed, numRuns: 300 },
      );
    });

    it(`chooses the same copies whatever order the files come in (seed ${seed})`, () => {
      fc.assert(
        fc.property(withChoicesArb, fc.func(fc.integer()), ({ src, choices }, order) => {
          const shuffled = { ...src, recordings: [...src.recordings].sort((a, b) => order(a.path) - order(b.path) || (a.path < b.path ? -1 : 1)) };
          expect(finalPaths(src, plan(shuffled, {}, choices))).toEqual(finalPaths(src, plan(src, {}, choices)));
        }),
        { seed, numRuns: 200 },
      );
    });

    it(`keeps the copy the newest choice names, wherever the run moved it (seed ${seed})`, () => {
      fc.assert(
        fc.property(libraryArb, fc.nat(), (src, pick) => {
          const groups = findCopies(src.recordings);
          fc.pre(groups.length > 0);
          const group = groups[pick % groups.length]!;
          const wanted = group.recordings[pick % group.recordings.length]!;
          const choice: ReviewChoice = { kind: 'keep-copy', madeAt: 9, copy: { size: wanted.size, lastModified: wanted.lastModified, path: wanted.path, hash: wanted.hash! } };
          const p = plan(src, {}, [choice]);
          expect(p.duplicates.find((g) => g.copies.some((c) => c.path === wanted.path))!.copies[0]!.path).toBe(wanted.path);
          // After the run, by identity alone (the path it was chosen at is gone): the same copy stays.
          const moved = finalPaths(src, p);
          const after = { ...src, recordings: src.recordings.map((r) => ({ ...r, path: moved.get(r.path)! })) };
          const again = plan(after, {}, [choice]);
          expect(again.operations).toEqual([]);
          expect(again.duplicates.find((g) => g.copies.some((c) => c.path === moved.get(wanted.path)))!.copies[0]!.path).toBe(moved.get(wanted.path));
        }),
        { seed, numRuns: 200 },
      );
    });
  }
});
