import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseSpelling, nameKey, primaryArtist, yearOf } from '../../src/core/names.ts';

describe('nameKey', () => {
  it('folds case, NFD/NFC and whitespace', () => {
    expect(nameKey('Talk Talk')).toBe(nameKey('talk talk'));
    expect(nameKey('Bjo\u0308rk')).toBe(nameKey('Björk'));
    expect(nameKey('  Sigur   Rós\t')).toBe('sigur rós');
  });
  it('folds typographic apostrophes, quotes and dashes', () => {
    expect(nameKey('Guns N’ Roses')).toBe(nameKey("Guns N' Roses"));
    expect(nameKey('A – B')).toBe(nameKey('A - B'));
  });
  it('keeps different names apart', () => {
    expect(nameKey('Album')).not.toBe(nameKey('Album (Deluxe Edition)'));
    expect(nameKey('The The')).not.toBe(nameKey('The'));
  });
  it('is empty for missing values', () => {
    expect(nameKey(undefined)).toBe('');
    expect(nameKey('   ')).toBe('');
  });
  it('is idempotent', () => {
    fc.assert(fc.property(fc.string(), (s) => nameKey(nameKey(s)) === nameKey(s)));
  });
});

describe('primaryArtist', () => {
  it.each([
    ['Daft Punk feat. Pharrell Williams', 'Daft Punk'],
    ['Daft Punk ft. Pharrell', 'Daft Punk'],
    ['Daft Punk featuring Pharrell', 'Daft Punk'],
    ['Daft Punk Feat Pharrell', 'Daft Punk'],
    ['Daft Punk FEAT. Pharrell', 'Daft Punk'],
    ['Daft Punk, feat. Pharrell', 'Daft Punk'],
    ['Daft Punk (feat. Pharrell)', 'Daft Punk'],
    ['Daft Punk [ft. Pharrell]', 'Daft Punk'],
    ['Daft Punk (with Pharrell)', 'Daft Punk'],
    ['Stereolab feat. Portishead', 'Stereolab'],
  ])('%s → %s', (credit, main) => {
    expect(primaryArtist(credit)).toBe(main);
  });
  it.each([
    'Simon & Garfunkel',
    'Nick Cave & The Bad Seeds',
    'Florence + the Machine',
    'Little Feat',
    'Earth, Wind & Fire',
    'Sunn O)))',
    '...And You Will Know Us by the Trail of Dead',
  ])('keeps "%s" whole', (artist) => {
    expect(primaryArtist(artist)).toBe(artist);
  });
  it('never empties a name', () => {
    expect(primaryArtist('feat. Someone')).toBe('feat. Someone');
  });
});

describe('chooseSpelling', () => {
  it('picks the most frequent spelling', () => {
    expect(chooseSpelling(['talk talk', 'talk talk', 'Talk Talk'])).toBe('talk talk');
  });
  it('breaks ties towards capitals and diacritics', () => {
    expect(chooseSpelling(['talk talk', 'Talk Talk'])).toBe('Talk Talk');
    expect(chooseSpelling(['Talk Talk', 'talk talk'])).toBe('Talk Talk');
    expect(chooseSpelling(['Bjork', 'Björk'])).toBe('Björk');
  });
  it('counts NFD and NFC as one spelling and returns NFC', () => {
    const chosen = chooseSpelling(['Bjo\u0308rk', 'Björk', 'bjork']);
    expect(chosen).toBe('Björk');
    expect(chosen).toBe(chosen.normalize('NFC'));
  });
  it('does not depend on input order', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('abc', 'ABC', 'Abc', 'äbc', 'aBc')), (list) => {
        expect(chooseSpelling(list)).toBe(chooseSpelling([...list].reverse()));
      }),
    );
  });
  it('ignores blanks and gives "" for nothing', () => {
    expect(chooseSpelling([])).toBe('');
    expect(chooseSpelling(['', '  ', 'X'])).toBe('X');
  });
});

describe('yearOf', () => {
  it.each([
    [1999, 1999],
    ['1999', 1999],
    ['1999-05-01', 1999],
    ['1999-05', 1999],
    ['05/01/1999', 1999],
    ['2006-04-11T00:00:00Z', 2006],
    [undefined, undefined],
    ['', undefined],
    ['unknown', undefined],
    [0, undefined],
    [99, undefined],
  ] as const)('%s → %s', (input, year) => {
    expect(yearOf(input)).toBe(year);
  });
});
