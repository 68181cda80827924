// The real tag worker, spoken to through Comlink as the scan's pool speaks to it: heads go in,
// transferred, and the worker asks back for bytes past a head.
import { afterAll, beforeAll, expect, test } from 'vitest';
import * as Comlink from 'comlink';
import { DEFAULT_HEAD_BYTES, type HeadItem, type TagWorkerApi } from '../../src/tags/protocol.ts';
import expectedJson from '../fixtures/audio/expected.json';
import type { Tags } from '../../src/core/model.ts';

const expected = expectedJson as Record<string, { tags?: Tags; unreadable?: true }>;
const urls = import.meta.glob('../fixtures/audio/*', { query: '?url', eager: true, import: 'default' }) as Record<string, string>;
const names = ['flac.flac', 'mp3-id3v24.mp3', 'm4a-moov-last.m4a', 'empty.flac', 'not-audio.mp3'];
const bytesOf = async (name: string) => new Uint8Array(await (await fetch(urls[`../fixtures/audio/${name}`]!)).arrayBuffer());

let worker: Worker;
let api: Comlink.Remote<TagWorkerApi>;
/** What the worker asked for, and the files it may ask about. */
const asked: { path: string; start: number; end: number }[] = [];
const files = new Map<string, Blob>();

async function headOf(path: string, file: Blob): Promise<HeadItem> {
  return { path, size: file.size, type: file.type, head: await file.slice(0, Math.min(file.size, DEFAULT_HEAD_BYTES)).arrayBuffer() };
}

beforeAll(async () => {
  worker = new Worker(new URL('../../src/tags/worker.ts', import.meta.url), { type: 'module' });
  api = Comlink.wrap<TagWorkerApi>(worker);
  await api.setMoreBytes(
    Comlink.proxy(async (path: string, start: number, end: number) => {
      asked.push({ path, start, end });
      const file = files.get(path);
      if (!file) throw new DOMException('gone', 'NotFoundError');
      return file.slice(start, end).arrayBuffer();
    }),
  );
});

afterAll(() => {
  api[Comlink.releaseProxy]();
  worker.terminate();
});

test('parses a batch of heads, one row per file, in order, without asking for more', async () => {
  const items = await Promise.all(names.map(async (n) => headOf(n, new Blob([await bytesOf(n)]))));
  const heads = items.map((i) => i.head);
  asked.length = 0;
  const rows = await api.parseHeads(Comlink.transfer(items, heads));
  // Transferred, not copied: the main thread no longer holds the bytes.
  expect(heads.every((h) => h.byteLength === 0)).toBe(true);
  expect(rows.map((r) => r.path)).toEqual(names);
  for (const row of rows) {
    const want = expected[row.path]!;
    if (want.unreadable) expect(row.outcome.kind, row.path).toBe('unreadable');
    else expect(row.outcome, row.path).toMatchObject({ kind: 'audio', tags: want.tags });
  }
  expect(rows.find((r) => r.path === 'flac.flac')?.reads).toBe(1);
  expect(asked).toEqual([]);
});

/** A real-sized ID3v1-only MP3: its frames repeated past the head, its tag at the very end. */
async function bigId3v1Mp3(): Promise<Blob> {
  const bytes = await bytesOf('mp3-id3v1.mp3');
  const frames = bytes.subarray(0, bytes.length - 128);
  const parts: BlobPart[] = [];
  for (let size = 0; size < 2 * 1024 * 1024; size += frames.length) parts.push(frames);
  parts.push(bytes.subarray(bytes.length - 128));
  return new Blob(parts);
}

test('a tag past the head costs one request back to the main thread, for the tail', async () => {
  const file = await bigId3v1Mp3();
  files.set('big/track.mp3', file);
  asked.length = 0;
  const [row] = await api.parseHeads([await headOf('big/track.mp3', file)]);
  expect(row?.outcome).toMatchObject({ kind: 'audio', tags: expected['mp3-id3v1.mp3']!.tags });
  expect(row?.reads).toBe(2);
  expect(asked).toHaveLength(1);
  expect(asked[0]!.end).toBe(file.size);
  expect(row?.bytesRead).toBe(DEFAULT_HEAD_BYTES + (asked[0]!.end - asked[0]!.start));
});

test('a file gone before its tail could be read is reported as gone', async () => {
  const file = await bigId3v1Mp3();
  files.delete('big/gone.mp3');
  const [row] = await api.parseHeads([await headOf('big/gone.mp3', file)]);
  expect(row?.outcome).toEqual({ kind: 'unreadable', reason: 'file no longer exists' });
});
