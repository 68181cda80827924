// The custom rules editor's core (issue 14, point 14): a row's problem in plain words, the number
// of releases each row matches, and the manifest the rows are kept as (an ordinary rules plugin).
import { describe, expect, it } from 'vitest';
import { countRuleMatches, customRulesManifest, sharedRulesManifest, ruleProblem } from '../../../src/core/custom-rules.ts';
import { checkManifest, isInlineManifest, readShareLink, shareLink, type RegexRule } from '../../../src/core/plugin-manifest.ts';
import { REGEX_INPUT_CAP } from '../../../src/core/plugin-rules.ts';
import { defaultPlanSettings, planLibrary } from '../../../src/core/plan.ts';
import { createRegistry, registryWith } from '../../../plugins/index.ts';
import { rec, source } from '../plan-helpers.ts';

const library = () => source([
  rec('in/a1.mp3', { artist: 'Nina Simone', albumartist: 'Nina Simone', album: 'Pastel Blues', title: 'Be My Husband', track: 1, genre: ['Jazz'] }),
  rec('in/a2.mp3', { artist: 'Nina Simone', albumartist: 'Nina Simone', album: 'Pastel Blues', title: 'Nobody', track: 2, genre: ['Jazz'] }),
  rec('in/b1.mp3', { artist: 'Low', albumartist: 'Low', album: 'Live at the Bowery', title: 'Words', track: 1, genre: ['Rock'] }),
  rec('in/c1.mp3', { artist: 'Bill Evans', albumartist: 'Bill Evans', album: 'Sunday at the Village Vanguard', title: 'Gloria', track: 1, genre: ['jazz'] }),
  rec('in/d1.mp3', { artist: 'Mixed', albumartist: 'Mixed', album: 'Genres', title: 'One', track: 1, genre: ['Rock'] }),
  rec('in/d2.mp3', { artist: 'Mixed', albumartist: 'Mixed', album: 'Genres', title: 'Two', track: 2, genre: ['Jazz'] }),
]);

const registry = createRegistry();
const releases = () => planLibrary(library(), defaultPlanSettings(), registry).releases;
const count = (rules: RegexRule[]) => countRuleMatches(rules, registry.fields, releases());

describe('custom rules', () => {
  it('counts the releases each row matches: a type looks at the first track, a path rule at any', () => {
    expect(count([
      { field: 'genre', pattern: '^jazz$', flags: 'i', type: 'classical' },
      { field: 'genre', pattern: '^jazz$', flags: '', path: 'Jazz/$album/$title' },
      { field: 'genre', pattern: '^jazz$', flags: 'i', path: 'Jazz/$album/$title' },
      { field: 'album', pattern: '\\blive at\\b', flags: 'i', type: 'live' },
      { field: 'album', pattern: 'nothing like this', flags: 'i', type: 'live' },
    ])).toEqual([{ releases: 2 }, { releases: 1 }, { releases: 3 }, { releases: 1 }, { releases: 0 }]);
  });

  it.each<[RegexRule, string]>([
    [{ field: 'colour', pattern: 'x', type: 'live' }, 'There is no field “colour”.'],
    [{ field: 'genre', pattern: '', type: 'live' }, 'Type a pattern.'],
    [{ field: 'genre', pattern: '(jazz', type: 'live' }, 'not a valid regular expression'],
    [{ field: 'genre', pattern: '(a+)+$', type: 'live' }, 'refused: it repeats a group'],
    [{ field: 'genre', pattern: '(a)\\1', type: 'live' }, 'back reference'],
    [{ field: 'genre', pattern: 'x'.repeat(201), type: 'live' }, 'longer than 200'],
    [{ field: 'genre', pattern: 'jazz' }, 'Choose a content type or type a path rule.'],
    [{ field: 'genre', pattern: 'jazz', path: 'Jazz/%left{$album' }, 'The path rule cannot be read'],
    [{ field: 'genre', pattern: 'jazz', path: 'Jazz\ndefault: x' }, 'one line'],
  ])('says what is wrong with a row beside it (%#)', (rule, words) => {
    const [found] = count([rule]);
    expect(found?.problem).toContain(words);
    expect(found?.releases).toBeUndefined();
    expect(ruleProblem(rule, new Set(registry.fields.keys()))).toContain(words);
  });

  it('a bad row does not stop the others being counted', () => {
    const found = count([{ field: 'genre', pattern: '(', type: 'live' }, { field: 'genre', pattern: 'rock', flags: 'i', type: 'live' }]);
    expect(found[0]?.problem).toBeDefined();
    expect(found[1]).toEqual({ releases: 2 });
  });

  it('a regex sees only the capped start of a field', () => {
    const long = source([rec('in/x.mp3', { artist: 'A', albumartist: 'A', album: `${'x'.repeat(REGEX_INPUT_CAP)}LIVE`, title: 't', track: 1 })]);
    const rels = planLibrary(long, defaultPlanSettings(), registry).releases;
    expect(countRuleMatches([{ field: 'album', pattern: 'LIVE', type: 'live' }], registry.fields, rels)).toEqual([{ releases: 0 }]);
  });

  it('the rows are kept as an ordinary rules plugin that changes the plan like a shared one', () => {
    const manifest = customRulesManifest([{ field: 'genre', pattern: '^jazz$', flags: 'i', path: 'Jazz/$albumartist/$album/$track $title' }]);
    expect(checkManifest(JSON.parse(JSON.stringify(manifest))).ok).toBe(true);
    expect(manifest.reads).toEqual(['genre']);
    const set = registryWith([{ manifest }]);
    const plan = planLibrary(library(), defaultPlanSettings(`${set.paths}\ndefault: $albumartist/$album/$track $title`), set.registry);
    const to = new Map(plan.operations.flatMap((o) => (o.kind === 'move' ? [[o.from, o.to] as const] : [])));
    expect(to.get('in/a1.mp3')).toBe('Jazz/Nina Simone/Pastel Blues/01 Be My Husband.mp3');
    expect(to.get('in/c1.mp3')).toBe('Jazz/Bill Evans/Sunday at the Village Vanguard/01 Gloria.mp3');
    expect(to.get('in/b1.mp3')).toBe('Low/Live at the Bowery/01 Words.mp3');
  });

  it('a stranger\'s regex rule cannot smuggle extra path rules in through a line break', () => {
    const manifest = JSON.parse(JSON.stringify(customRulesManifest([{ field: 'genre', pattern: 'x', path: '$album' }])));
    manifest.rules.regex[0].path = '$album\ndefault: Stolen/$title';
    const checked = checkManifest(manifest);
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.problem).toMatch(/one line/);
  });

  it('shared rules travel in the link itself, under an id of their own, and come back intact', () => {
    const rules: RegexRule[] = [{ field: 'album', pattern: 'live', flags: 'i', type: 'live' }];
    const shared = sharedRulesManifest(rules, 'abcd1234');
    expect(shared.id).toBe('shared-rules-abcd1234');
    const dataUrl = `data:application/json;base64,${Buffer.from(JSON.stringify(shared)).toString('base64')}`;
    const link = shareLink('https://app.example/#old', dataUrl, 'a'.repeat(64));
    const read = readShareLink(new URL(link).hash);
    expect(read).toEqual({ manifestUrl: dataUrl, sha256: 'a'.repeat(64) });
    expect(isInlineManifest(read!.manifestUrl)).toBe(true);
    // Other data: URLs (a script, HTML) are no share link.
    expect(readShareLink(`#plugin=${encodeURIComponent('data:text/html;base64,PGI+')}&sha256=${'a'.repeat(64)}`)).toBeUndefined();
  });
});
