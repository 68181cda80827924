// The check of a sandboxed plugin's output answer (src/core/plugin-outputs.ts) and the way accepted
// files join the plan's outputs: the same door as the Playlists built-in's (decision 0017).
import { describe, expect, it } from 'vitest';
import { checkOutputAnswer, outputPathProblem, MAX_OUTPUT_FILES } from '../../../src/core/plugin-outputs.ts';
import { checkManifest, contributedNames, type PluginManifest } from '../../../src/core/plugin-manifest.ts';
import { checkSandboxMessage, MAX_PART_CHARS } from '../../../src/core/plugin-messages.ts';
import { outputInput, planOutputs } from '../../../src/core/plan-outputs.ts';
import { defaultPlanSettings, planLibrary } from '../../../src/core/plan.ts';
import { createRegistry } from '../../../plugins/index.ts';
import { rec, source } from '../plan-helpers.ts';

const answer = (files: unknown, notes?: unknown) => JSON.stringify(notes === undefined ? { files } : { files, notes });

describe('an output answer', () => {
  it('accepts portable relative paths and their text', () => {
    expect(checkOutputAnswer(answer([{ path: 'index.md', text: '# Library\n' }, { path: 'Nina Simone/notes.txt', text: 'é' }], ['made 2 files']))).toEqual({
      files: [{ path: 'index.md', text: '# Library\n' }, { path: 'Nina Simone/notes.txt', text: 'é' }],
      notes: ['made 2 files'],
    });
    expect(checkOutputAnswer(answer([]))).toEqual({ files: [], notes: [] });
  });

  it.each([
    ['../x.txt', 'climbs out'],
    ['a/./b.txt', 'climbs out'],
    ['/etc/passwd', 'absolute path'],
    ['C:/x.txt', 'absolute path'],
    ['c:', 'absolute path'],
    ['a\\b.txt', 'uses "\\"'],
    ['a//b.txt', 'empty name'],
    ['a/', 'empty name'],
    ['CON.txt', 'some file systems refuse'],
    ['a:b.txt', 'some file systems refuse'],
    ['what?.txt', 'some file systems refuse'],
    ['trailing.', 'some file systems refuse'],
    [' lead.txt', 'some file systems refuse'],
    ['Cafe\u0301.txt', 'some file systems refuse'],
    [`${'x'.repeat(300)}.txt`, 'some file systems refuse'],
    ['x'.repeat(1001), '1,001 characters'],
  ])('refuses the path %j', (path, why) => {
    expect(outputPathProblem(path)).toContain(why);
    expect(checkOutputAnswer(answer([{ path, text: '' }]))).toContain(why);
  });

  it.each([
    ['not JSON', '{"files": [', 'not JSON'],
    ['a list', '[]', 'something other than { files }'],
    ['no files', '{}', 'no list of files'],
    ['an unknown key', '{"files": [], "extra": 1}', 'unknown key "extra"'],
    ['a __proto__ key', '{"files": [], "__proto__": {"polluted": 1}}', 'the key "__proto__"'],
    ['a constructor key in a file', '{"files": [{"path": "a", "text": "", "constructor": 1}]}', 'the key "constructor"'],
    ['a file without text', '{"files": [{"path": "a"}]}', 'no text for "a"'],
    ['a file that is text', '{"files": ["a"]}', 'not { path, text }'],
    ['too many files', answer(Array.from({ length: MAX_OUTPUT_FILES + 1 }, (_, i) => ({ path: `${i}.txt`, text: '' }))), 'asked to write 1,001 files'],
    ['a file over 1 MB', answer([{ path: 'a.txt', text: 'x'.repeat(1024 * 1024 + 1) }]), 'at most 1 MB a file'],
    ['over 8 MB in all', answer(Array.from({ length: 9 }, (_, i) => ({ path: `${i}.txt`, text: 'x'.repeat(1024 * 1024) }))), 'more than 8 MB in all'],
    ['over 16 MB of JSON', ' '.repeat(16 * 1024 * 1024 + 1), 'larger than 16 MB'],
    ['the same file twice', answer([{ path: 'A.txt', text: '' }, { path: 'a.TXT', text: '' }]), '"a.TXT" twice'],
    ['notes that are not text', answer([], [1]), 'notes must be'],
  ])('refuses %s', (_, json, why) => {
    const checked = checkOutputAnswer(json);
    expect(typeof checked).toBe('string');
    expect(checked).toContain(why);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('the protocol', () => {
  it('a manifest may contribute outputs only, and their names count for clashes', () => {
    const json = { id: 'library-index', name: 'Library index', version: '1', apiVersion: 1, module: 'x.js', contributes: { outputs: ['index'] }, reads: ['album'] };
    const checked = checkManifest(json);
    expect(checked).toMatchObject({ ok: true, manifest: { contributes: { outputs: ['index'] } } });
    expect(contributedNames((checked as { manifest: PluginManifest }).manifest)).toEqual(['output index']);
    expect(checkManifest({ ...json, contributes: { outputs: ['Index!'] } })).toMatchObject({ ok: false });
  });

  it('a part carries a long text, up to its own limit; other messages stay short', () => {
    expect(checkSandboxMessage({ type: 'part', id: 3, text: 'x'.repeat(MAX_PART_CHARS) })).toEqual({ ok: true, message: { type: 'part', id: 3, text: 'x'.repeat(MAX_PART_CHARS) } });
    expect(checkSandboxMessage({ type: 'part', id: 3, text: 'x'.repeat(MAX_PART_CHARS + 1) })).toMatchObject({ ok: false });
    expect(checkSandboxMessage({ type: 'error', id: 3, message: 'x'.repeat(MAX_PART_CHARS) })).toMatchObject({ ok: false });
    expect(checkSandboxMessage({ type: 'part', id: 0, text: 'x' })).toMatchObject({ ok: false });
  });
});

describe('accepted files join the plan like the built-ins\'', () => {
  const library = () => ({
    ...source([
      rec('in/1.mp3', { albumartist: 'Nina Simone', artist: 'Nina Simone', album: 'Pastel Blues', title: 'Be My Husband', track: 1, year: 1965 }),
      rec('in/2.mp3', { albumartist: 'Nina Simone', artist: 'Nina Simone', album: 'Pastel Blues', title: 'Nobody', track: 2, year: 1965 }),
    ]),
    others: [{ path: 'index.md', size: 5, lastModified: 1 }],
  });
  const settings = defaultPlanSettings('default: $albumartist/$album/$track $title');

  it('the plugin sees only the fields it reads and the paths after the run', () => {
    const registry = createRegistry();
    const plan = planLibrary(library(), settings, registry);
    const input = outputInput(plan, registry.fields, ['album'], {});
    expect(input).toEqual({ releases: [{ id: plan.releases[0]!.id, fields: { album: 'Pastel Blues' }, tracks: [
      { path: 'Nina Simone/Pastel Blues/01 Be My Husband.mp3', fields: { album: 'Pastel Blues' } },
      { path: 'Nina Simone/Pastel Blues/02 Nobody.mp3', fields: { album: 'Pastel Blues' } },
    ] }], options: {} });
  });

  it('a taken name is a note, never a write; a free one is written', () => {
    const registry = createRegistry();
    const lib = library();
    const plan = planLibrary(lib, settings, registry);
    const result = planOutputs(plan, lib, registry, settings, [{ by: 'Library index', files: [{ path: 'index.md', text: 'mine?' }, { path: 'Nina Simone/Pastel Blues/01 Be My Husband.mp3', text: 'x' }, { path: 'Nina Simone/notes.md', text: 'ok' }], notes: ['two albums'] }]);
    expect(result.outputs).toEqual([{ kind: 'write', path: 'Nina Simone/notes.md', text: 'ok', by: 'Library index' }]);
    expect(result.notes).toEqual([
      { path: '', message: 'Library index: two albums' },
      { path: 'index.md', message: 'A file of that name is already there; it was left alone and nothing is written over it.' },
      { path: 'Nina Simone/Pastel Blues/01 Be My Husband.mp3', message: 'A file of that name is already there; it was left alone and nothing is written over it.' },
    ]);
  });
});
