// The MusicBrainz built-in (issue 14, point 12): one self-contained ES module, run in the sandbox
// like any shared plugin. For each release it finds the MusicBrainz release (by the MBID in the
// tags, else by a search on album artist and album, choosing by name, track count and year) and
// answers what MusicBrainz says: album artist, year, original year, release type, track and disc
// numbers, MusicBrainz ids. The app compares them with the tags and proposes only what differs.
// It reaches the network only through the host's fetchJson (allow-list, one request per second,
// back-off, answers kept offline); a failure is answered as a problem in plain words, never thrown.

const MBID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const INC = 'inc=recordings+artist-credits+release-groups&fmt=json';
/** Below this a search result is no match at all. */
export const MIN_SCORE = 0.6;

/** Names compared loosely: case, accents, punctuation, "&"/"and", a leading "The". */
export function looseName(s) {
  return String(s || '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/^the /, '');
}

/** 1 for the same name up to case and punctuation, else the share of words in common (0..1). */
export function nameSimilarity(a, b) {
  const x = looseName(a);
  const y = looseName(b);
  if (!x || !y) return 0;
  if (x === y) return 1;
  const wx = new Set(x.split(' '));
  const wy = new Set(y.split(' '));
  let common = 0;
  for (const w of wx) if (wy.has(w)) common++;
  return common / (wx.size + wy.size - common);
}

/** "Artist A & Artist B" from MusicBrainz's artist credit. */
export function creditName(credit) {
  return (credit || []).map((c) => `${c.name}${c.joinphrase || ''}`).join('').trim();
}

const yearOf = (date) => (typeof date === 'string' && /^\d{4}/.test(date) ? date.slice(0, 4) : '');
const trackCountOf = (release) => (typeof release['track-count'] === 'number' ? release['track-count'] : (release.media || []).reduce((n, m) => n + (m['track-count'] || (m.tracks || []).length || 0), 0));

/**
 * How well a MusicBrainz release fits the library's release (0..1): album title and album artist
 * count most, then the track count, then the year (a reissue a year apart counts half).
 */
export function matchScore(candidate, input) {
  const title = nameSimilarity(candidate.title, input.fields.album);
  const artist = nameSimilarity(creditName(candidate['artist-credit']), input.fields.albumartist);
  const have = input.tracks.length;
  const count = trackCountOf(candidate);
  const tracks = count === have ? 1 : count > 0 && have > 0 ? Math.max(0, 1 - Math.abs(count - have) / Math.max(count, have)) * 0.5 : 0;
  const want = Number(input.fields.year) || 0;
  const got = Number(yearOf(candidate.date)) || 0;
  const year = !want || !got ? 0.5 : want === got ? 1 : Math.abs(want - got) <= 1 ? 0.5 : 0;
  return Math.round((0.35 * title + 0.3 * artist + 0.25 * tracks + 0.1 * year) * 1000) / 1000;
}

/** The best of a search's releases for the input, with its score, or null when none reaches MIN_SCORE. Ties go to the earlier result (MusicBrainz's own ranking). */
export function chooseRelease(candidates, input) {
  let best = null;
  for (const c of candidates || []) {
    if (!c || typeof c.id !== 'string' || !MBID.test(c.id)) continue;
    const score = matchScore(c, input);
    if (!best || score > best.score) best = { id: c.id, score, title: c.title };
  }
  return best && best.score >= MIN_SCORE ? best : null;
}

/** Our content type for a release group's types, or '' when MusicBrainz's says nothing we use. */
export function releaseType(group) {
  const secondary = ((group && group['secondary-types']) || []).map((t) => String(t).toLowerCase());
  for (const t of ['compilation', 'soundtrack', 'live']) if (secondary.includes(t)) return t;
  if (secondary.includes('spokenword') || secondary.includes('audiobook')) return 'spokenword';
  const primary = String((group && group['primary-type']) || '').toLowerCase();
  return ['album', 'single', 'ep'].includes(primary) ? primary : '';
}

/**
 * Each library track's MusicBrainz track: the one at its disc and track number when the titles
 * agree, else the one with the same title, else (same count) the one at its place.
 */
export function matchTracks(release, input) {
  const media = release.media || [];
  const all = media.flatMap((m, d) => (m.tracks || []).map((t) => ({ disc: m.position || d + 1, track: t.position, title: t.title, id: t.recording && t.recording.id })));
  const sameCount = all.length === input.tracks.length;
  const used = new Set();
  return input.tracks.map((t, i) => {
    const at = all.find((m) => !used.has(m) && m.track === t.track && (t.disc === null || m.disc === t.disc) && nameSimilarity(m.title, t.title) >= 0.5);
    const byTitle = at || all.find((m) => !used.has(m) && t.title && nameSimilarity(m.title, t.title) === 1);
    const found = byTitle || (sameCount && !used.has(all[i]) ? all[i] : undefined);
    if (!found) return null;
    used.add(found);
    const values = { track: String(found.track) };
    if (media.length > 1) values.disc = String(found.disc);
    if (typeof found.id === 'string' && MBID.test(found.id)) values.mb_trackid = found.id;
    return values;
  });
}

/** What MusicBrainz's release says, as an enricher's answer. */
export function answerFrom(release, input, score, reason) {
  const group = release['release-group'] || {};
  const credit = release['artist-credit'] || [];
  const values = {
    albumartist: creditName(credit),
    year: yearOf(release.date),
    originalyear: yearOf(group['first-release-date']),
    releasetype: releaseType(group),
    mb_albumid: release.id,
    mb_albumartistid: credit[0] && credit[0].artist ? credit[0].artist.id : '',
    mb_releasegroupid: group.id || '',
  };
  const out = {};
  for (const [k, v] of Object.entries(values)) if (v) out[k] = v;
  return { score, reason, source: `https://musicbrainz.org/release/${release.id}`, release: out, tracks: matchTracks(release, input) };
}

/** Where to ask: the host the manifest declares (https, or http for a local test server). */
export function baseUrl(hosts) {
  const host = (hosts && hosts[0]) || 'musicbrainz.org';
  return /^(localhost|127\.0\.0\.1)(:\d+)?$/.test(host) ? `http://${host}` : `https://${host}`;
}

const quoted = (s) => `"${String(s).replace(/["\\]/g, '\\$&')}"`;

async function lookUp(input, context) {
  const base = baseUrl(context.hosts);
  const mbid = (input.fields.mb_albumid || '').trim().toLowerCase();
  if (MBID.test(mbid)) {
    const release = await context.fetchJson(`${base}/ws/2/release/${mbid}?${INC}`);
    // The id in the tags names the release; the score only says how well its tracks agree.
    const count = trackCountOf(release);
    const score = count === input.tracks.length ? 1 : 0.9;
    return answerFrom(release, input, score, 'the MusicBrainz id in the tags');
  }
  const { album, albumartist } = input.fields;
  if (!album || !albumartist) return null;
  const query = `release:${quoted(album)} AND artist:${quoted(albumartist)}`;
  const search = await context.fetchJson(`${base}/ws/2/release/?query=${encodeURIComponent(query)}&limit=10&fmt=json`);
  const best = chooseRelease(search && search.releases, input);
  if (!best) return null;
  const release = await context.fetchJson(`${base}/ws/2/release/${best.id}?${INC}`);
  const year = yearOf(release.date);
  return answerFrom(release, input, best.score, `found by album artist and album (${trackCountOf(release)} tracks${year ? `, ${year}` : ''})`);
}

/** @type {import('../../src/core/plugin-api.ts').CodePlugin} */
export default {
  enrichers: {
    async musicbrainz(input, context) {
      try {
        return await lookUp(input, context);
      } catch (e) {
        return { problem: `MusicBrainz could not be asked (${String((e && e.message) || e).slice(0, 200)}); nothing was changed` };
      }
    },
  },
};
