// Template functions from code plugins (issue 14, point 2): the planner names the distinct argument
// lists the path rules really call a function with, evaluated per recording; the answers come back
// as a table; a call without an answer renders ''.
import { describe, expect, it } from 'vitest';
import { checkManifest, contributedNames, type PluginManifest } from '../../../src/core/plugin-manifest.ts';
import { functionArguments } from '../../../src/core/plugin-functions.ts';
import { answeredPlugin } from '../../../src/core/plugin-results.ts';
import { defaultPlanSettings, planLibrary } from '../../../src/core/plan.ts';
import { parsePathRules, withBuiltinRules } from '../../../src/core/template/index.ts';
import { createRegistry, registryWith } from '../../../plugins/index.ts';
import { rec, source } from '../plan-helpers.ts';

const manifest: PluginManifest = {
  id: 'shelfmark', name: 'Shelfmark', version: '1', apiVersion: 1, module: 'shelfmark.js',
  contributes: { fields: [], classifiers: [], functions: ['shelf'] }, reads: [],
};

const library = () => source([
  rec('in/a1.mp3', { artist: 'Nina Simone', albumartist: 'Nina Simone', album: 'Pastel Blues', title: 'Be My Husband', track: 1, year: 1965 }),
  rec('in/a2.mp3', { artist: 'Nina Simone', albumartist: 'Nina Simone', album: 'Pastel Blues', title: 'Nobody', track: 2, year: 1965 }),
  rec('in/b1.mp3', { artist: 'Low', albumartist: 'Low', album: 'Things We Lost', title: 'Sunflower', track: 1, year: 2001 }),
  rec('in/c1.mp3', { artist: 'Low', albumartist: 'Low', album: 'Secret Name', title: 'Starfire', track: 1 }),
]);

/** The argument lists `%shelf` is called with under `rules`, as the planner worker finds them. */
function argumentsUnder(rules: string) {
  const registry = createRegistry();
  const functions = new Map(registry.templateFunctions).set('shelf', () => '');
  const parsed = parsePathRules(rules, { functions: new Set(functions.keys()) });
  if (!parsed.ok) throw new Error(parsed.error.message);
  const { releases } = planLibrary(library(), defaultPlanSettings(), registry);
  const render = { rules: withBuiltinRules(parsed.rules), fields: registry.fields, queryFields: registry.queryFields, functions, releases };
  return functionArguments(render, ['shelf'], releases, []).shelf!.map((c) => c.args);
}

describe('template functions from code plugins', () => {
  it('a manifest may contribute functions, and they are names that clash like fields', () => {
    const check = checkManifest({ ...manifest, contributes: { functions: ['shelf'] } });
    expect(check.ok && check.manifest.contributes.functions).toEqual(['shelf']);
    expect(contributedNames(manifest)).toContain('function %shelf');
    expect(checkManifest({ ...manifest, contributes: { functions: ['__proto__'] } }).ok).toBe(false);
  });

  it('finds each distinct argument list once, with the arguments evaluated per recording', () => {
    const found = argumentsUnder('default: %shelf{$albumartist,%left{$year,3}}/$album/$track $title');
    expect(found.sort()).toEqual([['Low', ''], ['Low', '200'], ['Nina Simone', '196']]);
  });

  it('asks nothing for calls the template does not reach: another rule, or the branch %if does not take', () => {
    expect(argumentsUnder('default: $albumartist/$album/$track $title')).toEqual([]);
    expect(argumentsUnder('default: %if{$year,%shelf{$year},$albumartist}/$album/$track $title').sort()).toEqual([['1965'], ['2001']]);
    expect(argumentsUnder('albumartist:Low: %shelf{$album}/$track $title\ndefault: $albumartist/$album/$track $title').sort()).toEqual([['Secret Name'], ['Things We Lost']]);
  });

  it('renders the answers from the table, and "" for a call it lacks', () => {
    const answers = { id: 'shelfmark', name: 'Shelfmark', fields: {}, classifiers: {}, functions: { shelf: { [JSON.stringify(['Nina Simone'])]: 'S-12' } } };
    const set = registryWith([{ manifest, answers }]);
    expect(set.refused).toEqual([]);
    const plan = planLibrary(library(), defaultPlanSettings('default: %shelf{$albumartist}/$album/$track $title'), set.registry);
    const to = plan.operations.flatMap((o) => (o.kind === 'move' ? [o.to] : [])).sort();
    expect(to).toEqual(['Pastel Blues/01 Be My Husband.mp3', 'Pastel Blues/02 Nobody.mp3', 'S-12/Pastel Blues/01 Be My Husband.mp3', 'S-12/Pastel Blues/02 Nobody.mp3'].filter((p) => p.startsWith('S-12')).concat(['Secret Name/01 Starfire.mp3', 'Things We Lost/01 Sunflower.mp3']).sort());
  });

  it('a function named like a built-in one is refused, naming it', () => {
    const lower = { ...manifest, contributes: { functions: ['lower'] } };
    const set = registryWith([{ manifest: lower, answers: { id: lower.id, name: lower.name, fields: {}, classifiers: {} } }]);
    expect(set.refused[0]?.message).toContain('function %lower');
  });

  it('a table answer under a key like __proto__ is only text', () => {
    const plugin = answeredPlugin(manifest, { id: 'shelfmark', name: 'Shelfmark', fields: {}, classifiers: {}, functions: { shelf: {} } }, createRegistry().fields);
    const fn = plugin.templateFunctions!.shelf as (args: string[]) => string;
    expect(fn(['__proto__'])).toBe('');
    expect(fn(['constructor'])).toBe('');
  });
});
