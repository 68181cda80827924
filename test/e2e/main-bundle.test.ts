// The page's own code must not carry the tag parser: music-metadata belongs in the tag workers
// (src/tags/worker.ts), so the page loads fast and parsing never runs on the main thread. Read
// from the built app's source maps: every chunk the page loads, statically or on demand.
import { expect, test } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dist = join(import.meta.dirname, '../../dist');

/** Chunks reachable from index.html through imports (not through `new Worker(new URL(…))`). */
function pageChunks(): string[] {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const entry = /<script type="module"[^>]*src="\/([^"]+)"/.exec(html)?.[1];
  if (!entry) throw new Error('dist/index.html has no module script');
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(join(dist, file), 'utf8');
    for (const m of code.matchAll(/(?:from|import)\s*\(?\s*["']\.\/([^"']+\.js)["']/g)) visit(join(file, '..', m[1]!));
  };
  visit(entry);
  return [...seen];
}

const packagesIn = (chunk: string): string[] => {
  const map = JSON.parse(readFileSync(join(dist, `${chunk}.map`), 'utf8')) as { sources: string[] };
  return map.sources.flatMap((s) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(s)?.[1] ?? []);
};

test('no chunk the page loads contains music-metadata or its tokenizer', () => {
  expect(existsSync(join(dist, 'index.html')), 'run `vite build` first (npm run test:e2e does)').toBe(true);
  const chunks = pageChunks();
  expect(chunks.length).toBeGreaterThan(0);
  const packages = new Set(chunks.flatMap(packagesIn));
  expect(packages.has('svelte'), 'the check reads the page bundle (svelte must be in it)').toBe(true);
  expect([...packages].filter((p) => /music-metadata|strtok3|token-types|file-type/.test(p))).toEqual([]);
});

test('the tag worker does contain music-metadata (the check can see it)', () => {
  // Workers are started as `new Worker(new URL(`/assets/worker-….js`, import.meta.url))`.
  const workers = pageChunks().flatMap((c) => [...readFileSync(join(dist, c), 'utf8').matchAll(/new Worker\(new URL\([`"']\/(assets\/[^`"']+\.js)/g)].map((m) => m[1]!));
  expect(workers.length).toBe(2);
  const packages = new Set(workers.flatMap(packagesIn));
  expect(packages.has('music-metadata')).toBe(true);
});
