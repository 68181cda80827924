// The build step that gives music-metadata one tag mapper and one parser load for all parses must find its lines in
// the installed version: an upgrade that moves it fails here, not silently in the scan's speed.
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rewriteCollector, rewriteFactory } from '../../scripts/music-metadata-once.ts';

// The package's exports hide its internals; the file is where npm puts it.
const installed = (file: string) => readFileSync(fileURLToPath(new URL(`../../node_modules/music-metadata/lib/${file}`, import.meta.url)), 'utf8');

describe('music-metadata-once', () => {
  test('rewrites the installed MetadataCollector to share one CombinedTagMapper', () => {
    const out = rewriteCollector(installed('common/MetadataCollector.js'));
    expect(out).not.toContain('tagMapper = new CombinedTagMapper();');
    expect(out).toContain('tagMapper = sharedTagMapper;');
    expect(out.trimEnd().endsWith('const sharedTagMapper = new CombinedTagMapper();')).toBe(true);
  });

  test('rewrites the installed ParserFactory to load each format parser module once', () => {
    const out = rewriteFactory(installed('ParserFactory.js'));
    expect(out).not.toContain('const ParserImpl = await parserLoader.load();');
    expect(out).toContain('loadedParsers.get(parserLoader)');
    expect(out.trimEnd().endsWith('const loadedParsers = new Map();')).toBe(true);
  });

  test('refuses code it does not recognise', () => {
    expect(() => rewriteCollector('export class MetadataCollector {}')).toThrow(/no longer contains/);
    expect(() => rewriteFactory('export class ParserFactory {}')).toThrow(/no longer contains/);
  });
});
