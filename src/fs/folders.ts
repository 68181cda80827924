// The one door to the disk for moves, removals and folder creation. Directory handles by library
// path, created on demand and remembered for the whole run, with a snapshot of each folder's
// names so the "is the target free?" check costs no extra call. Every operation here checks
// before it acts: move() overwrites silently, so nothing else in the app may call it.
import { mapInOrder } from '../core/concurrency.ts';
import { parentOf, baseName } from '../core/entries.ts';
import { pathKey } from '../core/library-path.ts';
import { withLockRetry } from './lock-retry.ts';

/** Case-insensitive, normalisation-insensitive name key: what a Windows or macOS disk compares. */
export const nameKey = pathKey;

/**
 * Another program holds the file open: it cannot be moved or removed now. Not one file's problem
 * to skip: the run pauses (the step is not recorded), so the user can close it and resume. The
 * message is the one to show.
 */
export class FileInUseError extends Error {
  override name = 'FileInUseError';
}

/** Folder removals sent to the browser at once: each is a round trip, siblings do not depend on each other. */
const REMOVALS_IN_FLIGHT = 8;

export class FolderCache {
  private handles = new Map<string, Promise<FileSystemDirectoryHandle>>();
  private names = new Map<string, Promise<Set<string>>>();
  /** Folders created through this cache, in creation order (parents first). */
  readonly created: string[] = [];

  /**
   * `files`: handles known from the scan, by path; saves a lookup per file and follows the moves
   * made here.
   */
  constructor(
    readonly root: FileSystemDirectoryHandle,
    private files = new Map<string, FileSystemFileHandle>(),
  ) {
    this.handles.set('', Promise.resolve(root));
  }

  /** The folder at `path`, or a NotFoundError when it does not exist and `create` is false. */
  folder(path: string, create = false): Promise<FileSystemDirectoryHandle> {
    let handle = this.handles.get(path);
    if (!handle) {
      handle = this.open(path, create);
      this.handles.set(path, handle);
      handle.catch(() => this.handles.delete(path));
    }
    return handle;
  }

  private async open(path: string, create: boolean): Promise<FileSystemDirectoryHandle> {
    const parent = await this.folder(parentOf(path), create);
    const name = baseName(path);
    // Where the parent's names are known (a folder made by this run, or the root, listed once),
    // a name it lacks is created at once: asking for it first and failing cost a second call per
    // new folder, 1,300 of them in an apply of 10,000 files (issue 12).
    const listed = create && (parentOf(path) === '' || this.names.has(parentOf(path))) ? await this.namesIn(parentOf(path)) : undefined;
    if (listed && !listed.has(nameKey(name))) return this.make(parent, path);
    try {
      return await parent.getDirectoryHandle(name);
    } catch (e) {
      if (!create || (e as DOMException).name !== 'NotFoundError') throw e;
      return this.make(parent, path);
    }
  }

  /** Creates the folder at `path` in `parent` and remembers it as made by this run, with no names yet. */
  private async make(parent: FileSystemDirectoryHandle, path: string): Promise<FileSystemDirectoryHandle> {
    const name = baseName(path);
    const made = await parent.getDirectoryHandle(name, { create: true });
    this.created.push(path);
    (await this.namesIn(parentOf(path))).add(nameKey(name));
    this.names.set(path, Promise.resolve(new Set()));
    return made;
  }

  /** Names (as keys) in a folder: listed once, then kept up to date by the operations here. */
  namesIn(path: string): Promise<Set<string>> {
    let names = this.names.get(path);
    if (!names) {
      names = (async () => {
        const set = new Set<string>();
        for await (const key of (await this.folder(path)).keys()) set.add(nameKey(key));
        return set;
      })();
      this.names.set(path, names);
      names.catch(() => this.names.delete(path));
    }
    return names;
  }

  async file(path: string): Promise<FileSystemFileHandle> {
    return this.files.get(path) ?? (await this.folder(parentOf(path))).getFileHandle(baseName(path));
  }

  /** Forget what is known of a folder, e.g. after removing it. */
  forget(path: string): void {
    this.handles.delete(path);
    this.names.delete(path);
  }

  /**
   * Moves the file at `from` to `to`, creating folders on the way, never onto an existing name
   * (a case-only rename of the same file excepted). Returns undefined when done, or why the file
   * was left where it is; throws FileInUseError when another program holds it, and any fault that
   * would fail every file (permission, disk full, the library gone).
   */
  async moveFile(from: string, to: string): Promise<string | undefined> {
    const fromFolder = parentOf(from);
    const toFolder = parentOf(to);
    let handle: FileSystemFileHandle;
    try {
      handle = await this.file(from);
    } catch (e) {
      if (isNamed(e, 'NotFoundError', 'TypeError')) return this.missing();
      throw e;
    }
    let target: FileSystemDirectoryHandle;
    let names: Set<string>;
    try {
      target = await this.folder(toFolder, true);
      names = await this.namesIn(toFolder);
    } catch (e) {
      if (isNamed(e, 'TypeMismatchError')) return `A file named like the folder "${toFolder}" is in the way.`;
      throw e;
    }
    const targetKey = nameKey(baseName(to));
    const caseOnly = fromFolder === toFolder && nameKey(baseName(from)) === targetKey;
    // move() overwrites silently: this check is the only thing that keeps a file from being lost.
    if (names.has(targetKey) && !caseOnly) return `"${to}" already exists; nothing was overwritten.`;
    // Reserved before the move starts (no await between the check and this), so that no other
    // move in flight can take the name meanwhile; released only if this move fails.
    const reserved = !names.has(targetKey);
    names.add(targetKey);
    try {
      await withLockRetry(() => handle.move(target, baseName(to)));
    } catch (e) {
      if (reserved) names.delete(targetKey);
      if (isNamed(e, 'NotFoundError')) {
        this.files.delete(from);
        return this.missing();
      }
      // Still locked after the retries: another program has it open.
      if (isNamed(e, 'NoModificationAllowedError', 'InvalidModificationError')) throw new FileInUseError(`"${from}" is open in another program. Close it, then resume.`);
      throw e;
    }
    this.files.delete(from);
    this.files.set(to, handle);
    await this.nameGone(from);
    names.add(targetKey);
    return undefined;
  }

  /** Removes one file (never a folder); throws FileInUseError, naming the folder, when another program holds it. */
  async removeFile(path: string): Promise<void> {
    try {
      await (await this.folder(parentOf(path))).removeEntry(baseName(path));
    } catch (e) {
      if (isNamed(e, 'NoModificationAllowedError')) throw new FileInUseError(`"${path}" in "${this.root.name}" is open in another program. Close it, then resume.`);
      throw e;
    }
    this.files.delete(path);
    await this.nameGone(path);
  }

  /**
   * A file left `path`: only a listing already made (or under way) needs its name gone. A folder
   * not listed yet is listed from the disk, after the change, if a later step needs it; listing
   * it here just to delete one key cost a directory listing per source folder of a run.
   */
  private async nameGone(path: string): Promise<void> {
    const names = this.names.get(parentOf(path));
    if (names) (await names).delete(nameKey(baseName(path)));
  }

  /** Removes the file only while it still has the size the scan saw. Undefined when removed, else why it was kept. */
  async removeIfUnchanged(path: string, size: number): Promise<string | undefined> {
    let file: File;
    try {
      file = await (await this.file(path)).getFile();
    } catch (e) {
      if (isNamed(e, 'NotFoundError', 'TypeMismatchError')) return this.missing();
      throw e;
    }
    if (file.size !== size) return 'It changed since the scan, so it was kept.';
    await this.removeFile(path);
    return undefined;
  }

  /**
   * A missing file is one file's problem, unless the whole library folder went away (removed,
   * renamed, or the drive unplugged): then every file would fail, so this throws instead.
   */
  async missing(): Promise<string> {
    await this.root.keys().next();
    return 'The file is no longer there (moved or deleted since the scan).';
  }

  /**
   * Removes the folders in `candidates` that are empty, walking up to (not including) the root.
   * removeEntry without `recursive` refuses a folder that is not empty, so nothing else can go.
   * Deepest folders first, one depth at a time, siblings together; a removed folder's parent joins
   * the next level up. Returns the folders removed.
   */
  async removeEmptyFolders(candidates: Iterable<string>): Promise<string[]> {
    const removed: string[] = [];
    const levels = new Map<number, Set<string>>();
    const consider = (folder: string) => {
      if (folder === '') return;
      const depth = folder.split('/').length;
      let level = levels.get(depth);
      if (!level) levels.set(depth, (level = new Set()));
      level.add(folder);
    };
    for (const folder of candidates) consider(folder);
    while (levels.size > 0) {
      const depth = Math.max(...levels.keys());
      const level = [...levels.get(depth)!];
      levels.delete(depth);
      await mapInOrder(level, REMOVALS_IN_FLIGHT, async (folder) => {
        if (!(await this.removeIfEmpty(folder))) return;
        removed.push(folder);
        consider(parentOf(folder));
      });
    }
    return removed;
  }

  /** Removes `folder` if it is empty (never listing it first, see removeIfEmpty); true when removed. */
  removeEmpty(folder: string): Promise<boolean> {
    return this.removeIfEmpty(folder);
  }

  /**
   * Removes the folder at `path` and its subfolders, deepest first, when they hold no files; a
   * folder that holds one is kept with the folders above it. Nothing to do when it is not there.
   * Returns the folders removed. For a folder renamed only in case, once its files are parked.
   */
  async removeFolderTree(path: string): Promise<string[]> {
    let handle: FileSystemDirectoryHandle;
    try {
      handle = await this.folder(path);
    } catch (e) {
      if (isNamed(e, 'NotFoundError', 'TypeMismatchError')) return [];
      throw e;
    }
    const removed: string[] = [];
    let holdsFiles = false;
    for await (const [name, entry] of handle.entries()) {
      if (entry.kind === 'file') holdsFiles = true;
      else removed.push(...(await this.removeFolderTree(`${path}/${name}`)));
    }
    if (!holdsFiles && (await this.removeIfEmpty(path, true))) removed.push(path);
    return removed;
  }

  private async removeIfEmpty(folder: string, fresh = false): Promise<boolean> {
    // A folder's cached names may be stale after its subfolders went: `fresh` forgets them.
    if (fresh) this.names.delete(folder);
    // Names already listed that say "not empty" save a call. Otherwise no listing first: a
    // removeEntry without `recursive` is refused by the browser for a folder that holds anything
    // (InvalidModificationError), so the platform makes the emptiness check race-free, and a listing
    // per folder tripled the cost of tidying up (1,300 folders: 3.5 s listed, 1.1 s not).
    const known = this.names.get(folder);
    try {
      if (known && (await known).size > 0) return false;
      await (await this.folder(parentOf(folder))).removeEntry(baseName(folder));
    } catch {
      return false;
    }
    await this.nameGone(folder);
    this.forget(folder);
    return true;
  }
}

function isNamed(e: unknown, ...names: string[]): boolean {
  return typeof e === 'object' && e !== null && names.includes((e as { name?: string }).name ?? '');
}
