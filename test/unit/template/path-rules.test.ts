import { describe, expect, it } from 'vitest';
import { builtinFunctions, chooseRule, parsePathRules, renderTemplate, withBuiltinRules } from '../../../src/core/template/index.ts';
import type { PathRule, PathRulesError } from '../../../src/core/template/index.ts';
import { context } from './helpers.ts';

function rules(text: string): PathRule[] {
  const result = parsePathRules(text, { functions: builtinFunctions });
  if (!result.ok) throw new Error(`${result.error.message} (line ${result.error.line})`);
  return result.rules;
}

function rulesError(text: string): PathRulesError {
  const result = parsePathRules(text, { functions: builtinFunctions });
  if (result.ok) throw new Error('expected an error');
  return result.error;
}

const beetsConfig = `
paths:
    default: $albumartist/$album%aunique{}/$track $title
    singleton: Non-Album/$artist/$title
    comp: Compilations/$album%aunique{}/$track $title
    albumtype:soundtrack: Soundtracks/$album/$track $title
`;

describe('parsePathRules', () => {
  it('reads a beets paths: block', () => {
    const parsed = rules(beetsConfig);
    expect(parsed.map((r) => r.key)).toEqual(['default', 'singleton', 'comp', 'albumtype:soundtrack']);
    expect(parsed.map((r) => r.line)).toEqual([3, 4, 5, 6]);
    expect(parsed[0]?.source).toBe('$albumartist/$album%aunique{}/$track $title');
    expect(parsed[0]?.query).toBeNull();
  });

  it('reads bare lines, comments, blank lines and CRLF', () => {
    const text = '# my layout\r\ndefault: $album/$title   # trailing comment\r\n\r\n  genre:Classical: Classical/$album/$title\r\n';
    const parsed = rules(text);
    expect(parsed.map((r) => [r.key, r.source])).toEqual([
      ['default', '$album/$title'],
      ['genre:Classical', 'Classical/$album/$title'],
    ]);
  });

  it('reads only the paths: block of a whole pasted config', () => {
    const text = `directory: ~/Music
import:
    move: yes
paths:
    default: $albumartist/$title
    comp: VA/$title

plugins: fetchart the
    # nothing here is a rule
`;
    expect(rules(text).map((r) => r.key)).toEqual(['default', 'comp']);
  });

  it('reads quoted YAML keys and values', () => {
    const text = `default: '%the{$albumartist}/$album/$track $title'
"genre:Classical Music": "Classical/$album/$track \\"$title\\""
'albumtype:live': 'Live/It''s $album'
`;
    const parsed = rules(text);
    expect(parsed.map((r) => [r.key, r.source])).toEqual([
      ['default', '%the{$albumartist}/$album/$track $title'],
      ['genre:Classical Music', 'Classical/$album/$track "$title"'],
      ['albumtype:live', "Live/It's $album"],
    ]);
  });

  it('reports errors with line and position in the whole text', () => {
    const text = 'default: $a\ncomp: x/%upper{$b';
    expect(rulesError(text)).toMatchObject({ line: 2, position: text.indexOf('%upper'), length: 7 });
    expect(rulesError('default: $a\njust text')).toMatchObject({ line: 2, position: 12, length: 9 });
    expect(rulesError('default: $a\ncomp:')).toMatchObject({ line: 2, message: 'Missing template for "comp"' });
    expect(rulesError("default: 'unclosed")).toMatchObject({ line: 1, position: 9, length: 1 });
    const badQuery = 'default: $a\n  year:abc: $b';
    expect(rulesError(badQuery)).toMatchObject({ line: 2, position: badQuery.indexOf('year'), length: 8 });
    expect(rulesError('default: $a\ndefault: $b')).toMatchObject({ line: 2, message: 'Duplicate rule "default"' });
  });

  it('warns, with line and position, of what beets keeps as written: unknown functions and a stray "}"', () => {
    const text = 'comp: x/$title\ndefault: $a/%nope{x} $b}c';
    const parsed = parsePathRules(text, { functions: builtinFunctions });
    expect(parsed).toMatchObject({
      ok: true,
      warnings: [
        { line: 2, position: text.indexOf('%nope'), length: 5, message: expect.stringMatching(/Unknown function "%nope"/) },
        { line: 2, position: text.indexOf('}c'), length: 1, message: expect.stringMatching(/Unmatched "}"/) },
      ],
    });
  });

  it('warns when there is no default rule: beets’ own applies', () => {
    for (const text of ['comp: x/$title', '']) {
      const parsed = parsePathRules(text, { functions: builtinFunctions });
      expect(parsed.ok && parsed.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/No "default:" rule: beets' own applies/)]);
    }
  });

  it('puts beets’ own singleton:, comp: and default: after the user’s rules, unless the user wrote those keys', () => {
    const keys = (text: string) => withBuiltinRules(rules(text)).map((r) => [r.key, r.source]);
    expect(keys('albumtype:live: Live/$album\ndefault: $album/$title')).toEqual([
      ['albumtype:live', 'Live/$album'],
      ['default', '$album/$title'],
      ['singleton', 'Non-Album/$artist/$title'],
      ['comp', 'Compilations/$album%aunique{}/$track $title'],
    ]);
    expect(keys('comp: C/$title\ndefault: $title\nsingleton: S/$title').map(([k]) => k)).toEqual(['comp', 'default', 'singleton']);
    expect(keys('comp: C/$title')).toEqual([['comp', 'C/$title'], ['default', '$albumartist/$album%aunique{}/$track $title'], ['singleton', 'Non-Album/$artist/$title']]);
    // Like a beets config, the literal key counts: "comp:true" is the user's, "comp" still beets'.
    expect(keys('comp:true: C/$title\ndefault: $title').map(([k]) => k)).toEqual(['comp:true', 'default', 'singleton', 'comp']);
  });

  it('accepts any function name when none are given', () => {
    expect(parsePathRules('default: %whatever{$x}').ok).toBe(true);
  });
});

describe('chooseRule', () => {
  const parsed = rules(`
paths:
    albumtype:soundtrack: Soundtracks/$album/$track $title
    default: $albumartist/$album/$track $title
    comp: Compilations/$album/$track $title
    singleton: Non-Album/$artist/$title
    genre:classical year:..1900: Old/$album
`);
  const choose = (fields: Record<string, string>): string => chooseRule(parsed, (name) => fields[name]).key;

  it('uses the first matching rule in written order', () => {
    expect(choose({ albumtype: 'soundtrack', comp: 'True' })).toBe('albumtype:soundtrack');
    expect(choose({ albumtype: 'album', comp: 'True' })).toBe('comp');
    expect(choose({ comp: 'False', singleton: 'True' })).toBe('singleton');
    expect(choose({ genre: 'Classical', year: '1850' })).toBe('genre:classical year:..1900');
  });

  it('falls back to default wherever it was written', () => {
    expect(choose({ albumtype: 'album', comp: 'False', genre: 'Classical', year: '1950' })).toBe('default');
    expect(choose({})).toBe('default');
  });

  it('produces a path with the chosen template', () => {
    const fields = { albumartist: 'Various Artists', album: 'Now 1', track: '01', title: 'Hit', comp: 'True' };
    const rule = chooseRule(parsed, (name) => fields[name as keyof typeof fields]);
    expect(renderTemplate(rule.template, context(fields))).toBe('Compilations/Now 1/01 Hit');
  });

  it('throws a named error for rules without a default', () => {
    expect(() => chooseRule([], () => undefined)).toThrow(expect.objectContaining({ name: 'NoDefaultRuleError' }));
  });
});
