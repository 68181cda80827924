import { describe, expect, it } from 'vitest';
import { builtinFunctions, eagerFunction, lazyFunction, parseTemplate, renderTemplate } from '../../../src/core/template/index.ts';
import type { TemplateContext, TemplateFunction } from '../../../src/core/template/index.ts';
import { context, parsed, render } from './helpers.ts';

describe('renderTemplate', () => {
  const fields = { foo: 'bar', baz: 'BaR', empty: '' };

  it('substitutes fields and keeps text', () => {
    expect(render('foo', fields)).toBe('foo');
    expect(render('$foo', fields)).toBe('bar');
    expect(render('hello $foo world', fields)).toBe('hello bar world');
    expect(render('a${foo}b', fields)).toBe('abarb');
    expect(render('[$empty]', fields)).toBe('[]');
  });

  it('inserts field values verbatim, without re-parsing them', () => {
    expect(render('$foo', { foo: '$baz %upper{x} }' })).toBe('$baz %upper{x} }');
  });

  it('leaves unknown fields as written, like beets', () => {
    expect(render('$nope', fields)).toBe('$nope');
    expect(render('${nope}/x', fields)).toBe('${nope}/x');
    expect(render('%upper{$nope}', fields)).toBe('$NOPE');
  });

  it('calls functions, nested and with fields', () => {
    expect(render('%lower{FOO}', fields)).toBe('foo');
    expect(render('A %lower{FOO} B', fields)).toBe('A foo B');
    expect(render('%lower{%upper{FoO}}', fields)).toBe('foo');
    expect(render('%lower{$baz}', fields)).toBe('bar');
  });

  it('leaves unknown functions as written, like beets', () => {
    const result = parseTemplate('%bar{} and %baz{$foo,x}');
    if (!result.ok) throw new Error('parse failed');
    expect(renderTemplate(result.template, context(fields))).toBe('%bar{} and %baz{$foo,x}');
  });

  it('renders a throwing function as <message>, like beets', () => {
    expect(render('%left{abc,x}')).toBe("<invalid literal for int() with base 10: 'x'>");
    const boom: TemplateFunction = () => {
      throw new Error('boom');
    };
    const functions = new Map([['boom', boom]]);
    const ctx: TemplateContext = { field: () => undefined, functions };
    expect(renderTemplate(parsed('a%boom{}b', functions), ctx)).toBe('a<boom>b');
  });

  it('reports a wrong argument count at render time when the parse did not check it', () => {
    const result = parseTemplate('%left{abc}');
    if (!result.ok) throw new Error('parse failed');
    expect(renderTemplate(result.template, context({}))).toBe('<expected 2..2 arguments, got 1>');
  });

  it('passes rendered strings to plain functions and the context too', () => {
    const seen: string[][] = [];
    const functions = new Map<string, TemplateFunction>([
      ['spy', (args, ctx) => {
        seen.push(args);
        return ctx.field('foo') ?? '?';
      }],
    ]);
    const ctx: TemplateContext = { field: (n) => (n === 'foo' ? 'F' : undefined), functions };
    expect(renderTemplate(parsed('%spy{$foo,,x$,y}', functions), ctx)).toBe('F');
    expect(seen).toEqual([['F', '', 'x,y']]);
  });

  it('lets a lazy function render only the arguments it wants', () => {
    let calls = 0;
    const functions = new Map<string, TemplateFunction>([
      ['count', () => String(++calls)],
      ['firstonly', lazyFunction(1, 3, ([first], ctx) => (first ? renderTemplate(first, ctx) : ''))],
    ]);
    const ctx: TemplateContext = { field: () => undefined, functions };
    expect(renderTemplate(parsed('%firstonly{a%count{},%count{},%count{}}', functions), ctx)).toBe('a1');
    expect(calls).toBe(1);
  });

  it('stringifies non-string results from plugin functions', () => {
    const functions = new Map<string, TemplateFunction>([['len', (([s = '']) => s.length) as unknown as TemplateFunction]]);
    const ctx: TemplateContext = { field: () => undefined, functions };
    expect(renderTemplate(parsed('%len{foo}', functions), ctx)).toBe('3');
  });

  it('checks the arity declared by eagerFunction when parsing', () => {
    const functions = new Map([['pair', eagerFunction(2, 2, ([a = '', b = '']) => a + b)]]);
    expect(parseTemplate('%pair{x}', { functions })).toMatchObject({ ok: false, error: { position: 0, length: 5 } });
    expect(renderTemplate(parsed('%pair{x,y}', functions), { field: () => undefined, functions })).toBe('xy');
  });

  it('uses the function table from the context, so plugins can extend the built-ins', () => {
    const functions = new Map<string, TemplateFunction>([...builtinFunctions, ['shout', ([s = '']) => `${s.toUpperCase()}!`]]);
    expect(render('%shout{%lower{Hey}}', {}, { functions })).toBe('HEY!');
  });
});
