// The layout a library already has, as path rules in the app's own language: "Your current
// layout". The organized parts of the library (layout-evidence.ts) are searched for the folder
// levels and file name that give their paths (layout-search.ts); kinds of release filed apart
// (compilations under "Compilations/", live albums under "Live/", loose tracks under
// "Non-Album/") get rules of their own, learned one at a time while each explains more files than
// the rules so far. The rules are then measured on every audio file of the library, rendered as
// the planner renders them. See docs/templates.md ("Your current layout").
import type { Recording, Release } from './model.ts';
import type { PlanSettings } from './plan.ts';
import type { PluginRegistry } from './registry.ts';
import { DISC_FOLDER_CANDIDATES, NAME_CANDIDATES } from './layout-candidates.ts';
import { ComponentRenderer, gatherEvidence, organized, type PlacedRecording } from './layout-evidence.ts';
import { LayoutSearch, type FileSet, type LayoutChoice } from './layout-search.ts';
import { parsePathRules, withBuiltinRules } from './template/index.ts';
import type { CurrentLayout } from './current-layout.ts';
import { targetComponents, type PathRendering } from './target-path.ts';
import { looseReason } from './group.ts';
import { albumFolderOf } from './album-folder.ts';
import { baseName } from './entries.ts';
import { sanitizeComponent, splitExtension } from './sanitize.ts';

/** The library as planning sees it: the releases grouping found, and every readable audio file. */
export interface LayoutLibrary {
  releases: readonly Release[];
  recordings: readonly Recording[];
}

/** Where untagged files go: they follow these settings, not the path rules. */
export type LayoutOptions = Pick<PlanSettings, 'untagged' | 'untaggedFolder'>;

/** Below this share of the library's files, or this many files, there is no layout worth offering. */
const MIN_SHARE = 0.25;
const MIN_FILES = 3;
/** A kind of release gets its own rule only when that places at least this many more sampled files. */
const MIN_GAIN = 2;

/** beets' own default, for a library of loose tracks only (their own rule, or beets' own, places them). */
const BEETS_DEFAULT = '$albumartist/$album%aunique{}/$track $title';

/**
 * The path rules that leave the most files of the library where they are, or undefined when the
 * library shows no layout (a flat dump, folders of mixed albums, or too few files that match).
 */
export function inferLayout(
  library: LayoutLibrary,
  registry: PluginRegistry,
  options: LayoutOptions = { untagged: 'gather', untaggedFolder: 'Untagged' },
): CurrentLayout | undefined {
  // A release holds its recordings as the planner saw them (tag fixes applied).
  const member = new Map<string, { release: Release; recording: Recording }>();
  for (const release of library.releases) for (const recording of release.recordings) member.set(recording.path, { release, recording });
  // Sorted, so that the answer never depends on the order files were listed in.
  const recordings = [...library.recordings].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const placed: PlacedRecording[] = [];
  const untagged: Recording[] = [];
  const audioPerFolder = new Map<string, number>();
  for (const recording of recordings) {
    const folder = albumFolderOf(recording.path);
    audioPerFolder.set(folder, (audioPerFolder.get(folder) ?? 0) + 1);
    const inRelease = member.get(recording.path);
    if (!inRelease && looseReason(recording) === 'untagged') untagged.push(recording);
    else placed.push({ ...(inRelease ?? { recording, release: undefined }), parts: recording.path.normalize('NFC').split('/') });
  }

  const render = new ComponentRenderer(registry, library.releases);
  const found = gatherEvidence(organized(placed, audioPerFolder), render);
  if (found.sample.length === 0) return undefined;
  const search = new LayoutSearch(found.evidence);
  const rules = learnRules(found.sample, search, found.folders, registry);
  const measured = measure(rules, placed, untagged, library.releases, registry, options);
  const total = recordings.length;
  if (measured.matching.length < MIN_FILES || measured.matching.length < MIN_SHARE * total) return undefined;
  return { rules, matching: measured.matching.length, total, examples: examplesOf(measured.placedMatching) };
}

/** A `paths:` query the rules may use, as the presets write it. */
interface Feature {
  query: string;
  has(p: PlacedRecording): boolean;
}

function featuresOf(sample: readonly PlacedRecording[], registry: PluginRegistry): Feature[] {
  const fields = registry.fields;
  const value = (field: string, p: PlacedRecording) => fields.get(field)?.({ recording: p.recording, release: p.release }) ?? '';
  // An album is what the default rule is for; the other kinds may be filed apart. Where two
  // queries take the same files, the first here is kept: the compilation flag, which taggers set
  // and beets files by, then the organizer's own judgements.
  const kinds = [...new Set(sample.flatMap((p) => (p.release ? [p.release.classification.type] : [])))].filter((k) => k !== 'album').sort();
  return [
    { query: 'comp', has: (p) => value('comp', p) === 'True' },
    { query: 'various:true', has: (p) => value('various', p) === 'True' },
    ...kinds.map((kind): Feature => ({ query: `kind:${kind}`, has: (p) => p.release?.classification.type === kind })),
  ];
}

/** Sampled files alike for every feature (say, flagged live albums of many artists), with the layout that fits them best. */
interface Cell {
  has: boolean[];
  files: FileSet;
  size: number;
}

/**
 * The rules, as text: loose tracks' own rule, then the kinds of release filed apart (the first
 * matching rule wins, as in beets), then `comp:` and `default:`. Rules are added one at a time,
 * each at the place in the list where it places the most more sampled files, while that gain is
 * worth a rule: a soundtrack rule goes before the rule for releases of many artists when
 * soundtracks of many artists have a folder of their own.
 */
function learnRules(sample: readonly PlacedRecording[], search: LayoutSearch, folders: readonly string[], registry: PluginRegistry): string {
  const text = (c: LayoutChoice) => templateText(c, folders);
  const lines: string[] = [];
  // A loose track has no album artist of its own: where `$albumartist` and `$artist` agree, it is `$artist`.
  const singleton = search.best(search.subset((i) => sample[i] !== undefined && sample[i].release === undefined), [folders.indexOf('$artist')]);
  if (singleton) lines.push(ruleLine('singleton', text(singleton.choice)));

  const features = featuresOf(sample, registry);
  const cellsByKey = new Map<string, { has: boolean[]; members: number[] }>();
  sample.forEach((p, i) => {
    if (!p.release) return;
    const has = features.map((f) => f.has(p));
    const key = has.map(Number).join('');
    const cell = cellsByKey.get(key);
    if (cell) cell.members.push(i);
    else cellsByKey.set(key, { has, members: [i] });
  });
  const cells: Cell[] = [...cellsByKey.values()].map(({ has, members }) => {
    const chosen = new Set(members);
    return { has, files: search.subset((i) => chosen.has(i)), size: members.length };
  });
  cells.sort((a, b) => b.size - a.size);
  // The layouts worth trying: each cell's best; how many files of every cell each places.
  const layouts = cells.flatMap((c) => search.best(c.files)?.choice ?? []);
  const placed = cells.map((c) => layouts.map((l) => search.count(l, c.files)));

  /** Files the list places, each rule taking the cells it is the first to match, and its best layout for them. */
  const score = (list: readonly number[]): number => {
    const groups = new Map<number, number[]>();
    cells.forEach((cell, c) => {
      const rule = list.find((f) => cell.has[f]) ?? -1;
      groups.set(rule, [...(groups.get(rule) ?? []), c]);
    });
    let total = 0;
    for (const members of groups.values()) total += Math.max(0, ...layouts.map((_, l) => members.reduce((n, c) => n + placed[c]![l]!, 0)));
    return total;
  };

  // How many sampled files the list's queries would take if they came first: of two lists that
  // place as many files, the one asking more precisely (`kind:soundtrack` rather than
  // `various:true` for a "Soundtracks/" folder) says more truly what the user does.
  const reach = (list: readonly number[]) => list.reduce((n, f) => n + cells.reduce((m, c) => m + (c.has[f] ? c.size : 0), 0), 0);
  const better = (a: readonly number[], b: readonly number[]) => {
    const [sa, sb] = [score(a), score(b)];
    return sa > sb || (sa === sb && (reach(a) < reach(b) || (reach(a) === reach(b) && a.length < b.length)));
  };

  let list: number[] = [];
  for (;;) {
    let next: number[] | undefined;
    for (let f = 0; f < features.length; f++) {
      if (list.includes(f)) continue;
      for (let at = 0; at <= list.length; at++) {
        const tried = [...list.slice(0, at), f, ...list.slice(at)];
        if (!next || better(tried, next)) next = tried;
      }
    }
    if (!next || score(next) - score(list) < MIN_GAIN) break;
    list = next;
  }
  // Then each rule asks as precisely as it can, and a rule that places nothing more goes.
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i < list.length && !changed; i++) {
      const options = [list.filter((_, j) => j !== i), ...features.map((_, f) => list.map((g, j) => (j === i ? f : g)))];
      const improved = options.find((tried) => new Set(tried).size === tried.length && better(tried, list));
      if (improved) [list, changed] = [improved, true];
    }
  }

  // Each rule's layout, fitted to all the sampled files it takes.
  let rest = search.subset((i) => sample[i]?.release !== undefined);
  const learned = list.map((f) => {
    const files = cells.filter((c) => c.has[f]).reduce((bits, c) => union(bits, c.files), search.subset(() => false));
    const taken = intersect(rest, files);
    rest = without(rest, files);
    return { query: features[f]!.query, choice: search.best(taken)?.choice };
  });
  const fallback = search.best(rest);
  const defaultText = fallback ? text(fallback.choice) : BEETS_DEFAULT;
  for (const { query, choice } of learned) if (choice) lines.push(ruleLine(query, text(choice)));
  // beets files flagged releases under Compilations/ unless a `comp:` rule is written.
  if (!learned.some((l) => l.query === 'comp' && l.choice)) lines.push(ruleLine('comp', defaultText));
  lines.push(ruleLine('default', defaultText));
  return lines.join('\n') + '\n';
}

/** One `query: template` line; quoted where YAML would read the template otherwise (a folder named "Rock #1"). */
function ruleLine(query: string, template: string): string {
  return /\s#|^['"\s]|\s$/.test(template) ? `${query}: '${template.replaceAll("'", "''")}'` : `${query}: ${template}`;
}

function templateText(choice: LayoutChoice, folders: readonly string[]): string {
  const levels = choice.folders.map((id) => folders[id]!);
  if (choice.disc !== null) levels.push(`${levels.pop()}%if{$multidisc,/${DISC_FOLDER_CANDIDATES[choice.disc]}}`);
  return [...levels, NAME_CANDIDATES[choice.name]].join('/');
}

const intersect = (a: FileSet, b: FileSet): FileSet => a.map((w, i) => w & b[i]!);
const union = (a: FileSet, b: FileSet): FileSet => a.map((w, i) => w | b[i]!);
const without = (a: FileSet, b: FileSet): FileSet => a.map((w, i) => w & ~b[i]!);

/**
 * The files the rules leave where they are, rendered as the planner renders them: a file whose
 * name carries the collision number the planner would give it (" (2)") counts too, and untagged
 * files follow the untagged option. Paths are compared in NFC, as a disk that decomposes names
 * (macOS) still holds the same names.
 */
function measure(
  rules: string,
  placed: readonly PlacedRecording[],
  untagged: readonly Recording[],
  releases: readonly Release[],
  registry: PluginRegistry,
  options: LayoutOptions,
): { matching: string[]; placedMatching: string[] } {
  const parsed = parsePathRules(rules, { functions: registry.templateFunctions });
  if (!parsed.ok) throw new Error(`Inferred path rules, line ${parsed.error.line}: ${parsed.error.message}`);
  const render: PathRendering = {
    rules: withBuiltinRules(parsed.rules),
    fields: registry.fields,
    queryFields: registry.queryFields,
    functions: registry.templateFunctions,
    releases,
  };
  const unique = new Map<string, string>();
  const matching: string[] = [];
  const placedMatching: string[] = [];
  for (const p of placed) {
    const target = targetComponents(render, p.recording, p.release, unique);
    const here = p.parts;
    if (target.length !== here.length || target.some((part, i) => i < here.length - 1 && part !== here[i])) continue;
    if (sameName(target.at(-1)!, here.at(-1)!)) placedMatching.push(p.recording.path);
  }
  matching.push(...placedMatching);
  for (const r of untagged) {
    const name = baseName(r.path);
    if (options.untagged === 'leave' || r.path.normalize('NFC') === `${options.untaggedFolder}/${sanitizeComponent(name)}`.normalize('NFC')) matching.push(r.path);
  }
  return { matching, placedMatching };
}

/** The planned name, or it with the collision number the planner keeps on a file that has it. */
function sameName(planned: string, actual: string): boolean {
  if (planned === actual) return true;
  const a = splitExtension(actual);
  const p = splitExtension(planned);
  return a.extension === p.extension && /^ \(\d+\)$/.test(a.stem.slice(p.stem.length)) && a.stem.startsWith(p.stem);
}

/** Up to three matching files from different folders, spread over the library. */
function examplesOf(matching: readonly string[]): string[] {
  const byFolder = new Map<string, string>();
  for (const path of [...matching].sort()) if (!byFolder.has(albumFolderOf(path))) byFolder.set(albumFolderOf(path), path);
  const firsts = [...byFolder.values()];
  const picks = new Set([0, Math.floor(firsts.length / 2), firsts.length - 1]);
  return [...picks].filter((i) => i >= 0 && i < firsts.length).map((i) => firsts[i]!);
}
