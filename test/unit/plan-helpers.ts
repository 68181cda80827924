// Shared by the planner tests: the messy fixture as a PlanSource, the plan applied in memory, and
// the invariants every plan must keep, each returning the offending items (empty when it holds).
import { readFileSync } from 'node:fs';
import type { FileEntry, Plan, Recording, Tags, UnreadableFile } from '../../src/core/model.ts';
import { defaultPlanSettings, planLibrary, type PlanSettings, type PlanSource } from '../../src/core/plan.ts';
import type { ReviewChoice } from '../../src/core/review-choices.ts';
import { yearOf } from '../../src/core/names.ts';
import { createRegistry } from '../../plugins/index.ts';

const registry = createRegistry();

interface WrittenTags {
  title?: string; artist?: string; albumartist?: string; album?: string; track?: number; tracktotal?: number;
  disc?: number; disctotal?: number; year?: number | string; genre?: string; composer?: string; compilation?: boolean;
}
export interface MessyFixture {
  albums: { id: string; kind: string; album: string; albumartist: string }[];
  audio: { path: string; size: number; album: string; duplicateOf?: string; tags: WrittenTags }[];
  other: { path: string; size: number; role: string; album?: string; of?: string }[];
}

/** The tag reader's view of what mklibrary wrote: a year, and the date when more precise. */
function toTags(w: WrittenTags): Tags {
  const { year, genre, ...rest } = w;
  const tags: Tags = { ...rest };
  const y = yearOf(year);
  if (y !== undefined) tags.year = y;
  if (typeof year === 'string' && year.length > 4) tags.date = year;
  if (genre) tags.genre = [genre];
  return tags;
}

export function loadMessy(name = 'messy-120.tags.json'): { fixture: MessyFixture; source: PlanSource } {
  const fixture = JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as MessyFixture;
  const recordings: Recording[] = fixture.audio.map((a) => ({ path: a.path, size: a.size, lastModified: 0, tags: toTags(a.tags), audio: {} }));
  const entry = (o: { path: string; size: number }): FileEntry => ({ path: o.path, size: o.size, lastModified: 0 });
  const unreadable: UnreadableFile[] = fixture.other.filter((o) => o.role === 'broken').map((o) => ({ ...entry(o), reason: 'broken' }));
  const junk = fixture.other.filter((o) => o.role === 'junk').map(entry);
  const others = fixture.other.filter((o) => o.role !== 'junk' && o.role !== 'broken').map(entry);
  return { fixture, source: { recordings, unreadable, others, junk } };
}

export const rec = (path: string, tags: Tags): Recording => ({ path, size: 100, lastModified: 1, tags, audio: {} });
export const file = (path: string): FileEntry => ({ path, size: 10, lastModified: 1 });

export function source(recordings: Recording[], others: FileEntry[] = [], extra: Partial<PlanSource> = {}): PlanSource {
  return { recordings, unreadable: [], others, junk: [], ...extra };
}

export function plan(src: PlanSource, settings: Partial<PlanSettings> = {}, choices: readonly ReviewChoice[] = []): Plan {
  return planLibrary(src, { ...defaultPlanSettings(), ...settings }, registry, undefined, choices);
}

/** Where each source file ends up after the plan: its move target, or where it is. */
export function finalPaths(src: PlanSource, p: Plan): Map<string, string> {
  const to = new Map(p.operations.flatMap((o) => (o.kind === 'move' ? [[o.from, o.to] as const] : [])));
  const out = new Map<string, string>();
  for (const f of allFiles(src)) out.set(f.path, to.get(f.path) ?? f.path);
  return out;
}

export function allFiles(src: PlanSource): FileEntry[] {
  return [...src.recordings, ...src.unreadable, ...src.others, ...src.junk];
}

/** The library as it is after the plan ran: same files and tags, new paths. */
export function applied(src: PlanSource, p: Plan): PlanSource {
  const at = finalPaths(src, p);
  const move = <T extends FileEntry>(f: T): T => ({ ...f, path: at.get(f.path)! });
  return {
    recordings: src.recordings.map(move),
    unreadable: src.unreadable.map(move),
    others: src.others.map(move),
    junk: src.junk.map(move),
  };
}

const key = (p: string) => p.normalize('NFC').toLowerCase();

/** 1. Every file accounted for exactly once; no two final paths share a key. */
export function lostOrDoubled(src: PlanSource, p: Plan): string[] {
  const problems: string[] = [];
  const sources = new Set(allFiles(src).map((f) => f.path));
  const seen = new Map<string, number>();
  const count = (path: string) => seen.set(path, (seen.get(path) ?? 0) + 1);
  for (const o of p.operations) if (o.kind === 'move') count(o.from);
  for (const u of p.unchanged) count(u);
  for (const path of sources) if (!seen.has(path)) count(path); // staying: neither moved nor "unchanged"
  for (const [path, n] of seen) {
    if (!sources.has(path)) problems.push(`not a source: ${path}`);
    if (n > 1) problems.push(`${n}× ${path}`);
  }
  const finals = new Map<string, string>();
  for (const [from, to] of finalPaths(src, p)) {
    const other = finals.get(key(to));
    if (other !== undefined) problems.push(`${from} and ${other} both end at ${to}`);
    finals.set(key(to), from);
  }
  return problems;
}

/**
 * 4. No folder the plan fills gets a second spelling: files that move use one spelling per folder
 * (by NFC + case), and the one of files staying there when there are any. Twins that exist before
 * and only hold files that stay (unreadable, unattached) are the user's; the planner never moves those.
 */
export function twinFolders(src: PlanSource, p: Plan): string[] {
  const moved = new Set(p.operations.flatMap((o) => (o.kind === 'move' ? [o.to] : [])));
  const stay = new Map<string, Set<string>>();
  const come = new Map<string, Set<string>>();
  for (const to of finalPaths(src, p).values()) {
    const parts = to.split('/');
    for (let i = 1; i < parts.length; i++) {
      const folder = parts.slice(0, i).join('/');
      const into = moved.has(to) ? come : stay;
      into.set(key(folder), (into.get(key(folder)) ?? new Set()).add(folder));
    }
  }
  return [...come]
    .filter(([k, s]) => s.size > 1 || (stay.has(k) && ![...s].every((f) => stay.get(k)!.has(f))))
    .map(([k, s]) => [...s, ...(stay.get(k) ?? [])].join(' | '));
}

const RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i;
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[<>:"/\\|?*\x00-\x1f\x7f]/;
const bytes = (s: string) => new TextEncoder().encode(s).length;

/**
 * 6. The plan brings no release into a folder another release ends in (by NFC + case): grouping
 * would read one release there. A release that has tracks in that folder already is not brought
 * in: releases the user keeps together (one excluded beside another, or told apart by their tags
 * in one folder) are theirs. Returns the shared folders, each with the ids of the releases in it.
 */
export function sharedReleaseFolders(src: PlanSource, p: Plan): string[] {
  const at = finalPaths(src, p);
  const folderOf = (path: string) => key(path.slice(0, Math.max(0, path.lastIndexOf('/'))));
  const owners = new Map<string, Set<string>>();
  const broughtInto = new Set<string>();
  for (const r of p.releases) {
    const before = new Set(r.recordings.map((t) => folderOf(t.path)));
    for (const t of r.recordings) {
      const folder = folderOf(at.get(t.path) ?? t.path);
      owners.set(folder, (owners.get(folder) ?? new Set()).add(r.id));
      if (!before.has(folder)) broughtInto.add(folder);
    }
  }
  return [...owners].filter(([folder, ids]) => ids.size > 1 && broughtInto.has(folder)).map(([folder, ids]) => `${folder}: ${[...ids].sort().join(', ')}`);
}

/**
 * 5. Every component a move creates is portable; the whole path fits; the extension survives.
 * Folders that exist already (given `src`) are the user's and are not judged.
 */
export function unportable(p: Plan, maxPathLength = 259, src?: PlanSource): string[] {
  const problems: string[] = [];
  const existing = new Set((src ? allFiles(src) : []).flatMap((f) => f.path.split('/').slice(0, -1).map((_, i, a) => a.slice(0, i + 1).join('/'))));
  for (const o of p.operations) {
    if (o.kind !== 'move') continue;
    if (o.to.length > maxPathLength) problems.push(`too long (${o.to.length}): ${o.to}`);
    const extFrom = /\.[^./]+$/.exec(o.from)?.[0]?.toLowerCase();
    if (extFrom && !o.to.toLowerCase().endsWith(extFrom)) problems.push(`extension lost: ${o.from} → ${o.to}`);
    const parts = o.to.split('/');
    for (const [i, c] of parts.entries()) {
      if (i < parts.length - 1 && existing.has(parts.slice(0, i + 1).join('/'))) continue;
      const why =
        c === '' ? 'empty'
        : FORBIDDEN.test(c) ? 'forbidden character'
        : c !== c.trim() ? 'leading/trailing space'
        : c.endsWith('.') ? 'trailing dot'
        : RESERVED.test(c) ? 'reserved name'
        : c !== c.normalize('NFC') ? 'not NFC'
        : bytes(c) > 255 ? 'over 255 bytes'
        : undefined;
      if (why) problems.push(`${why}: "${c}" in ${o.to}`);
    }
  }
  return problems;
}

/** The folder a file ends in, up to a disc subfolder ("CD1", "Disc 2"). */
export function releaseFolderOf(path: string): string {
  const parts = path.split('/');
  parts.pop();
  if (parts.length > 1 && /^(cd|dis[ck])[\s._-]*\d+/i.test(parts[parts.length - 1]!)) parts.pop();
  return parts.join('/');
}

/** Moves a plan of the applied library still wants: should be none. */
export function replanMoves(src: PlanSource, p: Plan, settings: Partial<PlanSettings> = {}, choices: readonly ReviewChoice[] = []): string[] {
  const again = plan(applied(src, p), settings, choices);
  return again.operations.map((o) => (o.kind === 'move' ? `${o.from} → ${o.to}` : `${o.kind} ${o.path}`));
}
