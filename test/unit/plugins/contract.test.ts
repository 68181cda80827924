import { describe, expect, it } from 'vitest';
import { checkManifest, clashOf, contributedNames, manifestChanges, readShareLink, shareLink, type PluginManifest } from '../../../src/core/plugin-manifest.ts';
import { REGEX_INPUT_CAP, riskyPattern } from '../../../src/core/plugin-rules.ts';
import { answeredPlugin, pluginInputs, type PluginAnswers } from '../../../src/core/plugin-results.ts';
import { checkFieldValues, checkSandboxMessage, checkVerdicts } from '../../../src/core/plugin-messages.ts';
import { defaultPlanSettings, planLibrary } from '../../../src/core/plan.ts';
import { createRegistry, registryWith, type SharedPlugin } from '../../../plugins/index.ts';
import { rec, source } from '../plan-helpers.ts';

const codeManifest = (extra: Partial<PluginManifest> = {}): PluginManifest => ({
  id: 'initials', name: 'Initials', version: '1.0.0', apiVersion: 1, module: 'initial.js',
  contributes: { fields: ['initial'], classifiers: ['bootlegs'] }, reads: ['albumartist', 'album'], ...extra,
});

const library = () => source([
  rec('in/a1.mp3', { artist: 'Nina Simone', albumartist: 'Nina Simone', album: 'Pastel Blues', title: 'Be My Husband', track: 1, genre: ['Jazz'] }),
  rec('in/a2.mp3', { artist: 'Nina Simone', albumartist: 'Nina Simone', album: 'Pastel Blues', title: 'Nobody', track: 2, genre: ['Jazz'] }),
  rec('in/b1.mp3', { artist: 'Low', albumartist: 'Low', album: 'Live Bootleg 1996', title: 'Words', track: 1, genre: ['Rock'] }),
]);

/** Plans with the shared plugins, their path rules tried before `rules`. */
function planWith(shared: SharedPlugin[], rules: string) {
  const set = registryWith(shared);
  expect(set.refused).toEqual([]);
  return planLibrary(library(), defaultPlanSettings([set.paths, rules].filter(Boolean).join('\n')), set.registry);
}
const targets = (p: ReturnType<typeof planWith>) => new Map(p.operations.flatMap((o) => (o.kind === 'move' ? [[o.from, o.to]] : [])));

describe('manifest', () => {
  it('accepts a code plugin and keeps only known fields', () => {
    const check = checkManifest({ ...codeManifest(), hosts: [{ host: 'musicbrainz.org', why: 'look releases up' }], extra: 'dropped' });
    expect(check.ok).toBe(true);
    if (check.ok) expect(check.manifest).not.toHaveProperty('extra');
  });

  it.each([
    [{ ...codeManifest(), apiVersion: 2 }, 'plugin API version 2'],
    [{ ...codeManifest(), id: 'Bad Id' }, 'its id'],
    [{ ...codeManifest(), hosts: [{ host: 'example.org' }] }, 'does not say why'],
    [{ ...codeManifest(), module: undefined }, 'neither a module nor rules'],
    [{ ...codeManifest(), contributes: { fields: ['__proto__'] } }, 'not a valid name'],
    [{ ...codeManifest(), module: undefined, rules: { regex: [{ field: 'genre', pattern: '(', type: 'live' }] } }, 'not a valid regular expression'],
    [{ ...codeManifest(), module: undefined, rules: { regex: [{ field: 'genre', pattern: 'x', type: 'bogus' }] } }, 'unknown content type'],
    [[], 'not a JSON object'],
  ])('refuses %#, saying why', (json, words) => {
    const check = checkManifest(json);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.problem).toContain(words);
  });

  it('refuses a name clash, naming both plugins', () => {
    const builtin = { id: 'builtin', name: 'Music Organizer built-ins', names: [...createRegistry().fields.keys()].map((f) => `field $${f}`) };
    expect(clashOf(codeManifest({ contributes: { fields: ['album'] } }), [builtin])).toBe('"Initials" adds field $album, which "Music Organizer built-ins" already adds.');
    expect(clashOf(codeManifest(), [builtin])).toBeUndefined();
    const other = { id: 'other', name: 'Other', names: contributedNames(codeManifest()) };
    expect(clashOf(codeManifest(), [other])).toContain('"Other"');
    // A new version of the same plugin replaces it: no clash with itself.
    expect(clashOf(codeManifest(), [{ ...other, id: 'initials' }])).toBeUndefined();
  });

  it('reads and writes share links', () => {
    const hash = 'a'.repeat(64);
    const link = shareLink('https://app.example/#old', 'https://plugins.example/initial.json?x=1&y=2', hash);
    expect(link).toBe(`https://app.example/#plugin=${encodeURIComponent('https://plugins.example/initial.json?x=1&y=2')}&sha256=${hash}`);
    expect(readShareLink(new URL(link).hash)).toEqual({ manifestUrl: 'https://plugins.example/initial.json?x=1&y=2', sha256: hash });
    expect(readShareLink('#plugin=javascript:alert(1)&sha256=' + hash)).toBeUndefined();
    expect(readShareLink('#plugin=https://x.example/m.json&sha256=abc')).toBeUndefined();
  });

  it('says what an update changes, new hosts and fields apart', () => {
    const changes = manifestChanges(codeManifest(), codeManifest({ version: '1.1.0', reads: ['albumartist', 'album', 'genre'], hosts: [{ host: 'evil.example', why: 'x' }] }));
    expect(changes.newHosts.map((h) => h.host)).toEqual(['evil.example']);
    expect(changes.newReads).toEqual(['genre']);
    expect(changes.other).toEqual(['version 1.0.0 → 1.1.0']);
  });
});

describe('rules plugins', () => {
  const rules = (r: PluginManifest['rules']): PluginManifest => {
    const check = checkManifest({ id: 'jazz-shelf', name: 'Jazz shelf', version: '1', apiVersion: 1, reads: [], rules: r });
    if (!check.ok) throw new Error(check.problem);
    return check.manifest;
  };

  it('maps a field to a path rule and defines a field by a template', () => {
    const manifest = rules({ regex: [{ field: 'genre', pattern: '^jazz$', flags: 'i', path: 'Jazz/$albumartist/$album/$track $title' }], fields: { initial: '%upper{%left{$albumartist,1}}' } });
    const moves = targets(planWith([{ manifest }], 'default: $initial/$albumartist/$album/$track $title'));
    expect(moves.get('in/a1.mp3')).toBe('Jazz/Nina Simone/Pastel Blues/01 Be My Husband.mp3');
    expect(moves.get('in/b1.mp3')).toBe('L/Low/Live Bootleg 1996/01 Words.mp3');
  });

  it('maps a field to a content type, with its reason under the plugin name', () => {
    const manifest = rules({ regex: [{ field: 'album', pattern: 'bootleg', flags: 'i', type: 'rarity' }] });
    const plan = planWith([{ manifest }], 'default: $kind/$album/$title');
    const low = plan.releases.find((r) => r.album === 'Live Bootleg 1996')!;
    expect(low.classification.type).toBe('rarity');
    expect(low.classification.reasons).toContain('album matches /bootleg/ (Jazz shelf)');
  });

  it('refuses patterns that backtrack without end, and caps what a regex sees', () => {
    expect(riskyPattern('(a+)+$')).toContain('repeats a group');
    expect(riskyPattern('(a|aa)*b')).toContain('repeats a group');
    expect(riskyPattern('(\\w+\\s?)*$')).toContain('repeats a group');
    expect(riskyPattern('(.)\\1')).toContain('back reference');
    expect(riskyPattern('^live( at| in)? [a-z]+$')).toBeUndefined();
    expect(riskyPattern('[(+)]+x')).toBeUndefined();
    const set = registryWith([{ manifest: rules({ regex: [{ field: 'album', pattern: '(a+)+$', type: 'live' }] }) }]);
    expect(set.refused[0]!.message).toContain('"Jazz shelf" was switched off: The pattern /(a+)+$/ is refused');
    // A long field is cut before any regex reads it.
    const long = registryWith([{ manifest: rules({ regex: [{ field: 'album', pattern: 'z$', type: 'live' }] }) }]);
    const tail = source([rec('x.mp3', { album: 'a'.repeat(REGEX_INPUT_CAP) + 'z', albumartist: 'A', title: 'T' })]);
    expect(planLibrary(tail, defaultPlanSettings(), long.registry).releases[0]!.classification.type).not.toBe('live');
  });

  it('refuses a plugin whose name clashes with a built-in, and plans without it', () => {
    const set = registryWith([{ manifest: rules({ fields: { album: '$title' } }) }]);
    expect(set.refused).toEqual([{ id: 'jazz-shelf', message: '"Jazz shelf" was switched off: it adds field $album, which another plugin already adds.' }]);
    expect(set.registry.list.map((p) => p.id)).toEqual(['builtin', 'playlists']);
  });
});

describe('code plugin answers', () => {
  it('asks each distinct input once and plans from the answers', () => {
    const manifest = codeManifest();
    const base = createRegistry();
    const plan = planLibrary(library(), defaultPlanSettings(), base);
    const inputs = pluginInputs(manifest, base.fields, plan.releases, []);
    // Two recordings of one release share one input.
    expect(inputs.fields.map((i) => ({ ...i.input })).sort((a, b) => a.album!.localeCompare(b.album!))).toEqual([{ albumartist: 'Low', album: 'Live Bootleg 1996' }, { albumartist: 'Nina Simone', album: 'Pastel Blues' }]);
    expect(inputs.releases.map((i) => i.input.tracks).sort()).toEqual(['1', '2']);
    const answers: PluginAnswers = {
      id: manifest.id, name: manifest.name,
      fields: { initial: Object.fromEntries(inputs.fields.map((i) => [i.key, i.input.albumartist!.slice(0, 1)])) },
      classifiers: { bootlegs: Object.fromEntries(inputs.releases.map((i) => [i.key, /bootleg/i.test(i.input.album!) ? { type: 'rarity' as const, confidence: 0.99, reason: 'a bootleg' } : null])) },
    };
    const moves = targets(planWith([{ manifest, answers }], 'default: $initial/$albumartist/$kind/$title'));
    expect(moves.get('in/a1.mp3')).toBe('N/Nina Simone/single/Be My Husband.mp3');
    expect(moves.get('in/b1.mp3')).toBe('L/Low/rarity/Words.mp3');
    const plugin = answeredPlugin(manifest, { ...answers, fields: {} }, base.fields);
    expect(plugin.fields!.initial!({ recording: library().recordings[0]!, release: undefined })).toBe('');
  });
});

describe('messages from a sandbox', () => {
  it('accepts the protocol and refuses anything else, saying why', () => {
    expect(checkSandboxMessage({ type: 'result', id: 3, values: ['A'] })).toEqual({ ok: true, message: { type: 'result', id: 3, values: ['A'] } });
    const refused = (data: unknown) => {
      const c = checkSandboxMessage(data);
      return c.ok ? 'accepted' : c.problem;
    };
    expect(refused(JSON.parse('{"type":"result","id":1,"values":[{"__proto__":{"polluted":true}}]}'))).toContain('"__proto__"');
    expect(refused({ type: 'result', id: 1, values: [{ constructor: { prototype: {} } }] })).toContain('"constructor"');
    expect(refused({ type: 'result', id: 1, values: ['x'.repeat(10_000_000)] })).toContain('10,000,000 characters');
    expect(refused({ type: 'result', id: 1, values: new Array(5000).fill('a') })).toContain('too many');
    expect(refused({ type: 'result', id: -1, values: [] })).toContain('wrong shape');
    expect(refused({ type: 'hello' })).toContain('wrong shape');
    expect(refused('text')).toContain('no known kind');
    expect(refused({ type: 'result', id: 1, values: [new Date()] })).toContain('plain data');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('checks answers against the batch', () => {
    expect(checkFieldValues(['a', 'b'], 2)).toEqual(['a', 'b']);
    expect(checkFieldValues(['a'], 2)).toContain('1 values for 2 inputs');
    expect(checkFieldValues([3], 1)).toContain('other than text');
    expect(checkVerdicts([null, { type: 'live', confidence: 0.9, reason: 'r' }], 2)).toEqual([null, { type: 'live', confidence: 0.9, reason: 'r' }]);
    expect(checkVerdicts([{ type: 'live', confidence: 2, reason: 'r' }], 1)).toContain('confidence');
    expect(checkVerdicts([{ type: 'nope', confidence: 1, reason: 'r' }], 1)).toContain('unknown content type');
  });
});
