// The pool of real tag workers: terminating it wakes everything that waits for a worker, whether
// a batch is being parsed or still waits for its turn, so no scan can hang on a stopped pool.
import { expect, test } from 'vitest';
import { TagReaderPool } from '../../src/tags/pool.ts';
import type { HeadItem } from '../../src/tags/protocol.ts';

const urls = import.meta.glob('../fixtures/audio/*.{mp3,flac}', { query: '?url', eager: true, import: 'default' }) as Record<string, string>;

async function batch(tag: string): Promise<{ items: HeadItem[]; files: Map<string, Blob> }> {
  const items: HeadItem[] = [];
  const files = new Map<string, Blob>();
  for (const [key, url] of Object.entries(urls)) {
    const file = new Blob([await (await fetch(url)).arrayBuffer()]);
    const path = `${tag}/${key.slice(key.lastIndexOf('/') + 1)}`;
    files.set(path, file);
    items.push({ path, size: file.size, type: '', head: await file.arrayBuffer() });
  }
  return { items, files };
}

const hung = (ms: number) => new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), ms));

test('terminate() rejects the batches being parsed and those waiting for a worker, with an AbortError', async () => {
  const pool = new TagReaderPool(1);
  const batches = await Promise.all(['a', 'b', 'c'].map(batch));
  // One worker takes two batches; the third waits for it.
  const parsing = batches.slice(0, 2).map((b) => pool.parse(b.items, b.files));
  await new Promise((resolve) => setTimeout(resolve, 0));
  const waiting = pool.parse(batches[2]!.items, batches[2]!.files);
  pool.terminate();

  const outcome = await Promise.race([Promise.allSettled([...parsing, waiting]), hung(10_000)]);
  expect(outcome).not.toBe('hung');
  for (const result of outcome as PromiseSettledResult<unknown>[]) {
    expect(result.status).toBe('rejected');
    expect(((result as PromiseRejectedResult).reason as Error).name).toBe('AbortError');
  }
});

test('a pool can be used again after terminate()', async () => {
  const pool = new TagReaderPool(1);
  pool.terminate();
  const { items, files } = await batch('again');
  const rows = await pool.parse(items, files);
  expect(rows.map((r) => r.path)).toEqual(items.map((i) => i.path));
  pool.terminate();
});
