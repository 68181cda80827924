import { describe, expect, it } from 'vitest';
import { builtinFunctions, chooseRule, disambiguate, parsePathRules, presets, renderTemplate } from '../../../src/core/template/index.ts';
import type { PathRule } from '../../../src/core/template/index.ts';
import { context } from './helpers.ts';

function rulesOf(id: string): PathRule[] {
  const preset = presets.find((p) => p.id === id);
  if (!preset) throw new Error(`no preset ${id}`);
  const result = parsePathRules(preset.rules, { functions: builtinFunctions });
  if (!result.ok) throw new Error(result.error.message);
  return result.rules;
}

function path(id: string, fields: Record<string, string>): string {
  const rule = chooseRule(rulesOf(id), (name) => fields[name]);
  return renderTemplate(rule.template, context(fields));
}

const album = {
  albumartist: 'Radiohead', artist: 'Radiohead', album: 'OK Computer', year: '1997', title: 'Airbag',
  track: '01', disc: '01', discnumber: '1', disctotal: '01', multidisc: '', comp: 'False', various: 'False', albumtype: '', kind: 'album', singleton: 'False',
};
const doubleAlbum = { ...album, album: 'Mellon Collie', year: '', disc: '02', discnumber: '2', disctotal: '02', multidisc: '1', track: '03' };
const compilation = { ...album, albumartist: 'Various Artists', artist: 'Blur', album: 'Now 37', year: '1997', comp: 'True', various: 'True', kind: 'compilation' };

describe('presets', () => {
  it('all parse with the built-in functions, with unique ids', () => {
    for (const preset of presets) {
      expect(parsePathRules(preset.rules, { functions: builtinFunctions }), preset.id).toMatchObject({ ok: true });
      expect(preset.name && preset.description).toBeTruthy();
    }
    expect(new Set(presets.map((p) => p.id)).size).toBe(presets.length);
  });

  it('Music Organizer: Album Artist/Album (Year)/01 Title', () => {
    expect(path('music-organizer', album)).toBe('Radiohead/OK Computer (1997)/01 Airbag');
    expect(path('music-organizer', doubleAlbum)).toBe('Radiohead/Mellon Collie/2-03 Airbag');
    expect(path('music-organizer', compilation)).toBe('Compilations/Now 37 (1997)/01 Blur - Airbag');
  });

  it('Music Organizer: same-year look-alikes get a disambiguator, other years do not', () => {
    const deluxe = { ...album, catalognum: 'XLCD 2' };
    const standard = { ...album, catalognum: 'XLCD 1' };
    const reissue = { ...album, year: '2017', catalognum: 'XLCD 3' };
    const all = [standard, deluxe, reissue];
    const render = (subject: typeof album): string => {
      const rule = chooseRule(rulesOf('music-organizer'), (name) => subject[name as keyof typeof subject]);
      const ctx = context(subject, { aunique: (request) => disambiguate(request, subject, all, (r, n) => r[n as keyof typeof r]) });
      return renderTemplate(rule.template, ctx);
    };
    expect(render(deluxe)).toBe('Radiohead/OK Computer (1997) [XLCD 2]/01 Airbag');
    expect(render(reissue)).toBe('Radiohead/OK Computer (2017)/01 Airbag');
  });

  it("beets: exactly beets' defaults", () => {
    expect(rulesOf('beets').map((r) => [r.key, r.source])).toEqual([
      ['default', '$albumartist/$album%aunique{}/$track $title'],
      ['singleton', 'Non-Album/$artist/$title'],
      ['comp', 'Compilations/$album%aunique{}/$track $title'],
    ]);
    expect(path('beets', compilation)).toBe('Compilations/Now 37/01 Airbag');
    expect(path('beets', { ...album, singleton: 'True' })).toBe('Non-Album/Radiohead/Airbag');
  });

  it('Picard: disc only on multi-disc, artist only on compilations', () => {
    expect(path('picard', album)).toBe('Radiohead/OK Computer/01 Airbag');
    expect(path('picard', doubleAlbum)).toBe('Radiohead/Mellon Collie/2-03 Airbag');
    expect(path('picard', compilation)).toBe('Various Artists/Now 37/01 Blur - Airbag');
  });

  it('Categories: one top folder per kind of release', () => {
    const cases: [Record<string, string>, string][] = [
      [album, 'Albums/Radiohead/OK Computer (1997)/01 Airbag'],
      [{ ...album, kind: 'live', album: 'I Might Be Wrong' }, 'Live/Radiohead/I Might Be Wrong (1997)/01 Airbag'],
      [compilation, 'Compilations/Now 37 (1997)/01 Blur - Airbag'],
      [{ ...compilation, kind: 'album' }, 'Compilations/Now 37 (1997)/01 Blur - Airbag'],
      [{ ...compilation, kind: 'soundtrack', album: 'Trainspotting' }, 'Soundtracks/Trainspotting (1997)/01 Blur - Airbag'],
      [{ ...album, kind: 'collaboration', albumartist: 'Jay-Z & Linkin Park', artist: 'Jay-Z' }, 'Collaborations/Jay-Z & Linkin Park/OK Computer (1997)/01 Jay-Z - Airbag'],
      [{ ...album, kind: 'rarity' }, 'Rarities/Radiohead/OK Computer (1997)/01 Airbag'],
      [{ ...album, kind: 'ep' }, 'Singles & EPs/Radiohead/OK Computer (1997)/01 Airbag'],
      [{ ...album, kind: 'spokenword' }, 'Spoken Word/Radiohead/OK Computer (1997)/01 Airbag'],
    ];
    for (const [fields, expected] of cases) expect(path('categories', fields)).toBe(expected);
  });
});
