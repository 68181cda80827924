import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinFunctions, escapeTemplateText, parseTemplate, parsePathRules, renderTemplate } from '../../../src/core/template/index.ts';
import type { Template } from '../../../src/core/template/index.ts';
import { context } from './helpers.ts';

const noSpecials = fc.string({ unit: fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => !'$%{}'.includes(c)), fc.constantFrom('é', 'ß', '😀', ',', '\n')) });
// Strings dense in syntax, so the generator hits the parser's corners.
const syntaxSoup = fc.string({
  unit: fc.oneof(
    fc.constantFrom('$', '%', '{', '}', ',', '$$', '${', '%if{', '%upper{', '%nope{', '$title', ' ', 'a', '\n'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 40,
});
const fields = fc.dictionary(fc.constantFrom('title', 'artist', 'year', 'x', 'multidisc'), fc.string({ maxLength: 8 }));

function contiguous(template: Template, sourceLength: number | undefined): void {
  let at = template.start;
  for (const node of template.nodes) {
    expect(node.start).toBe(at);
    at = node.end;
    if (node.kind === 'call') for (const arg of node.args) contiguous(arg, undefined);
  }
  expect(at).toBe(template.end);
  if (sourceLength !== undefined) expect(template.end).toBe(sourceLength);
}

describe('template properties', () => {
  it('plain text renders to itself', () => {
    fc.assert(
      fc.property(noSpecials, (text) => {
        const result = parseTemplate(text, { functions: builtinFunctions });
        expect(result.ok).toBe(true);
        if (result.ok) expect(renderTemplate(result.template, context({}))).toBe(text);
      }),
    );
  });

  it('escaped arbitrary text renders to itself', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.constantFrom('$', '%', '{', '}', ',')) }), (text) => {
        const result = parseTemplate(escapeTemplateText(text), { functions: builtinFunctions });
        expect(result.ok).toBe(true);
        if (result.ok) expect(renderTemplate(result.template, context({}))).toBe(text);
      }),
    );
  });

  it('never throws; errors point inside the source; nodes tile the source', () => {
    fc.assert(
      fc.property(syntaxSoup, fields, (source, values) => {
        const result = parseTemplate(source, { functions: builtinFunctions });
        if (result.ok) {
          contiguous(result.template, source.length);
          expect(typeof renderTemplate(result.template, context(values))).toBe('string');
        } else {
          expect(result.error.position).toBeGreaterThanOrEqual(0);
          expect(result.error.length).toBeGreaterThanOrEqual(0);
          expect(result.error.position + result.error.length).toBeLessThanOrEqual(source.length);
          expect(result.error.message).not.toBe('');
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('path rules never throw on arbitrary text', () => {
    const lines = fc.array(fc.oneof(syntaxSoup, fc.constantFrom('default: $a', 'paths:', '  comp: x', "'a", '"b":', '# c', 'year:1..: x')), { maxLength: 6 });
    fc.assert(
      fc.property(lines, (parts) => {
        const text = parts.join('\n');
        const result = parsePathRules(text, { functions: builtinFunctions });
        if (!result.ok) {
          expect(result.error.position).toBeLessThanOrEqual(text.length);
          expect(result.error.line).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
