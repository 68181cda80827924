import { describe, expect, it } from 'vitest';
import { builtinFunctions, checkTemplate, parseTemplate, templateFields, unknownFunctions } from '../../../src/core/template/index.ts';
import type { Template, TemplateError } from '../../../src/core/template/index.ts';

function ok(source: string): Template {
  const result = parseTemplate(source);
  if (!result.ok) throw new Error(result.error.message);
  return result.template;
}

function error(source: string, functions?: ReadonlySet<string> | typeof builtinFunctions): TemplateError {
  const result = parseTemplate(source, functions ? { functions } : {});
  if (result.ok) throw new Error(`expected an error for ${source}`);
  return result.error;
}

function warnings(source: string, functions?: ReadonlySet<string> | typeof builtinFunctions): TemplateError[] {
  const result = parseTemplate(source, functions ? { functions } : {});
  if (!result.ok) throw new Error(result.error.message);
  return result.warnings;
}

/** Nodes without spans, for readable expectations. */
function shape(template: Template): unknown[] {
  return template.nodes.map((node) =>
    node.kind === 'text' ? node.text : node.kind === 'field' ? { field: node.name } : { call: node.name, args: node.args.map(shape) },
  );
}

describe('parseTemplate: beets syntax', () => {
  it('parses empty and plain text', () => {
    expect(shape(ok(''))).toEqual([]);
    expect(shape(ok('hello world'))).toEqual(['hello world']);
    expect(shape(ok('foo\n'))).toEqual(['foo\n']);
  });

  it.each([
    ['$$', '$'],
    ['a $$ b', 'a $ b'],
    ['$$ hello', '$ hello'],
    ['hello $$', 'hello $'],
    ['a $% b', 'a % b'],
    ['a $, b', 'a , b'],
    ['a $} b', 'a } b'],
    ['a $ b', 'a $ b'],
    ['a % b', 'a % b'],
    ['a { b', 'a { b'],
    ['a , b', 'a , b'],
    ['100%', '100%'],
    ['cost $', 'cost $'],
    ['foo %bar', 'foo %bar'],
    ['foo %bar baz', 'foo %bar baz'],
    ['50%off', '50%off'],
  ])('keeps %j as the literal %j', (source, text) => {
    expect(shape(ok(source))).toEqual([text]);
  });

  it('parses $field and ${field}', () => {
    expect(shape(ok('$foo'))).toEqual([{ field: 'foo' }]);
    expect(shape(ok('hello $foo world'))).toEqual(['hello ', { field: 'foo' }, ' world']);
    expect(shape(ok('hello${foo}world'))).toEqual(['hello', { field: 'foo' }, 'world']);
    expect(shape(ok('$disc-$track'))).toEqual([{ field: 'disc' }, '-', { field: 'track' }]);
    expect(shape(ok('$mb_albumid.'))).toEqual([{ field: 'mb_albumid' }, '.']);
    expect(shape(ok('${foo bar}'))).toEqual([{ field: 'foo bar' }]);
    expect(shape(ok('$título'))).toEqual([{ field: 'título' }]);
  });

  it('keeps the original spelling and span of a field', () => {
    const [node] = ok('${title}').nodes;
    expect(node).toMatchObject({ kind: 'field', source: '${title}', start: 0, end: 8 });
  });

  it('parses calls, empty and several arguments', () => {
    expect(shape(ok('%foo{}'))).toEqual([{ call: 'foo', args: [[]] }]);
    expect(shape(ok('%foo{bar}'))).toEqual([{ call: 'foo', args: [['bar']] }]);
    expect(shape(ok('%foo{bar,baz}'))).toEqual([{ call: 'foo', args: [['bar'], ['baz']] }]);
    expect(shape(ok('%foo{a,,b}'))).toEqual([{ call: 'foo', args: [['a'], [], ['b']] }]);
    expect(shape(ok('%foo{a,}'))).toEqual([{ call: 'foo', args: [['a'], []] }]);
  });

  it('handles escapes inside arguments', () => {
    expect(shape(ok('%foo{bar$,baz}'))).toEqual([{ call: 'foo', args: [['bar,baz']] }]);
    expect(shape(ok('%foo{bar$}baz}'))).toEqual([{ call: 'foo', args: [['bar}baz']] }]);
    expect(shape(ok('%foo{a{b}'))).toEqual([{ call: 'foo', args: [['a{b']] }]);
  });

  it('parses fields and nested calls in arguments', () => {
    expect(shape(ok('%foo{$bar,baz}'))).toEqual([{ call: 'foo', args: [[{ field: 'bar' }], ['baz']] }]);
    expect(shape(ok('%foo{%bar{},baz}'))).toEqual([{ call: 'foo', args: [[{ call: 'bar', args: [[]] }], ['baz']] }]);
    expect(shape(ok('%foo{%bar{baz}}'))).toEqual([{ call: 'foo', args: [[{ call: 'bar', args: [['baz']] }]] }]);
  });

  it('treats commas outside arguments as text', () => {
    expect(shape(ok('hello, %foo{bar,baz}'))).toEqual(['hello, ', { call: 'foo', args: [['bar'], ['baz']] }]);
    expect(shape(ok('hello,$foo,$bar'))).toEqual(['hello,', { field: 'foo' }, ',', { field: 'bar' }]);
  });

  it('records call spans', () => {
    const [, node] = ok('a %upper{$x} b').nodes;
    expect(node).toMatchObject({ kind: 'call', source: '%upper{$x}', start: 2, end: 12, nameEnd: 8 });
  });

  it('lists the fields a template reads', () => {
    expect([...templateFields(ok('$a/%if{$b,${c}}/%upper{%lower{$d}}'))].sort()).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('parseTemplate: errors with positions', () => {
  it('reports an unclosed call at its opening', () => {
    expect(error('foo %bar{ baz')).toMatchObject({ position: 4, length: 5 });
    expect(error('foo %bar{bar,bar baz')).toMatchObject({ position: 4, length: 5 });
    expect(error('%a{')).toMatchObject({ position: 0, length: 3 });
    expect(error('%a{x,')).toMatchObject({ position: 0, length: 3 });
    expect(error('x %outer{%inner{y}')).toMatchObject({ position: 2, length: 7 });
    expect(error('x %outer{%inner{y}').message).toContain('%outer');
    expect(error('%outer{%inner{y,z}').message).toContain('%outer');
    expect(error('%outer{a %inner{y,z} b')).toMatchObject({ position: 0 });
  });

  it('reports the outer call when an inner call takes its closing brace', () => {
    // "%in{" swallows the "}" of "%out{", so it is %out that stays open.
    expect(error('%out{%in{x}')).toMatchObject({ position: 0 });
  });

  it('reports an unclosed or empty ${}', () => {
    expect(error('a ${ b')).toMatchObject({ position: 2, length: 2 });
    expect(error('a ${} b')).toMatchObject({ position: 2, length: 3 });
  });

  it('keeps a stray closing brace and everything after it as written, as beets does, with a warning', () => {
    expect(warnings('a } b')).toEqual([expect.objectContaining({ position: 2, length: 1 })]);
    expect(shape(ok('a } $b %upper{c}'))).toEqual(['a ', '} $b %upper{c}']);
    expect(warnings('%upper{$title}}')).toMatchObject([{ position: 14, length: 1 }]);
    expect(shape(ok('}'))).toEqual(['}']);
    expect(warnings('}')[0]?.message).toMatch(/Unmatched "}"/);
  });

  it('keeps unknown functions as written, as beets does, with a warning at the name, in source order', () => {
    const names = new Set(['upper']);
    expect(warnings('$a/%nope{x}', names)).toEqual([
      { message: 'Unknown function "%nope": it stays in the path as written, as in beets', position: 3, length: 5 },
    ]);
    expect(warnings('%upper{%bad{x}} %worse{y}', names)).toMatchObject([{ position: 7, length: 4 }, { position: 16, length: 6 }]);
    // Arguments of an unknown function are never read, so they raise nothing of their own.
    expect(warnings('%bad{%worse{}}', names)).toMatchObject([{ position: 0, length: 4 }]);
    expect(warnings('%upper{x} %nope', names)).toEqual([]);
    expect(warnings('%nope{x}')).toEqual([]);
  });

  it('checks argument counts when given the function map', () => {
    expect(error('%left{$title}', builtinFunctions)).toMatchObject({ position: 0, length: 5 });
    expect(error('%left{$title}', builtinFunctions).message).toBe('"%left" takes 2 arguments, got 1');
    expect(error('%if{a,b,c,d}', builtinFunctions).message).toBe('"%if" takes 2 to 3 arguments, got 4');
    expect(error('%upper{a,b}', builtinFunctions).message).toBe('"%upper" takes 1 argument, got 2');
    expect(parseTemplate('%upper{a,b}', { functions: new Set(['upper']) }).ok).toBe(true);
  });

  it('checkTemplate checks argument counts of an already parsed template; unknownFunctions lists the others', () => {
    const template = ok('$a %left{x} %y{}');
    expect(checkTemplate(template, builtinFunctions)).toMatchObject({ position: 3, length: 5 });
    expect(checkTemplate(ok('$a %x{%y{}}'), new Set(['x']))).toBeUndefined();
    expect(unknownFunctions(ok('$a %x{%y{}}'), new Set(['x']))).toMatchObject([{ position: 6, length: 2 }]);
  });
});
