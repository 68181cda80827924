// What the library's own paths say about its layout, for layout inference: the files of folders
// that look organized, and for each of a sample of them, which candidate folder levels and file
// names (layout-candidates.ts) give the names on disk when the planner renders them. Rendering
// goes through the planner's own targetComponents, so a name the planner sanitizes ("Title: Sub"
// becomes "Title - Sub") is compared as the planner would write it.
import type { Recording, Release } from './model.ts';
import type { PluginRegistry } from './registry.ts';
import type { PathEvidence } from './layout-search.ts';
import { DISC_FOLDER_CANDIDATES, FOLDER_CANDIDATES, GROUPING_FOLDER_CANDIDATES, NAME_CANDIDATES } from './layout-candidates.ts';
import { escapeTemplateText, parseTemplate, templateFields, type PathRule } from './template/index.ts';
import { targetComponents, type PathRendering } from './target-path.ts';
import { albumFolderOf } from './album-folder.ts';
import { nameKey } from './names.ts';
import { pathKey } from './library-path.ts';
import { splitExtension } from './sanitize.ts';

/** A recording the path rules place: in a release, or a loose track with an artist or title. */
export interface PlacedRecording {
  recording: Recording;
  release: Release | undefined;
  /** Its path split into components, NFC, as the planner renders them. */
  parts: string[];
}

/** Sampled files of organized folders, with what their paths allow, and the candidate texts by id. */
export interface LayoutEvidence {
  sample: PlacedRecording[];
  evidence: PathEvidence[];
  /** Folder candidate texts by id: the built-in ones, literal folder names found on disk, then `$year` and `$genre`. */
  folders: string[];
}

/** At most this many files are rendered against every candidate; the rules are measured on all. */
const SAMPLE_LIMIT = 1000;
const PER_FOLDER = 3;
const MAX_LITERALS = 40;
/** A folder looks organized when this share of its audio files are one release (or one artist's loose tracks). */
const AGREEMENT = 0.9;

/** Letters and digits only, lower case: a folder name and a tag agree when one holds the other this way. */
const letters = (s: string): string => nameKey(s).replace(/[^\p{L}\p{N}]/gu, '');

/**
 * The placed recordings of folders whose files agree with their tags: one release (or one
 * artist's loose tracks) makes up the folder, and the folder's path names its album (or artist).
 * A dump of many albums in one folder, or an album in "New folder (3)", says nothing of a layout.
 */
export function organized(placed: readonly PlacedRecording[], audioPerFolder: ReadonlyMap<string, number>): Map<string, PlacedRecording[]> {
  const byFolder = new Map<string, PlacedRecording[]>();
  for (const p of placed) {
    const folder = albumFolderOf(p.recording.path);
    const members = byFolder.get(folder);
    if (members) members.push(p);
    else byFolder.set(folder, [p]);
  }
  const kept = new Map<string, PlacedRecording[]>();
  for (const [folder, members] of byFolder) {
    if (folder === '') continue;
    const groups = new Map<string, PlacedRecording[]>();
    for (const p of members) {
      const key = p.release ? `release ${p.release.id}` : `artist ${nameKey(p.recording.tags.artist)}`;
      const group = groups.get(key);
      if (group) group.push(p);
      else groups.set(key, [p]);
    }
    const [largest] = [...groups.values()].sort((a, b) => b.length - a.length);
    if (!largest || largest.length < AGREEMENT * (audioPerFolder.get(folder) ?? members.length)) continue;
    const first = largest[0]!;
    const named = letters(first.release ? first.release.album : (first.recording.tags.artist ?? '')).slice(0, 12);
    if (letters(folder).includes(named)) kept.set(folder, largest);
  }
  return kept;
}

/** Up to PER_FOLDER files per organized folder, spread over it; every n-th folder when there are too many. */
function sampleOf(folders: ReadonlyMap<string, PlacedRecording[]>): PlacedRecording[] {
  const names = [...folders.keys()].sort();
  const step = Math.max(1, Math.ceil((names.length * PER_FOLDER) / SAMPLE_LIMIT));
  const sample: PlacedRecording[] = [];
  for (let i = 0; i < names.length; i += step) {
    const members = [...folders.get(names[i]!)!].sort((a, b) => (a.recording.path < b.recording.path ? -1 : 1));
    const take = Math.min(PER_FOLDER, members.length);
    for (let j = 0; j < take; j++) sample.push(members[Math.floor((j * (members.length - 1)) / Math.max(1, take - 1))]!);
  }
  return sample;
}

/** Fields whose value is the release's, so a folder made of them renders once per release. */
const RELEASE_FIELDS = new Set(['albumartist', 'album', 'year']);

/**
 * Parts of a candidate that render nothing for some files, by the bit of `#conditionsOf` that
 * says so: `%if{$multidisc,…}` on a release of one disc, `%if{$various,…}` on a release of one
 * artist, a closing `%aunique{…}` on a release without look-alikes. Left out for those files, many
 * candidates become one, which is rendered once.
 */
const CONDITIONAL_PARTS: readonly [number, RegExp][] = [
  [1, /%if\{\$multidisc,[^{}]*\}/g],
  [2, /%if\{\$various,[^{}]*\}/g],
  [4, /%aunique\{[^{}]*\}$/],
];

/** A candidate parsed once, as the renderer needs it. */
export interface Candidate {
  text: string;
  /** A one-rule list rendering it as a folder (`text/x`) or as a file name. */
  asFolder: PathRule[];
  asName: PathRule[];
  /** Made of release fields only: the same for every track of a release. */
  perRelease: boolean;
  /** Its literal text between fields, which a name it gives must contain. */
  literals: string[];
  /** The candidate without the conditional parts a file's conditions leave empty, by those conditions. */
  variants: (Candidate | undefined)[];
}

/** Renders one path component for a recording, as the planner would. */
export class ComponentRenderer {
  readonly #render: { -readonly [K in keyof PathRendering]: PathRendering[K] };
  readonly #unique = new Map<string, string>();
  readonly #candidates = new Map<string, Candidate>();
  readonly #releaseFolders = new WeakMap<Release, Map<Candidate, string | undefined>>();
  readonly #names = new WeakMap<PlacedRecording, Map<Candidate, string>>();
  readonly #conditions = new WeakMap<PlacedRecording, number>();
  #lookalikes: Set<Release> | undefined;

  constructor(registry: PluginRegistry, releases: readonly Release[]) {
    // One rendering for every candidate: its caches (look-alike albums, release fields) do not depend on the rule.
    this.#render = { rules: [], fields: registry.fields, queryFields: registry.queryFields, functions: registry.templateFunctions, releases };
  }

  candidate(text: string): Candidate {
    let candidate = this.#candidates.get(text);
    if (candidate) return candidate;
    const rule = (source: string): PathRule[] => {
      const parsed = parseTemplate(source, { functions: this.#render.functions });
      if (!parsed.ok) throw new Error(`Layout candidate "${source}": ${parsed.error.message}`);
      return [{ key: 'default', query: null, template: parsed.template, source, line: 1 }];
    };
    const asName = rule(text);
    candidate = {
      text,
      asFolder: rule(`${text}/x`),
      asName,
      perRelease: [...templateFields(asName[0]!.template)].every((name) => RELEASE_FIELDS.has(name)),
      // Between two fields, a separator is never trimmed away, so a name it gives holds it as written.
      literals: asName[0]!.template.nodes.flatMap((node) => (node.kind === 'text' ? [node.text] : [])),
      variants: [],
    };
    this.#candidates.set(text, candidate);
    return candidate;
  }

  /** The folder `c` gives, or undefined when it renders empty (the planner then leaves the level out). */
  folder(c: Candidate, p: PlacedRecording): string | undefined {
    c = this.#variant(c, p);
    let cache: Map<Candidate, string | undefined> | undefined;
    if (c.perRelease && p.release) {
      cache = this.#releaseFolders.get(p.release);
      if (!cache) this.#releaseFolders.set(p.release, (cache = new Map()));
      if (cache.has(c)) return cache.get(c);
    }
    const parts = this.#components(c.asFolder, p);
    const folder = parts.length === 2 ? parts[0] : undefined;
    cache?.set(c, folder);
    return folder;
  }

  /** Whether `c` gives the file name `actual` (extension included); only rendered when its separators are in the name. */
  gives(c: Candidate, p: PlacedRecording, actual: string): boolean {
    c = this.#variant(c, p);
    const stem = splitExtension(actual).stem;
    if (!c.literals.every((literal) => stem.includes(literal))) return false;
    let names = this.#names.get(p);
    if (!names) this.#names.set(p, (names = new Map()));
    let name = names.get(c);
    if (name === undefined) names.set(c, (name = this.#components(c.asName, p).at(-1)!));
    return name === actual;
  }

  /** `c` as it renders for `p`: without the parts its conditions leave empty. */
  #variant(c: Candidate, p: PlacedRecording): Candidate {
    const conditions = this.#conditionsOf(p);
    let variant = c.variants[conditions];
    if (!variant) {
      let text = c.text;
      for (const [bit, part] of CONDITIONAL_PARTS) if (conditions & bit) text = text.replace(part, '');
      c.variants[conditions] = variant = text === c.text ? c : this.candidate(text);
    }
    return variant;
  }

  /** Which conditional parts render nothing for `p` (bits of CONDITIONAL_PARTS). */
  #conditionsOf(p: PlacedRecording): number {
    let conditions = this.#conditions.get(p);
    if (conditions === undefined) {
      const field = (name: string) => this.#render.fields.get(name)?.({ recording: p.recording, release: p.release }) ?? '';
      conditions = (field('multidisc') === '' ? 1 : 0) | (field('various') === 'True' ? 0 : 2) | (p.release && this.#hasLookalike(p.release) ? 0 : 4);
      this.#conditions.set(p, conditions);
    }
    return conditions;
  }

  /**
   * Whether another release has the same album artist and album, up to case, as the planner's
   * %aunique compares them (every disambiguation asks at least these two): otherwise no %aunique
   * adds anything to its folder.
   */
  #hasLookalike(release: Release): boolean {
    if (!this.#lookalikes) {
      const [artist, album] = [this.candidate('$albumartist'), this.candidate('$album')];
      const byKey = new Map<string, Release[]>();
      for (const r of this.#render.releases) {
        const first = { recording: r.recordings[0]!, release: r, parts: [] };
        const key = `${pathKey(this.#plainFolder(artist, first))}\u0000${pathKey(this.#plainFolder(album, first))}`;
        const group = byKey.get(key);
        if (group) group.push(r);
        else byKey.set(key, [r]);
      }
      this.#lookalikes = new Set([...byKey.values()].filter((group) => group.length > 1).flat());
    }
    return this.#lookalikes.has(release);
  }

  #plainFolder(c: Candidate, p: PlacedRecording): string {
    const parts = this.#components(c.asFolder, p);
    return parts.length === 2 ? parts[0]! : '';
  }

  #components(rules: PathRule[], p: PlacedRecording): string[] {
    this.#render.rules = rules;
    return targetComponents(this.#render, p.recording, p.release, this.#unique);
  }
}

/** The organized files' evidence: which candidates give each part of each sampled path. */
export function gatherEvidence(folders: ReadonlyMap<string, PlacedRecording[]>, render: ComponentRenderer): LayoutEvidence {
  const sample = sampleOf(folders);
  const folderCandidates = FOLDER_CANDIDATES.map((text) => render.candidate(text));
  const discCandidates = DISC_FOLDER_CANDIDATES.map((text) => render.candidate(text));
  const nameCandidates = NAME_CANDIDATES.map((text) => render.candidate(text));
  const evidence = sample.map((p): { folders: Set<number>[]; disc: Set<number> | null; name: Set<number> } => {
    const folderParts = p.parts.slice(0, -1);
    const fits = folderParts.map(() => new Set<number>());
    folderCandidates.forEach((c, id) => {
      const value = render.folder(c, p);
      folderParts.forEach((part, level) => value === part && fits[level]!.add(id));
    });
    const multidisc = p.release !== undefined && p.release.disctotal > 1;
    const disc = multidisc ? new Set<number>() : null;
    if (disc && folderParts.length > 0) discCandidates.forEach((c, id) => render.folder(c, p) === folderParts.at(-1) && disc.add(id));
    const name = new Set<number>();
    nameCandidates.forEach((c, id) => render.gives(c, p, p.parts.at(-1)!) && name.add(id));
    return { folders: fits, disc, name };
  });

  // Folder names no field explains ("Compilations", "Live", "Non-Album") may be literal levels of
  // the layout; those most releases share are tried.
  const holders = new Map<string, Set<string>>();
  sample.forEach((p, i) => {
    evidence[i]!.folders.forEach((fits, level) => {
      if (fits.size > 0) return;
      const key = `${level}/${p.parts[level]}`;
      holders.set(key, (holders.get(key) ?? new Set()).add(p.release?.id ?? `artist ${nameKey(p.recording.tags.artist)}`));
    });
  });
  const ranked = [...holders].sort(([a, x], [b, y]) => y.size - x.size || (a < b ? -1 : 1));
  const literals = [...new Set(ranked.slice(0, MAX_LITERALS).map(([key]) => key.slice(key.indexOf('/') + 1)))].sort();
  const texts = [...FOLDER_CANDIDATES, ...literals.map(escapeTemplateText), ...GROUPING_FOLDER_CANDIDATES];
  for (let id = FOLDER_CANDIDATES.length; id < texts.length; id++) {
    const c = render.candidate(texts[id]!);
    // A literal has no field: the same folder for every file.
    const literal = id < FOLDER_CANDIDATES.length + literals.length ? render.folder(c, sample[0]!) : undefined;
    evidence.forEach((e, i) => {
      const value = literal ?? render.folder(c, sample[i]!);
      e.folders.forEach((fits, level) => value === sample[i]!.parts[level] && fits.add(id));
    });
  }
  return { sample, evidence, folders: texts };
}
