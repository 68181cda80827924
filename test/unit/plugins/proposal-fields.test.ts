// Taking part of a proposal ("take the year, keep my album artist"): what is stored is the
// proposal's own review choices with only the fields taken, plus one rejection of the rest; the
// plan reads the fields taken, keeps the others, and the enricher asked again proposes nothing.
import { describe, expect, it } from 'vitest';
import { openProposals, proposalFor, type Enrichment } from '../../../src/core/enrichment.ts';
import { acceptedChoices, fieldGroups } from '../../../src/core/proposal-fields.ts';
import type { Recording } from '../../../src/core/model.ts';
import { plan, source } from '../plan-helpers.ts';

let stamp = 1;
const rec = (path: string, tags: Recording['tags']): Recording => ({ path, size: 2000 + stamp, lastModified: stamp++, tags, audio: { duration: 200 } });
const tags = { album: 'Unknown Pleasures', artist: 'Joy Division', albumartist: 'JD' };
const recordings = [
  rec('in/up/01.mp3', { ...tags, title: 'Disorder', track: 1, year: 2007 }),
  rec('in/up/02.mp3', { ...tags, title: 'Day of the Lords', track: 2, year: 2007 }),
  rec('in/up/03.mp3', { ...tags, title: 'Candidate', year: 2007 }),
  rec('in/up/04.mp3', { ...tags, title: 'Insight', year: 2007 }),
];
const MB = 'c'.repeat(8) + '-cccc-cccc-cccc-' + 'c'.repeat(12);
const answer: Enrichment = {
  score: 0.95,
  reason: '4 of 4 tracks',
  release: { albumartist: 'Joy Division', year: '1979', releasetype: 'album', mb_albumid: MB },
  tracks: [{ track: '1' }, { track: '2' }, { track: '3' }, { track: '4' }],
};
const mb = { id: 'musicbrainz', name: 'MusicBrainz' };
const moves = (p: ReturnType<typeof plan>) => Object.fromEntries(p.operations.flatMap((o) => (o.kind === 'move' ? [[o.from, o.to]] : [])));
/** The open proposals after storing `choices`: the enricher gives the same answer for the release as the plan now reads it. */
const askedAgain = (choices: Parameters<typeof plan>[2]) => {
  const after = plan(source(recordings), {}, choices);
  const p = proposalFor(mb, after.releases[0]!, answer, 20);
  return { after, open: openProposals(p ? [p] : [], choices ?? []) };
};

describe('accepting part of a proposal', () => {
  const release = plan(source(recordings)).releases[0]!;
  const proposal = proposalFor(mb, release, answer, 10)!;

  it('one tick box per release field, one per track field over all its tracks', () => {
    expect(fieldGroups(proposal).map((g) => `${g.key}×${g.changes.length}`)).toEqual(['albumartist×1', 'year×1', 'releasetype×1', 'mb_albumid×1', 'tracks:track×2']);
  });

  it('taking only the year: the plan shows the new year and my album artist; nothing is proposed again', () => {
    const choices = acceptedChoices(proposal, new Set(['year']), 11);
    // The same kinds of choice as accepting whole: an edit-release with only the year, and the rest dismissed.
    expect(choices).toEqual([
      { kind: 'edit-release', release: { files: proposal.files, title: proposal.title }, set: { year: 1979 }, madeAt: 11 },
      expect.objectContaining({ kind: 'dismiss-suggestion', title: 'MusicBrainz: Unknown Pleasures — JD (kept your album artist, release type, MusicBrainz release id, track number)', madeAt: 11 }),
    ]);
    const { after, open } = askedAgain(choices);
    expect(moves(after)['in/up/01.mp3']).toBe('JD/Unknown Pleasures (1979)/01 Disorder.mp3');
    expect(after.releases[0]!.albumartist).toBe('JD');
    expect(open).toEqual([]);
  });

  it('taking the track numbers and the release id: tags of the files concerned, nothing else', () => {
    const choices = acceptedChoices(proposal, new Set(['tracks:track', 'mb_albumid']), 12);
    expect(choices.map((c) => (c.kind === 'edit-tags' ? `${c.files.length}:${JSON.stringify(c.set)}` : c.kind))).toEqual([
      `4:{"mb_albumid":"${MB}"}`, '1:{"track":3}', '1:{"track":4}', 'dismiss-suggestion',
    ]);
    const { after, open } = askedAgain(choices);
    expect(moves(after)['in/up/03.mp3']).toBe('JD/Unknown Pleasures (2007)/03 Candidate.mp3');
    expect(open).toEqual([]);
  });

  it('everything ticked is accepting it whole (no rejection); nothing ticked stores nothing', () => {
    const all = acceptedChoices(proposal, new Set(fieldGroups(proposal).map((g) => g.key)), 10);
    expect(all).toEqual(proposal.choices);
    expect(acceptedChoices(proposal, new Set(), 10)).toEqual([]);
  });

  it('reverting the part taken brings the whole proposal back, the part left out no longer dismissed', () => {
    const choices = acceptedChoices(proposal, new Set(['year']), 11);
    const { open } = askedAgain(choices.filter((c) => c.kind === 'dismiss-suggestion'));
    expect(open.map((p) => p.id)).toEqual([proposal.id]);
  });
});
