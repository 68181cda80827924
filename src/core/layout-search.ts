// The search behind layout inference: which combination of folder levels, disc folder and file
// name (each a candidate from layout-candidates.ts) gives the paths of the most files. Each file
// only says which candidates give each part of its own path; a combination's count is the size of
// the intersection, kept as bitsets, so trying one costs a few hundred word operations. The
// levels are chosen one at a time while the others stay fixed, until none changes: the parts of a
// path hardly depend on each other, so this settles on the best combination in a few rounds.

/** What one file's path allows: at each place, the candidates that render its name there. */
export interface PathEvidence {
  /** Folder candidates that give each folder of the path, outermost first. */
  folders: readonly ReadonlySet<number>[];
  /** For a file of a multi-disc release, the disc-folder candidates that give its parent folder; null otherwise. */
  disc: ReadonlySet<number> | null;
  /** File-name candidates that give its name. */
  name: ReadonlySet<number>;
}

/** One layout: a candidate per folder level, an optional disc folder, a file name. */
export interface LayoutChoice {
  folders: number[];
  /** The disc folder of multi-disc releases, or null when their discs share the album folder. */
  disc: number | null;
  name: number;
}

/** A set of files, one bit each, in the order they were given. */
export type FileSet = Uint32Array;

const NO_DISC_FOLDER = -1;

function popcount(bits: FileSet): number {
  let n = 0;
  for (let w of bits) {
    w -= (w >>> 1) & 0x55555555;
    w = (w & 0x33333333) + ((w >>> 2) & 0x33333333);
    n += (Math.imul((w + (w >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
  }
  return n;
}

function and(a: FileSet, b: FileSet): FileSet {
  const out = new Uint32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! & b[i]!;
  return out;
}

/** Files laid out with `levels` folder levels: per place, candidate → the files it fits. */
interface Shape {
  folders: Map<number, FileSet>[];
  disc: Map<number, FileSet>;
  name: Map<number, FileSet>;
}

export class LayoutSearch {
  readonly #words: number;
  readonly #shapes: Shape[] = [];

  constructor(files: readonly PathEvidence[], maxLevels = 5) {
    this.#words = Math.ceil(files.length / 32);
    for (let levels = 1; levels <= maxLevels; levels++) this.#shapes.push(this.#shape(files, levels));
  }

  /** Every file. */
  all(): FileSet {
    const bits = new Uint32Array(this.#words);
    const n = this.#words * 32;
    for (let i = 0; i < n; i++) bits[i >>> 5]! |= 1 << (i & 31);
    return bits;
  }

  /** The files `keep` picks, by their index. */
  subset(keep: (index: number) => boolean): FileSet {
    const bits = new Uint32Array(this.#words);
    for (let i = 0; i < this.#words * 32; i++) if (keep(i)) bits[i >>> 5]! |= 1 << (i & 31);
    return bits;
  }

  /** How many files of `among` the layout gives exactly. */
  count(choice: LayoutChoice, among: FileSet): number {
    const shape = this.#shapes[choice.folders.length - 1];
    if (!shape) return 0;
    let bits = among;
    for (const [i, c] of choice.folders.entries()) bits = and(bits, shape.folders[i]!.get(c) ?? new Uint32Array(this.#words));
    bits = and(bits, shape.disc.get(choice.disc ?? NO_DISC_FOLDER) ?? new Uint32Array(this.#words));
    return popcount(and(bits, shape.name.get(choice.name) ?? new Uint32Array(this.#words)));
  }

  /**
   * The layout that gives the most files of `among` (ties: fewer levels, then the `preferred`
   * folder candidates, then earlier candidates).
   */
  best(among: FileSet, preferred: readonly number[] = []): { choice: LayoutChoice; count: number } | undefined {
    let best: { choice: LayoutChoice; count: number } | undefined;
    for (const shape of this.#shapes) {
      const found = this.#ascend(shape, among, preferred);
      if (found && found.count > (best?.count ?? 0)) best = found;
    }
    return best;
  }

  #shape(files: readonly PathEvidence[], levels: number): Shape {
    const shape: Shape = { folders: Array.from({ length: levels }, () => new Map()), disc: new Map(), name: new Map() };
    const mark = (into: Map<number, FileSet>, candidate: number, file: number) => {
      let bits = into.get(candidate);
      if (!bits) into.set(candidate, (bits = new Uint32Array(this.#words)));
      bits[file >>> 5]! |= 1 << (file & 31);
    };
    const discCandidates = new Set<number>([NO_DISC_FOLDER]);
    for (const f of files) for (const d of f.disc ?? []) discCandidates.add(d);
    files.forEach((f, i) => {
      const flat = f.folders.length === levels;
      const inDiscFolder = f.disc !== null && f.folders.length === levels + 1;
      if (!flat && !inDiscFolder) return;
      for (let level = 0; level < levels; level++) for (const c of f.folders[level]!) mark(shape.folders[level]!, c, i);
      for (const c of f.name) mark(shape.name, c, i);
      // A release of one disc has no disc folder whatever the layout says about discs.
      if (f.disc === null) for (const d of discCandidates) mark(shape.disc, d, i);
      else if (flat) mark(shape.disc, NO_DISC_FOLDER, i);
      else for (const d of f.disc) mark(shape.disc, d, i);
    });
    return shape;
  }

  /** Starts from the candidate fitting most files at each place, then improves one place at a time. */
  #ascend(shape: Shape, among: FileSet, preferred: readonly number[]): { choice: LayoutChoice; count: number } | undefined {
    const places = [...shape.folders, shape.disc, shape.name];
    if (places.some((p) => p.size === 0)) return undefined;
    const folderPlaces = new Set<Map<number, FileSet>>(shape.folders);
    const pick = (place: Map<number, FileSet>, within: FileSet): number => {
      const rank = (c: number) => (folderPlaces.has(place) && preferred.includes(c) ? -1 : c);
      let chosen = NaN;
      let most = -1;
      for (const [c, bits] of place) {
        const n = popcount(and(bits, within));
        if (n > most || (n === most && rank(c) < rank(chosen))) [chosen, most] = [c, n];
      }
      return chosen;
    };
    const choice = places.map((p) => pick(p, among));
    for (let round = 0; round < 6; round++) {
      let changed = false;
      for (let i = 0; i < places.length; i++) {
        let within = among;
        for (let j = 0; j < places.length; j++) if (j !== i) within = and(within, places[j]!.get(choice[j]!)!);
        const better = pick(places[i]!, within);
        if (better !== choice[i]) [choice[i], changed] = [better, true];
      }
      if (!changed) break;
    }
    const disc = choice[places.length - 2]!;
    const layout: LayoutChoice = { folders: choice.slice(0, -2), disc: disc === NO_DISC_FOLDER ? null : disc, name: choice.at(-1)! };
    return { choice: layout, count: this.count(layout, among) };
  }
}
