// Directory handles by library path, created on demand and remembered for the whole run, with a
// snapshot of each folder's names so the "is the target free?" check costs no extra call.
import { parentOf, baseName } from '../core/entries.ts';
import { pathKey } from '../core/library-path.ts';

/** Case-insensitive, normalisation-insensitive name key: what a Windows or macOS disk compares. */
export const nameKey = pathKey;

export class FolderCache {
  private handles = new Map<string, Promise<FileSystemDirectoryHandle>>();
  private names = new Map<string, Promise<Set<string>>>();
  /** Folders created through this cache, in creation order (parents first). */
  readonly created: string[] = [];

  constructor(readonly root: FileSystemDirectoryHandle) {
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
    try {
      return await parent.getDirectoryHandle(name);
    } catch (e) {
      if (!create || (e as DOMException).name !== 'NotFoundError') throw e;
      const made = await parent.getDirectoryHandle(name, { create: true });
      this.created.push(path);
      (await this.namesIn(parentOf(path))).add(nameKey(name));
      this.names.set(path, Promise.resolve(new Set()));
      return made;
    }
  }

  /** Names (as keys) in a folder: listed once, then kept up to date by the caller's moves. */
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
    return (await this.folder(parentOf(path))).getFileHandle(baseName(path));
  }

  /** Forget what is known of a folder, e.g. after removing it. */
  forget(path: string): void {
    this.handles.delete(path);
    this.names.delete(path);
  }
}
