import { describe, expect, it } from 'vitest';
import { disambiguate, renderTemplate, uniqueRequest, AUNIQUE_DEFAULTS } from '../../../src/core/template/index.ts';
import { context, parsed } from './helpers.ts';

type Release = Record<string, string>;
const field = (release: Release, name: string): string | undefined => release[name];
const defaults = uniqueRequest([], AUNIQUE_DEFAULTS);

const castles2008: Release = { albumartist: 'Crystal Castles', album: 'Crystal Castles', year: '2008', albumtype: 'album' };
const castles2010: Release = { albumartist: 'Crystal Castles', album: 'Crystal Castles', year: '2010', albumtype: 'album' };
const other: Release = { albumartist: 'Weezer', album: 'Weezer', year: '1994', albumtype: 'album' };

describe('disambiguate (beets aunique)', () => {
  it('says nothing for a release without look-alikes', () => {
    expect(disambiguate(defaults, other, [castles2008, castles2010, other], field)).toBe('');
    expect(disambiguate(defaults, other, [], field)).toBe('');
  });

  it('uses the first disambiguator that tells all look-alikes apart', () => {
    const all = [castles2008, castles2010, other];
    expect(disambiguate(defaults, castles2008, all, field)).toBe(' [2008]');
    expect(disambiguate(defaults, castles2010, all, field)).toBe(' [2010]');
  });

  it('skips a disambiguator that only some releases differ in', () => {
    const a = { ...castles2008, label: 'Last Gang' };
    const b = { ...castles2008, label: 'Fiction' };
    const c = { ...castles2010, label: 'Fiction' };
    // year: 2008, 2008, 2010 — not enough; label: not enough; catalognum: all distinct.
    const all = [a, b, c].map((r, i) => ({ ...r, catalognum: `CAT${i}` }));
    expect(disambiguate(defaults, all[1] as Release, all, field)).toBe(' [CAT1]');
  });

  it('falls back to a number when no field tells them apart', () => {
    const twin = { ...castles2008 };
    expect(disambiguate(defaults, twin, [castles2008, twin], field)).toBe(' [2]');
    expect(disambiguate(defaults, castles2008, [castles2008, twin], field)).toBe(' [1]');
  });

  it('renders nothing when the telling field is empty on this release', () => {
    const a = { ...castles2008, albumtype: '' };
    const b = { ...castles2008, albumtype: 'ep' };
    expect(disambiguate(defaults, a, [a, b], field)).toBe('');
    expect(disambiguate(defaults, b, [a, b], field)).toBe(' [ep]');
  });

  it('honours custom brackets or none', () => {
    const all = [castles2008, castles2010];
    expect(disambiguate(uniqueRequest(['', '', '()'], AUNIQUE_DEFAULTS), castles2008, all, field)).toBe(' (2008)');
    expect(disambiguate(uniqueRequest(['', '', ''], AUNIQUE_DEFAULTS), castles2008, all, field)).toBe(' 2008');
  });

  it('counts the subject even when the list does not contain it', () => {
    expect(disambiguate(defaults, castles2010, [castles2008], field)).toBe(' [2010]');
  });

  it('compares releases it is told land in one folder, whatever their keys (the planner’s)', () => {
    const va = { ...castles2008, albumartist: 'VA' };
    const all = [castles2008, va];
    expect(disambiguate(defaults, va, all, field)).toBe('');
    expect(disambiguate(defaults, va, all, field, undefined, new Set(all))).toBe(' [2]');
    expect(disambiguate(defaults, castles2008, all, field, undefined, new Set(all))).toBe(' [1]');
  });

  it('with folded values, a field differing only in case tells nothing apart: it would name one folder', () => {
    const a = { ...castles2008, albumtype: 'EP' };
    const b = { ...castles2008, albumtype: 'ep', label: 'Fiction' };
    const fold = (v: string) => v.toLowerCase();
    expect(disambiguate(defaults, a, [a, b], field, fold)).toBe('');
    expect(disambiguate(defaults, b, [a, b], field, fold)).toBe(' [Fiction]');
    // Unfolded, as beets compares: the type tells them apart.
    expect(disambiguate(defaults, a, [a, b], field)).toBe(' [EP]');
  });

  it('plugs into the template context', () => {
    const all = [castles2008, castles2010];
    const ctx = context(castles2010, { aunique: (request) => disambiguate(request, castles2010, all, field) });
    expect(renderTemplate(parsed('$albumartist/$album%aunique{}'), ctx)).toBe('Crystal Castles/Crystal Castles [2010]');
  });
});
