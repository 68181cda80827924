// An enricher's answer becomes a proposal; accepting it is storing its review choices (the same
// `edit-release` / `edit-tags` the review step makes), after which the plan reads the new values
// and the enricher, asked again, proposes nothing; rejecting it is a `dismiss-suggestion` choice.
import { describe, expect, it } from 'vitest';
import { enricherInput, openProposals, proposalFor, rejection, type Enrichment } from '../../../src/core/enrichment.ts';
import { readChoicesFile, choicesJson } from '../../../src/core/choices-file.ts';
import { checkEnrichments, checkSandboxMessage } from '../../../src/core/plugin-messages.ts';
import type { Recording } from '../../../src/core/model.ts';
import { plan, source } from '../plan-helpers.ts';

let stamp = 1;
const rec = (path: string, tags: Recording['tags']): Recording => ({ path, size: 1000 + stamp, lastModified: stamp++, tags, audio: { duration: 200 + stamp } });
const ok = { album: 'OK Computer', artist: 'Radiohead' };
const recordings = [
  rec('in/a/01.mp3', { ...ok, title: 'Airbag', track: 1, year: 2009 }),
  rec('in/a/02.mp3', { ...ok, title: 'Paranoid Android', track: 2, year: 2009 }),
  rec('in/a/03.mp3', { ...ok, title: 'Subterranean Homesick Alien', year: 2009 }),
];
const MB = 'a'.repeat(8) + '-aaaa-aaaa-aaaa-' + 'a'.repeat(12);
const RG = 'b'.repeat(8) + '-bbbb-bbbb-bbbb-' + 'b'.repeat(12);
const found: Enrichment = {
  score: 0.97,
  reason: '3 of 3 tracks',
  source: 'https://musicbrainz.org/release/' + MB,
  release: { albumartist: 'Radiohead', year: '1997', originalyear: '1997', releasetype: 'album', mb_albumid: MB, mb_releasegroupid: RG },
  tracks: [{ track: '1', disc: '1' }, { track: '2', disc: '1' }, { track: '3', disc: '1' }],
};
const mb = { id: 'musicbrainz', name: 'MusicBrainz' };
const moves = (p: ReturnType<typeof plan>) => Object.fromEntries(p.operations.flatMap((o) => (o.kind === 'move' ? [[o.from, o.to]] : [])));

describe('enrichment proposals', () => {
  it('an enricher sees the fields read and a track summary, no paths', () => {
    const p = plan(source(recordings));
    const input = enricherInput({ album: 'OK Computer' }, p.releases[0]!);
    expect(input.tracks.map((t) => [t.track, t.title])).toEqual([[1, 'Airbag'], [2, 'Paranoid Android'], [null, 'Subterranean Homesick Alien']]);
    expect(JSON.stringify(input)).not.toContain('in/a');
  });

  it('only values that differ become changes; accepting them changes the plan; asked again, nothing is proposed', () => {
    const before = plan(source(recordings));
    const release = before.releases[0]!;
    const proposal = proposalFor(mb, release, found, 10)!;
    // Album artist is already "Radiohead" (from the artist): not a change. Track 1 and 2 numbers already agree.
    expect(proposal.changes.map((c) => `${c.track ?? ''}${c.field}:${c.from}→${c.to}`).sort()).toEqual([
      '0disc:→1', '1disc:→1', '2disc:→1', '2track:→3',
      'mb_albumid:→' + MB, 'mb_releasegroupid:→' + RG, 'originalyear:→1997', 'releasetype:single→album', 'year:2009→1997',
    ].sort());
    expect(proposal.choices.map((c) => c.kind)).toEqual(['edit-release', 'edit-tags', 'edit-tags', 'edit-tags', 'edit-tags']);
    // "From" is the type the plan files it under: the classifiers took three short tracks for a single.
    expect(release.classification.type).toBe('single');
    expect(moves(before)['in/a/01.mp3']).toBe('Radiohead/OK Computer (2009)/01 Airbag.mp3');

    const after = plan(source(recordings), {}, proposal.choices);
    const moved = moves(after);
    expect(moved['in/a/01.mp3']).toBe('Radiohead/OK Computer (1997)/01 Airbag.mp3');
    expect(moved['in/a/03.mp3']).toBe('Radiohead/OK Computer (1997)/03 Subterranean Homesick Alien.mp3');
    expect(proposalFor(mb, after.releases[0]!, found, 11)).toBeUndefined();
  });

  it('a release type other than the one the plan uses is proposed, and accepting it sets the type', () => {
    const release = plan(source(recordings)).releases[0]!;
    const live = proposalFor(mb, release, { score: 0.8, reason: 'x', release: { releasetype: 'live' } }, 10)!;
    expect(live.changes).toEqual([{ field: 'releasetype', from: 'single', to: 'live' }]);
    const after = plan(source(recordings), {}, live.choices).releases[0]!;
    expect(after.review?.type).toBe('live');
    expect(proposalFor(mb, after, { score: 0.8, reason: 'x', release: { releasetype: 'live' } })).toBeUndefined();
  });

  it('values that do not fit their field are dropped; a proposal that changes nothing is none', () => {
    const release = plan(source(recordings)).releases[0]!;
    const garbage: Enrichment = { score: 1, reason: 'x', release: { year: '19977', releasetype: 'bootleg-ish', mb_albumid: 'not-an-id', albumartist: ' ' }, tracks: [{ track: '-1' }, { track: '0x2' }, null] };
    expect(proposalFor(mb, release, garbage)).toBeUndefined();
  });

  it('a rejection is remembered as a dismiss-suggestion choice under the proposal id', () => {
    const release = plan(source(recordings)).releases[0]!;
    const proposal = proposalFor(mb, release, found, 10)!;
    // The same answer for the same release has the same id (what a rejection remembers after a reload).
    expect(proposalFor(mb, release, found, 99)!.id).toBe(proposal.id);
    const no = rejection(proposal, 12);
    expect(no).toMatchObject({ kind: 'dismiss-suggestion', suggestion: proposal.id, title: 'MusicBrainz: OK Computer — Radiohead' });
    expect(openProposals([proposal], [no])).toEqual([]);
    expect(openProposals([proposal], [])).toEqual([proposal]);
  });

  it('accepted choices survive export and import (original year and MusicBrainz ids are checked)', () => {
    const release = plan(source(recordings)).releases[0]!;
    const proposal = proposalFor(mb, release, found, 10)!;
    const file = choicesJson(proposal.choices, 'Music', new Date(0));
    const back = readChoicesFile(file);
    expect(back).toEqual({ ok: true, choices: proposal.choices });
    const bad = file.replace(MB, 'a'.repeat(36));
    expect(readChoicesFile(bad)).toMatchObject({ ok: false });
  });
});

describe('an enricher\'s answers are checked before anything reads them', () => {
  const inputs = [{ tracks: [{}, {}] }];
  it.each([
    [[{ score: 2, reason: 'x' }], 'a match score outside 0–1'],
    [[{ score: 0.5 }], 'without a short reason'],
    [[{ score: 0.5, reason: 'x', release: { path: '/etc/passwd' } }], 'change to "path", which enrichers cannot change'],
    [[{ score: 0.5, reason: 'x', release: { year: 1997 } }], 'a year that is not a short text'],
    [[{ score: 0.5, reason: 'x', tracks: [{ track: '1' }, { track: '2' }, { track: '3' }] }], 'more tracks than the release has'],
    [[{ score: 0.5, reason: 'x', tracks: [{ title: 'Evil' }] }], 'change to "title"'],
    [[{ score: 0.5, reason: 'x', source: 'javascript:alert(1)' }], 'not an https address'],
    [[{ problem: 'x'.repeat(301) }], 'a problem that is not a short text'],
    [[null, null], '2 enrichments for 1 releases'],
  ])('%j is refused', (answers, problem) => {
    expect(checkEnrichments(answers, inputs)).toContain(problem);
  });

  it('a __proto__ key in an answer refuses the whole message', () => {
    const forged = JSON.parse('{"type":"result","id":1,"values":[{"score":1,"reason":"x","release":{"__proto__":{"polluted":true}}}]}') as unknown;
    expect(checkSandboxMessage(forged)).toEqual({ ok: false, problem: 'it sent a message the app refuses: it carries the key "__proto__"' });
  });

  it('good answers pass as plain data: null, a problem, values', () => {
    expect(checkEnrichments([null], inputs)).toEqual([null]);
    expect(checkEnrichments([{ problem: 'offline' }], inputs)).toEqual([{ problem: 'offline' }]);
    expect(checkEnrichments([{ score: 1, reason: 'id', source: 'https://musicbrainz.org/release/x', release: { year: '1997' }, tracks: [null, { track: '2' }] }], inputs))
      .toEqual([{ score: 1, reason: 'id', source: 'https://musicbrainz.org/release/x', release: { year: '1997' }, tracks: [null, { track: '2' }] }]);
  });
});
