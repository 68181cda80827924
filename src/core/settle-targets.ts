// Makes desired targets safe and final, in batches that share one view of the library:
// - twin folders: folders equal after case folding and NFC get one spelling (folders that keep
//   files keep theirs, since a case-insensitive disk would merge a twin into them anyway, and a
//   case-only folder rename would need every file of the folder parked under a temporary name);
// - a file already at its target keeps it; files that stay keep their paths;
// - every other collision gets a stable " (2)", " (3)" suffix and is reported as a conflict.
// Stable means planning the organized library again changes nothing: a file that already carries
// the suffix its target would get, while the plain name is held, keeps it.
import type { Conflict, FileEntry, Operation } from './model.ts';
import { fitPath, splitExtension, withSuffix } from './sanitize.ts';
import { baseName, parentOf } from './entries.ts';
import { pathKey } from './library-path.ts';

export interface Desired {
  from: FileEntry;
  to: string;
  reason: Extract<Operation, { kind: 'move' }>['reason'];
}

export interface Settled {
  operations: Operation[];
  unchanged: string[];
  conflicts: Conflict[];
  /** Final path of every file of the batch (moved or not). */
  targetOf: Map<string, string>;
}

/** `target` with collision number n ≥ 2, the stem cut (never the folders or extension) to fit. */
function suffixedPath(target: string, n: number, maxLength: number): string {
  const folder = parentOf(target);
  const parts = [...(folder === '' ? [] : folder.split('/')), baseName(target)];
  const name = fitPath(parts, { maxLength: maxLength - ` (${n})`.length }).pop()!;
  return [...parts.slice(0, -1), withSuffix(name, n)].join('/');
}

/** The n of a name that may carry a collision number: "Title (3).flac" → 3. */
function suffixNumber(path: string): number | undefined {
  const match = / \((\d+)\)$/.exec(splitExtension(baseName(path)).stem);
  const n = match ? Number(match[1]) : NaN;
  return n >= 2 ? n : undefined;
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export class TargetSettler {
  readonly #taken = new Set<string>();
  readonly #spelling = new Map<string, string>();

  /** `staying`: files no batch will move. Their paths are taken and their folders spelled. */
  constructor(staying: readonly string[], readonly maxLength: number) {
    for (const path of [...staying].sort(compare)) {
      this.#canonical(path);
      this.#taken.add(pathKey(path));
    }
  }

  settle(batch: readonly Desired[]): Settled {
    const desired = [...batch].sort((a, b) => compare(a.to, b.to) || compare(a.from.path, b.from.path));
    // A folder that keeps a file keeps its spelling on disk, whether the file stays or is only
    // renamed within it: otherwise the spelling would depend on which files happen to move.
    const inPlace = desired.filter((d) => pathKey(parentOf(d.to)) === pathKey(parentOf(d.from.path)));
    for (const path of inPlace.map((d) => d.from.path).sort(compare)) this.#canonical(path);
    for (const d of desired) d.to = this.#canonical(d.to);
    const decided = new Map<Desired, string>();
    // A file that is where it should be (up to case) keeps its name against newcomers.
    for (const d of desired) {
      if (pathKey(d.to) !== pathKey(d.from.path) || this.#taken.has(pathKey(d.to))) continue;
      decided.set(d, d.to);
      this.#taken.add(pathKey(d.to));
    }
    // A file already carrying the number it would get, beside a held plain name, keeps it.
    for (const d of desired) {
      const n = decided.has(d) ? undefined : suffixNumber(d.from.path);
      if (n === undefined || !this.#taken.has(pathKey(d.to)) || this.#taken.has(pathKey(d.from.path))) continue;
      if (suffixedPath(d.to, n, this.maxLength) !== d.from.path) continue;
      decided.set(d, d.from.path);
      this.#taken.add(pathKey(d.from.path));
    }
    const wanting = new Map<string, Desired[]>();
    for (const d of desired) wanting.set(pathKey(d.to), [...(wanting.get(pathKey(d.to)) ?? []), d]);

    const operations: Operation[] = [];
    const unchanged: string[] = [];
    const targetOf = new Map<string, string>();
    const collided = new Set<string>();
    for (const d of desired) {
      let to = decided.get(d);
      if (to === undefined) {
        to = d.to;
        for (let n = 2; this.#taken.has(pathKey(to)); n++) to = suffixedPath(d.to, n, this.maxLength);
        this.#taken.add(pathKey(to));
      }
      targetOf.set(d.from.path, to);
      if (to === d.from.path) {
        unchanged.push(to);
        continue;
      }
      if (to !== d.to) collided.add(pathKey(d.to));
      operations.push({ kind: 'move', from: d.from.path, to, size: d.from.size, lastModified: d.from.lastModified, reason: d.reason });
    }
    const conflicts: Conflict[] = [...collided].sort(compare).map((key) => {
      const sources = wanting.get(key)!;
      return {
        target: sources[0]!.to,
        sources: sources.map((d) => d.from.path),
        message: `${sources.length} files map to this path; all but one get a number.`,
      };
    });
    return { operations, unchanged: unchanged.sort(compare), conflicts, targetOf };
  }

  /** Rewrites the folder part of `path` so each folder has the first spelling seen for its key. */
  #canonical(path: string): string {
    const parts = path.split('/');
    let prefix = '';
    for (let i = 0; i < parts.length - 1; i++) {
      const key = pathKey(prefix === '' ? parts[i]! : `${prefix}/${parts[i]}`);
      const chosen = this.#spelling.get(key);
      if (chosen === undefined) this.#spelling.set(key, parts[i]!);
      else parts[i] = chosen;
      prefix = prefix === '' ? parts[i]! : `${prefix}/${parts[i]}`;
    }
    return parts.join('/');
  }
}
