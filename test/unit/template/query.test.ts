import { describe, expect, it } from 'vitest';
import { matchQuery, parseQuery } from '../../../src/core/template/index.ts';
import type { QueryError } from '../../../src/core/template/index.ts';

function matches(query: string, fields: Record<string, string>): boolean {
  const result = parseQuery(query);
  if (!result.ok) throw new Error(result.error.message);
  return matchQuery(result.query, (name) => fields[name]);
}

function queryError(query: string): QueryError {
  const result = parseQuery(query);
  if (result.ok) throw new Error(`expected an error for ${query}`);
  return result.error;
}

const ok = {
  albumartist: 'Hans Zimmer', artist: 'Hans Zimmer', album: 'Inception', title: 'Time',
  albumtype: 'soundtrack', genre: 'Soundtrack; Classical', comp: 'False', singleton: 'False', year: '2010',
};

describe('beets query strings', () => {
  it('matches field:value as a case-insensitive substring', () => {
    expect(matches('albumtype:soundtrack', ok)).toBe(true);
    expect(matches('albumtype:SOUND', ok)).toBe(true);
    expect(matches('genre:classical', ok)).toBe(true);
    expect(matches('albumtype:live', ok)).toBe(false);
    expect(matches('label:x', ok)).toBe(false);
    expect(matches('label:', ok)).toBe(true);
  });

  it('ANDs terms separated by spaces and ORs groups ended by a comma', () => {
    expect(matches('albumtype:soundtrack genre:classical', ok)).toBe(true);
    expect(matches('albumtype:soundtrack genre:jazz', ok)).toBe(false);
    expect(matches('genre:jazz, albumtype:soundtrack', ok)).toBe(true);
    expect(matches('genre:jazz , albumtype:live', ok)).toBe(false);
    expect(matches('genre:jazz,albumtype:soundtrack', ok)).toBe(false); // one term, as in beets
  });

  it('compares boolean fields as booleans', () => {
    expect(matches('comp:true', ok)).toBe(false);
    expect(matches('comp:false', ok)).toBe(true);
    expect(matches('comp:true', { comp: 'True' })).toBe(true);
    expect(matches('comp:1', { comp: 'yes' })).toBe(true);
    expect(matches('comp:true', {})).toBe(false);
    expect(matches('singleton:true', { singleton: 'True' })).toBe(true);
  });

  it('compares numeric fields exactly or by range', () => {
    expect(matches('year:2010', ok)).toBe(true);
    expect(matches('year:201', ok)).toBe(false);
    expect(matches('year:2000..2010', ok)).toBe(true);
    expect(matches('year:2011..', ok)).toBe(false);
    expect(matches('year:..2010', ok)).toBe(true);
    expect(matches('year:..1999', ok)).toBe(false);
    expect(matches('year:1990..', { year: '' })).toBe(false);
  });

  it('negates with - or ^', () => {
    expect(matches('-albumtype:live', ok)).toBe(true);
    expect(matches('^albumtype:soundtrack', ok)).toBe(false);
    expect(matches('albumtype:soundtrack -genre:classical', ok)).toBe(false);
  });

  it('supports exact, case-insensitive exact and regex matches', () => {
    expect(matches('artist:=Hans Zimmer'.replace(' ', '\\ '), ok)).toBe(true);
    expect(matches('artist:=hans\\ zimmer', ok)).toBe(false);
    expect(matches('artist:=~"hans zimmer"', ok)).toBe(true);
    expect(matches('artist:=~hans', ok)).toBe(false);
    expect(matches('album::^Inc', ok)).toBe(true);
    expect(matches('album::^inc', ok)).toBe(false);
    expect(matches("album::'(?i)^inc'", ok)).toBe(true);
  });

  it('searches the keyword fields when no field is named', () => {
    expect(matches('zimmer', ok)).toBe(true);
    expect(matches('inception time', ok)).toBe(true);
    expect(matches('soundtrack', { albumtype: 'soundtrack' })).toBe(false);
    expect(matches(':^Tim', ok)).toBe(true);
  });

  it('reads quoted phrases like a shell', () => {
    expect(matches('"genre:Soundtrack; Classical"', ok)).toBe(true);
    expect(matches("'albumartist:hans zimmer'", ok)).toBe(true);
    expect(matches('albumartist:"hans zimmer"', ok)).toBe(true);
    expect(matches('albumartist:hans zimmer', ok)).toBe(true); // "zimmer" is a keyword
  });

  it('keeps colons after the field in the value', () => {
    expect(matches('title:a:b', { title: 'xa:bx' })).toBe(true);
  });

  it('ignores sort terms and matches everything when empty', () => {
    expect(matches('year+ albumtype:soundtrack', ok)).toBe(true);
    expect(matches('', {})).toBe(true);
  });

  it('reports errors with positions', () => {
    expect(queryError('genre:"jazz')).toEqual({ message: 'Unclosed quote "', position: 6, length: 1 });
    expect(queryError('comp:true year:nineties')).toMatchObject({ position: 10, length: 13 });
    expect(queryError('year:1..2..3').position).toBe(0);
    expect(queryError('x title::(').message).toMatch(/^Invalid regular expression/);
    expect(queryError('x title::(').position).toBe(2);
  });
});
