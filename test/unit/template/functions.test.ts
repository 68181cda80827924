import { describe, expect, it } from 'vitest';
import { asciify, builtinFunctions, isTruthy, moveArticle } from '../../../src/core/template/index.ts';
import type { UniqueRequest } from '../../../src/core/template/index.ts';
import { render } from './helpers.ts';

describe('case functions', () => {
  it('%lower, %upper, %capitalize', () => {
    expect(render('%lower{ABBA Gold}')).toBe('abba gold');
    expect(render('%upper{straße}')).toBe('STRASSE');
    expect(render('%capitalize{hELLO wORLD}')).toBe('Hello world');
    expect(render('%upper{}')).toBe('');
  });

  it('%title is Python capwords: collapses whitespace, lowers the rest of each word', () => {
    expect(render("%title{  hello   wORLD  o'neil mcdonald-smith }")).toBe("Hello World O'neil Mcdonald-smith");
    expect(render('%title{élan vital}')).toBe('Élan Vital');
  });
});

describe('%left and %right follow Python slicing', () => {
  it.each([
    ['%left{abcdef,2}', 'ab'],
    ['%left{abcdef,-2}', 'abcd'],
    ['%left{abcdef,0}', ''],
    ['%left{abcdef,99}', 'abcdef'],
    ['%left{abcdef, 3 }', 'abc'],
    ['%right{abcdef,2}', 'ef'],
    ['%right{abcdef,0}', 'abcdef'],
    ['%right{abcdef,-1}', 'bcdef'],
    ['%right{abcdef,99}', 'abcdef'],
    ['%left{😀é😀,2}', '😀é'],
  ])('%s → %s', (source, expected) => {
    expect(render(source)).toBe(expected);
  });

  it('reports a non-integer count as beets does', () => {
    expect(render('%left{foo,bar}')).toBe("<invalid literal for int() with base 10: 'bar'>");
    expect(render('%right{foo,}')).toBe("<invalid literal for int() with base 10: ''>");
  });
});

describe('%if', () => {
  it.each([
    ['', false], ['0', false], ['00', false], [' -0 ', false], ['false', false], ['FALSE', false], ['False', false],
    ['1', true], ['2', true], ['-1', true], ['x', true], [' ', true], ['0.0', true], ['no', true], ['True', true],
  ])('condition %j is %s', (condition, truth) => {
    expect(isTruthy(condition)).toBe(truth);
    expect(render('%if{$c,yes,no}', { c: condition })).toBe(truth ? 'yes' : 'no');
  });

  it('renders nothing when false without an else', () => {
    expect(render('[%if{$c,yes}]', { c: '0' })).toBe('[]');
    expect(render('%if{$multidisc,$disc-}$track', { multidisc: '', disc: '2', track: '05' })).toBe('05');
    expect(render('%if{$multidisc,$disc-}$track', { multidisc: '1', disc: '2', track: '05' })).toBe('2-05');
  });

  it('does not render the branch it does not take', () => {
    // An unknown field inside the untaken branch would otherwise be harmless; a throwing
    // function shows that only the chosen branch runs.
    expect(render('%if{1,ok,%left{x,bad}}')).toBe('ok');
    expect(render('%if{0,%left{x,bad},ok}')).toBe('ok');
  });
});

describe('%ifdef', () => {
  const fields = { year: '1999', label: '' };
  it('tests whether a field exists, not whether it is empty', () => {
    expect(render('%ifdef{year}', fields)).toBe('1999');
    expect(render('%ifdef{year,has}', fields)).toBe('has');
    expect(render('%ifdef{year,,no}', fields)).toBe('1999');
    expect(render('%ifdef{label,has,no}', fields)).toBe('has');
    expect(render('%ifdef{mood,has,no}', fields)).toBe('no');
    expect(render('[%ifdef{mood,has}]', fields)).toBe('[]');
    expect(render('[%ifdef{mood}]', fields)).toBe('[]');
  });
});

describe('%first', () => {
  it.each([
    ['%first{a; b; c}', 'a'],
    ['%first{a; b; c,2}', 'a; b'],
    ['%first{a; b; c,2,1}', 'b; c'],
    ['%first{a b c,2,0, , -> }', 'a -> b'],
    ['%first{a; b; c,-1}', 'a; b'],
    ['%first{a; b; c,1,-1}', ''],
    ['%first{}', ''],
    ['%first{Rock/Pop/Jazz,5,1,/,+}', 'Pop+Jazz'],
  ])('%s → %j', (source, expected) => {
    expect(render(source)).toBe(expected);
  });

  it('fails like beets on an empty separator or count', () => {
    expect(render('%first{abc,1,0,}')).toBe('<empty separator>');
    expect(render('%first{abc,,0}')).toBe("<invalid literal for int() with base 10: ''>");
  });
});

describe('%asciify', () => {
  it.each([
    ['Café Tacvba', 'Cafe Tacvba'],
    ['Motörhead', 'Motorhead'],
    ['Björk – Homogénic', 'Bjork - Homogenic'],
    ['Straße', 'Strasse'],
    ['Æon Flux', 'AEon Flux'],
    ['Sigur Rós — Ágætis byrjun', 'Sigur Ros - Agaetis byrjun'],
    ['Mø', 'Mo'],
    ['Łódź', 'Lodz'],
    ['Œuvre', 'OEuvre'],
    ['Þórður', 'Thordur'],
    ['ﬁne ＡＢＣ ²', 'fine ABC 2'],
    ['“Quoted” ‘x’…', '"Quoted" \'x\'...'],
    ['Кино', 'Kino'],
    ['Чайковский', 'Chaikovskii'],
    ['Ελληνικά', 'Ellenika'],
    ['1½', '11_2'],
  ])('%s → %s', (input, expected) => {
    expect(asciify(input)).toBe(expected);
    expect(render('%asciify{$x}', { x: input })).toBe(expected);
  });

  it('keeps path separators and scripts it cannot transliterate', () => {
    expect(asciify('Sigur Rós/Ágætis byrjun')).toBe('Sigur Ros/Agaetis byrjun');
    expect(asciify('坂本龍一 – Ongaku')).toBe('坂本龍一 - Ongaku');
  });
});

describe('%the', () => {
  it.each([
    ['The Beatles', 'Beatles, The'],
    ['the the', 'the, the'],
    ['A Tribe Called Quest', 'Tribe Called Quest, A'],
    ['An Horse', 'Horse, An'],
    ['The  Doors', 'Doors, The'],
    ['Theatre of Tragedy', 'Theatre of Tragedy'],
    ['Abba', 'Abba'],
    ['The', 'The'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(moveArticle(input)).toBe(expected);
    expect(render('%the{$x}', { x: input })).toBe(expected);
  });
});

describe('%replace', () => {
  it('replaces every occurrence of literal text', () => {
    expect(render('%replace{AC/DC,/,-}')).toBe('AC-DC');
    expect(render('%replace{a.b.c,.,}')).toBe('abc');
    expect(render('%replace{a+b,+,$, }')).toBe('a, b');
    expect(render('%replace{abc,,x}')).toBe('abc');
  });
});

describe('%aunique and %sunique', () => {
  it('render nothing without a planner hook', () => {
    expect(render('$album%aunique{}', { album: 'Weezer' })).toBe('Weezer');
    expect(render('%sunique{}')).toBe('');
  });

  it('pass beets defaults to the hook', () => {
    const seen: UniqueRequest[] = [];
    const aunique = (request: UniqueRequest): string => {
      seen.push(request);
      return ' [2008]';
    };
    expect(render('$album%aunique{}', { album: 'Crystal Castles' }, { aunique })).toBe('Crystal Castles [2008]');
    expect(seen[0]).toEqual({
      keys: ['albumartist', 'album'],
      disambiguators: ['albumtype', 'year', 'label', 'catalognum', 'albumdisambig', 'releasegroupdisambig'],
      brackets: ['[', ']'],
    });
  });

  it('read custom keys, disambiguators and brackets; an empty bracket argument means none', () => {
    const seen: UniqueRequest[] = [];
    const hook = (request: UniqueRequest): string => {
      seen.push(request);
      return '';
    };
    render('%aunique{albumartist  album year,label,()}%aunique{,,}%aunique{a,b,xyz}', {}, { aunique: hook });
    render('%sunique{}', {}, { sunique: hook });
    expect(seen).toEqual([
      { keys: ['albumartist', 'album', 'year'], disambiguators: ['label'], brackets: ['(', ')'] },
      expect.objectContaining({ keys: ['albumartist', 'album'], brackets: null }),
      expect.objectContaining({ keys: ['a'], disambiguators: ['b'], brackets: null }),
      { keys: ['artist', 'title'], disambiguators: ['year', 'trackdisambig'], brackets: ['[', ']'] },
    ]);
  });
});

it('every built-in declares its arity', () => {
  for (const [name, fn] of builtinFunctions) {
    expect(typeof fn === 'function' ? undefined : fn.arity, name).toBeDefined();
  }
});

describe('%time, as beets formats $added or $mtime', () => {
  it.each([
    ['%time{2021-03-04 15:06:07,%Y.%m.%d %H-%M}', '2021.03.04 15-06'],
    // Python's time.strftime in the C locale (checked with /usr/bin/python3).
    ['%time{2021-03-04 15:06:07,%y %e %I %p %j %A %a %B %b %h %F %T %% %Q %}', '21  4 03 PM 063 Thursday Thu March Mar Mar 2021-03-04 15:06:07 % %Q %'],
    ['%time{2021-3-4 5:6:7,%Y-%m-%d %H:%M:%S}', '2021-03-04 05:06:07'],
  ])('%s', (template, expected) => {
    expect(render(template)).toBe(expected);
  });

  it('reports text beets cannot read with Python’s messages', () => {
    expect(render('%time{x,%Y}')).toBe("<time data 'x' does not match format '%Y-%m-%d %H:%M:%S'>");
    expect(render('%time{2021-02-30 00:00:00,%Y}')).toBe('<day is out of range for month>');
  });
});
