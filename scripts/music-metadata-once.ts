// A build step for music-metadata, which does two costly things for every file it parses:
// - its MetadataCollector builds a fresh CombinedTagMapper: eleven tag mappers, each upper-casing
//   the keys of its whole tag table (the largest cost of a parse, decision 0005). The mappers hold
//   no state (every field is set once in their constructors), so one instance serves every parse;
// - its ParserFactory awaits a dynamic import() of the format's parser module, which the browser
//   resolves anew each time (decision 0005 has the figures). The module is the same
//   every time, so the loaded class is kept.
// Applied to the app build, its workers, and the dev/test pre-bundle. If an upgrade changes
// either line, the build stops here instead of silently losing the gain.
import type { Plugin } from 'vite';

const COLLECTOR = /[\\/]music-metadata[\\/]lib[\\/]common[\\/]MetadataCollector\.js$/;
const FRESH_PER_PARSE = 'tagMapper = new CombinedTagMapper();';

export function rewriteCollector(code: string): string {
  if (!code.includes(FRESH_PER_PARSE)) {
    throw new Error(`music-metadata-once: music-metadata's MetadataCollector no longer contains "${FRESH_PER_PARSE}"; check the upgrade and update scripts/music-metadata-once.ts`);
  }
  return `${code.replace(FRESH_PER_PARSE, 'tagMapper = sharedTagMapper;')}\nconst sharedTagMapper = new CombinedTagMapper();\n`;
}

const FACTORY = /[\\/]music-metadata[\\/]lib[\\/]ParserFactory\.js$/;
const LOAD_PER_PARSE = 'const ParserImpl = await parserLoader.load();';

export function rewriteFactory(code: string): string {
  if (!code.includes(LOAD_PER_PARSE)) {
    throw new Error(`music-metadata-once: music-metadata's ParserFactory no longer contains "${LOAD_PER_PARSE}"; check the upgrade and update scripts/music-metadata-once.ts`);
  }
  const cached = 'const ParserImpl = loadedParsers.get(parserLoader) ?? loadedParsers.set(parserLoader, await parserLoader.load()).get(parserLoader);';
  return `${code.replace(LOAD_PER_PARSE, cached)}\nconst loadedParsers = new Map();\n`;
}

/** A Vite (and Rolldown, for dependency pre-bundling) plugin: music-metadata sets up once, not per file. */
export function musicMetadataOnce(): Plugin {
  return {
    name: 'music-metadata-once',
    transform(code, id) {
      const file = id.split('?')[0]!;
      if (COLLECTOR.test(file)) return { code: rewriteCollector(code), map: null };
      if (FACTORY.test(file)) return { code: rewriteFactory(code), map: null };
      return null;
    },
  };
}
