import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitPath, PathTooLongError, sanitizeComponent, withSuffix } from '../../src/core/sanitize.ts';

const bytes = (s: string) => new TextEncoder().encode(s).length;
const ILLEGAL = /[<>:"/\\|?*\x00-\x1f]/;

describe('sanitizeComponent', () => {
  it.each([
    ['What?', 'What_'],
    ['Title: Subtitle', 'Title - Subtitle'],
    ['A/B', 'A_B'],
    ['AC/DC', 'AC_DC'],
    ['Back\\Slash', 'Back_Slash'],
    ['<Intro>', '_Intro_'],
    ['Track*', 'Track_'],
    ['Say "Hello"', "Say 'Hello'"],
    ['Pipe | Dream', 'Pipe _ Dream'],
    [':wumpscut:', '_wumpscut_'],
    ['Tab\tInside', 'Tab Inside'],
    ['Bell\u0007', 'Bell_'],
    ['Trailing Dot.', 'Trailing Dot'],
    ['Mr. Mister.', 'Mr. Mister'],
    ['Trailing Space ', 'Trailing Space'],
    ['  Leading Spaces', 'Leading Spaces'],
    ['Ends With Ellipsis...', 'Ends With Ellipsis'],
    ['...And You Will Know Us', 'And You Will Know Us'],
    ['.hidden', 'hidden'],
    ['Sunn O)))', 'Sunn O)))'],
    ['日本語のタイトル', '日本語のタイトル'],
    ['🎵 Emoji Song 🎶', '🎵 Emoji Song 🎶'],
  ])('%j → %j', (input, output) => {
    expect(sanitizeComponent(input)).toBe(output);
  });

  it('never gives an empty name, "." or ".."', () => {
    for (const name of ['', ' ', '.', '..', '...', ' . ']) expect(sanitizeComponent(name)).toBe('_');
  });

  it.each([
    ['CON', 'CON_'],
    ['con', 'con_'],
    ['Con', 'Con_'],
    ['NUL', 'NUL_'],
    ['aux', 'aux_'],
    ['PRN', 'PRN_'],
    ['COM1', 'COM1_'],
    ['lpt9', 'lpt9_'],
    ['con.mp3', 'con_.mp3'],
    ['NUL.tar.gz', 'NUL_.tar.gz'],
    ['CON .flac', 'CON_.flac'],
    ['Con Funk Shun', 'Con Funk Shun'],
    ['COM10', 'COM10'],
    ['Auxiliary', 'Auxiliary'],
    ['CONCERT.mp3', 'CONCERT.mp3'],
  ])('reserved device name %j → %j', (input, output) => {
    expect(sanitizeComponent(input)).toBe(output);
  });

  it('uses the replacement asked for', () => {
    expect(sanitizeComponent('A/B?', { replacement: '-' })).toBe('A-B-');
  });

  it('returns NFC', () => {
    expect(sanitizeComponent('Bjo\u0308rk')).toBe('Björk');
  });

  it('cuts long names to 255 UTF-8 bytes and keeps the extension', () => {
    const name = sanitizeComponent('x'.repeat(300) + '.flac');
    expect(bytes(name)).toBeLessThanOrEqual(255);
    expect(name.endsWith('.flac')).toBe(true);
    expect(sanitizeComponent('x'.repeat(300))).toBe('x'.repeat(255));
  });

  it('never cuts inside a surrogate pair, a combining sequence or an emoji sequence', () => {
    const emoji = sanitizeComponent('🎵'.repeat(100) + '.mp3'); // 4 bytes each
    expect(emoji).toBe('🎵'.repeat(62) + '.mp3');
    const combining = sanitizeComponent('e\u0301'.repeat(200)); // NFC makes é: 2 bytes each
    expect(combining).toBe('é'.repeat(127));
    const decomposedOnly = sanitizeComponent('q\u0307'.repeat(200)); // q̇ has no precomposed form: 3 bytes
    expect(decomposedOnly).toBe('q\u0307'.repeat(85));
    const family = '👨‍👩‍👧'; // 18 bytes, one grapheme
    const cut = sanitizeComponent(family.repeat(20));
    expect(cut).toBe(family.repeat(14));
  });

  it('does not leave a trailing dot or space where it cut', () => {
    const name = sanitizeComponent('a'.repeat(253) + ' .b.c.d.flac x');
    expect(name).not.toMatch(/[ .]$/);
  });

  it('satisfies every platform for any input (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (input) => {
        const out = sanitizeComponent(input);
        expect(out.length).toBeGreaterThan(0);
        expect(out).not.toMatch(ILLEGAL);
        expect(out).not.toMatch(/^[\s.]|[\s.]$/);
        expect(out).not.toMatch(/^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\.|$)/i);
        expect(bytes(out)).toBeLessThanOrEqual(255);
        expect(out).toBe(out.normalize('NFC'));
        expect(sanitizeComponent(out)).toBe(out);
      }),
      { numRuns: 500 },
    );
  });
});

describe('withSuffix', () => {
  it('numbers a file before its extension', () => {
    expect(withSuffix('Title.flac', 2)).toBe('Title (2).flac');
    expect(withSuffix('01 Intro.mp3', 3)).toBe('01 Intro (3).mp3');
  });
  it('numbers names without extension and folders at the end', () => {
    expect(withSuffix('Title', 2)).toBe('Title (2)');
    expect(withSuffix('Mr. Mister', 2)).toBe('Mr. Mister (2)');
    expect(withSuffix('Vol.2', 2, { folder: true })).toBe('Vol.2 (2)');
  });
  it('leaves the first one alone', () => {
    expect(withSuffix('Title.flac', 1)).toBe('Title.flac');
  });
  it('stays within 255 bytes', () => {
    const name = withSuffix('x'.repeat(250) + '.flac', 12);
    expect(bytes(name)).toBeLessThanOrEqual(255);
    expect(name.endsWith(' (12).flac')).toBe(true);
  });
});

describe('fitPath', () => {
  const total = (parts: string[], prefix = 0) => prefix + parts.join('/').length;

  it('leaves short paths alone', () => {
    expect(fitPath(['Artist', 'Album (1999)', '01 Title.flac'])).toEqual(['Artist', 'Album (1999)', '01 Title.flac']);
  });

  it('shortens the title first and keeps the extension', () => {
    const parts = ['Artist', 'Album', '01 ' + 'x'.repeat(300) + '.flac'];
    const fitted = fitPath(parts);
    expect(total(fitted)).toBeLessThanOrEqual(259);
    expect(fitted.slice(0, 2)).toEqual(['Artist', 'Album']);
    expect(fitted[2]!.endsWith('.flac')).toBe(true);
  });

  it('then shortens the longest folders', () => {
    const parts = ['A'.repeat(120), 'B'.repeat(140), 'Short', '01 Title Of Song.flac'];
    const fitted = fitPath(parts);
    expect(total(fitted)).toBeLessThanOrEqual(259);
    expect(fitted[2]).toBe('Short');
    expect(fitted[3]!.endsWith('.flac')).toBe(true);
    expect(fitted[0]!.length).toBeLessThan(120);
    expect(fitted[1]!.length).toBeLessThan(140);
    expect(fitted[1]!.length).toBeLessThanOrEqual(fitted[0]!.length + 1);
  });

  it('counts the prefix', () => {
    const fitted = fitPath(['Artist', 'Album', 'x'.repeat(200) + '.mp3'], { prefixLength: 100 });
    expect(total(fitted, 100)).toBeLessThanOrEqual(259);
  });

  it('honours a custom limit and is deterministic', () => {
    const parts = ['Godspeed You! Black Emperor', 'Lift Your Skinny Fists Like Antennas to Heaven (2000)', '01 Storm.flac'];
    const a = fitPath(parts, { maxLength: 60 });
    expect(total(a)).toBeLessThanOrEqual(60);
    expect(fitPath(parts, { maxLength: 60 })).toEqual(a);
    expect(a[2]!.endsWith('.flac')).toBe(true);
  });

  it('cuts folders without treating a dot in them as an extension', () => {
    const fitted = fitPath(['Vol.' + 'x'.repeat(100) + '.Remix', 'Song.flac'], { maxLength: 40 });
    expect(fitted[0]).toBe('Vol.' + 'x'.repeat(26));
  });

  it('leaves no trailing space or dot where it cut', () => {
    const fitted = fitPath(['Artist', 'Word '.repeat(60), 'Song. '.repeat(60) + '.mp3'], { maxLength: 120 });
    for (const part of fitted) expect(part).not.toMatch(/[ .]$/);
  });

  it('throws PathTooLongError when nothing can fit', () => {
    expect(() => fitPath(['Artist', 'Album', 'Title.flac'], { prefixLength: 258 })).toThrow(PathTooLongError);
    expect(() => fitPath(['a.flac'], { maxLength: 3 })).toThrow(expect.objectContaining({ name: 'PathTooLongError' }));
  });

  it('always fits when the limit allows (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 1, maxLength: 120 }).map((s) => sanitizeComponent(s)), { minLength: 1, maxLength: 4 }),
        fc.string({ minLength: 1, maxLength: 200 }).map((s) => sanitizeComponent(s) + '.flac'),
        fc.integer({ min: 60, max: 259 }),
        (folders, file, maxLength) => {
          const fitted = fitPath([...folders, file], { maxLength });
          expect(total(fitted)).toBeLessThanOrEqual(maxLength);
          expect(fitted.length).toBe(folders.length + 1);
          expect(fitted.at(-1)!.endsWith('.flac')).toBe(true);
          for (const part of fitted) expect(part.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});
