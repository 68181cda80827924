// A worked example of a code plugin (docs/plugins.md). One self-contained ES module, no imports:
// it runs in a sandbox and sees only the fields its manifest reads, one distinct input at a time.
/** @type {import('../../../src/core/plugin-api.ts').CodePlugin} */
export default {
  fields: {
    // "The Beatles" → "B", "Émilie Simon" → "E", "10cc" → "#".
    initial({ albumartist }) {
      const name = albumartist.replace(/^the\s+/i, '').normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      const first = name.trim().charAt(0).toUpperCase();
      return /[A-Z]/.test(first) ? first : '#';
    },
  },
  classifiers: {
    bootlegs({ album }) {
      return /\bbootleg\b/i.test(album) ? { type: 'rarity', confidence: 0.99, reason: 'the album title says bootleg' } : null;
    },
  },
};
