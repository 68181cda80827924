// Choices exported as JSON come back as they were; a damaged or hostile file is refused whole,
// with a sentence saying what is wrong, and nothing of it is taken.
import { describe, expect, it } from 'vitest';
import { choicesJson, readChoicesFile } from '../../src/core/choices-file.ts';
import type { ReviewChoice } from '../../src/core/review-choices.ts';

const f = (path: string, size = 10) => ({ size, lastModified: 1_700_000_000_000, path });
const all: ReviewChoice[] = [
  { kind: 'keep-copy', madeAt: 1, copy: { ...f('a.mp3'), hash: 'ab' } },
  { kind: 'exclude-file', madeAt: 2, file: f('b.mp3') },
  { kind: 'exclude-folder', madeAt: 3, folder: 'Podcasts' },
  { kind: 'exclude-release', madeAt: 4, release: { files: [f('c.mp3')], title: 'C — D' } },
  { kind: 'edit-release', madeAt: 5, release: { files: [f('c.mp3')], title: 'C — D' }, set: { albumartist: 'E', year: null, type: 'live', compilation: false } },
  { kind: 'merge-releases', madeAt: 6, releases: [{ files: [f('c.mp3')], title: 'C' }, { files: [f('d.mp3')], title: 'D' }] },
  { kind: 'split-release', madeAt: 7, release: { files: [f('c.mp3'), f('d.mp3')], title: 'C' }, parts: [{ album: 'C (Disc 2)', files: [f('d.mp3')] }] },
  { kind: 'edit-tags', madeAt: 8, files: [f('x.mp3')], set: { track: 7, title: 'T' }, label: 'Track number from the title' },
];
const file = (choices: unknown, extra: object = {}) => JSON.stringify({ format: 'music-organizer/review-choices', version: 1, choices, ...extra });

describe('choices as a file', () => {
  it('every kind of choice survives export and import unchanged', () => {
    const read = readChoicesFile(choicesJson(all, 'Music', new Date(0)));
    expect(read).toEqual({ ok: true, choices: all });
  });

  it.each([
    ['not JSON', '{"format": ', /not JSON/],
    ['another kind of JSON', JSON.stringify({ plan: [] }), /not a Music Organizer choices file/],
    ['a later version', JSON.stringify({ format: 'music-organizer/review-choices', version: 9, choices: [] }), /version 9/],
    ['an unknown kind', file([{ kind: 'delete-everything', madeAt: 1 }]), /Choice 1 is of an unknown kind \("delete-everything"\)/],
    ['a year in words', file([{ ...all[4], set: { year: 'nineteen' } }]), /Choice 1: the edit: the year must be a whole number from 1 to 9999/],
    ['an empty album artist', file([{ ...all[4], set: { albumartist: '   ' } }]), /album artist is empty/],
    ['a path that climbs out of the library', file([{ kind: 'exclude-folder', madeAt: 1, folder: '../../etc' }]), /not a plain relative library path/],
    ['a release with no files', file([{ kind: 'exclude-release', madeAt: 1, release: { files: [], title: 'x' } }]), /its files must be a list of 1/],
    ['a size that is not a number', file([{ kind: 'exclude-file', madeAt: 1, file: { size: '10', lastModified: 1, path: 'a' } }]), /the size must be a whole number/],
    ['an edit that changes nothing', file([{ ...all[4], set: {} }]), /changes nothing/],
    ['an unknown release type', file([{ ...all[4], set: { type: 'bootleg' } }]), /"bootleg" is not a release type/],
    ['a huge title', file([{ ...all[3], release: { files: [f('c.mp3')], title: 'x'.repeat(5000) } }]), /at most 1000 characters/],
    ['choices that are not a list', file({ 0: all[0] }), /Its choices must be a list/],
  ])('%s is refused with a plain message', (_what, content, message) => {
    const read = readChoicesFile(content);
    expect(read.ok).toBe(false);
    expect(!read.ok && read.message).toMatch(message);
    expect(!read.ok && read.message).toMatch(/Nothing was (imported|changed)\.$/);
  });

  it('one bad choice among good ones refuses the whole file', () => {
    expect(readChoicesFile(file([all[0], all[1], { ...all[2], folder: 7 }])).ok).toBe(false);
  });

  it('keeps only the fields it knows: a __proto__ or an extra field never reaches the store', () => {
    const read = readChoicesFile(`{"format":"music-organizer/review-choices","version":1,"choices":[{"kind":"exclude-folder","madeAt":1,"folder":"A","__proto__":{"polluted":true},"extra":1}]}`);
    expect(read).toEqual({ ok: true, choices: [{ kind: 'exclude-folder', madeAt: 1, folder: 'A' }] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
