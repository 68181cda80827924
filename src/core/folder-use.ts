// Which folders a run's steps still need. A folder that no step left to finish touches (no file
// leaves it, arrives in it or in a folder below it) can be removed, if it ended up empty, while
// other steps run: tidying up after the last move was a pass of its own, 0.5 s after an apply and
// 1.5 s after an undo of 10,000 files (issue 12; decision 0013, rule 8).
import { foldersAbove, pathKey } from './library-path.ts';
import { isTemporaryPath, type JournalStep } from './journal-steps.ts';

/** Steps counted per slice: 10,000 steps counted at once were a 25–50 ms task (decision 0009). */
const STEPS_PER_SLICE = 2000;

export class FolderUse {
  /** Steps not finished yet, per folder key, counting the steps below it too. */
  private readonly left = new Map<string, number>();
  /** The folder keys each step touches (undefined for a step this execution does not run). */
  private readonly touched: (string[] | undefined)[] = [];

  private constructor() {}

  /**
   * Counts which folders the steps touch, a slice at a time with `pause()` between slices.
   * `skip`: steps an earlier execution already finished. `parked`: files an earlier execution left
   * under a temporary name, with where each came from: a step out of a temporary name that fails
   * puts its file back there, so that folder is needed until the step is done.
   */
  static async of(steps: readonly JournalStep[], skip: (i: number) => boolean, parked: ReadonlyMap<string, string> = new Map(), pause: () => Promise<void> = async () => {}): Promise<FolderUse> {
    const use = new FolderUse();
    const home = new Map(parked);
    for (let i = 0; i < steps.length; i++) {
      if (i > 0 && i % STEPS_PER_SLICE === 0) await pause();
      use.touched.push(use.count(steps[i]!, skip(i), home));
    }
    return use;
  }

  private count(step: JournalStep, skip: boolean, home: Map<string, string>): string[] | undefined {
    const paths = [step.from, step.to];
    if (isTemporaryPath(step.from)) paths.push(home.get(step.from) ?? '');
    if (step.kind === 'move' && step.temporary) home.set(step.to, step.from);
    if (skip) return undefined;
    const keys = new Set<string>();
    for (const path of paths) {
      if (!path) continue;
      const key = pathKey(path);
      for (const folder of foldersAbove(key)) keys.add(folder);
      // A folder removal (a folder renamed only in case) touches the folder itself.
      if (step.kind === 'remove-folder' && path === step.from) keys.add(key);
    }
    for (const key of keys) this.left.set(key, (this.left.get(key) ?? 0) + 1);
    return [...keys];
  }

  /** Step `i` finished (done or failed): the folder keys that no step left needs any more. */
  finished(i: number): string[] {
    const keys = this.touched[i];
    if (!keys) return [];
    this.touched[i] = undefined;
    const free: string[] = [];
    for (const key of keys) {
      const n = this.left.get(key)! - 1;
      if (n > 0) this.left.set(key, n);
      else {
        this.left.delete(key);
        free.push(key);
      }
    }
    return free;
  }

  /** Whether a step not finished yet touches the folder at `path` or a folder below it. */
  needed(path: string): boolean {
    return this.left.has(pathKey(path));
  }
}
