// Template functions from code plugins (`%name{a,b}`): the plugin answers in a sandbox, the planner
// renders synchronously. So before a plan the planner renders each recording's chosen path rule
// once with the plugin's functions replaced by recorders, and gathers the distinct argument lists
// they were called with (arguments evaluated per recording, only where the template really calls
// them: a call in the branch %if does not take is not asked). The host asks the plugin about
// those in one batch and the answers come back as a table; a call whose answer is missing renders
// ''. Editing the template to a call with new arguments asks only for the new ones.
import type { Recording, Release } from './model.ts';
import { chooseRule, renderTemplate } from './template/index.ts';
import type { Template, TemplateFunction } from './template/types.ts';
import { fieldLookup, queryLookup, type PathRendering } from './target-path.ts';

/** One distinct argument list of a plugin function, with the key its answer is kept under. */
export interface FunctionCall {
  key: string;
  args: string[];
}

/** The key of an argument list in a function's answer table. */
const callKey = (args: readonly string[]): string => JSON.stringify(args);

/** A plugin function as the planner sees it: its answer from the table, '' when it has none. */
export function answeredFunction(table: Readonly<Record<string, string>>): TemplateFunction {
  return (args) => (Object.hasOwn(table, callKey(args)) ? table[callKey(args)]! : '');
}

function calls(template: Template, names: ReadonlySet<string>): boolean {
  return template.nodes.some((n) => n.kind === 'call' && (names.has(n.name) || n.args.some((a) => calls(a, names))));
}

/**
 * The distinct argument lists each of `names` is called with over the library, by function name.
 * `render.functions` answers the other functions (and, nested, these: '' until answered).
 */
export function functionArguments(render: PathRendering, names: readonly string[], releases: readonly Release[], singletons: readonly Recording[]): Record<string, FunctionCall[]> {
  const wanted = new Set(names);
  const found = new Map<string, Map<string, FunctionCall>>(names.map((n) => [n, new Map()]));
  const callingRules = new Set(render.rules.filter((r) => calls(r.template, wanted)));
  if (callingRules.size === 0) return Object.fromEntries(names.map((n) => [n, []]));
  const functions = new Map(render.functions);
  for (const name of names) {
    const inner = render.functions.get(name);
    functions.set(name, (args, ctx) => {
      const seen = found.get(name)!;
      const key = callKey(args);
      if (!seen.has(key)) seen.set(key, { key, args });
      return typeof inner === 'function' ? inner(args, ctx) : '';
    });
  }
  const visit = (recording: Recording, release: Release | undefined) => {
    const rule = chooseRule(render.rules, queryLookup(render, recording, release));
    if (!callingRules.has(rule)) return;
    renderTemplate(rule.template, { field: fieldLookup(render, recording, release), functions });
  };
  for (const release of releases) for (const recording of release.recordings) visit(recording, release);
  for (const recording of singletons) visit(recording, undefined);
  return Object.fromEntries([...found].map(([name, seen]) => [name, [...seen.values()]]));
}
