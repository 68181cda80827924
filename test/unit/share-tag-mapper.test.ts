// The build step that gives music-metadata one tag mapper for all parses must find its line in
// the installed version: an upgrade that moves it fails here, not silently in the scan's speed.
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rewriteCollector } from '../../scripts/share-tag-mapper.ts';

// The package's exports hide its internals; the file is where npm puts it.
const collectorPath = fileURLToPath(new URL('../../node_modules/music-metadata/lib/common/MetadataCollector.js', import.meta.url));

describe('share-tag-mapper', () => {
  test('rewrites the installed MetadataCollector to share one CombinedTagMapper', () => {
    const out = rewriteCollector(readFileSync(collectorPath, 'utf8'));
    expect(out).not.toContain('tagMapper = new CombinedTagMapper();');
    expect(out).toContain('tagMapper = sharedTagMapper;');
    expect(out.trimEnd().endsWith('const sharedTagMapper = new CombinedTagMapper();')).toBe(true);
  });

  test('refuses a collector it does not recognise', () => {
    expect(() => rewriteCollector('export class MetadataCollector {}')).toThrow(/no longer contains/);
  });
});
