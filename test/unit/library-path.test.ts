import { describe, expect, it } from 'vitest';
import { pathKey } from '../../src/core/library-path.ts';

describe('pathKey', () => {
  it('matches twins that differ by case or normalization', () => {
    expect(pathKey('Talk Talk/Spirit of Eden')).toBe(pathKey('talk talk/spirit of eden'));
    expect(pathKey('Bjo\u0308rk/Post')).toBe(pathKey('Björk/Post'));
  });
  it('keeps different paths apart', () => {
    expect(pathKey('A/B')).not.toBe(pathKey('A/C'));
  });
});
