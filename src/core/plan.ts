// Planning: from what the scan found to a list of moves. Recordings are grouped into releases and
// classified, each gets a path from the path rules, companions follow their release or track, and
// the result is made safe: one spelling per folder, one file per name, nothing on an occupied path.
import type { CompanionFile, Conflict, FileEntry, Operation, Plan, Recording, Release, UnreadableFile } from './model.ts';
import type { PluginRegistry } from './registry.ts';
import { groupReleases } from './group.ts';
import { classify } from './classify.ts';
import { attachCompanions, companionRole } from './companions.ts';
import { fitPath, splitExtension, withSuffix } from './sanitize.ts';
import { parsePathRules, type PathRule } from './template/index.ts';
import { targetComponents, type PathRendering } from './target-path.ts';
import { baseName, joinPath, parentOf } from './entries.ts';
import { pathKey } from './library-path.ts';

export interface PlanSettings {
  /** Path rules in beets' `paths:` syntax. */
  rules: string;
  /** Whole-path limit in characters (Windows: 259). */
  maxPathLength: number;
  /** Untagged files: gathered in one folder, or left where they are. */
  untagged: 'gather' | 'leave';
  /** The folder untagged files are gathered in. */
  untaggedFolder: string;
}

export function defaultPlanSettings(rules = DEFAULT_RULES): PlanSettings {
  return { rules, maxPathLength: 259, untagged: 'gather', untaggedFolder: 'Untagged' };
}

// The app's own preset; kept here too so the core has a default without the plugin layer.
const DEFAULT_RULES = `default: $albumartist/$album%if{$year, ($year)}%aunique{albumartist album year,albumtype label catalognum albumdisambig}/%if{$multidisc,$disc-}$track $title
comp: Compilations/$album%if{$year, ($year)}%aunique{albumartist album year,albumtype label catalognum albumdisambig}/%if{$multidisc,$disc-}$track $artist - $title
`;

/** Used when the user's rules say nothing about tracks outside any album. */
const SINGLETON_FALLBACK = 'singleton: Non-Album/$artist/$title';

export interface PlanSource {
  recordings: readonly Recording[];
  unreadable: readonly UnreadableFile[];
  /** Non-audio files that are not junk. */
  others: readonly FileEntry[];
  junk: readonly FileEntry[];
}

interface Desired {
  from: FileEntry;
  to: string;
  reason: Extract<Operation, { kind: 'move' }>['reason'];
}

export function planLibrary(source: PlanSource, settings: PlanSettings, registry: PluginRegistry, rules?: readonly PathRule[]): Plan {
  const functions = registry.templateFunctions;
  const parsed = rules ?? parseRulesOrThrow(settings.rules, functions);
  const withSingleton = parsed.some((r) => r.key.startsWith('singleton'))
    ? parsed
    : [...parsed, ...parseRulesOrThrow(`${SINGLETON_FALLBACK}\ndefault: $title`, functions).filter((r) => r.key === 'singleton')];

  const recordings = fixTags(source.recordings, registry);
  const grouping = groupReleases(recordings);
  const classifiers = registry.classifiers;
  const releases: Release[] = grouping.releases.map((r) => ({ ...r, classification: classify(r, {}, classifiers) }));
  const render: PathRendering = { rules: withSingleton, fields: registry.fields, functions, releases };
  const uniqueCache = new Map<string, string>();

  const desired: Desired[] = [];
  const targetOf = new Map<string, string>();
  const place = (from: FileEntry, components: string[], reason: Desired['reason']) => {
    const to = fitPath(components, { maxLength: settings.maxPathLength }).join('/');
    desired.push({ from, to, reason });
    targetOf.set(from.path, to);
  };

  for (const release of releases) {
    for (const rec of release.recordings) place(rec, targetComponents(render, rec, release, uniqueCache), 'recording');
  }
  for (const rec of grouping.loose) {
    if (grouping.whyLoose.get(rec.path) === 'no-album') place(rec, targetComponents(render, rec, undefined, uniqueCache), 'recording');
    else if (settings.untagged === 'gather') place(rec, [settings.untaggedFolder, baseName(rec.path)], 'unsorted');
  }

  // Companions follow: album-level ones into the release folder, track-level ones beside their track.
  const companions: CompanionFile[] = source.others.map((f) => ({ ...f, role: companionRoleOf(f.path) }));
  const audioPaths = new Set(recordings.map((r) => r.path));
  const attached = attachCompanions(releases, companions, audioPaths);
  for (const release of releases) {
    const files = attached.albumCompanions.get(release.id) ?? [];
    if (files.length === 0) continue;
    const sourceFolder = commonFolder(release.recordings.map((r) => r.path));
    const targetFolder = commonFolder(release.recordings.map((r) => targetOf.get(r.path)!));
    for (const c of files) {
      const relative = sourceFolder === '' ? c.path : c.path.startsWith(`${sourceFolder}/`) ? c.path.slice(sourceFolder.length + 1) : baseName(c.path);
      place(c, [...targetFolder.split('/').filter(Boolean), ...relative.split('/')], 'album-companion');
    }
    release.companions = files;
  }
  for (const [trackPath, files] of attached.trackCompanions) {
    const trackTarget = targetOf.get(trackPath);
    if (!trackTarget) continue;
    const stem = splitExtension(baseName(trackTarget)).stem;
    for (const c of files) {
      const ext = splitExtension(baseName(c.path)).extension.toLowerCase();
      place(c, [...parentOf(trackTarget).split('/').filter(Boolean), `${stem}${ext}`], 'track-companion');
    }
  }

  const { operations, unchanged, conflicts } = settle(desired, source, targetOf);
  return { operations, unchanged, unreadable: [...source.unreadable], conflicts, releases };
}

function parseRulesOrThrow(text: string, functions: ReadonlyMap<string, unknown>): PathRule[] {
  const parsed = parsePathRules(text, { functions: new Set(functions.keys()) });
  if (!parsed.ok) throw new Error(`Path rules, line ${parsed.error.line}: ${parsed.error.message}`);
  return parsed.rules;
}

function fixTags(recordings: readonly Recording[], registry: PluginRegistry): Recording[] {
  const fixers = registry.tagFixers;
  if (fixers.length === 0) return [...recordings];
  return recordings.map((r) => {
    let tags = r.tags;
    for (const fix of fixers) tags = { ...tags, ...(fix(tags, r) ?? {}) };
    return tags === r.tags ? r : { ...r, tags };
  });
}

function companionRoleOf(path: string): CompanionFile['role'] {
  const role = companionRole(path);
  return role === 'audio' ? 'other' : role;
}

function commonFolder(paths: readonly string[]): string {
  if (paths.length === 0) return '';
  let common = parentOf(paths[0]!).split('/');
  for (const p of paths) {
    const parts = parentOf(p).split('/');
    let i = 0;
    while (i < common.length && i < parts.length && common[i] === parts[i]) i++;
    common = common.slice(0, i);
  }
  return common.filter(Boolean).join('/');
}

/**
 * Makes the desired targets safe and final:
 * - twin folders: folders equal after case folding and NFC get one spelling (the first in order);
 * - a file already at its target keeps it; files that stay (unreadable, unattached, junk) keep theirs;
 * - every other collision gets a stable " (2)", " (3)" suffix, in source-path order, and is reported.
 */
function settle(desired: Desired[], source: PlanSource, targetOf: Map<string, string>) {
  desired.sort((a, b) => compare(a.to, b.to) || compare(a.from.path, b.from.path));
  const moving = new Set(desired.filter((d) => d.to !== d.from.path).map((d) => d.from.path));
  const staying = [...source.recordings, ...source.unreadable, ...source.others, ...source.junk].filter((f) => !moving.has(f.path)).map((f) => f.path);
  // Folders that keep files keep their spelling on disk; a case-insensitive disk would merge a twin into them anyway.
  const spelling = new Map<string, string>();
  for (const path of staying.sort(compare)) canonicalFolders(path, spelling);
  for (const d of desired) d.to = canonicalFolders(d.to, spelling);

  const taken = new Set<string>(staying.map(pathKey));
  // A file that is where it should be (up to case) keeps its name against newcomers.
  for (const d of desired) if (pathKey(d.to) === pathKey(d.from.path)) taken.add(pathKey(d.to));

  const operations: Operation[] = [];
  const unchanged: string[] = [];
  const collided = new Map<string, Conflict>();
  for (const d of desired) {
    if (d.to === d.from.path) {
      unchanged.push(d.to);
      continue;
    }
    let to = d.to;
    if (pathKey(to) !== pathKey(d.from.path)) {
      for (let n = 2; taken.has(pathKey(to)); n++) to = joinPath(parentOf(d.to), withSuffix(baseName(d.to), n));
      if (to !== d.to) {
        const conflict = collided.get(d.to) ?? { target: d.to, sources: [], message: 'Several files map to this path; the later ones get a number.' };
        conflict.sources.push(d.from.path);
        collided.set(d.to, conflict);
      }
      taken.add(pathKey(to));
    }
    targetOf.set(d.from.path, to);
    operations.push({ kind: 'move', from: d.from.path, to, size: d.from.size, lastModified: d.from.lastModified, reason: d.reason });
  }
  return { operations, unchanged: unchanged.sort(compare), conflicts: [...collided.values()] };
}

/** Rewrites the folder part of `path` so each folder has the first spelling seen for its key. */
function canonicalFolders(path: string, spelling: Map<string, string>): string {
  const parts = path.split('/');
  let prefix = '';
  for (let i = 0; i < parts.length - 1; i++) {
    const key = pathKey(prefix === '' ? parts[i]! : `${prefix}/${parts[i]}`);
    const chosen = spelling.get(key);
    if (chosen === undefined) spelling.set(key, parts[i]!);
    else parts[i] = chosen;
    prefix = prefix === '' ? parts[i]! : `${prefix}/${parts[i]}`;
  }
  return parts.join('/');
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
