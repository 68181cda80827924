// Where one recording belongs: choose the path rule, render it with path-safe field values, and
// make every component portable. The result is a list of components (folders…, file name).
import type { Recording, Release } from './model.ts';
import type { FieldGetter } from './registry.ts';
import type { TemplateContext, TemplateFunction, UniqueRequest } from './template/types.ts';
import { chooseRule, disambiguate, renderTemplate, type PathRule } from './template/index.ts';
import { sanitizeComponent, splitExtension } from './sanitize.ts';
import { extensionOf } from './entries.ts';
import { pathKey } from './library-path.ts';

export interface PathRendering {
  rules: readonly PathRule[];
  fields: ReadonlyMap<string, FieldGetter>;
  /** How queries see fields where that differs from their path text (see OrganizerPlugin.queryFields). */
  queryFields?: ReadonlyMap<string, FieldGetter>;
  functions: ReadonlyMap<string, TemplateFunction>;
  /** Every release of the library: %aunique compares against them. */
  releases: readonly Release[];
  /**
   * Releases that would land in one folder (planLibrary finds them), each to the others: %aunique
   * compares them whatever their keys, so that it tells apart every two releases the rules would
   * give one folder, not only those of one album artist and title.
   */
  together?: ReadonlyMap<Release, readonly Release[]>;
}

/** A field value may not introduce folders: separators inside tags become "_", as in beets. */
const pathSafe = (value: string): string => value.replace(/[/\\]/g, '_');

export function fieldLookup(render: PathRendering, recording: Recording, release: Release | undefined): (name: string) => string | undefined {
  const cache = new Map<string, string | undefined>();
  return (name) => {
    if (cache.has(name)) return cache.get(name);
    const getter = render.fields.get(name);
    const value = getter ? pathSafe(getter({ recording, release }) ?? '').normalize('NFC').trim() : undefined;
    cache.set(name, value);
    return value;
  };
}

/** Field values as `paths:` queries see them: stored values, not made path-safe. */
export function queryLookup(render: PathRendering, recording: Recording, release: Release | undefined): (name: string) => string | undefined {
  const asText = fieldLookup(render, recording, release);
  return (name) => {
    const getter = render.queryFields?.get(name);
    return getter ? (getter({ recording, release }) ?? '').normalize('NFC').trim() : asText(name);
  };
}

/** Release-level field values, computed once per release: %aunique asks them of every look-alike. */
const releaseLookups = new WeakMap<PathRendering, WeakMap<Release, (name: string) => string | undefined>>();

function releaseFieldLookup(render: PathRendering): (release: Release, name: string) => string | undefined {
  let perRelease = releaseLookups.get(render);
  if (!perRelease) releaseLookups.set(render, (perRelease = new WeakMap()));
  const lookups = perRelease;
  return (release, name) => {
    let lookup = lookups.get(release);
    if (!lookup) {
      const first = release.recordings[0];
      lookup = first ? fieldLookup(render, first, release) : () => undefined;
      lookups.set(release, lookup);
    }
    return lookup(name);
  };
}

/**
 * The releases that share `request.keys` with `release`: %aunique only needs to compare those,
 * so they are indexed once per key list instead of scanning every release for every release.
 */
const lookalikeIndexes = new WeakMap<PathRendering, Map<string, Map<string, Release[]>>>();

function lookalikes(render: PathRendering, request: UniqueRequest, release: Release): readonly Release[] {
  let indexes = lookalikeIndexes.get(render);
  if (!indexes) lookalikeIndexes.set(render, (indexes = new Map()));
  const field = releaseFieldLookup(render);
  // Keys differing only in case name one folder on most disks, so they are look-alikes too.
  const keyOf = (r: Release) => request.keys.map((k) => pathKey(field(r, k) ?? '')).join('\u0000');
  const keys = request.keys.join(' ');
  let index = indexes.get(keys);
  if (!index) {
    index = new Map();
    for (const r of render.releases) {
      const k = keyOf(r);
      const group = index.get(k);
      if (group) group.push(r);
      else index.set(k, [r]);
    }
    indexes.set(keys, index);
  }
  const byKeys = (r: Release) => index!.get(keyOf(r)) ?? [r];
  const together = render.together;
  if (!together || together.size === 0) return byKeys(release);
  // Look-alikes by keys and releases sharing a folder, each with theirs, until none is added: every
  // member of the group then sees the same group, and so gets a different text.
  const group = new Set<Release>();
  const queue = [release];
  for (let r = queue.pop(); r !== undefined; r = queue.pop()) {
    if (group.has(r)) continue;
    group.add(r);
    queue.push(...byKeys(r), ...(together.get(r) ?? []));
  }
  // In the releases' order, as the key index has them: the numbers %aunique falls back to follow it.
  const order = releaseOrder(render);
  return [...group].sort((a, b) => order.get(a)! - order.get(b)!);
}

const releaseOrders = new WeakMap<PathRendering, Map<Release, number>>();
function releaseOrder(render: PathRendering): Map<Release, number> {
  let order = releaseOrders.get(render);
  if (!order) releaseOrders.set(render, (order = new Map(render.releases.map((r, i) => [r, i]))));
  return order;
}

/**
 * The target path components for a recording. `uniqueCache` memoises %aunique per release, since
 * every track of a release asks the same question.
 */
export function targetComponents(
  render: PathRendering,
  recording: Recording,
  release: Release | undefined,
  uniqueCache: Map<string, string>,
): string[] {
  const field = fieldLookup(render, recording, release);
  const rule = chooseRule(render.rules, queryLookup(render, recording, release));
  const ctx: TemplateContext = {
    field,
    functions: render.functions,
    aunique: (request: UniqueRequest) => {
      if (!release) return '';
      const key = `${release.id}\u0000${JSON.stringify(request)}`;
      let text = uniqueCache.get(key);
      if (text === undefined) {
        const group = lookalikes(render, request, release);
        text = disambiguate(request, release, group, releaseFieldLookup(render), pathKey, render.together?.size ? new Set(group) : undefined);
        uniqueCache.set(key, text);
      }
      return text;
    },
  };
  const rendered = renderTemplate(rule.template, ctx);
  const parts = rendered.split('/').map((p) => p.trim());
  // A file name the tags leave empty ("$track $title" without either) keeps the file's own name:
  // the planner never invents one, and never promotes a folder to a name.
  const ext = extensionOf(recording.path);
  const fileStem = meaningful(parts.pop() ?? '') || splitExtension(recording.path.slice(recording.path.lastIndexOf('/') + 1)).stem;
  const folders = parts.filter((p) => p !== '');
  // The extension is appended after sanitizing the stem's characters, so it is never cut.
  const fileName = sanitizeComponent(ext ? `${fileStem}.${ext}` : fileStem);
  return [...folders.map((p) => sanitizeComponent(p)), fileName];
}

/** A rendered file name without the dangling " - " an empty field leaves; '' when nothing names the file. */
function meaningful(stem: string): string {
  const tidy = stem.replace(/(?:\s+-)+$/u, '').replace(/^(?:-\s+)+/u, '').trim();
  return /[\p{L}\p{N}]/u.test(tidy) ? tidy : '';
}

/** Marks where %aunique's text goes when probing a path: a private-use character, which tags do not carry. */
const AUNIQUE_MARK = '\uE000';

/**
 * Whether the path rules put %aunique's text in one of this recording's folders (not in its file
 * name): only then can %aunique keep its release out of a folder another release lands in. Rules
 * that name a folder without %aunique ("Music/$album - $title") put releases together on purpose.
 */
export function auniqueInFolder(render: PathRendering, recording: Recording, release: Release): boolean {
  const rule = chooseRule(render.rules, queryLookup(render, recording, release));
  const ctx: TemplateContext = { field: fieldLookup(render, recording, release), functions: render.functions, aunique: () => AUNIQUE_MARK };
  return renderTemplate(rule.template, ctx).split('/').slice(0, -1).some((part) => part.includes(AUNIQUE_MARK));
}
