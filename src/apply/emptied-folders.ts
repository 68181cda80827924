// Removes the folders a run empties while its other steps still run (decision 0013, rule 8): a
// folder is tried once no step left touches it (src/core/folder-use.ts), rather than in a pass of
// its own after the last move, which took 0.5 s after an apply and 1.5 s after an undo of 10,000
// files (issue 12).
import { parentOf } from '../core/entries.ts';
import { pathKey } from '../core/library-path.ts';
import type { FolderUse } from '../core/folder-use.ts';
import type { FolderCache } from '../fs/folders.ts';

export class EmptiedFolders {
  /** Folders that may be empty once no step needs them, by key (two spellings may share one). */
  private readonly waiting = new Map<string, Set<string>>();
  private readonly queue: string[] = [];
  private readonly queued = new Set<string>();
  /** Folders tried (removed or not): the run's last pass leaves them alone. */
  readonly tried = new Set<string>();
  /** Folders removed, in order. */
  readonly removed: string[] = [];
  private readonly gone = new Set<string>();
  private draining: Promise<void> | undefined;

  constructor(
    private readonly folders: FolderCache,
    private readonly use: FolderUse,
  ) {}

  /** A file left `folder`: it may be empty once no step needs it. */
  left(folder: string): void {
    const key = pathKey(folder);
    const paths = this.waiting.get(key);
    if (paths) paths.add(folder);
    else this.waiting.set(key, new Set([folder]));
  }

  /** Step `i` finished (done or failed): the folders no step needs any more are tried, deepest first. */
  stepFinished(i: number): void {
    const free = this.use.finished(i).flatMap((key) => {
      const paths = this.waiting.get(key);
      this.waiting.delete(key);
      return paths ? [...paths] : [];
    });
    if (free.length === 0) return;
    for (const folder of free.sort((a, b) => depth(b) - depth(a))) this.enqueue(folder);
    this.draining ??= this.drain().finally(() => (this.draining = undefined));
  }

  /** Resolves when no removal is under way (the run waits for them as for its moves). */
  get busy(): Promise<void> | undefined {
    return this.draining;
  }

  private enqueue(folder: string): void {
    if (this.queued.has(folder) || this.gone.has(folder)) return;
    this.queued.add(folder);
    this.tried.add(folder);
    this.queue.push(folder);
  }

  /**
   * One removal at a time, in the order the folders were freed: two removals in flight in the same
   * branch (a folder and its parent) make each other fail on OPFS and leave both behind. A removed
   * folder's parent joins the queue behind its siblings once no step needs it.
   */
  private async drain(): Promise<void> {
    for (let folder = this.queue.shift(); folder !== undefined; folder = this.queue.shift()) {
      this.queued.delete(folder);
      // Not removed is not a fault: the folder still holds something.
      if (!(await this.folders.removeEmpty(folder).catch(() => false))) continue;
      this.removed.push(folder);
      this.gone.add(folder);
      const parent = parentOf(folder);
      if (parent === '') continue;
      if (this.use.needed(parent)) this.left(parent);
      else this.enqueue(parent);
    }
  }
}

const depth = (folder: string) => folder.split('/').length;
