// Replays move steps on a set of paths with the disk's worst-case rules (case- and
// normalisation-insensitive names, files and folders sharing one namespace). The tests prove
// schedules with it. (The apply stage does not use it: it checks the real disk before every move.)

import type { LibraryPath } from './model.ts';
import { foldersAbove, pathKey } from './library-path.ts';

export type Simulation =
  | { ok: true; final: Set<LibraryPath> }
  | { ok: false; step: number; reason: string };

export interface MoveLike {
  from: LibraryPath;
  to: LibraryPath;
  /** A folder removal (see schedule.ts, or a journal step of that kind): it moves no file, so this model skips it. */
  removeFolder?: boolean;
  kind?: string;
}

/** The files of a library as a case-insensitive disk sees them. */
class PathOccupancy {
  readonly files = new Set<LibraryPath>();
  readonly #filesByKey = new Map<string, number>();
  // How many files each folder holds, so a folder leaves the model when emptied.
  readonly #filesInFolder = new Map<string, number>();

  constructor(occupied: Iterable<LibraryPath>) {
    for (const path of occupied) if (!this.files.has(path)) this.#place(path, 1);
  }

  /** Why `step` cannot run now, or undefined when it can. */
  check({ from, to }: MoveLike): string | undefined {
    const target = pathKey(to);
    if (!this.files.has(from)) return `${from} does not exist`;
    if (this.#filesByKey.has(target)) return `${to} is occupied`;
    if (this.#filesInFolder.has(target)) return `${to} is a folder`;
    const blocking = foldersAbove(target).find((folder) => this.#filesByKey.has(folder));
    return blocking === undefined ? undefined : `a file stands where the folder ${blocking} would go`;
  }

  /** Records a move that happened; call only after `check` passed and the disk agreed. */
  apply({ from, to }: MoveLike): void {
    this.#place(from, -1);
    this.#place(to, 1);
  }

  #place(path: LibraryPath, delta: 1 | -1): void {
    if (delta > 0) this.files.add(path);
    else this.files.delete(path);
    const key = pathKey(path);
    count(this.#filesByKey, key, delta);
    for (const folder of foldersAbove(key)) count(this.#filesInFolder, folder, delta);
  }
}

function count(map: Map<string, number>, key: string, delta: number): void {
  const next = (map.get(key) ?? 0) + delta;
  if (next === 0) map.delete(key);
  else map.set(key, next);
}

/** Replays `steps` and reports the first that would land on an occupied path or move a missing file. */
export function simulate(steps: readonly MoveLike[], occupied: Iterable<LibraryPath>): Simulation {
  const model = new PathOccupancy(occupied);
  for (let i = 0; i < steps.length; i++) {
    if (steps[i]!.removeFolder || steps[i]!.kind === 'remove-folder') continue;
    const reason = model.check(steps[i]!);
    if (reason !== undefined) return { ok: false, step: i, reason };
    model.apply(steps[i]!);
  }
  return { ok: true, final: model.files };
}
