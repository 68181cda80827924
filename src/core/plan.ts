// Planning: from what the scan found to a list of moves. Recordings are grouped into releases and
// classified, each gets a path from the path rules, companions follow their release or track, and
// the result is made safe: one spelling per folder, one file per name, nothing on an occupied path.
import type { CompanionFile, FileEntry, Plan, Recording, Release, UnreadableFile } from './model.ts';
import { isReleaseChoice, type ReviewChoice } from './review-choices.ts';
import type { PluginRegistry } from './registry.ts';
import { groupReleases } from './group.ts';
import { classify } from './classify.ts';
import { nameKey, primaryArtist } from './names.ts';
import { attachCompanions, companionRole, ownerFolder } from './companions.ts';
import { fitPath, sanitizeComponent, splitExtension } from './sanitize.ts';
import { TargetSettler, type Desired } from './settle-targets.ts';
import { fitAllFolders } from './fit-folders.ts';
import { albumFolderOf } from './album-folder.ts';
import { parsePathRules, withBuiltinRules, type PathRule } from './template/index.ts';
import { auniqueInFolder, targetComponents, type PathRendering } from './target-path.ts';
import { baseName, parentOf } from './entries.ts';
import { pathKey } from './library-path.ts';
import { setAsideDuplicates, setAsideMoves, duplicateGroups } from './set-aside.ts';
import { leaveOut, retag } from './exclusions.ts';
import { reshapeReleases } from './release-overrides.ts';
import type { ExistingPlaylist } from './plan-outputs.ts';

export interface PlanSettings {
  /** Path rules in beets' `paths:` syntax. */
  rules: string;
  /** Whole-path limit in characters (Windows: 259). */
  maxPathLength: number;
  /** Untagged files: gathered in one folder, or left where they are. */
  untagged: 'gather' | 'leave';
  /** The folder untagged files are gathered in. */
  untaggedFolder: string;
  /** System clutter (.DS_Store, Thumbs.db, desktop.ini): kept, or deleted on the user's explicit choice. */
  junk: 'keep' | 'delete';
  /** Outputs switched on (by output name, e.g. "playlists"), each with its options; absent: none. */
  outputs?: Record<string, unknown>;
  /** The user's own .m3u/.m3u8 follow the files a run moves (absent: yes). */
  updatePlaylists?: boolean;
}

export function defaultPlanSettings(rules = DEFAULT_RULES): PlanSettings {
  return { rules, maxPathLength: 259, untagged: 'gather', untaggedFolder: 'Untagged', junk: 'keep' };
}

// The app's own preset; kept here too so the core has a default without the plugin layer.
const DEFAULT_RULES = `default: $albumartist/$album%if{$year, ($year)}%aunique{albumartist album year,albumtype label catalognum albumdisambig}/%if{$multidisc,$discnumber-}$track $title
various:true: Compilations/$album%if{$year, ($year)}%aunique{albumartist album year,albumtype label catalognum albumdisambig}/%if{$multidisc,$discnumber-}$track $artist - $title
# beets files every flagged release under Compilations/; here one artist's stays theirs
comp: $albumartist/$album%if{$year, ($year)}%aunique{albumartist album year,albumtype label catalognum albumdisambig}/%if{$multidisc,$discnumber-}$track $title
`;

export interface PlanSource {
  recordings: readonly Recording[];
  unreadable: readonly UnreadableFile[];
  /** Non-audio files that are not junk. */
  others: readonly FileEntry[];
  junk: readonly FileEntry[];
  /** The library's .m3u/.m3u8 files with their text, as the scan read them (they are in `others` too). */
  playlists?: readonly ExistingPlaylist[];
}

/**
 * The releases of a library and how they were found (left out, retagged, copies set aside,
 * grouped, reshaped by the user's choices, classified): the part of a plan that no path rule
 * changes. Plugin inputs are gathered from it without rendering a path (issue 14, point 17).
 */
export function findReleases(source: PlanSource, registry: PluginRegistry, choices: readonly ReviewChoice[] = []) {
  // Files and folders left out are not planned at all: they stay, and their paths stay taken.
  const left = leaveOut(source, choices);
  const retagged = retag(fixTags(left.source.recordings, registry), choices);
  const recordings = retagged.recordings;
  // Copies of one recording are found before releases are: the best copy joins its release, the
  // others are set aside under Duplicates/ once the release's folder is known.
  const { kept: copies, rest } = setAsideDuplicates(recordings, choices);
  const grouping = groupReleases(rest);
  const reshaped = reshapeReleases(grouping.releases, choices.filter(isReleaseChoice));
  const classifiers = registry.classifiers;
  // The same context grouping had: "A & B" is a collaboration only when both are artists here.
  const knownArtists = new Set<string>();
  for (const r of recordings) {
    if (r.tags.artist) knownArtists.add(nameKey(primaryArtist(r.tags.artist)));
    if (r.tags.albumartist) knownArtists.add(nameKey(r.tags.albumartist));
  }
  const releases: Release[] = reshaped.releases.map((r) => ({
    ...r,
    classification: r.review?.type ? { type: r.review.type, confidence: 1, reasons: ['release type set by you'] } : classify(r, { knownArtists }, classifiers),
  }));
  return { left, retagged, recordings, copies, rest, grouping, reshaped, releases };
}

/**
 * `choices`: what the user decided in earlier reviews of this library (which copy of a duplicate
 * to keep, what to leave out, how releases read), matched to files by identities that survive
 * rescans and moves.
 */
export function planLibrary(
  source: PlanSource,
  settings: PlanSettings,
  registry: PluginRegistry,
  rules?: readonly PathRule[],
  choices: readonly ReviewChoice[] = [],
): Plan {
  const functions = registry.templateFunctions;
  // beets' own singleton:, comp: and default: rules follow the user's, as in beets.
  const withBuiltins = withBuiltinRules(rules ?? parseRulesOrThrow(settings.rules, functions));

  const { left, retagged, copies, grouping, reshaped, releases } = findReleases(source, registry, choices);
  // An excluded release stays where it is, with its album companions: it is neither rendered nor compared by %aunique.
  const planned = releases.filter((r) => !r.review?.excluded);
  let render: PathRendering = { rules: withBuiltins, fields: registry.fields, queryFields: registry.queryFields, functions, releases: planned };
  let uniqueCache = new Map<string, string>();

  // Companions go below a folder already settled: only their own part of the path may give way.
  const below = (folder: string, relative: string): string => {
    const parts = fitPath(relative.split('/'), { maxLength: settings.maxPathLength, prefixLength: folder === '' ? 0 : folder.length + 1 });
    return [folder, ...parts].filter(Boolean).join('/');
  };

  // Where each recording goes, as rendered; folders are cut afterwards, all at once.
  const renderReleases = () =>
    planned.flatMap((release) => release.recordings.map((rec) => ({ from: rec, release, components: targetComponents(render, rec, release, uniqueCache) })));
  let inRelease: { from: Recording; release: Release; components: string[] }[] = renderReleases();
  // Two releases never share a folder: grouping would read one release there after the move. The
  // rules may send releases that %aunique does not compare (their album artists differ) to one
  // folder (Compilations/$album); those become look-alikes to %aunique, which then tells them
  // apart the beets way, by the first field that differs, else by number in release order. Only
  // where %aunique is in a folder: rules that share a folder without it do so on purpose.
  for (let together = sharedFolders(render, inRelease); together; together = sharedFolders(render, inRelease)) {
    render = { ...render, together };
    uniqueCache = new Map();
    inRelease = renderReleases();
  }
  // An excluded release stays where it is, and a release moved into its folder would be read as
  // part of it on the next plan, and so excluded too: its folder is taken, and a release that does
  // not sit there already is given the first free number instead ("A/X" → "A/X (2)").
  const kept = new Set(releases.filter((r) => r.review?.excluded).flatMap((r) => r.recordings.map((t) => pathKey(parentOf(t.path)))));
  if (kept.size > 0) inRelease = clearOfKept(inRelease, kept);
  const rendered: { from: Recording; components: string[]; reason: Desired['reason'] }[] = inRelease.map((r) => ({ from: r.from, components: r.components, reason: 'recording' }));
  for (const rec of grouping.loose) {
    if (grouping.whyLoose.get(rec.path) === 'no-album') rendered.push({ from: rec, components: targetComponents(render, rec, undefined, uniqueCache), reason: 'recording' });
    // Its own name, made portable (NFC, no illegal characters) but never invented.
    else if (settings.untagged === 'gather') rendered.push({ from: rec, components: [settings.untaggedFolder, sanitizeComponent(baseName(rec.path))], reason: 'unsorted' });
  }
  // A file moved into an excluded folder would be excluded there on the next plan ("this folder"
  // includes files added to it later) and planned otherwise: an excluded folder is taken, as its
  // files' paths are, and a folder wanting its name gets a number.
  const excludedFolders = new Set(choices.flatMap((c) => (c.kind === 'exclude-folder' ? [pathKey(c.folder)] : [])));
  if (excludedFolders.size > 0) for (const r of rendered) r.components = clearOfExcluded(r.components, excludedFolders);
  const current = new Map<string, Set<string>>();
  for (const r of rendered) {
    const folder = r.components.slice(0, -1).join('/');
    current.set(folder, (current.get(folder) ?? new Set()).add(parentOf(r.from.path)));
  }
  const folders = fitAllFolders(current, settings.maxPathLength);
  const recordingMoves: Desired[] = rendered.map((r) => ({
    from: r.from,
    to: fitPath([...folders.get(r.components.slice(0, -1).join('/'))!, r.components.at(-1)!], { maxLength: settings.maxPathLength }).join('/'),
    reason: r.reason,
  }));

  // Companions are judged before anything settles, so the files that stay are known up front.
  // Excluded recordings still count here: their lyrics stay theirs, and a folder shared with them has no one owner.
  const audioPaths = new Set(source.recordings.map((r) => r.path));
  // A .txt beside a track of the same name is its lyrics, so the role needs the audio paths.
  const companions: CompanionFile[] = left.source.others.map((f) => ({ ...f, role: companionRoleOf(f.path, audioPaths) }));
  const attached = attachCompanions(releases, companions, audioPaths);
  const aside = new Set(copies.flatMap((c) => c.others.map((r) => r.path)));
  const placed = new Set([...recordingMoves.map((d) => d.from.path), ...aside]);
  const excludedReleases = releases.filter((r) => r.review?.excluded);
  // A folder whose music is all copies set aside (an album ripped twice) would keep only its cover
  // and log: they follow the copies instead, so the folder empties and the pair stays together.
  const withCopies = attached.unattached.filter((c) => attached.folderAudio.get(c.path)?.every((a) => aside.has(a)));
  const travelling = new Set([
    ...withCopies.map((c) => c.path),
    ...planned.flatMap((r) => attached.albumCompanions.get(r.id) ?? []).map((c) => c.path),
    ...[...attached.trackCompanions].filter(([track]) => placed.has(track)).flatMap(([, files]) => files.map((c) => c.path)),
  ]);
  const staying = [...source.recordings, ...source.unreadable, ...source.others, ...source.junk]
    .map((f) => f.path)
    .filter((p) => !placed.has(p) && !travelling.has(p));
  const settler = new TargetSettler(staying, settings.maxPathLength);
  const inReleases = settler.settle(recordingMoves);
  const setAside = settler.settle(setAsideMoves(copies, inReleases.targetOf, settings.maxPathLength));
  const tracks = { targetOf: new Map([...inReleases.targetOf, ...setAside.targetOf]) };

  // Companions follow the settled tracks: album-level ones into the release folder, track-level
  // ones beside their track under its final name (numbered too when the track was).
  const companionMoves: Desired[] = [];
  for (const release of releases) {
    const files = attached.albumCompanions.get(release.id) ?? [];
    release.companions = files;
    if (release.review?.excluded) continue;
    const targetFolder = commonFolder(release.recordings.map((r) => tracks.targetOf.get(r.path)!));
    const keep = (c: CompanionFile) => companionMoves.push({ from: c, to: c.path, reason: 'album-companion' });
    for (const c of files) {
      // Tracks scattered to several top folders have no one folder to take their cover to.
      if (targetFolder === '') keep(c);
      else companionMoves.push({ from: c, to: below(targetFolder, withinAlbum(c.path, release)), reason: 'album-companion' });
    }
  }
  for (const c of withCopies) {
    const targets = attached.folderAudio.get(c.path)!.map((a) => tracks.targetOf.get(a) ?? a);
    const folder = parentOf(targets[0]!);
    // Copies that went to several folders have no one folder to take the cover to.
    if (targets.some((t) => parentOf(t) !== folder)) companionMoves.push({ from: c, to: c.path, reason: 'album-companion' });
    else companionMoves.push({ from: c, to: below(folder, c.path.slice(ownerFolder(c.path).length + 1)), reason: 'album-companion' });
  }
  for (const [trackPath, files] of attached.trackCompanions) {
    const trackTarget = tracks.targetOf.get(trackPath);
    if (!trackTarget) continue;
    const stem = splitExtension(baseName(trackTarget)).stem;
    for (const c of files) {
      const ext = splitExtension(baseName(c.path)).extension.toLowerCase();
      const to = below(parentOf(trackTarget), `${stem}${ext}`);
      // Beside its track already, up to case: left alone, as it was when it had no track to follow.
      companionMoves.push({ from: c, to: pathKey(to) === pathKey(c.path) ? c.path : to, reason: 'track-companion' });
    }
  }
  const sidecars = settler.settle(companionMoves);
  const byPath = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  // Clutter goes last, and only when asked: the system recreates it, but undo cannot bring it back.
  const clutter = settings.junk === 'delete' ? left.source.junk.map((j) => ({ kind: 'delete-junk' as const, path: j.path, size: j.size, lastModified: j.lastModified })) : [];
  return {
    operations: [...inReleases.operations, ...setAside.operations, ...sidecars.operations, ...clutter],
    unchanged: [...inReleases.unchanged, ...setAside.unchanged, ...sidecars.unchanged].sort(byPath),
    unreadable: [...source.unreadable],
    conflicts: [...inReleases.conflicts, ...setAside.conflicts, ...sidecars.conflicts],
    releases,
    duplicates: duplicateGroups(copies, tracks.targetOf),
    excluded: [...left.excluded, ...excludedReleases.flatMap((r) => [...r.recordings, ...r.companions].map((f) => f.path))].sort(byPath),
    choices: [...left.outcomes, ...retagged.outcomes, ...reshaped.outcomes],
  };
}

/**
 * The releases %aunique must compare because they land in one folder (up to case and
 * normalization), each mapped to all of its group; undefined when no folder joins two groups that
 * were apart. Each round joins groups, so the releases are rendered again at most once per release,
 * and only when two land in one folder.
 */
function sharedFolders(render: PathRendering, rendered: readonly { from: Recording; release: Release; components: readonly string[] }[]) {
  const byFolder = new Map<string, Map<Release, Recording>>();
  for (const r of rendered) {
    const folder = pathKey(r.components.slice(0, -1).join('/'));
    const here = byFolder.get(folder) ?? byFolder.set(folder, new Map()).get(folder)!;
    if (!here.has(r.release)) here.set(r.release, r.from);
  }
  const together = new Map<Release, readonly Release[]>(render.together ?? []);
  let joined = false;
  for (const here of byFolder.values()) {
    if (here.size < 2) continue;
    const alike = [...here].filter(([release, rec]) => auniqueInFolder(render, rec, release)).map(([release]) => release);
    const first = together.get(alike[0]!);
    if (alike.length < 2 || (first && alike.every((r) => together.get(r) === first))) continue;
    const group = [...new Set(alike.flatMap((r) => together.get(r) ?? [r]))];
    for (const r of group) together.set(r, group);
    joined = true;
  }
  return joined ? together : undefined;
}

/**
 * Release targets with each folder an excluded release stays in (`kept`, by key) numbered, the last
 * folder given the first free number, unless the release has tracks sitting there already: those
 * stay beside it, as they were when grouping told the two apart.
 */
function clearOfKept<T extends { from: Recording; release: Release; components: string[] }>(rendered: readonly T[], kept: ReadonlySet<string>): T[] {
  const folderOf = (components: readonly string[]) => pathKey(components.slice(0, -1).join('/'));
  const sitting = new Set(rendered.map((r) => `${r.release.id}\u0000${pathKey(parentOf(r.from.path))}`));
  return rendered.map((r) => {
    const folder = r.components.slice(0, -1);
    if (folder.length === 0 || !kept.has(folderOf(r.components)) || sitting.has(`${r.release.id}\u0000${folderOf(r.components)}`)) return r;
    const last = folder.length - 1;
    const at = (n: number) => pathKey([...folder.slice(0, last), `${folder[last]} (${n})`].join('/'));
    let n = 2;
    while (kept.has(at(n))) n++;
    return { ...r, components: [...folder.slice(0, last), `${folder[last]} (${n})`, r.components.at(-1)!] };
  });
}

/** A target's folders with each one an excluded folder's path (up to case) given the first free number: "A/X" → "A/X (2)". */
function clearOfExcluded(components: readonly string[], excluded: ReadonlySet<string>): string[] {
  const out = [...components];
  for (let i = 0; i < out.length - 1; i++) {
    const at = (name: string) => pathKey([...out.slice(0, i), name].join('/'));
    if (!excluded.has(at(out[i]!))) continue;
    let n = 2;
    while (excluded.has(at(`${out[i]} (${n})`))) n++;
    out[i] = `${out[i]} (${n})`;
  }
  return out;
}

/** A companion's path below the album folder it was found in: "cover.jpg", "Scans/back.jpg", "CD2/cover.jpg". */
function withinAlbum(path: string, release: Release): string {
  const albumFolders = new Set(release.recordings.map((r) => albumFolderOf(r.path)));
  for (let folder = parentOf(path); ; folder = parentOf(folder)) {
    if (albumFolders.has(folder)) return folder === '' ? path : path.slice(folder.length + 1);
    if (folder === '') return baseName(path);
  }
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

function companionRoleOf(path: string, audioPaths: ReadonlySet<string>): CompanionFile['role'] {
  const role = companionRole(path, audioPaths);
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
