import { describe, expect, test } from 'vitest';
import { FolderCache } from '../../src/fs/folders.ts';
import { freshFolder, readTree, writeTree } from './support/opfs.ts';

describe('removing emptied folders', () => {
  test('a folder that gained a file behind the cache’s back is kept, with the folders above it', async () => {
    const root = await freshFolder();
    await writeTree(root, { 'keep.txt': 'K' });
    const folders = new FolderCache(root);
    // Created through the cache: it believes both folders are empty.
    const album = await folders.folder('Artist/Album', true);
    await folders.folder('Artist/Other', true);
    // Another program (or tab) puts a file in one of them.
    await (await (await album.getFileHandle('cover.jpg', { create: true })).createWritable()).close();
    const removed = await folders.removeEmptyFolders(['Artist/Album', 'Artist/Other']);
    expect(removed).toEqual(['Artist/Other']);
    const after = await readTree(root);
    expect(after.files).toEqual({ 'keep.txt': 'K', 'Artist/Album/cover.jpg': '' });
    expect(after.folders).toEqual(['Artist', 'Artist/Album']);
  });

  test('folders never listed are removed when empty and kept when not, deepest first', async () => {
    const root = await freshFolder();
    await writeTree(root, { 'a/b/c/song.mp3': 'S', 'a/b/d/x/y.txt': 'Y' });
    await (await root.getDirectoryHandle('a')).getDirectoryHandle('e', { create: true }).then((e) => e.getDirectoryHandle('f', { create: true }));
    const folders = new FolderCache(root);
    const removed = await folders.removeEmptyFolders(['a/b/c', 'a/e/f', 'a/b/d/x']);
    expect(removed.sort()).toEqual(['a/e', 'a/e/f']);
    const after = await readTree(root);
    expect(after.files).toEqual({ 'a/b/c/song.mp3': 'S', 'a/b/d/x/y.txt': 'Y' });
  });
});
