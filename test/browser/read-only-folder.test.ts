// Read-only folders (src/fs/read-only-folder.ts): the folder a drop gives, walked through real
// FileSystemDirectoryEntry objects (Chromium's sandboxed file system; see support/entries.ts), and
// the folder the folder input gives, as File objects with their webkitRelativePath. Both are
// scanned by the same scan, tag workers and cache as a granted folder: an unchanged folder
// opened again on a later visit reads no file content at all.
import { beforeAll, describe, expect, test } from 'vitest';
import { deleteDB } from 'idb';
import { openOrganizerDb, type OrganizerDb } from '../../src/db/schema.ts';
import { scanLibrary } from '../../src/scan/scan-library.ts';
import { TagReaderPool } from '../../src/tags/pool.ts';
import { droppedFolder, pickedFolder, type ReadOnlyFolder } from '../../src/fs/read-only-folder.ts';
import { entryFolder, writeEntry } from './support/entries.ts';

const urls = import.meta.glob('../fixtures/audio/*.{mp3,flac,m4a,ogg,opus,wma,wav,aiff}', { query: '?url', eager: true, import: 'default' }) as Record<string, string>;

/** The library on disk: audio in two folders, one folder of 130 files (more than one readEntries batch), litter and hidden entries. */
const tree: Record<string, BlobPart> = {};
const visible: string[] = [];

beforeAll(async () => {
  for (const [key, url] of Object.entries(urls)) {
    const name = key.slice(key.lastIndexOf('/') + 1);
    const bytes = await (await fetch(url)).arrayBuffer();
    tree[`Rips/${name}`] = bytes;
    tree[`Old/Backup/${name}`] = bytes;
  }
  for (let i = 0; i < 130; i++) tree[`Many/track ${String(i).padStart(3, '0')}.txt`] = `${i}`;
  Object.assign(tree, { 'Rips/cover.jpg': 'jpeg', 'Thumbs.db': 'x', '.hidden.mp3': 'no', '.Trash/gone.flac': 'no', 'Rips/half.flac.crswap': 'x', 'A b/x.txt': 'x' });
  visible.push(...Object.keys(tree).filter((p) => !/(^|\/)\.(?!DS_Store)|\.crswap$/.test(p)));
});

/** The same folder as the folder input gives it: a File per file, webkitRelativePath "<folder>/<path>" (set as the browser sets it). */
function asPicked(name: string, paths: string[]): File[] {
  return paths.map((path) => {
    const file = new File([tree[path]!], path.slice(path.lastIndexOf('/') + 1), { lastModified: 1_700_000_000_000 });
    Object.defineProperty(file, 'webkitRelativePath', { value: `${name}/${path}` });
    return file;
  });
}

async function droppedTree(name: string): Promise<FileSystemDirectoryEntry> {
  const root = await entryFolder(name);
  for (const [path, content] of Object.entries(tree)) await writeEntry(root, path, content);
  return root;
}

async function paths(folder: ReadOnlyFolder): Promise<string[]> {
  const out: string[] = [];
  for await (const f of folder.files()) out.push(f.path);
  return out;
}

describe('a dropped folder', () => {
  test('is walked whole with readEntries, hidden entries left out, each folder in name order', async () => {
    const folder = await droppedFolder(await droppedTree('Music'));
    expect(folder.name).toBe('Music');
    const walked = await paths(folder);
    expect([...walked].sort()).toEqual([...visible].sort());
    expect(walked.filter((p) => p.startsWith('Many/'))).toHaveLength(130);
    // Each folder's entries in name order: "A b/" before "Many/", its files 000 to 129 in turn.
    expect(walked.indexOf('A b/x.txt')).toBeLessThan(walked.indexOf('Many/track 000.txt'));
    const many = walked.filter((p) => p.startsWith('Many/'));
    expect(many).toEqual([...many].sort());
    const file = await (await folder.files().next()).value!.getFile();
    expect(file.size).toBeGreaterThan(0);
  });

  test('a later scan walks it again as it is then', async () => {
    const root = await droppedTree('Again');
    const folder = await droppedFolder(root);
    expect(await paths(folder)).toHaveLength(visible.length);
    await writeEntry(root, 'New/added.txt', 'x');
    expect(await paths(folder)).toContain('New/added.txt');
  });
});

describe('a folder from the folder input', () => {
  test('has the library paths below the chosen folder, hidden entries left out', async () => {
    const folder = pickedFolder(asPicked('Music', Object.keys(tree)));
    if ('problem' in folder) throw new Error(folder.problem);
    expect(folder.name).toBe('Music');
    expect((await paths(folder)).sort()).toEqual([...visible].sort());
  });

  test('no files, or files without their folder, get a plain reason', () => {
    expect(pickedFolder([])).toEqual({ problem: expect.stringMatching(/no files/) });
    expect(pickedFolder([new File(['x'], 'song.mp3')])).toEqual({ problem: expect.stringMatching(/not a folder/) });
  });
});

describe('the library id', () => {
  test('is the same for the same folder picked (in any order) or dropped, and another for another folder', async () => {
    const picked = pickedFolder(asPicked('Music', Object.keys(tree)));
    const shuffled = pickedFolder(asPicked('Music', Object.keys(tree).reverse()));
    const dropped = await droppedFolder(await droppedTree('Music'));
    if ('problem' in picked || 'problem' in shuffled) throw new Error('not a folder');
    expect(picked.id).toBe(dropped.id);
    expect(shuffled.id).toBe(dropped.id);
    const renamed = pickedFolder(asPicked('Musik', Object.keys(tree)));
    const other = pickedFolder(asPicked('Music', Object.keys(tree).filter((p) => !p.startsWith('A b/'))));
    expect('id' in renamed && renamed.id).not.toBe(dropped.id);
    expect('id' in other && other.id).not.toBe(dropped.id);
  });
});

describe('the scan of a read-only folder', () => {
  let db: OrganizerDb;
  beforeAll(async () => {
    await deleteDB('read-only-scan-test');
    db = await openOrganizerDb('read-only-scan-test');
  });

  async function scan(folder: ReadOnlyFolder) {
    const pool = new TagReaderPool(2);
    try {
      return await scanLibrary(folder, { library: folder.id, db, pool, batchSize: 4 });
    } finally {
      pool.terminate();
    }
  }

  test('reads the tags in the workers, then, opened again on a later visit, reads no file content', async () => {
    const audio = Object.keys(urls).length * 2;
    const first = await scan(pickedFolder(asPicked('Music', Object.keys(tree))) as ReadOnlyFolder);
    expect(first.recordings.length + first.unreadable.length).toBe(audio);
    expect(first.recordings.length).toBeGreaterThan(audio / 2);
    expect(first.progress.bytesRead).toBeGreaterThan(0);
    expect(first.handles.size).toBe(0);

    // The next visit: the same folder chosen again (new File objects), then dropped.
    const again = await scan(pickedFolder(asPicked('Music', Object.keys(tree))) as ReadOnlyFolder);
    expect(again.progress.bytesRead).toBe(0);
    expect(again.progress.fromCache).toBe(audio);
    expect(again.recordings).toEqual(first.recordings);
  });

  test('a dropped folder is scanned the same way, and its unchanged rescan reads nothing', async () => {
    const root = await droppedTree('Dropped');
    const first = await scan(await droppedFolder(root));
    expect(first.progress.bytesRead).toBeGreaterThan(0);
    const again = await scan(await droppedFolder(root));
    expect(again.progress.bytesRead).toBe(0);
    expect(again.progress.fromCache).toBe(first.recordings.length + first.unreadable.length);
    expect(again.recordings.map((r) => r.path)).toEqual(first.recordings.map((r) => r.path));
  });
});
