// An output plugin: after the plan is made it is shown the releases (the fields its manifest
// reads, and where each track will be once the run is done) and answers the files to write.
// The app writes them after the moves, never over an existing file, and undo removes them.

const folderOf = (path) => path.slice(0, Math.max(0, path.lastIndexOf('/')));
// Markdown link targets: spaces and parentheses would end the link.
const link = (path) => encodeURI(path).replace(/\(/g, '%28').replace(/\)/g, '%29');

/** @type {import('../../../src/core/plugin-api.ts').CodePlugin} */
export default {
  outputs: {
    index({ releases }) {
      if (releases.length === 0) return { files: [], notes: ['the library has no releases, so there is no index'] };
      const byArtist = new Map();
      for (const release of releases) {
        const artist = release.fields.albumartist || 'Unknown artist';
        if (!byArtist.has(artist)) byArtist.set(artist, []);
        byArtist.get(artist).push(release);
      }
      const lines = ['# Library', ''];
      for (const artist of [...byArtist.keys()].sort((a, b) => a.localeCompare(b))) {
        lines.push(`## ${artist}`, '');
        const own = byArtist.get(artist).sort((a, b) => (a.fields.year || '').localeCompare(b.fields.year || '') || (a.fields.album || '').localeCompare(b.fields.album || ''));
        for (const release of own) {
          const year = release.fields.year ? ` (${release.fields.year})` : '';
          const tracks = `${release.tracks.length} ${release.tracks.length === 1 ? 'track' : 'tracks'}`;
          lines.push(`- [${release.fields.album || 'Unknown album'}${year}](${link(folderOf(release.tracks[0].path))}/): ${tracks}`);
        }
        lines.push('');
      }
      return { files: [{ path: 'index.md', text: lines.join('\n') }] };
    },
  },
};
