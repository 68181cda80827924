// The library as a folder tree, before or after the plan, for the tree view beside the flat list.
// Built in slices (50,000 paths at once would be a long task on the page, decision 0009), and shown
// as the rows of the expanded folders only, so its cost follows what is on screen.

export interface FolderNode {
  name: string;
  /** '' for the library itself. */
  path: string;
  folders: Map<string, FolderNode>;
  files: string[];
  /** Files in this folder and every folder below it. */
  total: number;
  /** Children in display order, sorted once, when first shown. */
  sorted?: { folders: FolderNode[]; files: string[] };
}

export interface TreeRow {
  kind: 'folder' | 'file' | 'more';
  /** Unique among the rows: a folder's or file's path. */
  path: string;
  name: string;
  /** 1 for the top. */
  level: number;
  posinset: number;
  setsize: number;
  /** Folders: files below it. 'more': files not shown. */
  count: number;
  expanded?: boolean;
  /** The row's parent folder's path ('' at the top). */
  parent: string;
}

const node = (name: string, path: string): FolderNode => ({ name, path, folders: new Map(), files: [], total: 0 });
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
const byName = (a: string, b: string) => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);

export class FolderTree {
  readonly root = node('', '');
  private next = 0;

  constructor(private readonly paths: readonly string[]) {}

  get done(): boolean {
    return this.next >= this.paths.length;
  }

  /** Adds paths while the deadline allows (an IdleDeadline); true once every path is in. */
  fill(deadline: { timeRemaining(): number }): boolean {
    // One slice at least: on a busy machine the browser may offer no idle time at all (or call
    // back at its timeout with none left), and a fill that waits for it never finishes.
    do {
      const end = Math.min(this.next + 512, this.paths.length);
      for (; this.next < end; this.next++) this.add(this.paths[this.next]!);
    } while (!this.done && deadline.timeRemaining() > 1);
    return this.done;
  }

  private add(path: string): void {
    const parts = path.split('/');
    let at = this.root;
    at.total++;
    for (let i = 0; i < parts.length - 1; i++) {
      let child = at.folders.get(parts[i]!);
      if (!child) at.folders.set(parts[i]!, (child = node(parts[i]!, parts.slice(0, i + 1).join('/'))));
      child.total++;
      at = child;
    }
    at.files.push(parts.at(-1)!);
  }

  /** The folder at `path`, if the tree has it. */
  folder(path: string): FolderNode | undefined {
    if (path === '') return this.root;
    let at: FolderNode | undefined = this.root;
    for (const part of path.split('/')) at = at?.folders.get(part);
    return at;
  }

  /**
   * The rows of the tree with these folders expanded: folders first, then files, each by name;
   * at most `filesShown` files of a folder, then one row saying how many more there are.
   */
  rows(expanded: ReadonlySet<string>, filesShown = 500): TreeRow[] {
    const rows: TreeRow[] = [];
    const walk = (folder: FolderNode, level: number) => {
      folder.sorted ??= { folders: [...folder.folders.values()].sort((a, b) => byName(a.name, b.name)), files: [...folder.files].sort(byName) };
      const { folders, files } = folder.sorted;
      const shownFiles = files.slice(0, filesShown);
      const more = files.length - shownFiles.length;
      const setsize = folders.length + shownFiles.length + (more > 0 ? 1 : 0);
      let pos = 0;
      for (const f of folders) {
        const open = expanded.has(f.path);
        rows.push({ kind: 'folder', path: f.path, name: f.name, level, posinset: ++pos, setsize, count: f.total, expanded: open, parent: folder.path });
        if (open) walk(f, level + 1);
      }
      for (const name of shownFiles) {
        rows.push({ kind: 'file', path: folder.path ? `${folder.path}/${name}` : name, name, level, posinset: ++pos, setsize, count: 0, parent: folder.path });
      }
      if (more > 0) rows.push({ kind: 'more', path: `${folder.path}/\u0000more`, name: `${more} more files`, level, posinset: ++pos, setsize, count: more, parent: folder.path });
    };
    walk(this.root, 1);
    return rows;
  }
}
