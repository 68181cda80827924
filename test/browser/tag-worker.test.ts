// The real tag worker, spoken to through Comlink with OPFS handles, as the scan's pool does.
import { afterAll, beforeAll, expect, test } from 'vitest';
import * as Comlink from 'comlink';
import type { TagsWorkerApi } from '../../workers/tags.ts';
import expectedJson from '../fixtures/audio/expected.json';
import type { Tags } from '../../src/core/model.ts';

const expected = expectedJson as Record<string, { tags?: Tags; unreadable?: true }>;
const urls = import.meta.glob('../fixtures/audio/*', { query: '?url', eager: true, import: 'default' }) as Record<string, string>;
const names = ['flac.flac', 'mp3-id3v24.mp3', 'm4a-moov-last.m4a', 'empty.flac', 'not-audio.mp3'];

const folderName = `tag-worker-${crypto.randomUUID()}`;
let folder: FileSystemDirectoryHandle;
let worker: Worker;
let api: Comlink.Remote<TagsWorkerApi>;
const handles = new Map<string, FileSystemFileHandle>();

async function store(name: string, bytes: BufferSource): Promise<FileSystemFileHandle> {
  const handle = await folder.getFileHandle(name, { create: true });
  const writable = await handle.createWritable();
  await writable.write(bytes);
  await writable.close();
  return handle;
}

beforeAll(async () => {
  folder = await (await navigator.storage.getDirectory()).getDirectoryHandle(folderName, { create: true });
  for (const name of names) {
    handles.set(name, await store(name, await (await fetch(urls[`../fixtures/audio/${name}`]!)).arrayBuffer()));
  }
  worker = new Worker(new URL('../../workers/tags.ts', import.meta.url), { type: 'module' });
  api = Comlink.wrap<TagsWorkerApi>(worker);
});

afterAll(async () => {
  api[Comlink.releaseProxy]();
  worker.terminate();
  await (await navigator.storage.getDirectory()).removeEntry(folderName, { recursive: true });
});

test('readMany reads a batch of handles in the worker, one row per file, in order', async () => {
  const gone = await store('gone.mp3', new Uint8Array(10));
  await folder.removeEntry('gone.mp3');
  const items = [...names.map((path) => ({ path, handle: handles.get(path)! })), { path: 'gone.mp3', handle: gone }];
  const rows = await api.readMany(items);
  expect(rows.map((r) => r.path)).toEqual([...names, 'gone.mp3']);
  for (const row of rows.slice(0, names.length)) {
    const file = await handles.get(row.path)!.getFile();
    expect(row.size, row.path).toBe(file.size);
    expect(row.lastModified, row.path).toBe(file.lastModified);
    const want = expected[row.path]!;
    if (want.unreadable) expect(row.outcome.kind, row.path).toBe('unreadable');
    else expect(row.outcome, row.path).toMatchObject({ kind: 'audio', tags: want.tags });
  }
  expect(rows.at(-1)).toEqual({
    path: 'gone.mp3', size: 0, lastModified: 0, bytesRead: 0, reads: 0,
    outcome: { kind: 'unreadable', reason: 'file no longer exists' },
  });
  expect(rows.find((r) => r.path === 'flac.flac')?.reads).toBe(1);
});

test('readMany accepts Files as well as handles', async () => {
  const file = await handles.get('mp3-id3v24.mp3')!.getFile();
  const [row] = await api.readMany([{ path: 'x/mp3-id3v24.mp3', file }]);
  expect(row?.outcome).toMatchObject({ kind: 'audio', tags: expected['mp3-id3v24.mp3']!.tags });
});

test('readBatch skips what the cache knows, stats companions, and reports vanished files', async () => {
  const flac = await handles.get('flac.flac')!.getFile();
  const gone = await store('gone-too.flac', new Uint8Array(10));
  await folder.removeEntry('gone-too.flac');
  const cover = await store('cover.jpg', new Uint8Array([0xff, 0xd8, 0xff]));
  const replies = await api.readBatch([
    { path: 'flac.flac', handle: handles.get('flac.flac')!, known: { size: flac.size, lastModified: flac.lastModified } },
    { path: 'mp3-id3v24.mp3', handle: handles.get('mp3-id3v24.mp3')!, known: { size: 1, lastModified: 1 } },
    { path: 'cover.jpg', handle: cover, statOnly: true },
    { path: 'gone-too.flac', handle: gone },
  ]);
  expect(replies[0]).toEqual({ path: 'flac.flac', status: 'unchanged', size: flac.size, lastModified: flac.lastModified });
  expect(replies[1]).toMatchObject({ path: 'mp3-id3v24.mp3', status: 'read', reads: 1, outcome: { kind: 'audio' } });
  expect(replies[2]).toMatchObject({ path: 'cover.jpg', status: 'stat', size: 3 });
  expect(replies[3]).toEqual({ path: 'gone-too.flac', status: 'missing', reason: 'file no longer exists' });
});
