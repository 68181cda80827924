// What the path-rules editor says before Apply: unknown fields (with the nearest known one), rules
// without a title or track, and names several files would share.
import { expect, test } from 'vitest';
import { closestField, noTitleAdvice, rulesAdvice, sameNameAdvice, unknownFieldAdvice } from '../../src/core/rules-advice.ts';
import { parsePathRules, presets, type PathRule } from '../../src/core/template/index.ts';
import { createRegistry } from '../../plugins/index.ts';

const registry = createRegistry();
const known = new Set(registry.fields.keys());
const functions = new Set(registry.templateFunctions.keys());

function rules(text: string): PathRule[] {
  const parsed = parsePathRules(text, { functions });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.rules;
}

test('a misspelt field is named, on its line, with the field it was probably meant to be', () => {
  const advice = unknownFieldAdvice(rules('comp: Compilations/$album/$track $title\ndefault: $albumartst/$album/$track $title\n'), known);
  expect(advice).toEqual([
    {
      kind: 'unknown-field',
      blocks: true,
      line: 2,
      message: 'Line 2: $albumartst is not a field, so it would stay as written and make a folder or file literally named "$albumartst". Did you mean $albumartist?',
    },
  ]);
});

test('fields inside functions count, ${braced} spellings are kept, and nothing far off is suggested', () => {
  const [a, b] = unknownFieldAdvice(rules('default: %if{${yeer},$yeer}/$zzzzzzzzzzzz/$title\n'), known);
  expect(a!.message).toMatch(/^Line 1: \$\{yeer\} is not a field.*Did you mean \$year\?$/);
  expect(b!.message).not.toMatch(/Did you mean/);
  expect(closestField('TITLE', known)).toBe('title');
  expect(closestField('qqqqqqqqq', known)).toBeUndefined();
});

test('every preset reads only known fields and names a title or track', () => {
  for (const preset of registry.presets.length > 0 ? registry.presets : presets) {
    expect(rulesAdvice(rules(preset.rules), known, []), preset.name).toEqual([]);
  }
});

test('a rule without a title or track is a warning, not a block', () => {
  const advice = noTitleAdvice(rules('default: $albumartist/$album\nsingleton: Loose/$artist - $title\n'));
  expect(advice).toHaveLength(1);
  expect(advice[0]).toMatchObject({ kind: 'no-title', blocks: false, line: 1 });
  expect(advice[0]!.message).toMatch(/\("default"\) has no \$title or \$track/);
});

test('shared names: how many files, how many names, the biggest first as examples', () => {
  expect(sameNameAdvice([])).toBeNull();
  const advice = sameNameAdvice([
    { target: 'A/x.mp3', sources: ['1', '2'], message: '' },
    { target: 'B/y.mp3', sources: ['3', '4', '5'], message: '' },
    { target: 'C/z.mp3', sources: ['6', '7'], message: '' },
    { target: 'D/w.mp3', sources: ['8', '9'], message: '' },
  ]);
  expect(advice).toEqual({
    kind: 'same-name',
    blocks: false,
    message: '9 files would share 4 names and be numbered (2), (3)…, for example B/y.mp3 (3 files), A/x.mp3 (2 files), C/z.mp3 (2 files).',
  });
});
